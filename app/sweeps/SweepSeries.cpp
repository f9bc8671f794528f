// SweepSeries: pruned series against their dense reference, dense variants by precision.
#include "app/sweeps/SweepSeries.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <tuple>

#include "app/charts/ChartStyle.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

QString shapeOf(int64_t m, int64_t n, int64_t k, int64_t batch = 1) {
    QString text = QString::number(m) + u"×"_s + QString::number(n) + u"×"_s + QString::number(k);
    if (batch > 1) {
        text += u"×"_s + QString::number(batch);
    }
    return text;
}

QString percent(double fraction) {
    const double value = fraction * 100.0;
    // Whole percent reads best; near the ends it would hide the difference (99.5 % is not 100 %).
    const bool nearEnd = value < 1.0 || value > 99.0;
    const int decimals = nearEnd && std::abs(value - std::round(value)) > 0.05 ? 1 : 0;
    return QString::number(value, 'f', decimals) + u" %"_s;
}

struct Best {
    double ms = 0;
    std::string variant;
};

void keepBest(Best& best, const VariantSummaryRow& variant) {
    if (best.variant.empty() || *variant.medianMs < best.ms) {
        best = Best{*variant.medianMs, variant.name};
    }
}

}  // namespace

SweepSeries::SweepSeries(const RunData& run) {
    shapeSparsity(run);
    shapePrecision(run);
}

void SweepSeries::shapeSparsity(const RunData& run) {
    // As the pruning_crossover view: the best dense FP32 GEMM of the device and shape.
    using ShapeKey = std::tuple<std::string, int64_t, int64_t, int64_t>;
    std::map<ShapeKey, Best> dense;
    for (const VariantSummaryRow& variant : run.variants) {
        if (variant.family == "gemm" && variant.precision == "fp32" && isTimed(variant)) {
            keepBest(dense[{variant.device, variant.m, variant.n, variant.k}], variant);
        }
    }
    for (const VariantSummaryRow& variant : run.variants) {
        if (variant.family != "pruned" || variant.structure != "csr" || !isTimed(variant)) {
            continue;
        }
        auto curve = std::find_if(sparsity_.begin(), sparsity_.end(), [&](const auto& c) {
            return c.device == variant.device && c.backend == variant.backend && c.m == variant.m &&
                   c.n == variant.n && c.k == variant.k;
        });
        if (curve == sparsity_.end()) {
            const auto reference = dense.find({variant.device, variant.m, variant.n, variant.k});
            if (reference == dense.end()) {
                const QString note =
                    QString::fromStdString(variant.device + ' ' + variant.backend) + u" pruned "_s +
                    shapeOf(variant.m, variant.n, variant.k) +
                    u": no dense FP32 GEMM of that device and shape to compare with"_s;
                if (!notes_.contains(note)) {
                    notes_ << note;
                }
                continue;
            }
            SparsityCurve added;
            added.device = variant.device;
            added.backend = variant.backend;
            added.m = variant.m;
            added.n = variant.n;
            added.k = variant.k;
            added.denseMs = reference->second.ms;
            added.denseVariant = reference->second.variant;
            sparsity_.push_back(std::move(added));
            curve = std::prev(sparsity_.end());
        }
        curve->points.push_back(SweepPoint{.x = variant.sparsity,
                                           .speedup = curve->denseMs / *variant.medianMs,
                                           .medianMs = *variant.medianMs,
                                           .variant = variant.name,
                                           .precision = variant.precision});
    }
    std::stable_sort(sparsity_.begin(), sparsity_.end(), [](const auto& a, const auto& b) {
        return deviceOrder(a.device) < deviceOrder(b.device);
    });
    bool severalShapes = false;
    for (const SparsityCurve& curve : sparsity_) {
        const SparsityCurve& first = sparsity_.front();
        severalShapes =
            severalShapes || curve.m != first.m || curve.n != first.n || curve.k != first.k;
    }
    for (SparsityCurve& curve : sparsity_) {
        std::stable_sort(curve.points.begin(), curve.points.end(),
                         [](const auto& a, const auto& b) { return a.x < b.x; });
        curve.breakEven = breakEvenOf(curve.points);
        curve.label = QString::fromStdString(curve.device + ' ' + curve.backend);
        if (severalShapes) {
            curve.label += u' ' + shapeOf(curve.m, curve.n, curve.k);
        }
    }
}

void SweepSeries::shapePrecision(const RunData& run) {
    // One curve per device and workload: the GEMM shape, or the model's batch.
    struct Group {
        bool model = false;
        std::string device;
        QString label;
        std::map<std::string, Best> byPrecision;
    };
    std::vector<Group> groups;
    for (const VariantSummaryRow& variant : run.variants) {
        const bool model = variant.family == "mlp";
        if (!isTimed(variant) || variant.structure != "dense" ||
            (!model && variant.family != "gemm" && variant.family != "quantized")) {
            continue;
        }
        const CompressionKind kind = compressionOf(variant);
        if (kind != CompressionKind::Dense && kind != CompressionKind::LowPrecision &&
            kind != CompressionKind::Int8 && kind != CompressionKind::Fp8) {
            continue;  // a distilled student is another model, not another precision
        }
        const QString device = QString::fromStdString(variant.device);
        const QString label =
            model ? QString(u"mlp b"_s + QString::number(variant.n) + u' ' + device)
                  : QString(device + u" GEMM "_s +
                            shapeOf(variant.m, variant.n, variant.k, variant.batch));
        auto group = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
            return g.model == model && g.label == label;
        });
        if (group == groups.end()) {
            groups.push_back(Group{model, variant.device, label, {}});
            group = std::prev(groups.end());
        }
        // As for pruning, the FP32 reference is a dense GEMM (not a quantized family).
        if (variant.precision == "fp32" && !model && variant.family != "gemm") {
            continue;
        }
        keepBest(group->byPrecision[variant.precision], variant);
    }
    std::stable_sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) {
        return std::make_tuple(a.model, deviceOrder(a.device)) <
               std::make_tuple(b.model, deviceOrder(b.device));
    });

    for (const Group& group : groups) {
        const auto reference = group.byPrecision.find("fp32");
        if (reference == group.byPrecision.end()) {
            notes_ << group.label +
                          u": no dense FP32 variant to compare the other precisions with"_s;
            continue;
        }
        if (group.byPrecision.size() < 2) {
            continue;  // FP32 alone: nothing to compare
        }
        PrecisionCurve curve;
        curve.device = group.device;
        curve.label = group.label;
        curve.model = group.model;
        curve.referenceMs = reference->second.ms;
        curve.referenceVariant = reference->second.variant;
        for (const auto& [precision, best] : group.byPrecision) {
            curve.points.push_back(SweepPoint{.x = 0,
                                              .speedup = curve.referenceMs / best.ms,
                                              .medianMs = best.ms,
                                              .variant = best.variant,
                                              .precision = precision});
        }
        std::stable_sort(curve.points.begin(), curve.points.end(),
                         [](const auto& a, const auto& b) {
                             return std::make_tuple(precisionRank(a.precision), a.precision) <
                                    std::make_tuple(precisionRank(b.precision), b.precision);
                         });
        for (const SweepPoint& point : curve.points) {
            if (std::find(precisions_.begin(), precisions_.end(), point.precision) ==
                precisions_.end()) {
                precisions_.push_back(point.precision);
            }
        }
        precision_.push_back(std::move(curve));
    }
    std::stable_sort(precisions_.begin(), precisions_.end(), [](const auto& a, const auto& b) {
        return std::make_tuple(precisionRank(a), a) < std::make_tuple(precisionRank(b), b);
    });
    for (PrecisionCurve& curve : precision_) {
        for (SweepPoint& point : curve.points) {
            point.x = double(std::find(precisions_.begin(), precisions_.end(), point.precision) -
                             precisions_.begin());
        }
    }
}

BreakEven SweepSeries::breakEvenOf(const std::vector<SweepPoint>& points) {
    BreakEven result;
    // speedup <= 1 is "median at or above dense", the view's slower_up_to condition.
    for (const SweepPoint& point : points) {
        if (point.speedup <= 1.0) {
            result.slowerUpTo = std::max(result.slowerUpTo.value_or(point.x), point.x);
        } else {
            result.fasterFrom = std::min(result.fasterFrom.value_or(point.x), point.x);
        }
    }
    if (!result.fasterFrom.has_value()) {
        result.kind = BreakEven::Kind::NeverFaster;
        return result;
    }
    if (!result.slowerUpTo.has_value()) {
        result.kind = BreakEven::Kind::FasterThroughout;
        result.sparsity = *result.fasterFrom;
        return result;
    }
    // Between the last slower point and the next one, which is faster by construction; when a
    // series dips back (faster at 50 %, slower at 70 %), pruning pays only after the last dip.
    const SweepPoint* slower = nullptr;
    const SweepPoint* faster = nullptr;
    for (const SweepPoint& point : points) {
        if (point.speedup <= 1.0 && point.x == *result.slowerUpTo) {
            slower = &point;
        }
    }
    for (const SweepPoint& point : points) {
        if (point.x > *result.slowerUpTo && point.speedup > 1.0) {
            faster = &point;
            break;
        }
    }
    if (faster == nullptr) {
        result.kind = BreakEven::Kind::NotSustained;
        return result;
    }
    result.kind = BreakEven::Kind::Crossed;
    // Linear on the plotted curve, so the marker sits on the line where it crosses 1×.
    const double t = (1.0 - slower->speedup) / (faster->speedup - slower->speedup);
    result.sparsity = slower->x + t * (faster->x - slower->x);
    return result;
}

QString SweepSeries::describe(const BreakEven& breakEven) {
    switch (breakEven.kind) {
        case BreakEven::Kind::Crossed:
            return u"break-even ≈ "_s + percent(breakEven.sparsity);
        case BreakEven::Kind::NeverFaster:
            return u"never faster than dense"_s;
        case BreakEven::Kind::FasterThroughout:
            return u"faster than dense from the lowest sparsity measured ("_s +
                   percent(breakEven.sparsity) + u')';
        case BreakEven::Kind::NotSustained:
            return u"no break-even: slower than dense at the highest sparsity"_s;
    }
    return {};
}

int SweepSeries::precisionRank(const std::string& precision) {
    static constexpr std::array<const char*, 6> order = {"fp32", "tf32", "fp16",
                                                         "bf16", "int8", "fp8"};
    for (size_t i = 0; i < order.size(); ++i) {
        if (precision == order[i]) {
            return int(i);
        }
    }
    return int(order.size());
}

}  // namespace costscope
