// makeHeadline(): the winners per workload and device, the pruning brackets, the comparison's
// counts and largest changes, and the warnings counted; settingDiffs() for two runs.
#include "app/headline/Headline.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "app/comparison/RunComparison.h"
#include "app/core/Format.h"
#include "profiler/analysis/BreakEven.h"
#include "profiler/analysis/Workload.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

QString text(const std::string& value) {
    return QString::fromStdString(value);
}

// "1 variant", "3 variants".
QString counted(qsizetype n, const QString& one, const QString& many) {
    return QString::number(n) + u' ' + (n == 1 ? one : many);
}

HeadlineEntry entryOf(const RunData& run, const VariantSummaryRow& variant) {
    HeadlineEntry entry;
    entry.variant = &variant;
    entry.reference = speedupReference(run.variants, variant);
    if (entry.reference != nullptr) {
        entry.speedup = *entry.reference->medianMs / *variant.medianMs;
        if (variant.accuracy && entry.reference->accuracy) {
            entry.accuracyPoints = (*variant.accuracy - *entry.reference->accuracy) * 100.0;
        }
    }
    if (variant.family != "mlp") {
        entry.approxError = variant.approxError;
    }
    return entry;
}

// The timed variants of each workload, in recording order of the workloads and the variants.
std::vector<std::pair<std::string, std::vector<const VariantSummaryRow*>>> byWorkload(
    const RunData& run) {
    std::vector<std::pair<std::string, std::vector<const VariantSummaryRow*>>> groups;
    for (const VariantSummaryRow& variant : run.variants) {
        if (!isTimed(variant)) {
            continue;
        }
        const std::string workload = workloadOf(variant);
        auto group = std::find_if(groups.begin(), groups.end(),
                                  [&](const auto& g) { return g.first == workload; });
        if (group == groups.end()) {
            groups.push_back({workload, {}});
            group = std::prev(groups.end());
        }
        group->second.push_back(&variant);
    }
    return groups;
}

// The devices of `variants`, in the order they first appear.
std::vector<std::string> devicesOf(const std::vector<const VariantSummaryRow*>& variants) {
    std::vector<std::string> devices;
    for (const VariantSummaryRow* variant : variants) {
        if (std::find(devices.begin(), devices.end(), variant->device) == devices.end()) {
            devices.push_back(variant->device);
        }
    }
    return devices;
}

const VariantSummaryRow* fastestOf(const std::vector<const VariantSummaryRow*>& variants,
                                   const std::function<bool(const VariantSummaryRow&)>& keep) {
    const VariantSummaryRow* fastest = nullptr;
    for (const VariantSummaryRow* variant : variants) {
        if (keep(*variant) && (fastest == nullptr || *variant->medianMs < *fastest->medianMs)) {
            fastest = variant;
        }
    }
    return fastest;
}

HeadlineWorkload workloadHeadline(const RunData& run, const std::string& workload,
                                  const std::vector<const VariantSummaryRow*>& variants,
                                  const std::vector<PruningCurve>& curves, double accuracyLoss) {
    HeadlineWorkload result;
    result.workload = text(workload);
    for (const std::string& device : devicesOf(variants)) {
        const auto onDevice = [&](const VariantSummaryRow& v) { return v.device == device; };
        const VariantSummaryRow* fastest = fastestOf(variants, onDevice);
        result.fastest.push_back(entryOf(run, *fastest));
        // Models only: a GEMM's error is not an accuracy a reader trades points of.
        const VariantSummaryRow* reference = speedupReference(run.variants, *fastest);
        if (fastest->family == "mlp" && reference != nullptr && reference->accuracy) {
            const double floor = *reference->accuracy - accuracyLoss / 100.0;
            const VariantSummaryRow* within = fastestOf(variants, [&](const VariantSummaryRow& v) {
                // A little slack for the float the accuracy was stored as.
                return onDevice(v) && v.accuracy && *v.accuracy >= floor - 1e-9;
            });
            if (within != nullptr) {
                result.withinLoss.push_back(entryOf(run, *within));
            }
        }
    }
    // -> QString: with QStringBuilder a deduced type would be an expression over temporaries.
    const auto backendOf = [](const PruningCurve& curve) -> QString {
        return text(curve.backend) +
               (curve.precision == "fp32" ? QString() : u' ' + text(curve.precision));
    };
    for (const PruningChoice& choice : pruningChoices(curves)) {
        const PruningCurve& first = *choice.curves.front();
        if (first.points.empty() || workloadOf(*first.points.front().variant) != workload) {
            continue;
        }
        for (const PruningCurve* curve : choice.curves) {
            result.pruning << text(curve->device) + u" · "_s + backendOf(*curve) + u" · "_s +
                                  text(pruningText(curve->kind)) + u": "_s +
                                  text(curve->breakEven.describe());
        }
        // The break-even a user could get is the best backend's.
        if (choice.curves.size() > 1) {
            result.pruning << text(first.device) + u" · "_s + text(pruningText(first.kind)) +
                                  u" · best of "_s + QString::number(choice.curves.size()) +
                                  u" backends: "_s + backendOf(*choice.best) + u", "_s +
                                  text(choice.best->breakEven.describe());
        }
    }
    return result;
}

void addComparisonLines(Headline& headline, const RunComparison& comparison) {
    headline.comparison << comparison.summary() + u'.';
    if (const QString oneWay = comparison.oneWayNote(); !oneWay.isEmpty()) {
        headline.comparison << oneWay;
    }
    std::vector<const VariantDiff*> changed;
    for (const VariantDiff& diff : comparison.diffs) {
        if ((diff.time.verdict == DiffVerdict::Faster ||
             diff.time.verdict == DiffVerdict::Slower) &&
            diff.time.interval) {
            changed.push_back(&diff);
        }
    }
    std::stable_sort(
        changed.begin(), changed.end(), [](const VariantDiff* a, const VariantDiff* b) {
            return std::abs(std::log(*a->time.ratio())) > std::abs(std::log(*b->time.ratio()));
        });
    constexpr size_t kLargest = 5;
    if (changed.empty()) {
        headline.comparison << u"No variant's time changed by more than ±"_s +
                                   formatNumber(comparison.equivalence * 100) +
                                   u" % with 95 % confidence."_s;
        return;
    }
    headline.comparison << (changed.size() > kLargest ? u"The largest changes:"_s
                                                      : u"The changes:"_s);
    for (size_t i = 0; i < changed.size() && i < kLargest; ++i) {
        const VariantDiff& diff = *changed[i];
        const RatioInterval& interval = *diff.time.interval;
        headline.comparison << text(diff.name) + u": "_s + toString(diff.time.verdict) + u", "_s +
                                   formatTimes(interval.ratio) + u" the baseline's time (95 % "_s +
                                   formatRatio(interval.low) + u"–"_s + formatRatio(interval.high) +
                                   u"), "_s + formatDurationMs(*diff.time.baselineMs) + u" → "_s +
                                   formatDurationMs(*diff.time.candidateMs) + u'.';
    }
}

void collectWarnings(QStringList& warnings, const RunData& run) {
    const RunRow& row = run.run;
    switch (row.state) {
        case RunState::Complete:
            break;
        case RunState::Interrupted:
            warnings << u"the run was interrupted before its suite finished: only the "
                        u"variants recorded until then are in it."_s;
            break;
        case RunState::Incomplete:
            warnings << u"the run is incomplete: its recorder stopped without closing it "
                        u"(killed, crashed or the machine was lost); the variants committed "
                        u"before are shown, the rest are missing."_s;
            break;
        case RunState::Failed:
            warnings << u"the run failed"_s +
                            (row.note.empty() ? QString() : u": "_s + text(row.note)) + u'.';
            break;
        case RunState::Running:
            warnings << u"the run was still being recorded: variants recorded later are "
                        u"missing."_s;
            break;
    }
    // What the recorder said the whole run must be read with (an old OpenBLAS kernel family,
    // oneDNN below the CPU's ISA).
    for (const RunWarning& warning : row.info.warnings) {
        warnings << text(warning.message) + u'.';
    }
    int noisy = 0;
    int disagree = 0;
    int noDeviceTime = 0;
    for (const VariantSummaryRow& variant : run.variants) {
        noisy += variant.noisy.value_or(false) ? 1 : 0;
        disagree += variant.roundsDisagree.value_or(false) ? 1 : 0;
        noDeviceTime += variant.deviceNote.empty() ? 0 : 1;
    }
    if (noisy > 0) {
        warnings << counted(noisy, u"variant is"_s, u"variants are"_s) +
                        u" noisy (their timings vary widely), so their medians are less reliable; "
                        u"they are marked in the summary."_s;
    }
    if (disagree > 0) {
        warnings << counted(disagree, u"variant's"_s, u"variants'"_s) +
                        u" rounds disagree beyond their noise (the machine's speed changed "
                        u"while they were measured); they are marked in the summary."_s;
    }
    if (noDeviceTime > 0) {
        warnings << counted(noDeviceTime, u"GPU variant has"_s, u"GPU variants have"_s) +
                        u" no device time: their kernels could not all be attributed."_s;
    }
    if (row.collector && row.collector->droppedRecords > 0) {
        warnings << u"CUPTI dropped "_s + QString::number(row.collector->droppedRecords) +
                        u" activity records, so the GPU activity is incomplete."_s;
    }
    // Skipped and failed variants, per device: one sentence each, the reason written once when
    // there is one.
    // Failed before skipped (what needs attention first), then by device.
    using Key = std::pair<bool, std::string>;  // skipped?, device
    std::map<Key, std::vector<const ReasonGroup*>> perDevice;
    const std::vector<ReasonGroup> groups = reasonGroups(run);
    std::map<Key, int> counts;
    for (const ReasonGroup& group : groups) {
        for (const QString& name : group.variants) {
            const VariantSummaryRow* variant = run.variantByName(name.toStdString());
            const std::string device = variant != nullptr ? variant->device : std::string();
            const Key key{group.status != VariantStatus::Failed, device};
            auto& list = perDevice[key];
            if (std::find(list.begin(), list.end(), &group) == list.end()) {
                list.push_back(&group);
            }
            ++counts[key];
        }
    }
    for (const auto& [key, list] : perDevice) {
        const bool failed = !key.first;
        const QString device = key.second.empty() ? QString() : text(key.second).toUpper() + u' ';
        QString sentence = QString::number(counts[key]) + u' ' + device +
                           (counts[key] == 1 ? u"variant "_s : u"variants "_s) +
                           (failed ? u"failed"_s : u"skipped"_s);
        if (list.size() == 1) {
            sentence += u": "_s + list.front()->reason;
        } else {
            sentence += u", for "_s + QString::number(list.size()) +
                        u" reasons listed under 'Skipped and failed'"_s;
        }
        warnings << sentence + (sentence.endsWith(u'.') ? QString() : u"."_s);
    }
}

// The run's warnings, each a sentence that starts with a capital, after `prefix` ("Baseline: ").
void addWarnings(QStringList& warnings, const RunData& run, const QString& prefix) {
    QStringList own;
    collectWarnings(own, run);
    for (QString& warning : own) {
        warning[0] = warning[0].toUpper();
        warnings << prefix + warning;
    }
}

// A device's record flattened to settings: its name, each detail, its ceilings.
std::map<QString, QString> settingsOf(const DeviceInfo& info) {
    std::map<QString, QString> settings;
    settings[u"name"_s] = text(info.name);
    if (const auto details = deviceDetails(info.details)) {
        settings.insert(details->begin(), details->end());
    } else if (!info.details.empty()) {
        settings[u"details"_s] = text(info.details);
    }
    if (info.peakGflops) {
        settings[u"measured peak FP32 (GFLOP/s)"_s] = formatDecimal(*info.peakGflops);
    }
    if (info.memBandwidthGBs) {
        settings[u"measured memory bandwidth (GB/s)"_s] = formatDecimal(*info.memBandwidthGBs);
    }
    for (const PrecisionCeiling& ceiling : info.precisionCeilings) {
        settings[u"measured ceiling "_s + text(ceiling.precision)] = formatDecimal(ceiling.gflops);
    }
    return settings;
}

std::map<QString, QString> runSettingsOf(const RunData& run) {
    const RunInfo& info = run.run.info;
    // The command line is left out: it names the output file, which always differs.
    return {
        {u"suite"_s, text(info.suite)},
        {u"host"_s, text(info.host)},
        {u"recorder version"_s, text(info.version)},
        {u"rounds"_s, QString::number(info.rounds)},
        {u"warm-up calls"_s, QString::number(info.warmup)},
        {u"minimum iterations"_s, QString::number(info.minIterations)},
        {u"minimum time (s)"_s, QString::number(info.minTimeS, 'g', 4)},
    };
}

void addDiffs(std::vector<SettingDiff>& diffs, const QString& prefix,
              const std::map<QString, QString>& baseline,
              const std::map<QString, QString>& candidate) {
    std::map<QString, std::pair<QString, QString>> merged;
    for (const auto& [key, value] : baseline) {
        merged[key].first = value;
    }
    for (const auto& [key, value] : candidate) {
        merged[key].second = value;
    }
    for (const auto& [key, values] : merged) {
        if (values.first == values.second) {
            continue;
        }
        SettingDiff diff;
        diff.setting = prefix + key;
        diff.baseline = values.first.isEmpty() ? u"—"_s : values.first;
        diff.candidate = values.second.isEmpty() ? u"—"_s : values.second;
        bool a = false;
        bool b = false;
        const double before = values.first.toDouble(&a);
        const double after = values.second.toDouble(&b);
        if (a && b && before != 0) {
            diff.ratio = after / before;
        }
        diffs.push_back(std::move(diff));
    }
}

}  // namespace

std::optional<std::map<QString, QString>> deviceDetails(const std::string& details) {
    const QJsonDocument json = QJsonDocument::fromJson(QByteArray::fromStdString(details));
    if (!json.isObject()) {
        return std::nullopt;
    }
    std::map<QString, QString> fields;
    const QJsonObject object = json.object();
    for (auto field = object.begin(); field != object.end(); ++field) {
        if (field.value().isArray()) {
            QStringList items;
            for (const QJsonValue& item : field.value().toArray()) {
                items << item.toVariant().toString();
            }
            fields[field.key()] = items.join(u' ');
        } else {
            fields[field.key()] = field.value().toVariant().toString();
        }
    }
    return fields;
}

std::vector<ReasonGroup> reasonGroups(const RunData& run) {
    std::vector<ReasonGroup> groups;
    for (const VariantSummaryRow& variant : run.variants) {
        if (variant.status == VariantStatus::Ok) {
            continue;
        }
        const QString reason =
            variant.reason.empty() ? u"no reason was recorded"_s : text(variant.reason);
        auto group = std::find_if(groups.begin(), groups.end(), [&](const ReasonGroup& g) {
            return g.status == variant.status && g.reason == reason;
        });
        if (group == groups.end()) {
            groups.push_back({variant.status, reason, {}});
            group = std::prev(groups.end());
        }
        group->variants << text(variant.name);
    }
    // Failed first: they are what needs attention.
    std::stable_sort(groups.begin(), groups.end(), [](const ReasonGroup& a, const ReasonGroup& b) {
        return (a.status == VariantStatus::Failed) > (b.status == VariantStatus::Failed);
    });
    return groups;
}

Headline makeHeadline(const RunData& run, const RunComparison* comparison, double accuracyLoss) {
    Headline headline;
    headline.accuracyLoss = accuracyLoss;
    const std::vector<PruningCurve> curves = pruningCurves(run.variants);
    for (const auto& [workload, variants] : byWorkload(run)) {
        headline.workloads.push_back(
            workloadHeadline(run, workload, variants, curves, accuracyLoss));
    }
    if (comparison != nullptr && comparison->baseline) {
        addComparisonLines(headline, *comparison);
        addWarnings(headline.warnings, *comparison->baseline, u"Baseline: "_s);
        addWarnings(headline.warnings, run, u"Candidate: "_s);
    } else {
        addWarnings(headline.warnings, run, QString());
    }
    return headline;
}

QString formatPointsChange(double points) {
    return (points >= 0 ? u"+"_s : u"−"_s) + QString::number(std::abs(points), 'f', 2) +
           u" points"_s;
}

QString describe(const HeadlineEntry& entry) {
    const VariantSummaryRow& variant = *entry.variant;
    QString sentence = text(variant.name) + u": "_s + formatDurationMs(*variant.medianMs);
    if (entry.reference == &variant) {
        sentence += u", itself the fastest dense FP32"_s;
    } else if (entry.speedup) {
        sentence += u", "_s + formatTimes(*entry.speedup) +
                    u" the speed of the fastest dense FP32 ("_s + text(entry.reference->name) +
                    u')';
    } else {
        sentence += u", no dense FP32 measured on its device to compare with"_s;
    }
    if (variant.accuracy) {
        sentence += u", accuracy "_s + formatPercent(*variant.accuracy, 2);
        if (entry.accuracyPoints && entry.reference != &variant) {
            sentence += u" ("_s + formatPointsChange(*entry.accuracyPoints) + u')';
        }
    } else if (entry.approxError) {
        sentence += u", relative error "_s + formatNumber(*entry.approxError);
    }
    if (variant.weightBytes) {
        sentence += u", weights "_s + formatBytes(double(*variant.weightBytes));
        if (entry.reference != nullptr && entry.reference != &variant &&
            entry.reference->weightBytes && *entry.reference->weightBytes != *variant.weightBytes) {
            sentence += u" (dense "_s + formatBytes(double(*entry.reference->weightBytes)) + u')';
        }
    }
    const std::optional<int64_t> peak =
        variant.peakDeviceMemBytes ? variant.peakDeviceMemBytes : variant.peakMemBytes;
    if (peak) {
        sentence += u", peak "_s + (variant.peakDeviceMemBytes ? u"device "_s : QString()) +
                    u"memory "_s + formatBytes(double(*peak));
    }
    return sentence + u'.';
}

std::vector<SettingDiff> settingDiffs(const RunData& baseline, const RunData& candidate) {
    std::vector<SettingDiff> diffs;
    addDiffs(diffs, QString(), runSettingsOf(baseline), runSettingsOf(candidate));
    for (const char* kind : {"cpu", "gpu"}) {
        const DeviceRow* before = baseline.device(kind);
        const DeviceRow* after = candidate.device(kind);
        if (before == nullptr && after == nullptr) {
            continue;
        }
        const QString prefix = QString::fromLatin1(kind).toUpper() + u" · "_s;
        addDiffs(diffs, prefix,
                 before != nullptr ? settingsOf(before->info) : std::map<QString, QString>{},
                 after != nullptr ? settingsOf(after->info) : std::map<QString, QString>{});
    }
    return diffs;
}

std::pair<QString, QString> distinctLabels(const RunData& baseline, const RunData& candidate) {
    QString before = baseline.label();
    QString after = candidate.label();
    // The settings a person chose (threads, kernel families, library versions), not what was
    // measured: those say why the runs differ.
    QStringList settingsBefore;
    QStringList settingsAfter;
    for (const SettingDiff& diff : settingDiffs(baseline, candidate)) {
        if (diff.setting.contains(u"measured"_s) || diff.setting.endsWith(u"note"_s) ||
            diff.setting == u"host"_s || diff.setting == u"suite"_s || settingsBefore.size() == 2) {
            continue;
        }
        const QString name = diff.setting.section(u" · "_s, -1);
        settingsBefore << name + u' ' + diff.baseline;
        settingsAfter << name + u' ' + diff.candidate;
    }
    if (!settingsBefore.isEmpty()) {
        before += u" · "_s + settingsBefore.join(u", "_s);
        after += u" · "_s + settingsAfter.join(u", "_s);
    }
    if (before == after) {
        // Recorded in the same minute with the same settings: the seconds, then the file.
        const auto seconds = [](const RunData& run) {
            return QDateTime::fromMSecsSinceEpoch(run.run.info.startedUnixNs / 1'000'000)
                .toString(u":ss"_s);
        };
        before += seconds(baseline);
        after += seconds(candidate);
        if (before == after) {
            before += u" · "_s + QString::fromStdString(baseline.path).section(u'/', -1);
            after += u" · "_s + QString::fromStdString(candidate.path).section(u'/', -1);
        }
    }
    return {before, after};
}

}  // namespace costscope
