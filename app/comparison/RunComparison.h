// Two runs compared variant by variant: medians, ratio and a Mann-Whitney verdict on the samples.
#pragma once

#include <QString>
#include <optional>
#include <string>
#include <vector>

#include "app/core/RunData.h"

namespace costscope {

enum class DiffVerdict {
    Faster,               // significant (p < alpha) and the candidate's median is lower
    Slower,               // significant and higher
    NoSignificantChange,  // p >= alpha, or significant with equal medians
    TooFewSamples,        // both measured, but a side has fewer than 2 samples (or all tie)
    OnlyInBaseline,
    OnlyInCandidate,
    NotMeasured  // in both runs, but skipped or failed in at least one (no median)
};

// "faster", "slower", "no significant change", "too few samples", "only in baseline",
// "only in candidate", "not measured".
QString toString(DiffVerdict verdict);

struct VariantDiff {
    std::string name;
    const VariantSummaryRow* baseline =
        nullptr;  // points into the RunData (keep the RunDataPtr alive)
    const VariantSummaryRow* candidate = nullptr;
    std::optional<double> baselineMs, candidateMs;  // medians (end to end)
    std::optional<double> ratio;                    // candidate / baseline median (< 1: faster)
    std::optional<double> pValue;  // Mann-Whitney on the stored samples' durationNs
    DiffVerdict verdict = DiffVerdict::NotMeasured;
    // GPU variants: the same on device time (deviceNs), when both runs measured it.
    std::optional<double> baselineDeviceMs, candidateDeviceMs, deviceRatio, devicePValue;
    DiffVerdict deviceVerdict = DiffVerdict::NotMeasured;
};

struct RunComparison {
    RunDataPtr baseline, candidate;
    std::vector<VariantDiff> diffs;  // candidate order, then baseline-only
    double alpha = 0.05;

    // True when any diff has device times on both sides (the device columns are worth showing).
    bool hasDeviceTimes() const;
    // How many diffs have `verdict`.
    int count(DiffVerdict verdict) const;
};

// Matches variants by name. With either run null, there are no diffs.
RunComparison compareRuns(RunDataPtr baseline, RunDataPtr candidate, double alpha = 0.05);

}  // namespace costscope
