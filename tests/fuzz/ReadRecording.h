// Reads everything a recording holds through Recording, as the GUI and the reports do: every
// run, its devices, variants, samples, activity, kernel summary and timeline. A refusal
// (StoreError and the errors derived from it) is an answer; anything else escapes.
#pragma once

#include <filesystem>

#include "profiler/store/Recording.h"
#include "profiler/store/StoreError.h"

namespace costscope::fuzz {

inline void readWholeRecording(const std::filesystem::path& path) {
    try {
        const Recording recording(path);
        for (const RunRow& run : recording.runs()) {
            recording.devices(run.id);
            recording.pruningCrossover(run.id);
            recording.runActivity(run.id);
            recording.kernelSummary(run.id);
            recording.timeline(run.id);
            for (const VariantSummaryRow& variant : recording.variantSummary(run.id)) {
                recording.samples(variant.variantId);
                recording.variantActivity(variant.variantId);
                recording.kernelCount(variant.variantId);
            }
        }
    } catch (const StoreError&) {
    }
}

}  // namespace costscope::fuzz
