// CompareSeries: groups the run's variants by workload and picks each bar's figures.
#include "app/compare/CompareSeries.h"

#include <QStringList>
#include <algorithm>
#include <set>

#include "app/charts/ChartStyle.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

// GFLOP/s from ms per call: flops / (ms * 1e6).
std::optional<double> rate(double flops, const std::optional<double>& ms) {
    if (!ms.has_value() || *ms <= 0 || flops <= 0) {
        return std::nullopt;
    }
    return flops / (*ms * 1e6);
}

std::optional<CompareValue> latency(const std::optional<double>& median,
                                    const std::optional<double>& p5,
                                    const std::optional<double>& p95) {
    if (!median.has_value()) {
        return std::nullopt;
    }
    return CompareValue{.value = *median, .low = p5, .high = p95};
}

// The spread of a rate is the latency's, turned over: the p95 time gives the low rate.
std::optional<CompareValue> throughput(double flops, const std::optional<double>& gflops,
                                       const std::optional<double>& p5,
                                       const std::optional<double>& p95) {
    if (!gflops.has_value()) {
        return std::nullopt;
    }
    return CompareValue{.value = *gflops, .low = rate(flops, p95), .high = rate(flops, p5)};
}

std::optional<CompareValue> mebibytes(const std::optional<int64_t>& bytes) {
    if (!bytes.has_value()) {
        return std::nullopt;
    }
    return CompareValue{.value = double(*bytes) / kMiB};
}

std::optional<CompareValue> ratio(const std::optional<double>& reference,
                                  const std::optional<double>& ms) {
    if (!reference.has_value() || !ms.has_value() || *ms <= 0) {
        return std::nullopt;
    }
    return CompareValue{.value = *reference / *ms};
}

std::optional<CompareValue> plain(const std::optional<double>& value) {
    if (!value.has_value()) {
        return std::nullopt;
    }
    return CompareValue{.value = *value};
}

struct Figures {
    std::optional<CompareValue> value;
    std::optional<CompareValue> deviceValue;
};

// The figures of a timed variant for `metric`; `reference` is used by Speedup only.
Figures figuresOf(const VariantSummaryRow& v, CompareMetric metric,
                  const VariantSummaryRow* reference) {
    switch (metric) {
        case CompareMetric::Latency:
            return {latency(v.medianMs, v.p5Ms, v.p95Ms),
                    latency(v.deviceMedianMs, v.deviceP5Ms, v.deviceP95Ms)};
        case CompareMetric::Gflops:
            return {throughput(v.flops, v.gflops, v.p5Ms, v.p95Ms),
                    throughput(v.flops, v.deviceGflops, v.deviceP5Ms, v.deviceP95Ms)};
        case CompareMetric::WeightMiB:
            return {mebibytes(v.weightBytes), std::nullopt};
        case CompareMetric::PeakMemory:
            return {mebibytes(v.peakMemBytes), mebibytes(v.peakDeviceMemBytes)};
        case CompareMetric::Speedup: {
            if (reference == nullptr) {
                return {};
            }
            // Device bars compare kernel time with kernel time when the reference has one (a
            // GPU reference); a CPU reference has only its wall time.
            const std::optional<double> deviceReference = reference->deviceMedianMs.has_value()
                                                              ? reference->deviceMedianMs
                                                              : reference->medianMs;
            return {ratio(reference->medianMs, v.medianMs),
                    ratio(deviceReference, v.deviceMedianMs)};
        }
        case CompareMetric::Energy:
            return {plain(v.joulesPerCall), plain(v.joulesAboveIdle)};
        case CompareMetric::Money:
            return {plain(v.costPerMillionCalls), plain(v.energyCostPerMillionCalls)};
        case CompareMetric::Count:
            break;
    }
    return {};
}

// Why a timed variant has no figure for `metric`.
QString whyMissing(const VariantSummaryRow& v, CompareMetric metric) {
    if (metric == CompareMetric::Energy) {
        return whyNoEnergy(v);
    }
    if (metric == CompareMetric::Money) {
        return u"no price for its device: record with --prices FILE.json (docs/costs.md)"_s;
    }
    return CompareSeries::metricName(metric) + u" not measured"_s;
}

// The user's reference for a group in `run`: the named variant when it is in the group and
// timed; else null (each bar then divides by speedupReference(), the one rule everywhere).
const VariantSummaryRow* chosenIn(const RunData& run, const QString& workload,
                                  const std::string& chosen) {
    if (chosen.empty()) {
        return nullptr;
    }
    const VariantSummaryRow* named = run.variantByName(chosen);
    return named != nullptr && isTimed(*named) && CompareSeries::workloadOf(*named) == workload
               ? named
               : nullptr;
}

}  // namespace

CompareSeries::CompareSeries(const RunData& run, const RunData* baseline, CompareMetric metric,
                             const std::string& reference)
    : metric_(metric), currency_(run.currency()) {
    // Money in another currency is not comparable: a baseline priced so has no bars.
    if (metric == CompareMetric::Money && baseline != nullptr &&
        baseline->currency() != currency_) {
        baseline = nullptr;
    }
    std::vector<const VariantSummaryRow*> ordered;
    ordered.reserve(run.variants.size());
    for (const VariantSummaryRow& variant : run.variants) {
        ordered.push_back(&variant);
    }
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto* a, const auto* b) {
        return deviceOrder(a->device) < deviceOrder(b->device);
    });
    // Groups keep the order of their first recorded variant, not of the device-sorted list.
    for (const VariantSummaryRow& variant : run.variants) {
        const QString workload = workloadOf(variant);
        const bool known = std::any_of(groups_.begin(), groups_.end(),
                                       [&](const CompareGroup& g) { return g.title == workload; });
        if (!known) {
            CompareGroup group;
            group.title = workload;
            if (metric == CompareMetric::Speedup) {
                if (const VariantSummaryRow* chosen = chosenIn(run, workload, reference)) {
                    group.reference = chosen->name;
                }
            }
            groups_.push_back(std::move(group));
        }
    }

    for (CompareGroup& group : groups_) {
        const VariantSummaryRow* chosen =
            group.reference.empty() ? nullptr : run.variantByName(group.reference);
        const VariantSummaryRow* baselineChosen =
            baseline != nullptr && metric == CompareMetric::Speedup
                ? chosenIn(*baseline, group.title, group.reference)
                : nullptr;
        for (const VariantSummaryRow* variant : ordered) {
            if (workloadOf(*variant) != group.title) {
                continue;
            }
            if (variant->status != VariantStatus::Ok) {
                group.missing.push_back(
                    {variant->name, QString::fromUtf8(toString(variant->status)) + u": "_s +
                                        QString::fromStdString(variant->reason)});
                continue;
            }
            if (!isTimed(*variant)) {
                group.missing.push_back({variant->name, u"not timed"_s});
                continue;
            }
            const VariantSummaryRow* candidateReference =
                metric != CompareMetric::Speedup ? nullptr
                : chosen != nullptr              ? chosen
                                                 : speedupReference(run.variants, *variant);
            if (metric == CompareMetric::Speedup && candidateReference == nullptr) {
                group.missing.push_back(
                    {variant->name,
                     u"no dense FP32 variant of this workload on its device to compare with"_s});
                continue;
            }
            Figures figures = figuresOf(*variant, metric, candidateReference);
            if (!figures.value.has_value() && !figures.deviceValue.has_value()) {
                group.missing.push_back({variant->name, whyMissing(*variant, metric)});
                if (firstNotMeasured_.isEmpty()) {
                    firstNotMeasured_ = group.missing.back().why;
                }
                continue;
            }
            CompareBar bar;
            bar.variant = variant->name;
            bar.label = shortLabel(*variant);
            bar.device = variant->device;
            bar.value = figures.value;
            bar.deviceValue = figures.deviceValue;
            bar.isReference = variant == candidateReference;
            if (candidateReference != nullptr) {
                bar.reference = candidateReference->name;
            }
            if (baseline != nullptr) {
                const VariantSummaryRow* before = baseline->variantByName(variant->name);
                const VariantSummaryRow* baselineReference =
                    before == nullptr || metric != CompareMetric::Speedup ? nullptr
                    : baselineChosen != nullptr                           ? baselineChosen
                                                : speedupReference(baseline->variants, *before);
                if (before != nullptr && isTimed(*before) &&
                    (metric != CompareMetric::Speedup || baselineReference != nullptr)) {
                    Figures old = figuresOf(*before, metric, baselineReference);
                    bar.baselineValue = old.value;
                    bar.baselineDeviceValue = old.deviceValue;
                }
            }
            group.bars.push_back(std::move(bar));
        }
    }
}

CompareSeries::CompareSeries(const std::vector<RunDataPtr>& runs, std::vector<QString> machines,
                             CompareMetric metric, const std::string& reference)
    : metric_(metric), machines_(std::move(machines)) {
    machines_.resize(runs.size());
    for (const RunDataPtr& run : runs) {
        if (currency_.isEmpty()) {
            currency_ = run->currency();
        }
    }
    // Every variant any machine has: the first run's in its order, then each other's new ones;
    // groups in the order their first variant comes, bars CPU first, then GPU.
    std::vector<const VariantSummaryRow*> ordered;
    std::set<std::string> named;
    for (const RunDataPtr& run : runs) {
        for (const VariantSummaryRow& variant : run->variants) {
            if (named.insert(variant.name).second) {
                ordered.push_back(&variant);
            }
        }
    }
    for (const VariantSummaryRow* variant : ordered) {
        const QString workload = workloadOf(*variant);
        if (std::none_of(groups_.begin(), groups_.end(),
                         [&](const CompareGroup& g) { return g.title == workload; })) {
            CompareGroup group;
            group.title = workload;
            if (metric == CompareMetric::Speedup && !reference.empty()) {
                for (const RunDataPtr& run : runs) {
                    if (chosenIn(*run, workload, reference) != nullptr) {
                        group.reference = reference;
                        break;
                    }
                }
            }
            groups_.push_back(std::move(group));
        }
    }
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto* a, const auto* b) {
        return deviceOrder(a->device) < deviceOrder(b->device);
    });

    for (CompareGroup& group : groups_) {
        for (const VariantSummaryRow* first : ordered) {
            if (workloadOf(*first) != group.title) {
                continue;
            }
            CompareBar bar;
            bar.variant = first->name;
            bar.label = shortLabel(*first);
            bar.device = first->device;
            bool drawn = false;
            bool everyReference = true;
            // Why a machine has no bar, said of the machine; a machine whose run lacks the
            // variant (another suite) is no gap worth a note.
            std::vector<CompareMissing> missing;
            std::vector<CompareMissing> absent;
            for (size_t m = 0; m < runs.size(); ++m) {
                const RunData& run = *runs[m];
                CompareMachineFigures& figures = bar.machines.emplace_back();
                const VariantSummaryRow* variant = run.variantByName(first->name);
                QString why;
                const VariantSummaryRow* own = nullptr;
                if (variant == nullptr) {
                    why = u"not in this run"_s;
                } else if (variant->status != VariantStatus::Ok) {
                    why = QString::fromUtf8(toString(variant->status)) + u": "_s +
                          QString::fromStdString(variant->reason);
                } else if (!isTimed(*variant)) {
                    why = u"not timed"_s;
                } else if (metric == CompareMetric::Money && run.currency() != currency_) {
                    why = u"priced in "_s + run.currency() + u", not "_s + currency_;
                } else {
                    const VariantSummaryRow* chosen = chosenIn(run, group.title, group.reference);
                    own = metric != CompareMetric::Speedup ? nullptr
                          : chosen != nullptr              ? chosen
                                              : speedupReference(run.variants, *variant);
                    if (metric == CompareMetric::Speedup && own == nullptr) {
                        why =
                            u"no dense FP32 variant of this workload on its device to compare "
                            u"with"_s;
                    } else {
                        Figures shaped = figuresOf(*variant, metric, own);
                        if (!shaped.value && !shaped.deviceValue) {
                            why = whyMissing(*variant, metric);
                            if (firstNotMeasured_.isEmpty()) {
                                firstNotMeasured_ = why;
                            }
                        } else {
                            figures.value = shaped.value;
                            figures.deviceValue = shaped.deviceValue;
                            drawn = true;
                            everyReference = everyReference && own == variant;
                            if (own != nullptr && bar.reference.empty()) {
                                bar.reference = own->name;
                            }
                        }
                    }
                }
                if (!why.isEmpty()) {
                    (variant == nullptr ? absent : missing)
                        .push_back({first->name, u"on "_s + machines_[m] + u": "_s + why});
                }
            }
            if (!drawn) {
                // Nothing to draw on any machine: why on the first that has the variant.
                group.missing.push_back(missing.empty() ? absent.front() : missing.front());
                continue;
            }
            bar.isReference = metric == CompareMetric::Speedup && everyReference;
            group.missing.insert(group.missing.end(), missing.begin(), missing.end());
            group.bars.push_back(std::move(bar));
        }
    }
}

void CompareSeries::keepGroups(const QStringList& titles) {
    std::erase_if(groups_,
                  [&](const CompareGroup& group) { return !titles.contains(group.title); });
}

int CompareSeries::barCount() const {
    int count = 0;
    for (const CompareGroup& group : groups_) {
        count += int(group.bars.size());
    }
    return count;
}

bool CompareSeries::hasDeviceValues() const {
    for (const CompareGroup& group : groups_) {
        for (const CompareBar& bar : group.bars) {
            if (bar.deviceValue.has_value() || bar.baselineDeviceValue.has_value()) {
                return true;
            }
            for (const CompareMachineFigures& figures : bar.machines) {
                if (figures.deviceValue.has_value()) {
                    return true;
                }
            }
        }
    }
    return false;
}

bool CompareSeries::hasBaselineValues() const {
    for (const CompareGroup& group : groups_) {
        for (const CompareBar& bar : group.bars) {
            if (bar.baselineValue.has_value() || bar.baselineDeviceValue.has_value()) {
                return true;
            }
        }
    }
    return false;
}

QString CompareSeries::workloadOf(const VariantSummaryRow& variant) {
    return QString::fromStdString(costscope::workloadOf(variant));
}

QString CompareSeries::shortLabel(const VariantSummaryRow& variant) {
    QString what;
    if (variant.family == "mlp") {
        // The model is only in the name: "mlp/<model>/<backend>/<device>/b<batch>".
        const QStringList parts = QString::fromStdString(variant.name).split(u'/');
        what = parts.size() >= 5 ? parts.at(1) : QString::fromStdString(variant.precision);
    } else if (variant.structure == "csr") {
        what = u"csr"_s + QString::number(variant.sparsity * 100.0, 'g', 6);
    } else if (variant.structure == "2:4") {
        what = u"2:4"_s;
    } else {
        what = QString::fromStdString(variant.precision);
    }
    return what + u' ' + QString::fromStdString(variant.backend) + u' ' +
           QString::fromStdString(variant.device);
}

QString CompareSeries::metricName(CompareMetric metric) {
    switch (metric) {
        case CompareMetric::Latency:
            return u"Latency"_s;
        case CompareMetric::Gflops:
            return u"GFLOP/s"_s;
        case CompareMetric::WeightMiB:
            return u"Weight size"_s;
        case CompareMetric::PeakMemory:
            return u"Peak memory"_s;
        case CompareMetric::Speedup:
            return u"Speedup"_s;
        case CompareMetric::Energy:
            return u"Energy"_s;
        case CompareMetric::Money:
            return u"Money"_s;
        case CompareMetric::Count:
            break;
    }
    return {};
}

QString CompareSeries::axisLabel(CompareMetric metric, const QString& currency) {
    switch (metric) {
        case CompareMetric::Latency:
            return u"latency per call, median (ms); whiskers p5–p95"_s;
        case CompareMetric::Gflops:
            return u"throughput (dense-equivalent GFLOP/s at the median)"_s;
        case CompareMetric::WeightMiB:
            return u"weight in its stored format (MiB)"_s;
        case CompareMetric::PeakMemory:
            return u"peak memory while running (MiB)"_s;
        case CompareMetric::Speedup:
            return u"speedup (×): the reference's median / the variant's; the reference is "_s +
                   QString::fromUtf8(kSpeedupReferenceText) + u" unless one is chosen"_s;
        case CompareMetric::Energy:
            return u"energy per call (J), measured by the device's counter over a window of a "
                   u"second or more"_s;
        case CompareMetric::Money:
            return (currency.isEmpty() ? u"money"_s : currency) +
                   u" per million calls: median time × the hourly price, the machine busy"_s;
        case CompareMetric::Count:
            break;
    }
    return {};
}

QString CompareSeries::hostPartName(CompareMetric metric) {
    switch (metric) {
        case CompareMetric::PeakMemory:
            return u"host memory"_s;
        case CompareMetric::Energy:
            return u"all it drew"_s;
        case CompareMetric::Money:
            return u"machine time"_s;
        default:
            return u"end to end"_s;
    }
}

QString CompareSeries::devicePartName(CompareMetric metric) {
    switch (metric) {
        case CompareMetric::PeakMemory:
            return u"device memory"_s;
        case CompareMetric::Energy:
            return u"above idle"_s;
        case CompareMetric::Money:
            return u"energy alone"_s;
        default:
            return u"device time (CUPTI)"_s;
    }
}

bool CompareSeries::secondBarOnEveryDevice(CompareMetric metric) {
    return metric == CompareMetric::Energy || metric == CompareMetric::Money;
}

}  // namespace costscope
