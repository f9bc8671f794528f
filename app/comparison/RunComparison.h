// Two runs compared variant by variant: medians, the ratio with its 95 % confidence interval, a
// verdict against a band of practical equivalence (profiler/analysis/RatioVerdict.h), and the
// Mann-Whitney p-value on the samples beside it.
#pragma once

#include <QString>
#include <optional>
#include <string>
#include <vector>

#include "app/core/RunData.h"
#include "profiler/analysis/RatioVerdict.h"

namespace costscope {

enum class DiffVerdict {
    Faster,         // the ratio's interval lies wholly below the equivalence band
    Slower,         // wholly above it
    Same,           // wholly inside it
    Inconclusive,   // it straddles an edge of the band
    TooFewSamples,  // both measured, but a side has too few units for an interval
    OnlyInBaseline,
    OnlyInCandidate,
    NotMeasured  // in both runs, but skipped or failed in at least one (no median)
};

// "faster", "slower", "same", "inconclusive", "too few samples", "only in baseline",
// "only in candidate", "not measured".
QString toString(DiffVerdict verdict);

// One time of a variant in both runs: end to end, or on the device.
struct TimeDiff {
    std::optional<double> baselineMs, candidateMs;  // medians
    std::optional<RatioInterval> interval;          // candidate / baseline, with its 95 % CI
    std::optional<double> pValue;  // Mann-Whitney U on the samples (shown, not the verdict)
    DiffVerdict verdict = DiffVerdict::NotMeasured;

    std::optional<double> ratio() const {
        return interval ? std::optional<double>(interval->ratio) : std::nullopt;
    }
};

// Energy per call of a variant in both runs: all its device drew, from one window of the counter
// per run (costscope-record measures energy once per variant), so a ratio without an interval and
// without a verdict.
struct EnergyDiff {
    std::optional<double> baselineJ, candidateJ;  // joules per call
    // Why a side has no figure, when one has none: "baseline: " or "candidate: " and its reason.
    QString whyNot;

    std::optional<double> ratio() const {
        return baselineJ && candidateJ && *baselineJ > 0
                   ? std::optional<double>(*candidateJ / *baselineJ)
                   : std::nullopt;
    }
};

// How often a variant ran in each run and the whole time it took: for an imported profile the
// instances of an NVTX range or kernel and their summed time (where the program spends its
// time, which a median alone does not say); absent for a side without the variant.
struct TotalsDiff {
    std::optional<int64_t> baselineCount, candidateCount;
    std::optional<double> baselineTotalMs, candidateTotalMs;
};

struct VariantDiff {
    std::string name;
    const VariantSummaryRow* baseline =
        nullptr;  // points into the RunData (keep the RunDataPtr alive)
    const VariantSummaryRow* candidate = nullptr;
    TimeDiff time;    // end to end
    TimeDiff device;  // GPU variants: the kernels' time, when both runs measured it
    EnergyDiff energy;
    TotalsDiff totals;
};

struct RunComparison {
    RunDataPtr baseline, candidate;
    std::vector<VariantDiff> diffs;            // candidate order, then baseline-only
    double equivalence = kDefaultEquivalence;  // the band: changes within ±this are "same"

    // True when any diff has device times on both sides (the device columns are worth showing).
    bool hasDeviceTimes() const;
    // True when either run is an imported profile (the instances and totals are worth showing).
    bool hasImported() const;
    // True when any variant has an energy figure in either run (the energy columns are worth
    // showing, also to say why the other side has none).
    bool hasEnergy() const;
    // How many diffs have `verdict` (end to end).
    int count(DiffVerdict verdict) const;
    // "12 faster, 3 slower, 20 same, 4 inconclusive (95 % intervals of the ratio against ±2 %)",
    // with the rows that have no verdict added when there are any.
    QString summary() const;
    // When four variants or more changed, all the same way, and they are half of those judged
    // or more: that a change of the machine between the recordings does that too, and how to
    // tell. Empty otherwise.
    QString oneWayNote() const;
};

// Matches variants by name. With either run null, there are no diffs.
RunComparison compareRuns(RunDataPtr baseline, RunDataPtr candidate,
                          double equivalence = kDefaultEquivalence);

}  // namespace costscope
