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
    shapeAccuracy(run);
}

void SweepSeries::shapeSparsity(const RunData& run) {
    std::vector<const VariantSummaryRow*> unmatched;
    const std::vector<PruningCurve> curves = pruningCurves(run.variants, &unmatched);
    const std::vector<PruningChoice> choices = pruningChoices(curves);
    for (const PruningCurve& pruning : curves) {
        SparsityCurve curve;
        for (const PruningChoice& choice : choices) {
            if (std::find(choice.curves.begin(), choice.curves.end(), &pruning) !=
                choice.curves.end()) {
                curve.contenders = int(choice.curves.size());
                curve.best = choice.best == &pruning;
            }
        }
        curve.kind = pruning.kind;
        curve.model = pruning.model;
        curve.device = pruning.device;
        curve.backend = pruning.backend;
        curve.precision = pruning.precision;
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
        const QString note =
            QString::fromStdString(variant->device + ' ' + variant->backend) + u" pruned "_s +
            (variant->family == "mlp" ? u"mlp b"_s + QString::number(variant->n)
                                      : shapeOf(variant->m, variant->n, variant->k)) +
            u": no dense FP32 variant of that device and workload to compare with"_s;
        if (!notes_.contains(note)) {
            notes_ << note;
        }
    }
    std::stable_sort(sparsity_.begin(), sparsity_.end(), [](const auto& a, const auto& b) {
        return deviceOrder(a.device) < deviceOrder(b.device);
    });
    const auto workload = [](const SparsityCurve& curve) -> QString {
        return curve.model ? u"mlp b"_s + QString::number(curve.n)
                           : u"GEMM "_s + shapeOf(curve.m, curve.n, curve.k);
    };
    bool severalKinds = false;
    for (const SparsityCurve& curve : sparsity_) {
        severalKinds = severalKinds || curve.kind != sparsity_.front().kind;
    }
    for (SparsityCurve& curve : sparsity_) {
        curve.label = QString::fromStdString(
            curve.device + ' ' + curve.backend +
            (curve.precision == "fp32" ? std::string() : ' ' + curve.precision) +
            (severalKinds ? " · " + pruningText(curve.kind) : std::string()));
        curve.workload = workload(curve);
    }
    // GEMMs before the model, so a workload's curves stay together in the legend.
    std::stable_sort(sparsity_.begin(), sparsity_.end(),
                     [](const auto& a, const auto& b) { return a.model < b.model; });
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

QStringList SweepSeries::pruningWorkloads() const {
    QStringList workloads;
    for (const SparsityCurve& curve : sparsity_) {
        if (!workloads.contains(curve.workload)) {
            workloads << curve.workload;
        }
    }
    return workloads;
}

void SweepSeries::shapeAccuracy(const RunData& run) {
    // The teacher: the start of every curve.
    const VariantSummaryRow* teacher = nullptr;
    for (const VariantSummaryRow& variant : run.variants) {
        if (variant.family == "mlp" && modelOf(variant) == "dense" && variant.accuracy &&
            variant.status == VariantStatus::Ok) {
            teacher = &variant;
            break;
        }
    }
    std::vector<std::string> seen;  // one point per model
    for (const VariantSummaryRow& variant : run.variants) {
        const std::optional<CompressionKind> kind = pruningOf(variant);
        const std::string model = modelOf(variant);
        if (variant.family != "mlp" || !kind || !variant.accuracy ||
            variant.status != VariantStatus::Ok || variant.precision != "fp32" ||
            std::find(seen.begin(), seen.end(), model) != seen.end()) {
            continue;
        }
        seen.push_back(model);
        const bool fineTuned = model.find("-ft") != std::string::npos;
        auto curve = std::find_if(accuracy_.begin(), accuracy_.end(), [&](const AccuracyCurve& c) {
            return c.kind == *kind && c.fineTuned == fineTuned;
        });
        if (curve == accuracy_.end()) {
            AccuracyCurve fresh{.kind = *kind, .fineTuned = fineTuned};
            fresh.label = QString::fromStdString(pruningText(*kind)) +
                          (fineTuned ? u", fine-tuned"_s : u", before fine-tuning"_s);
            if (teacher != nullptr) {
                fresh.points.push_back({0.0, *teacher->accuracy, teacher->name, "dense"});
            }
            accuracy_.push_back(std::move(fresh));
            curve = std::prev(accuracy_.end());
        }
        curve->points.push_back({variant.sparsity, *variant.accuracy, variant.name, model});
    }
    for (AccuracyCurve& curve : accuracy_) {
        std::stable_sort(curve.points.begin(), curve.points.end(),
                         [](const auto& a, const auto& b) { return a.x < b.x; });
    }
    const auto rank = [](const AccuracyCurve& c) {
        const int kind = c.kind == CompressionKind::Pruned         ? 0
                         : c.kind == CompressionKind::Structured24 ? 1
                                                                   : 2;
        return std::make_tuple(c.fineTuned ? 0 : 1, kind);
    };
    std::stable_sort(accuracy_.begin(), accuracy_.end(),
                     [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
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
