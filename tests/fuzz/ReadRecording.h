// Reads everything a recording holds through Recording, as the GUI and the reports do: every
// run, its devices, variants, samples, activity, kernel summary, timeline and timeline cache. A
// refusal (StoreError and the errors derived from it) is an answer; anything else escapes.
#pragma once

#include <cstdint>
#include <filesystem>

#include "profiler/store/Recording.h"
#include "profiler/store/StoreError.h"

namespace costscope::fuzz {

// What one recording's reads may hold here: a fraction of the fuzzers' 1 GiB allocation limit,
// so a mutated file that claims more meets ReadBudget's refusal, not the limit.
inline constexpr uint64_t kReadLimit = 256u << 20;

inline void readWholeRecording(const std::filesystem::path& path) {
    try {
        const Recording recording(path, kReadLimit);
        for (const RunRow& run : recording.runs()) {
            recording.devices(run.id);
            recording.pruningCrossover(run.id);
            recording.runActivity(run.id);
            recording.kernelSummary(run.id);
            recording.timeline(run.id);
            recording.timelineSummary(run.id);
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
