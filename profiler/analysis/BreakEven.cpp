// The break-even bracket of a sparsity sweep, and its estimate on the drawn curve.
#include "profiler/analysis/BreakEven.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "profiler/analysis/Workload.h"

namespace costscope {

std::string percentText(double fraction) {
    const double percent = fraction * 100.0;
    char text[32];
    const bool whole = std::abs(percent - std::round(percent)) < 0.05;
    std::snprintf(text, sizeof text, whole ? "%.0f %%" : "%.1f %%", percent);
    return text;
}

BreakEven BreakEven::of(std::vector<SparsityPoint> points) {
    std::sort(points.begin(), points.end(), [](const SparsityPoint& a, const SparsityPoint& b) {
        return a.sparsity < b.sparsity;
    });
    BreakEven result;
    // At or below 1x is "median at or above dense", the pruning_crossover view's condition.
    const SparsityPoint* lastSlower = nullptr;
    for (const SparsityPoint& point : points) {
        if (point.speedup <= 1.0)
            lastSlower = &point;
        else if (!result.fasterFrom)
            result.fasterFrom = point.sparsity;
    }
    if (!result.fasterFrom) {
        result.kind = Kind::NeverFaster;
        if (lastSlower)
            result.slowerUpTo = lastSlower->sparsity;
        return result;
    }
    if (!lastSlower) {
        result.kind = Kind::FasterThroughout;
        return result;
    }
    result.slowerUpTo = lastSlower->sparsity;
    // Between the last slower point and the next one, which is faster by construction; when a
    // series dips back (faster at 50 %, slower at 70 %), pruning pays only after the last dip.
    const auto faster = std::find_if(points.begin(), points.end(), [&](const SparsityPoint& p) {
        return p.sparsity > lastSlower->sparsity;
    });
    if (faster == points.end()) {
        result.kind = Kind::NotSustained;
        return result;
    }
    result.kind = Kind::Crossed;
    result.fasterFrom = faster->sparsity;
    const double low = std::log(std::max(lastSlower->speedup, 1e-300));
    const double high = std::log(faster->speedup);
    const double t = high > low ? (0.0 - low) / (high - low) : 1.0;
    result.estimate = lastSlower->sparsity + t * (faster->sparsity - lastSlower->sparsity);
    return result;
}

std::string BreakEven::describe() const {
    switch (kind) {
        case Kind::Crossed:
            return "pays from " + percentText(*fasterFrom) + " (still slower at " +
                   percentText(*slowerUpTo) + "; break-even ≈ " + percentText(*estimate) +
                   ", between the two)";
        case Kind::NeverFaster:
            return slowerUpTo ? "never pays up to " + percentText(*slowerUpTo)
                              : "never pays (nothing measured)";
        case Kind::FasterThroughout:
            return "pays at every sparsity measured, from " + percentText(*fasterFrom);
        case Kind::NotSustained:
            return "no break-even: faster from " + percentText(*fasterFrom) +
                   ", but slower again at " + percentText(*slowerUpTo);
    }
    return {};
}

std::string BreakEven::brief() const {
    switch (kind) {
        case Kind::Crossed:
            return "break-even ≈ " + percentText(*estimate) + " (slower at " +
                   percentText(*slowerUpTo) + ", faster at " + percentText(*fasterFrom) + ")";
        case Kind::NeverFaster:
            return describe();
        case Kind::FasterThroughout:
            return "pays at every fraction measured, from " + percentText(*fasterFrom);
        case Kind::NotSustained:
            return "faster from " + percentText(*fasterFrom) + ", slower again at " +
                   percentText(*slowerUpTo);
    }
    return {};
}

std::vector<PruningCurve> pruningCurves(const std::vector<VariantSummaryRow>& run,
                                        std::vector<const VariantSummaryRow*>* unmatched) {
    std::vector<PruningCurve> curves;
    for (const VariantSummaryRow& variant : run) {
        const std::optional<CompressionKind> kind = pruningOf(variant);
        if (!kind || !isTimed(variant))
            continue;
        const bool model = variant.family == "mlp";
        if (model && modelOf(variant).find("-ft") == std::string::npos)
            continue;  // the same time as its fine-tuned copy: the accuracy panel shows both
        auto curve = std::find_if(curves.begin(), curves.end(), [&](const PruningCurve& c) {
            return c.kind == *kind && c.model == model && c.device == variant.device &&
                   c.backend == variant.backend && c.precision == variant.precision &&
                   c.m == variant.m && c.n == variant.n && c.k == variant.k;
        });
        if (curve == curves.end()) {
            const VariantSummaryRow* reference = speedupReference(run, variant);
            if (reference == nullptr) {
                if (unmatched)
                    unmatched->push_back(&variant);
                continue;
            }
            curves.push_back(PruningCurve{.kind = *kind,
                                          .model = model,
                                          .device = variant.device,
                                          .backend = variant.backend,
                                          .precision = variant.precision,
                                          .m = variant.m,
                                          .n = variant.n,
                                          .k = variant.k,
                                          .reference = reference});
            curve = std::prev(curves.end());
        }
        curve->points.push_back(
            {&variant, variant.sparsity, *curve->reference->medianMs / *variant.medianMs});
    }
    for (PruningCurve& curve : curves) {
        std::stable_sort(curve.points.begin(), curve.points.end(),
                         [](const auto& a, const auto& b) { return a.sparsity < b.sparsity; });
        std::vector<SparsityPoint> points;
        for (const PruningCurve::Point& point : curve.points)
            points.push_back({point.sparsity, point.speedup});
        curve.breakEven = BreakEven::of(points);
    }
    return curves;
}

namespace {

// The sparsity from which a curve pays, for ranking; infinity when it never does (or dips back).
double paysFrom(const PruningCurve& curve) {
    switch (curve.breakEven.kind) {
        case BreakEven::Kind::Crossed:
            return *curve.breakEven.estimate;
        case BreakEven::Kind::FasterThroughout:
            return *curve.breakEven.fasterFrom;
        case BreakEven::Kind::NeverFaster:
        case BreakEven::Kind::NotSustained:
            break;
    }
    return std::numeric_limits<double>::infinity();
}

double firstSpeedup(const PruningCurve& curve) {
    return curve.points.empty() ? 0.0 : curve.points.front().speedup;
}

}  // namespace

std::vector<PruningChoice> pruningChoices(const std::vector<PruningCurve>& curves) {
    std::vector<PruningChoice> choices;
    for (const PruningCurve& curve : curves) {
        auto choice = std::find_if(choices.begin(), choices.end(), [&](const PruningChoice& c) {
            const PruningCurve& other = *c.curves.front();
            return other.kind == curve.kind && other.model == curve.model &&
                   other.device == curve.device && other.precision == curve.precision &&
                   other.m == curve.m && other.n == curve.n && other.k == curve.k;
        });
        if (choice == choices.end()) {
            choices.push_back(PruningChoice{{}, &curve});
            choice = std::prev(choices.end());
        }
        choice->curves.push_back(&curve);
        const double mine = paysFrom(curve), theirs = paysFrom(*choice->best);
        if (mine < theirs || (mine == theirs && firstSpeedup(curve) > firstSpeedup(*choice->best)))
            choice->best = &curve;
    }
    return choices;
}

}  // namespace costscope
