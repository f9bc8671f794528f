// What a variant is, in the terms every view, report and the recorder's summary compare by: its
// workload (the product it computes), what it does to save compute, and the reference a
// "speedup" divides by. One home, so the same figure reads the same everywhere.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "profiler/store/RecordingRows.h"

namespace costscope {

// What a variant does to save compute, as the trade-off map's markers and the legends show it.
enum class CompressionKind {
    Dense,         // FP32 (the reference)
    LowPrecision,  // TF32, FP16, BF16
    Int8,
    Fp8,
    Pruned,        // unstructured (CSR)
    Structured24,  // 2:4
    PrunedInt8,    // a pruned model, then quantized
    // Structured: whole output features (GEMM) or hidden neurons (mlp) removed, a smaller
    // dense product. Last before Count, so the kinds before it keep their markers and colours.
    StructuredPruned,
    Distilled,  // a smaller student model
    Count
};

CompressionKind compressionOf(const VariantSummaryRow& variant);

// A variant with a measured median (ok, not skipped or failed, and above zero).
bool isTimed(const VariantSummaryRow& variant);

// The pruning a variant's curve on the Sweeps chart belongs to: Pruned (unstructured),
// Structured24 or StructuredPruned, whatever the precision after it (struct50-int8 and
// neurons50-ft-int8 are structured); nullopt for variants that prune nothing.
std::optional<CompressionKind> pruningOf(const VariantSummaryRow& variant);
// "unstructured", "2:4", "structured": the pruning kind as text and tables name it.
std::string pruningText(CompressionKind kind);

// The product a variant computes, whatever it does to save compute: "GEMM 1024×1024×1024" (a
// batched one "GEMM 64×64×64×8"), "mlp b64" for the model at a batch of 64 images.
std::string workloadOf(const VariantSummaryRow& variant);
// The mlp variant's model ("dense", "pruned90-ft" ...), from its name; "" for other families.
std::string modelOf(const VariantSummaryRow& variant);
// Calls of a variant compare per call; across batch sizes they compare per item: images for the
// mlp, GEMMs for a batched GEMM. 1 for an unbatched GEMM.
int64_t itemsPerCall(const VariantSummaryRow& variant);

// The operations a call actually performs, which a roofline must plot against: a CSR weight
// multiplies only its non-zeros (2 * nnz * n, nnz = (1 - sparsity) * m * k), a 2:4 weight half of
// its entries, a pruned model the share of its weights left. The dense-equivalent `flops` (what
// the same product costs dense) is what speedups and the tables' GFLOP/s use, labelled so.
double actualFlops(const VariantSummaryRow& variant);

// The reference of every speedup costscope shows (Compare, the sweeps, the recorder's "pruning
// pays" lines, the reports): the fastest dense FP32 variant of the same workload on the same
// device, the teacher model's for the mlp. Null when that device measured none.
const VariantSummaryRow* speedupReference(const std::vector<VariantSummaryRow>& run,
                                          const VariantSummaryRow& variant);
// How the reference is named in axis labels and tables.
constexpr const char* kSpeedupReferenceText =
    "the fastest dense FP32 variant of the same workload on the same device";

}  // namespace costscope
