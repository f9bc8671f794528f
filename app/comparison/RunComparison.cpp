// compareRuns(): match variants by name, then the ratio interval and verdict of each time.
#include "app/comparison/RunComparison.h"

#include <QStringList>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "profiler/analysis/MannWhitney.h"

using namespace Qt::StringLiterals;

namespace costscope {

QString toString(DiffVerdict verdict) {
    switch (verdict) {
        case DiffVerdict::Faster:
            return u"faster"_s;
        case DiffVerdict::Slower:
            return u"slower"_s;
        case DiffVerdict::Same:
            return u"same"_s;
        case DiffVerdict::Inconclusive:
            return u"inconclusive"_s;
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
        if (diff.device.baselineMs && diff.device.candidateMs) {
            return true;
        }
    }
    return false;
}

bool RunComparison::hasImported() const {
    return (baseline && baseline->imported) || (candidate && candidate->imported);
}

bool RunComparison::hasEnergy() const {
    for (const VariantDiff& diff : diffs) {
        if (diff.energy.baselineJ || diff.energy.candidateJ) {
            return true;
        }
    }
    return false;
}

int RunComparison::count(DiffVerdict verdict) const {
    int n = 0;
    for (const VariantDiff& diff : diffs) {
        n += diff.time.verdict == verdict ? 1 : 0;
    }
    return n;
}

QString RunComparison::summary() const {
    if (!baseline) {
        return {};
    }
    QString text = QString::number(count(DiffVerdict::Faster)) + u" faster, "_s +
                   QString::number(count(DiffVerdict::Slower)) + u" slower, "_s +
                   QString::number(count(DiffVerdict::Same)) + u" same, "_s +
                   QString::number(count(DiffVerdict::Inconclusive)) + u" inconclusive"_s;
    // The rows without a verdict, only when there are any.
    for (const DiffVerdict other : {DiffVerdict::TooFewSamples, DiffVerdict::NotMeasured,
                                    DiffVerdict::OnlyInBaseline, DiffVerdict::OnlyInCandidate}) {
        if (const int n = count(other); n > 0) {
            text += u", "_s + QString::number(n) + u' ' + toString(other);
        }
    }
    return text + u" (95 % intervals of the ratio against ±"_s +
           QString::number(equivalence * 100, 'g', 3) + u" %)"_s;
}

QString RunComparison::oneWayNote() const {
    const int faster = count(DiffVerdict::Faster), slower = count(DiffVerdict::Slower);
    const int changed = faster + slower;
    const int judged = changed + count(DiffVerdict::Same) + count(DiffVerdict::Inconclusive);
    if (changed < 4 || (faster > 0 && slower > 0) || changed * 2 < judged) {
        return {};
    }
    // Measured: two recordings of the same suite on a 2-vCPU VM, back to back, came out with
    // 5 and 6 of 12 variants changed, all one way (docs/benchmarks.md, "A/A verdicts").
    return u"All "_s + QString::number(changed) + u" changes go the same way ("_s +
           (faster > 0 ? u"faster"_s : u"slower"_s) +
           u"). If nothing was meant to change them all, the machine may have: its load, its "
           u"clocks, or on a VM where its virtual CPUs run can move every variant one way for "
           u"minutes. Record both again back to back on a quiet machine to tell."_s;
}

namespace {

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

const std::vector<Sample>& samplesOf(const RunData& run, const VariantSummaryRow& variant) {
    static const std::vector<Sample> none;
    const auto found = run.samples.find(variant.variantId);
    return found == run.samples.end() ? none : found->second;
}

// One time of a variant measured in both runs.
TimeDiff judgeTime(const RunData& baseline, const VariantSummaryRow& before,
                   const RunData& candidate, const VariantSummaryRow& after, bool device,
                   double equivalence) {
    TimeDiff result;
    result.baselineMs = device ? before.deviceMedianMs : before.medianMs;
    result.candidateMs = device ? after.deviceMedianMs : after.medianMs;
    // A skipped or failed side has no median: nothing to compare, and never a zero.
    if (!result.baselineMs || !result.candidateMs) {
        return result;
    }
    const MannWhitneyResult test =
        mannWhitneyU(samplesMs(baseline, before, device), samplesMs(candidate, after, device));
    if (test.valid) {
        result.pValue = test.pValue;
    }
    result.interval =
        ratioInterval(samplesOf(baseline, before), samplesOf(candidate, after), device);
    result.verdict = result.interval ? DiffVerdict(int(judge(*result.interval, equivalence)))
                                     : DiffVerdict::TooFewSamples;
    return result;
}

static_assert(int(DiffVerdict::Faster) == int(Verdict::Faster) &&
                  int(DiffVerdict::Slower) == int(Verdict::Slower) &&
                  int(DiffVerdict::Same) == int(Verdict::Same) &&
                  int(DiffVerdict::Inconclusive) == int(Verdict::Inconclusive),
              "DiffVerdict begins with the verdicts of RatioVerdict.h");

// Why `row` has no energy figure: skipped or failed, or whyNoEnergy().
QString noEnergyReason(const VariantSummaryRow& row) {
    if (row.status != VariantStatus::Ok && row.energyNote.empty()) {
        return QString::fromUtf8(toString(row.status)) + u": "_s +
               QString::fromStdString(row.reason);
    }
    return whyNoEnergy(row);
}

EnergyDiff energyDiff(const VariantSummaryRow& before, const VariantSummaryRow& after) {
    EnergyDiff result{.baselineJ = before.joulesPerCall, .candidateJ = after.joulesPerCall};
    QStringList why;
    if (!result.baselineJ) {
        why << u"baseline: "_s + noEnergyReason(before);
    }
    if (!result.candidateJ) {
        why << u"candidate: "_s + noEnergyReason(after);
    }
    result.whyNot = why.join(u"; "_s);
    return result;
}

// A variant's samples in `run`: their count and summed duration.
void totalsOf(const RunData& run, const VariantSummaryRow* variant, std::optional<int64_t>& count,
              std::optional<double>& totalMs) {
    if (!variant) {
        return;
    }
    const auto found = run.samples.find(variant->variantId);
    const size_t n = found == run.samples.end() ? 0 : found->second.size();
    double ns = 0;
    for (size_t i = 0; i < n; ++i) {
        ns += double(found->second[i].durationNs);
    }
    count = int64_t(n);
    totalMs = ns / 1e6;
}

VariantDiff diff(const RunData& baseline, const VariantSummaryRow* before, const RunData& candidate,
                 const VariantSummaryRow* after, double equivalence) {
    VariantDiff result;
    result.name = after ? after->name : before->name;
    result.baseline = before;
    result.candidate = after;
    totalsOf(baseline, before, result.totals.baselineCount, result.totals.baselineTotalMs);
    totalsOf(candidate, after, result.totals.candidateCount, result.totals.candidateTotalMs);
    if (!before || !after) {
        const VariantSummaryRow* only = before ? before : after;
        TimeDiff& time = result.time;
        (before ? time.baselineMs : time.candidateMs) = only->medianMs;
        (before ? result.device.baselineMs : result.device.candidateMs) = only->deviceMedianMs;
        time.verdict = before ? DiffVerdict::OnlyInBaseline : DiffVerdict::OnlyInCandidate;
        (before ? result.energy.baselineJ : result.energy.candidateJ) = only->joulesPerCall;
        return result;
    }
    result.time = judgeTime(baseline, *before, candidate, *after, false, equivalence);
    result.device = judgeTime(baseline, *before, candidate, *after, true, equivalence);
    result.energy = energyDiff(*before, *after);
    return result;
}

}  // namespace

RunComparison compareRuns(RunDataPtr baseline, RunDataPtr candidate, double equivalence) {
    RunComparison comparison;
    comparison.baseline = std::move(baseline);
    comparison.candidate = std::move(candidate);
    comparison.equivalence = equivalence;
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
                                        after, &variant, equivalence));
    }
    for (const VariantSummaryRow& variant : before.variants) {
        if (!inCandidate.contains(variant.name)) {
            comparison.diffs.push_back(diff(before, &variant, after, nullptr, equivalence));
        }
    }
    return comparison;
}

}  // namespace costscope
