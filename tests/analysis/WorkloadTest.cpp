// Workloads, compression kinds, items per call and the one speedup reference.
#include "profiler/analysis/Workload.h"

#include <gtest/gtest.h>

namespace costscope {
namespace {

VariantSummaryRow row(std::string name, std::string device, std::string precision,
                      std::string structure, double ms, int64_t size = 1024) {
    VariantSummaryRow r;
    r.name = std::move(name);
    r.family = r.name.substr(0, r.name.find('/'));
    r.device = std::move(device);
    r.precision = std::move(precision);
    r.structure = std::move(structure);
    r.m = r.n = r.k = size;
    if (r.family == "mlp") {
        r.n = 64;  // the batch
        r.m = 512;
        r.k = 784;
    }
    r.status = VariantStatus::Ok;
    r.medianMs = ms;
    return r;
}

TEST(Workload, NamesTheProductAVariantComputes) {
    EXPECT_EQ(workloadOf(row("gemm/fp32/openblas/cpu/1024x1024x1024", "cpu", "fp32", "dense", 1)),
              "GEMM 1024×1024×1024");
    EXPECT_EQ(workloadOf(row("mlp/dense/openblas/cpu/b64", "cpu", "fp32", "dense", 1)), "mlp b64");
    EXPECT_EQ(modelOf(row("mlp/pruned90-ft/costscope/cpu/b64", "cpu", "fp32", "csr", 1)),
              "pruned90-ft");
    EXPECT_EQ(itemsPerCall(row("mlp/dense/openblas/cpu/b64", "cpu", "fp32", "dense", 1)), 64);
    EXPECT_EQ(itemsPerCall(row("gemm/fp32/openblas/cpu/1024x1024x1024", "cpu", "fp32", "dense", 1)),
              1);
}

TEST(Workload, CompressionKindsOfGemmsAndModels) {
    EXPECT_EQ(compressionOf(row("mlp/student-kd/openblas/cpu/b64", "cpu", "fp32", "dense", 1)),
              CompressionKind::Distilled);
    EXPECT_EQ(compressionOf(row("mlp/pruned90-ft-int8/onednn/cpu/b64", "cpu", "int8", "csr", 1)),
              CompressionKind::PrunedInt8);
    EXPECT_EQ(compressionOf(row("mlp/dense/openblas/cpu/b64", "cpu", "fp32", "dense", 1)),
              CompressionKind::Dense);
    EXPECT_EQ(compressionOf(row("pruned/2:4/costscope/cpu/x", "cpu", "fp32", "2:4", 1)),
              CompressionKind::Structured24);
    EXPECT_EQ(compressionOf(row("gemm/bf16/onednn/cpu/x", "cpu", "bf16", "dense", 1)),
              CompressionKind::LowPrecision);
}

TEST(Workload, StructuredPruningIsAKindOfItsOwnWithItsActualWork) {
    VariantSummaryRow gemm = row("pruned/struct70/onednn/cpu/x", "cpu", "fp32", "struct", 1);
    gemm.family = "pruned";
    gemm.sparsity = 0.7;
    gemm.flops = 1000;
    EXPECT_EQ(compressionOf(gemm), CompressionKind::StructuredPruned);
    EXPECT_EQ(pruningOf(gemm), CompressionKind::StructuredPruned);
    EXPECT_NEAR(actualFlops(gemm), 300, 1e-9);
    gemm.precision = "int8";
    EXPECT_EQ(compressionOf(gemm), CompressionKind::PrunedInt8);  // pruned, then quantized
    EXPECT_EQ(pruningOf(gemm), CompressionKind::StructuredPruned);
    const VariantSummaryRow neurons =
        row("mlp/neurons50-ft/openblas/cpu/b64", "cpu", "fp32", "struct", 1);
    EXPECT_EQ(compressionOf(neurons), CompressionKind::StructuredPruned);
    EXPECT_EQ(pruningOf(neurons), CompressionKind::StructuredPruned);
    EXPECT_EQ(
        compressionOf(row("mlp/neurons50-ft-int8/onednn/cpu/b64", "cpu", "int8", "struct", 1)),
        CompressionKind::PrunedInt8);
    EXPECT_EQ(pruningOf(row("mlp/pruned90-ft/openblas/cpu/b64", "cpu", "fp32", "dense", 1)),
              CompressionKind::Pruned);  // dense compute over zeros is still unstructured pruning
    EXPECT_FALSE(pruningOf(row("mlp/int8/onednn/cpu/b64", "cpu", "int8", "dense", 1)));
    EXPECT_FALSE(pruningOf(row("gemm/fp32/openblas/cpu/x", "cpu", "fp32", "dense", 1)));
    EXPECT_EQ(pruningText(CompressionKind::StructuredPruned), "structured");
}

TEST(Workload, TheReferenceIsTheFastestDenseFp32OfTheWorkloadOnTheDevice) {
    const std::vector<VariantSummaryRow> run = {
        row("gemm/fp32/openblas/cpu/1024x1024x1024", "cpu", "fp32", "dense", 10),
        row("gemm/fp32/onednn/cpu/1024x1024x1024", "cpu", "fp32", "dense", 8),
        row("gemm/bf16/onednn/cpu/1024x1024x1024", "cpu", "bf16", "dense", 4),
        row("gemm/fp32/cublas/gpu/1024x1024x1024", "gpu", "fp32", "dense", 0.5),
        row("pruned/csr90/costscope/cpu/1024x1024x1024", "cpu", "fp32", "csr", 3),
        row("gemm/fp32/onednn/cpu/2048x2048x2048", "cpu", "fp32", "dense", 60, 2048),
        row("mlp/dense/openblas/cpu/b64", "cpu", "fp32", "dense", 0.3),
        row("mlp/student-kd/openblas/cpu/b64", "cpu", "fp32", "dense", 0.05),
    };
    EXPECT_EQ(speedupReference(run, run[4])->name, "gemm/fp32/onednn/cpu/1024x1024x1024");
    EXPECT_EQ(speedupReference(run, run[2])->name, "gemm/fp32/onednn/cpu/1024x1024x1024");
    // Its own device: the GPU variant is its own reference, not the CPU's.
    EXPECT_EQ(speedupReference(run, run[3])->name, "gemm/fp32/cublas/gpu/1024x1024x1024");
    EXPECT_EQ(speedupReference(run, run[5])->name, "gemm/fp32/onednn/cpu/2048x2048x2048");
    // The student is dense FP32 too, but a smaller model: the teacher is the reference.
    EXPECT_EQ(speedupReference(run, run[7])->name, "mlp/dense/openblas/cpu/b64");
    // A failed dense variant is no reference.
    std::vector<VariantSummaryRow> failed = {run[0], run[4]};
    failed[0].status = VariantStatus::Failed;
    failed[0].medianMs.reset();
    EXPECT_EQ(speedupReference(failed, failed[1]), nullptr);
}

}  // namespace
}  // namespace costscope
