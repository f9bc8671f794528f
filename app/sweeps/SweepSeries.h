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
#include "profiler/analysis/BreakEven.h"

namespace costscope {

// One measured variant on a curve.
struct SweepPoint {
    double x = 0;         // sparsity 0..1, or the precision's category index
    double speedup = 0;   // reference median / this median
    double medianMs = 0;  // this variant's end-to-end median
    std::string variant;
    std::string precision;
};

// One pruned (CSR) series of a device, backend and shape.
struct SparsityCurve {
    std::string device;
    std::string backend;
    int64_t m = 0;
    int64_t n = 0;
    int64_t k = 0;
    QString label;                   // "cpu librsb", with the shape when the run has several
    double denseMs = 0;              // its speedup reference's median (speedupReference())
    std::string denseVariant;        // the variant that gave it
    std::vector<SweepPoint> points;  // by sparsity
    BreakEven breakEven;             // the bracket and its estimate
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
