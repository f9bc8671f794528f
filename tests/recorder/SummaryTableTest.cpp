// The recorder's stdout: measured rows, failures with their reason, skips grouped by reason.
#include "profiler/recorder/SummaryTable.h"

#include <gtest/gtest.h>

namespace costscope {
namespace {

VariantSummaryRow row(const std::string& name, VariantStatus status,
                      const std::string& reason = {}) {
    VariantSummaryRow r;
    r.name = name;
    r.status = status;
    r.reason = reason;
    if (status == VariantStatus::Ok) {
        r.medianMs = 1.5;
        r.p5Ms = 1.25;
        r.p95Ms = 2.0;
        r.gflops = 123.4;
        r.kernelError = 3e-7;
        r.approxError = 0.25;
        r.weightBytes = 3 * 1024 * 1024;
        r.peakMemBytes = 2048;
        r.noisy = name == "noisy/one";
    }
    return r;
}

TEST(SummaryTable, ShowsMeasuredFiguresFailuresAndGroupsSkipsByReason) {
    const std::string noGpu = "no CUDA-capable device is detected";
    const auto table = formatSummaryTable(
        {row("gemm/a", VariantStatus::Ok), row("gpu/a", VariantStatus::Skipped, noGpu),
         row("noisy/one", VariantStatus::Ok), row("gpu/b", VariantStatus::Skipped, noGpu),
         row("boom", VariantStatus::Failed, "out of memory")});
    EXPECT_NE(table.find("1.500 "), std::string::npos) << table;
    EXPECT_NE(table.find("1.500~"), std::string::npos) << "noisy medians are marked\n" << table;
    EXPECT_NE(table.find("1.250-2.000"), std::string::npos) << table;
    EXPECT_NE(table.find("123.4"), std::string::npos) << table;
    EXPECT_NE(table.find("3.0 MiB"), std::string::npos) << table;
    EXPECT_NE(table.find("2.0 KiB"), std::string::npos) << table;
    EXPECT_NE(table.find("boom"), std::string::npos);
    EXPECT_NE(table.find("out of memory"), std::string::npos);
    // One line for the reason, then the variants it covers.
    EXPECT_NE(table.find("skipped 2 variants: " + noGpu + "\n    gpu/a\n    gpu/b\n"),
              std::string::npos)
        << table;
}

TEST(SummaryTable, DeviceTimeColumnAppearsOnlyWhenAGpuVariantHasOne) {
    auto gpu = row("gemm/fp32/cublas/gpu/1024x1024x1024", VariantStatus::Ok);
    gpu.deviceMedianMs = 0.0625;
    const auto withGpu = formatSummaryTable({row("gemm/cpu", VariantStatus::Ok), gpu});
    EXPECT_NE(withGpu.find("device ms"), std::string::npos) << withGpu;
    EXPECT_NE(withGpu.find("0.0625"), std::string::npos) << withGpu;
    EXPECT_NE(withGpu.find("device ms is the time of the kernels"), std::string::npos);
    // Every line of the table proper is as wide as its header.
    const size_t width = withGpu.find('\n');
    EXPECT_EQ(withGpu.find('\n', width + 1) - width - 1, width) << withGpu;

    const auto cpuOnly = formatSummaryTable({row("gemm/cpu", VariantStatus::Ok)});
    EXPECT_EQ(cpuOnly.find("device"), std::string::npos) << cpuOnly;
}

TEST(SummaryTable, GpuVariantsWithoutDeviceTimeSayWhy) {
    auto measured = row("gemm/fp32/cublas/gpu/64x64x64", VariantStatus::Ok);
    measured.deviceMedianMs = 0.01;
    auto voided = row("mlp/fp32/cublas/gpu/b64", VariantStatus::Ok);
    voided.deviceNote = "3 kernels that no traced CUDA call launched ran while this variant ran";
    const auto table = formatSummaryTable({measured, voided});
    EXPECT_NE(table.find("no device time for these GPU variants (measured end to end only):\n"
                         "    mlp/fp32/cublas/gpu/b64: 3 kernels that no traced"),
              std::string::npos)
        << table;
    EXPECT_EQ(formatSummaryTable({measured}).find("no device time"), std::string::npos);
}

TEST(SummaryTable, AccuracyColumnAppearsOnlyForModelVariants) {
    auto model = row("mlp/dense/openblas/cpu/b64", VariantStatus::Ok);
    model.accuracy = 0.8912;
    const auto withModel = formatSummaryTable({row("gemm/cpu", VariantStatus::Ok), model});
    EXPECT_NE(withModel.find("accuracy"), std::string::npos) << withModel;
    EXPECT_NE(withModel.find("89.12 %"), std::string::npos) << withModel;
    const size_t width = withModel.find('\n');
    EXPECT_EQ(withModel.find('\n', width + 1) - width - 1, width) << withModel;
    EXPECT_EQ(formatSummaryTable({row("gemm/cpu", VariantStatus::Ok)}).find("accuracy"),
              std::string::npos);
}

TEST(SummaryTable, CrossoverSaysFromWhichSparsityPruningPays) {
    CrossoverRow pays{.device = "cpu",
                      .backend = "costscope",
                      .m = 8,
                      .n = 8,
                      .k = 8,
                      .denseMs = 2.0,
                      .slowerUpTo = 0.5,
                      .fasterFrom = 0.7};
    CrossoverRow never{.device = "cpu",
                       .backend = "librsb",
                       .m = 8,
                       .n = 8,
                       .k = 8,
                       .denseMs = 2.0,
                       .slowerUpTo = 0.99,
                       .fasterFrom = std::nullopt};
    const auto text = formatCrossover({pays, never});
    EXPECT_NE(text.find("costscope at 8x8x8 from 70 % sparsity (still slower at 50 %"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("never pays on cpu with librsb at 8x8x8 up to 99 %"), std::string::npos)
        << text;
}

}  // namespace
}  // namespace costscope
