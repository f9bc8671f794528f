// The Sweeps chart's data: speedup over dense FP32 against sparsity (with the break-even point)
// and against precision, one curve per device and backend.
#pragma once

#include <QString>
#include <QStringList>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/core/RunData.h"

namespace costscope {

// One measured variant on a curve.
struct SweepPoint {
    double x = 0;         // sparsity 0..1, or the precision's category index
    double speedup = 0;   // reference median / this median
    double medianMs = 0;  // this variant's end-to-end median
    std::string variant;
    std::string precision;
};

// Where pruning starts to beat dense, read as the store's pruning_crossover view reads it:
// slowerUpTo is the highest sparsity whose median is at or above dense, fasterFrom the lowest
// below it.
struct BreakEven {
    enum class Kind {
        Crossed,           // slower up to some sparsity, faster beyond: `sparsity` interpolated
        NeverFaster,       // no sparsity measured beats dense
        FasterThroughout,  // already faster at the lowest sparsity measured
        NotSustained,      // faster somewhere, but slower again at the highest sparsity measured
    };
    Kind kind = Kind::NeverFaster;
    double sparsity = 0;  // Crossed: 0..1, linear between the two points around speedup 1
    std::optional<double> slowerUpTo;
    std::optional<double> fasterFrom;
};

// One pruned (CSR) series of a device, backend and shape.
struct SparsityCurve {
    std::string device;
    std::string backend;
    int64_t m = 0;
    int64_t n = 0;
    int64_t k = 0;
    QString label;                   // "cpu librsb", with the shape when the run has several
    double denseMs = 0;              // the best dense FP32 median of the device and shape
    std::string denseVariant;        // the variant that gave it
    std::vector<SweepPoint> points;  // by sparsity
    BreakEven breakEven;
};

// The dense variants of one device and workload, by precision.
struct PrecisionCurve {
    std::string device;
    QString label;  // "cpu GEMM 1024×1024×1024", "mlp b1024 cpu"
    bool model = false;
    double referenceMs = 0;  // the best FP32 median
    std::string referenceVariant;
    std::vector<SweepPoint> points;  // in precisionOrder(), x the index in precisions()
};

class SweepSeries {
  public:
    explicit SweepSeries(const RunData& run);

    // CPU curves first, then GPU; each kind in the order its first variant was recorded.
    const std::vector<SparsityCurve>& sparsityCurves() const { return sparsity_; }
    const std::vector<PrecisionCurve>& precisionCurves() const { return precision_; }
    // The precisions on the precision axis: those of the curves, in precisionOrder().
    const std::vector<std::string>& precisions() const { return precisions_; }
    // What could not be drawn, and why (a workload without an FP32 reference ...).
    const QStringList& notes() const { return notes_; }

    // The break-even of points sorted by sparsity (x 0..1, speedup = dense / pruned).
    static BreakEven breakEvenOf(const std::vector<SweepPoint>& points);
    // "break-even ≈ 71 %", "never faster than dense", ...
    static QString describe(const BreakEven& breakEven);
    // fp32, tf32, fp16, bf16, int8, fp8 are 0..5; anything else after them.
    static int precisionRank(const std::string& precision);

  private:
    void shapeSparsity(const RunData& run);
    void shapePrecision(const RunData& run);

    std::vector<SparsityCurve> sparsity_;
    std::vector<PrecisionCurve> precision_;
    std::vector<std::string> precisions_;
    QStringList notes_;
};

}  // namespace costscope
