// RooflineSeries: roofs and ridges from the measured ceilings, points from the variant summary.
#include "app/roofline/RooflineSeries.h"

#include <algorithm>
#include <cmath>

#include "app/charts/PointStyle.h"
#include "app/core/Format.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

bool isInteger(const QString& precision) {
    return precision.startsWith(u"int"_s);
}

// Two measurements of one machine's ceilings differ by a few per cent from run to run; only a
// larger gap (another machine, another clock) is worth a second set of roofs on the chart.
constexpr double kSameRoof = 0.10;

bool near(double a, double b) {
    return std::abs(a - b) <= kSameRoof * std::max(std::abs(a), std::abs(b));
}

bool sameRoofs(const RoofDevice& a, const RoofDevice& b) {
    if (a.name != b.name || a.bandwidthGBs.has_value() != b.bandwidthGBs.has_value() ||
        (a.bandwidthGBs && !near(*a.bandwidthGBs, *b.bandwidthGBs)) ||
        a.compute.size() != b.compute.size()) {
        return false;
    }
    for (size_t i = 0; i < a.compute.size(); ++i) {
        if (a.compute[i].precisions != b.compute[i].precisions ||
            !near(a.compute[i].gflops, b.compute[i].gflops)) {
            return false;
        }
    }
    return true;
}

std::vector<RoofDevice> roofsOf(const RunData& run) {
    std::vector<RoofDevice> roofs;
    for (const DeviceRow& row : run.devices) {
        // Variants name their device by kind only: the first device of a kind is theirs.
        if (run.device(row.info.kind) == &row) {
            roofs.push_back(RooflineSeries::roofOf(row));
        }
    }
    std::stable_sort(roofs.begin(), roofs.end(), [](const RoofDevice& a, const RoofDevice& b) {
        return deviceOrder(a.kind) < deviceOrder(b.kind);
    });
    return roofs;
}

std::vector<RoofPoint> pointsOf(const RunData& run, const std::vector<RoofDevice>& roofs) {
    std::vector<RoofPoint> points;
    for (const VariantSummaryRow& variant : run.variants) {
        const RoofDevice* device = nullptr;
        for (const RoofDevice& roof : roofs) {
            if (roof.kind == variant.device) {
                device = &roof;
            }
        }
        if (auto point = RooflineSeries::pointOf(variant, device)) {
            points.push_back(std::move(*point));
        }
    }
    return points;
}

}  // namespace

std::optional<double> RoofDevice::topRidge() const {
    if (compute.empty() || !bandwidthGBs) {
        return std::nullopt;
    }
    return compute.front().ridgeIntensity;
}

RooflineSeries::RooflineSeries(const RunData& run, const RunData* baseline) {
    devices_ = roofsOf(run);
    points_ = pointsOf(run, devices_);
    if (baseline != nullptr) {
        const std::vector<RoofDevice> old = roofsOf(*baseline);
        baselinePoints_ = pointsOf(*baseline, old);
        for (const RoofDevice& roof : old) {
            const auto same = std::find_if(devices_.begin(), devices_.end(), [&](const auto& now) {
                return now.kind == roof.kind && sameRoofs(now, roof);
            });
            if (same == devices_.end()) {
                baselineDevices_.push_back(roof);
            }
        }
        for (const RoofPoint& point : baselinePoints_) {
            std::optional<size_t> partner;
            for (size_t i = 0; i < points_.size() && !partner; ++i) {
                if (points_[i].name == point.name) {
                    partner = i;
                }
            }
            partner_.push_back(partner);
        }
    }

    double loX = INFINITY, hiX = -INFINITY, loY = INFINITY, hiY = -INFINITY;
    for (const auto* list : {&points_, &baselinePoints_}) {
        for (const RoofPoint& point : *list) {
            loX = std::min(loX, point.intensity);
            hiX = std::max(hiX, point.intensity);
            loY = std::min(loY, point.gflops);
            hiY = std::max(hiY, point.gflops);
            if (std::find(deviceKinds_.begin(), deviceKinds_.end(), point.device) ==
                deviceKinds_.end()) {
                deviceKinds_.push_back(point.device);
            }
            if (std::find(kinds_.begin(), kinds_.end(), point.kind) == kinds_.end()) {
                kinds_.push_back(point.kind);
            }
        }
    }
    if (empty()) {
        return;
    }
    for (const auto* list : {&devices_, &baselineDevices_}) {
        for (const RoofDevice& roof : *list) {
            for (const RoofCeiling& ceiling : roof.compute) {
                if (ceiling.ridgeIntensity) {
                    loX = std::min(loX, *ceiling.ridgeIntensity);
                    hiX = std::max(hiX, *ceiling.ridgeIntensity);
                }
            }
            if (std::find(deviceKinds_.begin(), deviceKinds_.end(), roof.kind) ==
                deviceKinds_.end()) {
                deviceKinds_.push_back(roof.kind);
            }
        }
    }
    // Room on both sides: the memory roofs rise out of the left edge, the compute roofs run to
    // the right one, and the ceilings' labels need the space.
    loX /= 4;
    hiX *= 4;
    for (const auto* list : {&devices_, &baselineDevices_}) {
        for (const RoofDevice& roof : *list) {
            for (const RoofCeiling& ceiling : roof.compute) {
                hiY = std::max(hiY, ceiling.gflops);
            }
            if (roof.bandwidthGBs) {
                loY = std::min(loY, *roof.bandwidthGBs * loX);
            }
        }
    }
    intensityRange_ = {loX, hiX};
    performanceRange_ = {loY / 2, hiY * 3};
    std::stable_sort(
        deviceKinds_.begin(), deviceKinds_.end(),
        [](const std::string& a, const std::string& b) { return deviceOrder(a) < deviceOrder(b); });
    std::sort(kinds_.begin(), kinds_.end());
}

double RooflineSeries::bytesPerElement(const std::string& precision) {
    if (precision == "fp16" || precision == "bf16") {
        return 2;
    }
    if (precision == "int8" || precision == "fp8") {
        return 1;
    }
    return 4;  // fp32, and tf32, which is FP32 in memory and rounded only inside the tensor core
}

BytesMoved RooflineSeries::bytesMoved(const VariantSummaryRow& variant) {
    // C(m x n) = W(m x k) . X(k x n), `batch` times: each operand crosses memory at least once.
    // X is read in the variant's precision; C is written as FP32 (the low-precision GEMMs of
    // this project accumulate and write FP32). For the mlp, m x k is the whole network read as
    // its weights, X the input images and C the logits: the activations between layers are
    // assumed to stay in cache, so its intensity is an upper bound.
    BytesMoved bytes;
    const double batch = double(std::max<int64_t>(variant.batch, 1));
    const double element = bytesPerElement(variant.precision);
    if (variant.weightBytes && *variant.weightBytes > 0) {
        bytes.weights = double(*variant.weightBytes);
    } else {
        bytes.weights = double(variant.m) * double(variant.k) * element;
        bytes.weightsEstimated = true;
    }
    bytes.input = double(variant.k) * double(variant.n) * batch * element;
    bytes.output = double(variant.m) * double(variant.n) * batch * 4.0;
    return bytes;
}

std::optional<double> RooflineSeries::arithmeticIntensity(const VariantSummaryRow& variant) {
    const double bytes = bytesMoved(variant).total();
    const double flops = actualFlops(variant);
    if (!(flops > 0) || !(bytes > 0)) {
        return std::nullopt;
    }
    return flops / bytes;
}

std::optional<double> RooflineSeries::performance(const VariantSummaryRow& variant,
                                                  bool* deviceRate) {
    if (deviceRate != nullptr) {
        *deviceRate = false;
    }
    if (variant.status != VariantStatus::Ok) {
        return std::nullopt;
    }
    std::optional<double> rate = variant.gflops;
    if (variant.device == "gpu" && variant.deviceGflops && *variant.deviceGflops > 0) {
        rate = variant.deviceGflops;
        if (deviceRate != nullptr) {
            *deviceRate = true;
        }
    }
    if (!rate || !std::isfinite(*rate) || !(*rate > 0) || !(variant.flops > 0)) {
        return std::nullopt;
    }
    // The recorded rate is dense-equivalent: scaled to the work the call did.
    return *rate * actualFlops(variant) / variant.flops;
}

double RooflineSeries::ridgeIntensity(double computeGflops, double bandwidthGBs) {
    return computeGflops / bandwidthGBs;
}

double RooflineSeries::attainable(double intensity, double computeGflops,
                                  std::optional<double> bandwidthGBs) {
    return bandwidthGBs ? std::min(computeGflops, *bandwidthGBs * intensity) : computeGflops;
}

RoofDevice RooflineSeries::roofOf(const DeviceRow& row) {
    const DeviceInfo& info = row.info;
    RoofDevice roof;
    roof.kind = info.kind;
    roof.name = QString::fromStdString(info.name);
    if (info.memBandwidthGBs && std::isfinite(*info.memBandwidthGBs) && *info.memBandwidthGBs > 0) {
        roof.bandwidthGBs = info.memBandwidthGBs;
    }
    for (const PrecisionCeiling& measured : info.precisionCeilings) {
        if (!std::isfinite(measured.gflops) || !(measured.gflops > 0)) {
            continue;  // a ceiling that failed to measure is stored as NULL
        }
        const QString precision = QString::fromStdString(measured.precision);
        // Precisions measured at the same rate share one line: two labels on one line would
        // be drawn over each other.
        auto same = std::find_if(roof.compute.begin(), roof.compute.end(), [&](const auto& c) {
            return std::abs(c.gflops - measured.gflops) <= 1e-3 * measured.gflops;
        });
        if (same != roof.compute.end()) {
            same->precisions.append(precision);
        } else {
            roof.compute.push_back(
                RoofCeiling{.precisions = {precision}, .gflops = measured.gflops});
        }
    }
    // Recordings without per-precision ceilings still have the FP32 peak.
    if (roof.compute.empty() && info.peakGflops && std::isfinite(*info.peakGflops) &&
        *info.peakGflops > 0) {
        roof.compute.push_back(RoofCeiling{.precisions = {u"peak"_s}, .gflops = *info.peakGflops});
    }
    std::stable_sort(
        roof.compute.begin(), roof.compute.end(),
        [](const RoofCeiling& a, const RoofCeiling& b) { return a.gflops > b.gflops; });
    for (RoofCeiling& ceiling : roof.compute) {
        if (roof.bandwidthGBs) {
            ceiling.ridgeIntensity = ridgeIntensity(ceiling.gflops, *roof.bandwidthGBs);
        }
        // Integer rates are operations, not floating-point ones: each group says its unit.
        QStringList floats;
        QStringList integers;
        for (const QString& precision : ceiling.precisions) {
            (isInteger(precision) ? integers : floats).append(precision);
        }
        QStringList parts;
        if (!floats.isEmpty()) {
            parts << floats.join(u", "_s) + u" "_s + formatRate(ceiling.gflops, false);
        }
        if (!integers.isEmpty()) {
            parts << integers.join(u", "_s) + u" "_s + formatRate(ceiling.gflops, true);
        }
        ceiling.label = parts.join(u" · "_s);
    }
    return roof;
}

std::optional<RoofPoint> RooflineSeries::pointOf(const VariantSummaryRow& variant,
                                                 const RoofDevice* device) {
    bool deviceRate = false;
    const std::optional<double> rate = performance(variant, &deviceRate);
    const std::optional<double> intensity = arithmeticIntensity(variant);
    if (!rate || !intensity) {
        return std::nullopt;
    }
    RoofPoint point;
    point.name = QString::fromStdString(variant.name);
    point.device = variant.device;
    point.backend = variant.backend;
    point.precision = variant.precision;
    point.structure = variant.structure;
    point.kind = compressionOf(variant);
    point.flops = actualFlops(variant);
    point.bytes = bytesMoved(variant);
    point.intensity = *intensity;
    point.gflops = *rate;
    point.deviceRate = deviceRate;
    const auto perJoule = [&](const std::optional<double>& joules) -> std::optional<double> {
        return joules && *joules > 0 ? std::optional<double>(point.flops / *joules / 1e9)
                                     : std::nullopt;
    };
    point.gflopsPerWatt = perJoule(variant.joulesPerCall);
    point.gflopsPerWattAboveIdle = perJoule(variant.joulesAboveIdle);
    if (device != nullptr) {
        // The roof of the variant's own precision, else FP32's, else the measured peak.
        const RoofCeiling* roof = nullptr;
        for (const QString& wanted :
             {QString::fromStdString(variant.precision), u"fp32"_s, u"peak"_s}) {
            for (const RoofCeiling& ceiling : device->compute) {
                if (roof == nullptr && ceiling.precisions.contains(wanted)) {
                    roof = &ceiling;
                }
            }
        }
        if (roof != nullptr) {
            point.roofName = roof->precisions.contains(QString::fromStdString(variant.precision))
                                 ? QString::fromStdString(variant.precision)
                                 : roof->precisions.front();
            point.roofGflops = attainable(point.intensity, roof->gflops, device->bandwidthGBs);
        } else if (device->bandwidthGBs) {
            point.roofName = u"memory"_s;
            point.roofGflops = *device->bandwidthGBs * point.intensity;
        }
        point.aboveRoof = point.roofGflops && point.gflops > *point.roofGflops;
    }
    return point;
}

}  // namespace costscope
