// compareRuns(): match variants by name, compare medians, test the samples.
#include "app/comparison/RunComparison.h"

#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "app/comparison/MannWhitney.h"

using namespace Qt::StringLiterals;

namespace costscope {

QString toString(DiffVerdict verdict) {
    switch (verdict) {
        case DiffVerdict::Faster:
            return u"faster"_s;
        case DiffVerdict::Slower:
            return u"slower"_s;
        case DiffVerdict::NoSignificantChange:
            return u"no significant change"_s;
        case DiffVerdict::TooFewSamples:
            return u"too few samples"_s;
        case DiffVerdict::OnlyInBaseline:
            return u"only in baseline"_s;
        case DiffVerdict::OnlyInCandidate:
            return u"only in candidate"_s;
        case DiffVerdict::NotMeasured:
            return u"not measured"_s;
    }
    return {};
}

bool RunComparison::hasDeviceTimes() const {
    for (const VariantDiff& diff : diffs) {
        if (diff.baselineDeviceMs && diff.candidateDeviceMs) {
            return true;
        }
    }
    return false;
}

int RunComparison::count(DiffVerdict verdict) const {
    int n = 0;
    for (const VariantDiff& diff : diffs) {
        n += diff.verdict == verdict ? 1 : 0;
    }
    return n;
}

namespace {

// The samples of a variant in ms, end to end (device: false) or on the device (true); device
// times not measured (-1) are left out.
std::vector<double> samplesMs(const RunData& run, const VariantSummaryRow& variant, bool device) {
    std::vector<double> values;
    const auto found = run.samples.find(variant.variantId);
    if (found == run.samples.end()) {
        return values;
    }
    values.reserve(found->second.size());
    for (const Sample& sample : found->second) {
        const int64_t ns = device ? sample.deviceNs : sample.durationNs;
        if (ns >= 0) {
            values.push_back(double(ns) / 1e6);
        }
    }
    return values;
}

// Fills ratio, p-value and verdict from two medians and two sample sets.
DiffVerdict judge(double baselineMs, double candidateMs, const std::vector<double>& baseline,
                  const std::vector<double>& candidate, double alpha, std::optional<double>& ratio,
                  std::optional<double>& pValue) {
    if (baselineMs > 0) {
        ratio = candidateMs / baselineMs;
    }
    const MannWhitneyResult test = mannWhitneyU(baseline, candidate);
    if (!test.valid) {
        return DiffVerdict::TooFewSamples;
    }
    pValue = test.pValue;
    if (test.pValue < alpha && ratio) {
        if (*ratio < 1) {
            return DiffVerdict::Faster;
        }
        if (*ratio > 1) {
            return DiffVerdict::Slower;
        }
    }
    return DiffVerdict::NoSignificantChange;
}

VariantDiff diff(const RunData& baseline, const VariantSummaryRow* before, const RunData& candidate,
                 const VariantSummaryRow* after, double alpha) {
    VariantDiff result;
    result.name = after ? after->name : before->name;
    result.baseline = before;
    result.candidate = after;
    if (!before) {
        result.candidateMs = after->medianMs;
        result.candidateDeviceMs = after->deviceMedianMs;
        result.verdict = DiffVerdict::OnlyInCandidate;
        return result;
    }
    if (!after) {
        result.baselineMs = before->medianMs;
        result.baselineDeviceMs = before->deviceMedianMs;
        result.verdict = DiffVerdict::OnlyInBaseline;
        return result;
    }
    result.baselineMs = before->medianMs;
    result.candidateMs = after->medianMs;
    result.baselineDeviceMs = before->deviceMedianMs;
    result.candidateDeviceMs = after->deviceMedianMs;
    // A skipped or failed side has no median: nothing to compare, and never a zero.
    if (result.baselineMs && result.candidateMs) {
        result.verdict =
            judge(*result.baselineMs, *result.candidateMs, samplesMs(baseline, *before, false),
                  samplesMs(candidate, *after, false), alpha, result.ratio, result.pValue);
    }
    if (result.baselineDeviceMs && result.candidateDeviceMs) {
        result.deviceVerdict = judge(
            *result.baselineDeviceMs, *result.candidateDeviceMs, samplesMs(baseline, *before, true),
            samplesMs(candidate, *after, true), alpha, result.deviceRatio, result.devicePValue);
    }
    return result;
}

}  // namespace

RunComparison compareRuns(RunDataPtr baseline, RunDataPtr candidate, double alpha) {
    RunComparison comparison;
    comparison.baseline = std::move(baseline);
    comparison.candidate = std::move(candidate);
    comparison.alpha = alpha;
    if (!comparison.baseline || !comparison.candidate) {
        return comparison;
    }
    const RunData& before = *comparison.baseline;
    const RunData& after = *comparison.candidate;
    // Names are unique within a run; a map keeps a suite of thousands of variants linear.
    std::unordered_map<std::string_view, const VariantSummaryRow*> baselineByName;
    for (const VariantSummaryRow& variant : before.variants) {
        baselineByName.emplace(variant.name, &variant);
    }
    std::unordered_set<std::string_view> inCandidate;
    for (const VariantSummaryRow& variant : after.variants) {
        inCandidate.insert(variant.name);
        const auto found = baselineByName.find(variant.name);
        comparison.diffs.push_back(diff(before,
                                        found == baselineByName.end() ? nullptr : found->second,
                                        after, &variant, alpha));
    }
    for (const VariantSummaryRow& variant : before.variants) {
        if (!inCandidate.contains(variant.name)) {
            comparison.diffs.push_back(diff(before, &variant, after, nullptr, alpha));
        }
    }
    return comparison;
}

}  // namespace costscope
