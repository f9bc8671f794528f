// Where pruning starts to pay: from the speedups over dense measured at a few sparsities, the
// bracket the break-even lies in (the two measured sparsities around it) and an estimate inside
// it. The recorder's summary, the Sweeps chart and the reports all say it from here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "profiler/analysis/Workload.h"
#include "profiler/store/RecordingRows.h"

namespace costscope {

struct SparsityPoint {
    double sparsity = 0;  // 0..1
    double speedup = 0;   // dense reference median / this variant's median
};

struct BreakEven {
    enum class Kind {
        Crossed,           // slower up to `slowerUpTo`, faster from `fasterFrom` on
        NeverFaster,       // no sparsity measured beats dense
        FasterThroughout,  // already faster at the lowest sparsity measured
        NotSustained,      // faster somewhere, but slower again at the highest sparsity measured
    };
    Kind kind = Kind::NeverFaster;
    std::optional<double> slowerUpTo;  // the highest sparsity measured at or below 1x
    std::optional<double> fasterFrom;  // Crossed: the next sparsity measured, above 1x;
                                       // otherwise the lowest above 1x
    // Crossed: where the line between the bracket's two points crosses 1x, interpolated in
    // log(speedup) against sparsity, the space the Sweeps chart draws in (its speedup axis is
    // logarithmic), so the marker lies on the drawn line. An estimate: only the bracket was
    // measured.
    std::optional<double> estimate;

    // From points in any order.
    static BreakEven of(std::vector<SparsityPoint> points);
    // "pays from 70 % (still slower at 60 %; break-even ≈ 64 %, between the two)",
    // "never pays up to 99 %", ... (no device or backend).
    std::string describe() const;
    // The same in a few words, for a legend line: "break-even ≈ 64 % (slower at 60 %, faster at
    // 70 %)", "never pays up to 99 %", "pays at every fraction measured, from 50 %", "faster
    // from 60 %, slower again at 90 %".
    std::string brief() const;
};

// The pruned variants of one pruning kind, device, backend, precision and workload, against their
// speedup reference (speedupReference(), the same for all of them), by the fraction of weights
// removed (VariantSummaryRow::sparsity). For the mlp, the fine-tuned models only (the ones a user
// deploys; fine-tuning changes the accuracy, not the time).
struct PruningCurve {
    CompressionKind kind = CompressionKind::Pruned;  // Pruned, Structured24 or StructuredPruned
    bool model = false;                              // the mlp workload (n is its batch)
    std::string device;
    std::string backend;
    std::string precision;
    int64_t m = 0;
    int64_t n = 0;
    int64_t k = 0;
    const VariantSummaryRow* reference = nullptr;  // points into the run's rows
    struct Point {
        const VariantSummaryRow* variant = nullptr;
        double sparsity = 0;
        double speedup = 0;
    };
    std::vector<Point> points;  // by sparsity
    BreakEven breakEven;
};

// The run's pruning curves, in the order their first variant was recorded. Timed pruned variants
// with no dense FP32 reference on their device are left out, and listed in `unmatched` when
// given.
std::vector<PruningCurve> pruningCurves(const std::vector<VariantSummaryRow>& run,
                                        std::vector<const VariantSummaryRow*>* unmatched = nullptr);

// One question a run answers about pruning: one pruning kind of one workload on one device, at one
// precision, through each backend that ran it. Its answer is the backend whose pruning pays
// first: the break-even a user could get, not the one a weaker library gives.
struct PruningChoice {
    std::vector<const PruningCurve*> curves;  // every backend's, in the order recorded
    // The curve with the lowest sparsity from which it pays (the estimate when the curve crossed,
    // the lowest measured when faster throughout); ties, and curves that never pay, go to the
    // higher speedup at the lowest sparsity measured. Never null.
    const PruningCurve* best = nullptr;
};

// The choices among pruningCurves(run), in the order their first curve comes. A choice with
// one curve has no contest; the recorder and the reports say "best" only for more.
std::vector<PruningChoice> pruningChoices(const std::vector<PruningCurve>& curves);

// "56 %" for 0.56 (a whole percent, or one decimal below 1 % from a whole one).
std::string percentText(double fraction);

}  // namespace costscope
