// The Sweeps chart's data: speedup over dense FP32 against the fraction of weights pruned, one
// curve per pruning kind, device and backend (with the break-even point), the mlp's accuracy
// against the same fraction, and speedup against precision.
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
    double x = 0;         // fraction of weights pruned 0..1, or the precision's category index
    double speedup = 0;   // reference median / this median
    double medianMs = 0;  // this variant's end-to-end median
    std::string variant;
    std::string precision;
};

// One pruned series of a pruning kind, device, backend, precision and workload.
struct SparsityCurve {
    CompressionKind kind = CompressionKind::Pruned;  // Pruned, Structured24, StructuredPruned
    bool model = false;                              // the mlp (n is its batch)
    std::string device;
    std::string backend;
    std::string precision;
    int64_t m = 0;
    int64_t n = 0;
    int64_t k = 0;
    // "cpu librsb", "cpu onednn int8", with the pruning kind ("· structured") when the run has
    // several.
    QString label;
    QString workload;  // "GEMM 1024×1024×1024", "mlp b1024": the Sweeps view shows one at a time
    double denseMs = 0;              // its speedup reference's median (speedupReference())
    std::string denseVariant;        // the variant that gave it
    std::vector<SweepPoint> points;  // by sparsity
    BreakEven breakEven;             // the bracket and its estimate
    // The backends that ran the same pruning of the same workload on this device and precision
    // (pruningChoices()), and whether this one pays first among them: the break-even a user
    // could get.
    int contenders = 1;
    bool best = true;
};

// The accuracy of the mlp's pruned models of one kind against the fraction of weights removed,
// from the teacher's (at 0) on: fine-tuned, or as pruned (before fine-tuning). A model's accuracy
// is the same through every FP32 backend up to rounding: each point is the model's first timed
// FP32 variant's.
struct AccuracyCurve {
    CompressionKind kind = CompressionKind::Pruned;
    bool fineTuned = true;
    QString label;  // "structured, fine-tuned"
    struct Point {
        double x = 0;         // fraction of weights removed, 0 for the teacher
        double accuracy = 0;  // 0..1
        std::string variant;
        std::string model;
    };
    std::vector<Point> points;  // by x
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
    // The workloads of the sparsity curves, in their order: the GEMM shapes, then the mlp's
    // batches.
    QStringList pruningWorkloads() const;
    // Unstructured, 2:4, structured; fine-tuned before untuned. Empty without mlp accuracies.
    const std::vector<AccuracyCurve>& accuracyCurves() const { return accuracy_; }
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
    void shapeAccuracy(const RunData& run);

    std::vector<SparsityCurve> sparsity_;
    std::vector<AccuracyCurve> accuracy_;
    std::vector<PrecisionCurve> precision_;
    std::vector<std::string> precisions_;
    QStringList notes_;
};

}  // namespace costscope
