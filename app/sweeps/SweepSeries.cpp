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
    std::vector<const VariantSummaryRow*> unmatched;
    for (const PruningCurve& pruning : pruningCurves(run.variants, &unmatched)) {
        SparsityCurve curve;
        curve.device = pruning.device;
        curve.backend = pruning.backend;
        curve.m = pruning.m;
        curve.n = pruning.n;
        curve.k = pruning.k;
        curve.denseMs = *pruning.reference->medianMs;
        curve.denseVariant = pruning.reference->name;
        curve.breakEven = pruning.breakEven;
        for (const PruningCurve::Point& point : pruning.points) {
            curve.points.push_back(SweepPoint{.x = point.sparsity,
                                              .speedup = point.speedup,
                                              .medianMs = *point.variant->medianMs,
                                              .variant = point.variant->name,
                                              .precision = point.variant->precision});
        }
        sparsity_.push_back(std::move(curve));
    }
    for (const VariantSummaryRow* variant : unmatched) {
        const QString note = QString::fromStdString(variant->device + ' ' + variant->backend) +
                             u" pruned "_s + shapeOf(variant->m, variant->n, variant->k) +
                             u": no dense FP32 GEMM of that device and shape to compare with"_s;
        if (!notes_.contains(note)) {
            notes_ << note;
        }
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
