// TradeOffSeries: plotted points, marker sizes, baseline pairs and the Pareto frontier.
#include "app/tradeoff/TradeOffSeries.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

void addUnique(std::vector<std::string>& devices, const std::string& device) {
    if (std::find(devices.begin(), devices.end(), device) == devices.end()) {
        devices.push_back(device);
    }
}

std::vector<TradeOffPoint> pointsOf(const RunData& run, TradeOffWorkload workload, GpuTime gpuTime,
                                    CostAxis axis) {
    std::vector<TradeOffPoint> points;
    for (const VariantSummaryRow& variant : run.variants) {
        if (auto point = TradeOffSeries::pointOf(variant, workload, gpuTime, axis)) {
            points.push_back(std::move(*point));
        }
    }
    return points;
}

}  // namespace

TradeOffSeries::TradeOffSeries(const RunData& run, const RunData* baseline,
                               TradeOffWorkload workload, GpuTime gpuTime, CostAxis axis)
    : workload_(workload), gpuTime_(gpuTime), axis_(axis) {
    points_ = pointsOf(run, workload, gpuTime, axis);
    if (baseline != nullptr) {
        baselinePoints_ = pointsOf(*baseline, workload, gpuTime, axis);
    }
    shape({&run});
}

TradeOffSeries::TradeOffSeries(const std::vector<RunDataPtr>& runs, std::vector<QString> machines,
                               TradeOffWorkload workload, GpuTime gpuTime, CostAxis axis)
    : workload_(workload), gpuTime_(gpuTime), axis_(axis), machines_(std::move(machines)) {
    std::vector<const RunData*> shaped;
    for (size_t i = 0; i < runs.size(); ++i) {
        for (TradeOffPoint& point : pointsOf(*runs[i], workload, gpuTime, axis)) {
            point.machine = i;
            points_.push_back(std::move(point));
        }
        shaped.push_back(runs[i].get());
    }
    machines_.resize(runs.size());
    // Money in another currency than the first point's has no place on the same axis.
    if (axis == CostAxis::Money && !points_.empty()) {
        const std::string currency = points_.front().currency;
        const auto others = std::erase_if(
            points_, [&](const TradeOffPoint& point) { return point.currency != currency; });
        if (others > 0) {
            leftOut_ += int(others);
            leftOutReasons_.push_back("priced in another currency than " + currency +
                                      ", so not comparable on this axis");
        }
    }
    shape(shaped);
}

void TradeOffSeries::shape(const std::vector<const RunData*>& runs) {
    const TradeOffWorkload workload = workload_;
    const GpuTime gpuTime = gpuTime_;
    const CostAxis axis = axis_;
    // What the axis leaves off: variants that have a latency but not this cost, and why.
    for (const RunData* run : runs) {
        if (axis == CostAxis::Latency) {
            break;
        }
        for (const VariantSummaryRow& variant : run->variants) {
            if (pointOf(variant, workload, gpuTime) && !pointOf(variant, workload, gpuTime, axis)) {
                ++leftOut_;
                const std::string why =
                    axis == CostAxis::Money ? std::string(
                                                  "no price for its device (costscope-record "
                                                  "--prices, docs/costs.md)")
                    : variant.energyNote.empty() ? std::string(
                                                       "energy was not measured (the run "
                                                       "was recorded with --no-energy or "
                                                       "before costscope measured it)")
                                                 : variant.energyNote;
                if (std::find(leftOutReasons_.begin(), leftOutReasons_.end(), why) ==
                    leftOutReasons_.end()) {
                    leftOutReasons_.push_back(why);
                }
            }
        }
    }
    for (const TradeOffPoint& point : points_) {
        if (currency_.empty()) {
            currency_ = point.currency;
        }
    }

    // One size scale for both runs, so a point and its baseline compare by size too.
    int64_t largest = 0;
    for (const auto* list : {&points_, &baselinePoints_}) {
        for (const TradeOffPoint& point : *list) {
            largest = std::max(largest, point.weightBytes.value_or(0));
        }
    }
    for (auto* list : {&points_, &baselinePoints_}) {
        for (TradeOffPoint& point : *list) {
            point.markerSize = markerSize(point.weightBytes, largest);
            addUnique(devices_, point.device);
            if (std::find(kinds_.begin(), kinds_.end(), point.kind) == kinds_.end()) {
                kinds_.push_back(point.kind);
            }
            const std::pair<std::string, std::string> backend{point.device, point.backend};
            if (std::find(backends_.begin(), backends_.end(), backend) == backends_.end()) {
                backends_.push_back(backend);
            }
            if (std::find(batches_.begin(), batches_.end(), point.items) == batches_.end()) {
                batches_.push_back(point.items);
            }
        }
    }
    std::stable_sort(
        devices_.begin(), devices_.end(),
        [](const std::string& a, const std::string& b) { return deviceOrder(a) < deviceOrder(b); });
    std::sort(kinds_.begin(), kinds_.end());
    std::sort(backends_.begin(), backends_.end(), [](const auto& a, const auto& b) {
        return std::make_tuple(deviceOrder(a.first), a.first, a.second) <
               std::make_tuple(deviceOrder(b.first), b.first, b.second);
    });
    std::sort(batches_.begin(), batches_.end());

    for (const TradeOffPoint& old : baselinePoints_) {
        std::optional<size_t> partner;
        for (size_t i = 0; i < points_.size(); ++i) {
            if (points_[i].name == old.name) {
                partner = i;
                break;
            }
        }
        partner_.push_back(partner);
    }

    std::vector<double> cost;
    std::vector<double> quality;
    for (const TradeOffPoint& point : points_) {
        cost.push_back(point.cost);
        quality.push_back(point.quality);
    }
    frontier_ = paretoFrontier(cost, quality, higherIsBetter());
}

bool TradeOffSeries::belongsTo(const VariantSummaryRow& variant, TradeOffWorkload workload) {
    return (variant.family == "mlp") == (workload == TradeOffWorkload::Models);
}

std::optional<TradeOffPoint> TradeOffSeries::pointOf(const VariantSummaryRow& variant,
                                                     TradeOffWorkload workload, GpuTime gpuTime,
                                                     CostAxis axis) {
    // Skipped and failed variants have no time: they are never drawn, not even at zero.
    if (variant.status != VariantStatus::Ok || !variant.medianMs || !belongsTo(variant, workload)) {
        return std::nullopt;
    }
    // A model's quality is its test accuracy; a GEMM's what the compression did to C.
    std::optional<double> quality = variant.approxError;
    if (workload == TradeOffWorkload::Models) {
        quality =
            variant.accuracy ? std::optional<double>(*variant.accuracy * 100.0) : std::nullopt;
    }
    if (!quality || !std::isfinite(*quality)) {
        return std::nullopt;
    }
    TradeOffPoint point;
    point.name = QString::fromStdString(variant.name);
    point.device = variant.device;
    point.backend = variant.backend;
    point.kind = compressionOf(variant);
    point.latencyMs = *variant.medianMs;
    point.p5Ms = variant.p5Ms;
    point.p95Ms = variant.p95Ms;
    if (gpuTime == GpuTime::Device && variant.device == "gpu") {
        if (variant.deviceMedianMs) {
            point.deviceTime = true;
            point.latencyMs = *variant.deviceMedianMs;
            point.p5Ms = variant.deviceP5Ms;
            point.p95Ms = variant.deviceP95Ms;
        } else {
            point.deviceTimeMissing = true;
        }
    }
    point.items = itemsPerCall(variant);
    const double perItem = 1.0 / double(point.items);
    point.latencyMs *= perItem;
    for (std::optional<double>* bound : {&point.p5Ms, &point.p95Ms}) {
        if (*bound) {
            **bound *= perItem;
        }
    }
    if (workload == TradeOffWorkload::Models) {
        point.tag =
            u"b"_s + QString::number(point.items) + u' ' + QString::fromStdString(variant.backend);
    } else {
        point.tag = QString::fromStdString(variant.backend);
        if (variant.batch > 1) {
            point.tag += u" ×"_s + QString::number(variant.batch);
        }
    }
    point.quality = *quality;
    point.weightBytes = variant.weightBytes;
    if (variant.joulesPerCall) {
        point.joulesPerItem = *variant.joulesPerCall * perItem;
    }
    if (variant.joulesAboveIdle) {
        point.joulesAboveIdlePerItem = *variant.joulesAboveIdle * perItem;
    }
    if (variant.costPerMillionCalls) {
        point.moneyPerMillionItems = *variant.costPerMillionCalls * perItem;
        point.currency = variant.currency;
    }
    const std::optional<double> cost = axis == CostAxis::Energy  ? point.joulesPerItem
                                       : axis == CostAxis::Money ? point.moneyPerMillionItems
                                                                 : point.latencyMs;
    // Both axes of GEMMs are logarithmic, the cost always: zero or less has no place on them.
    if (!cost || !(*cost > 0) || !std::isfinite(*cost) ||
        (workload == TradeOffWorkload::Gemms && !(point.quality > 0))) {
        return std::nullopt;
    }
    point.cost = *cost;
    return point;
}

bool TradeOffSeries::hasCost(const RunData& run, TradeOffWorkload workload, CostAxis axis) {
    return std::any_of(run.variants.begin(), run.variants.end(), [&](const auto& variant) {
        return pointOf(variant, workload, GpuTime::EndToEnd, axis).has_value();
    });
}

TradeOffWorkload TradeOffSeries::defaultWorkload(const std::vector<RunDataPtr>& runs) {
    const bool models = std::any_of(runs.begin(), runs.end(), [](const RunDataPtr& run) {
        return hasPoints(*run, TradeOffWorkload::Models);
    });
    return models ? TradeOffWorkload::Models : TradeOffWorkload::Gemms;
}

TradeOffWorkload TradeOffSeries::defaultWorkload(const RunData& run) {
    return hasPoints(run, TradeOffWorkload::Models) ? TradeOffWorkload::Models
                                                    : TradeOffWorkload::Gemms;
}

bool TradeOffSeries::hasPoints(const RunData& run, TradeOffWorkload workload) {
    return std::any_of(run.variants.begin(), run.variants.end(), [&](const auto& variant) {
        return pointOf(variant, workload, GpuTime::EndToEnd).has_value();
    });
}

bool TradeOffSeries::hasDeviceTimes(const RunData& run) {
    return std::any_of(run.variants.begin(), run.variants.end(), [](const auto& variant) {
        return variant.status == VariantStatus::Ok && variant.deviceMedianMs.has_value();
    });
}

std::vector<size_t> TradeOffSeries::paretoFrontier(const std::vector<double>& latency,
                                                   const std::vector<double>& quality,
                                                   bool higherIsBetter) {
    const size_t count = std::min(latency.size(), quality.size());
    // "a is at least as good as b" and "a is better than b", in the quality's own direction.
    auto noWorse = [&](double a, double b) { return higherIsBetter ? a >= b : a <= b; };
    auto better = [&](double a, double b) { return higherIsBetter ? a > b : a < b; };
    std::vector<size_t> frontier;
    for (size_t i = 0; i < count; ++i) {
        bool dominated = false;
        for (size_t j = 0; j < count && !dominated; ++j) {
            dominated = j != i && latency[j] <= latency[i] && noWorse(quality[j], quality[i]) &&
                        (latency[j] < latency[i] || better(quality[j], quality[i]));
        }
        if (!dominated) {
            frontier.push_back(i);
        }
    }
    std::stable_sort(frontier.begin(), frontier.end(),
                     [&](size_t a, size_t b) { return latency[a] < latency[b]; });
    return frontier;
}

namespace {

// Batch `rank` of `count`: the smallest lightest, the largest darkest, the middle unchanged.
QColor shade(const QColor& color, size_t rank, size_t count) {
    if (count < 2) {
        return color;
    }
    const double t = double(rank) / double(count - 1);  // 0 .. 1
    if (t < 0.5) {
        return color.lighter(100 + int(std::lround(90 * (0.5 - t))));
    }
    return color.darker(100 + int(std::lround(120 * (t - 0.5))));
}

}  // namespace

QColor TradeOffSeries::colorOf(const TradeOffPoint& point) const {
    const auto batch = std::find(batches_.begin(), batches_.end(), point.items);
    if (point.machine) {
        return shade(machineColor(*point.machine), size_t(batch - batches_.begin()),
                     batches_.size());
    }
    const auto backend =
        std::find(backends_.begin(), backends_.end(),
                  std::pair<std::string, std::string>{point.device, point.backend});
    return shade(seriesColor(size_t(backend - backends_.begin())), size_t(batch - batches_.begin()),
                 batches_.size());
}

std::vector<ColourKey> TradeOffSeries::colourKeys() const {
    std::vector<ColourKey> keys;
    if (!machines_.empty()) {
        for (size_t i = 0; i < machines_.size(); ++i) {
            keys.push_back({machines_[i], machineColor(i)});
        }
        return keys;
    }
    for (size_t i = 0; i < backends_.size(); ++i) {
        keys.push_back({QString::fromStdString(backends_[i].first).toUpper() + u" · "_s +
                            QString::fromStdString(backends_[i].second),
                        seriesColor(i)});
    }
    return keys;
}

std::vector<ColourKey> TradeOffSeries::shadeKeys() const {
    std::vector<ColourKey> keys;
    if (batches_.size() < 2) {
        return keys;
    }
    const QColor grey(0x77, 0x77, 0x77);
    const QString unit = workload_ == TradeOffWorkload::Models ? u"batch "_s : u"× "_s;
    for (size_t i = 0; i < batches_.size(); ++i) {
        keys.push_back({unit + QString::number(batches_[i]) +
                            (i == 0                     ? u" (lightest)"_s
                             : i + 1 == batches_.size() ? u" (darkest)"_s
                                                        : QString()),
                        shade(grey, i, batches_.size())});
    }
    return keys;
}

double TradeOffSeries::markerSize(std::optional<int64_t> bytes, int64_t largestBytes) {
    if (!bytes || *bytes <= 0 || largestBytes <= 0) {
        return kMinMarker;
    }
    const double size = kMaxMarker * std::sqrt(double(*bytes) / double(largestBytes));
    return std::clamp(size, kMinMarker, kMaxMarker);
}

}  // namespace costscope
