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

TEST(SummaryTable, RoundsThatDisagreeAreMarkedAndExplained) {
    auto steady = row("gemm/steady", VariantStatus::Ok);
    steady.rounds = 3;
    steady.roundSpread = 0.01;
    steady.roundsDisagree = false;
    auto drifted = row("gemm/drifted", VariantStatus::Ok);
    drifted.rounds = 3;
    drifted.roundSpread = 0.2;
    drifted.roundsDisagree = true;
    const auto table = formatSummaryTable({steady, drifted});
    EXPECT_NE(table.find("1.500!"), std::string::npos) << table;
    EXPECT_EQ(table.find("1.500!"), table.rfind("1.500!")) << "only the drifted one\n" << table;
    EXPECT_NE(table.find("! rounds disagree"), std::string::npos) << table;
    EXPECT_EQ(formatSummaryTable({steady}).find('!'), std::string::npos);
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

// A measured row of `family` on the CPU at 8^3 with a median of `ms`.
TEST(SummaryTable, EnergyAndCostColumnsAppearOnlyWhenTheRunHasThem) {
    auto measured = row("gemm/fp32/openblas/cpu/512x512x512", VariantStatus::Ok);
    measured.joulesPerCall = 0.0123;
    measured.costPerMillionCalls = 2.5;
    measured.currency = "EUR";
    auto unmeasured = row("gemm/fp32/cublas/gpu/512x512x512", VariantStatus::Ok);
    unmeasured.energyNote = "GPU energy not measured: no driver";
    unmeasured.costPerMillionCalls = 9.75;
    unmeasured.currency = "EUR";
    const auto table = formatSummaryTable({measured, unmeasured});
    EXPECT_NE(table.find("J/call"), std::string::npos) << table;
    EXPECT_NE(table.find("EUR/1M calls"), std::string::npos) << table;
    EXPECT_NE(table.find("0.0123"), std::string::npos) << table;
    EXPECT_NE(table.find("9.75"), std::string::npos) << table;
    EXPECT_NE(table.find("busy all the time it is paid for"), std::string::npos) << table;
    const size_t width = table.find('\n');  // the header as wide as the rows
    EXPECT_EQ(table.find('\n', width + 1) - width - 1, width) << table;
    EXPECT_NE(
        table.find("    gemm/fp32/cublas/gpu/512x512x512: GPU energy not measured: no driver"),
        std::string::npos)
        << table;

    const auto plain = formatSummaryTable({row("gemm/cpu", VariantStatus::Ok)});
    EXPECT_EQ(plain.find("J/call"), std::string::npos) << plain;
    EXPECT_EQ(plain.find("1M calls"), std::string::npos) << plain;
}

VariantSummaryRow timed(const std::string& name, const std::string& family,
                        const std::string& backend, const std::string& structure, double sparsity,
                        double ms) {
    VariantSummaryRow r = row(name, VariantStatus::Ok);
    r.family = family;
    r.device = "cpu";
    r.backend = backend;
    r.precision = "fp32";
    r.structure = structure;
    r.sparsity = sparsity;
    r.m = r.n = r.k = 8;
    r.medianMs = ms;
    return r;
}

TEST(SummaryTable, BreakEvensSayTheBracketMeasuredAndTheEstimate) {
    const std::vector<VariantSummaryRow> rows = {
        timed("gemm/fp32/openblas/cpu/8x8x8", "gemm", "openblas", "dense", 0, 3.0),
        timed("gemm/fp32/onednn/cpu/8x8x8", "gemm", "onednn", "dense", 0, 2.0),  // the reference
        timed("pruned/csr50/costscope/cpu/8x8x8", "pruned", "costscope", "csr", 0.5, 2.5),
        timed("pruned/csr70/costscope/cpu/8x8x8", "pruned", "costscope", "csr", 0.7, 1.6),
        timed("pruned/csr50/librsb/cpu/8x8x8", "pruned", "librsb", "csr", 0.5, 9.0),
        timed("pruned/csr99/librsb/cpu/8x8x8", "pruned", "librsb", "csr", 0.99, 4.0),
    };
    const auto text = formatBreakEvens(rows);
    // 0.8x at 50 %, 1.25x at 70 %: the estimate lies halfway on the log curve, 60 %.
    EXPECT_NE(text.find("pruning (CSR) on cpu with costscope at 8x8x8: pays from 70 % (still "
                        "slower at 50 %; break-even ≈ 60 %, between the two); over "
                        "gemm/fp32/onednn/cpu/8x8x8, 2.000 ms"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("pruning (CSR) on cpu with librsb at 8x8x8: never pays up to 99 %"),
              std::string::npos)
        << text;
    // The break-even a user could get: the best backend's, named.
    EXPECT_NE(text.find("  best of 2 backends: costscope, pays from 70 %"), std::string::npos)
        << text;
}

TEST(SummaryTable, BreakEvensNameEveryPruningKindAndTheModelsBatch) {
    std::vector<VariantSummaryRow> rows = {
        timed("gemm/fp32/onednn/cpu/8x8x8", "gemm", "onednn", "dense", 0, 2.0),
        timed("pruned/struct50/onednn/cpu/8x8x8", "pruned", "onednn", "struct", 0.5, 1.0),
        timed("pruned/struct50-int8/onednn/cpu/8x8x8", "pruned", "onednn", "struct", 0.5, 0.5),
        timed("mlp/dense/openblas/cpu/b64", "mlp", "openblas", "dense", 0, 4.0),
        timed("mlp/neurons50-ft/openblas/cpu/b64", "mlp", "openblas", "struct", 0.56, 2.0),
        timed("mlp/neurons50/openblas/cpu/b64", "mlp", "openblas", "struct", 0.56, 2.0),
        timed("mlp/pruned90-ft/openblas/cpu/b64", "mlp", "openblas", "dense", 0.9, 4.4),
    };
    rows[2].precision = "int8";
    for (size_t i = 3; i < rows.size(); ++i) {
        rows[i].m = 10;
        rows[i].n = 64;
        rows[i].k = 784;
    }
    const auto text = formatBreakEvens(rows);
    for (const char* line :
         {"pruning (structured) on cpu with onednn at 8x8x8: pays at every sparsity measured, "
          "from 50 %",
          "pruning (structured) on cpu with onednn int8 at 8x8x8: pays at every sparsity",
          "pruning (structured) on cpu with openblas at mlp b64: pays at every sparsity measured, "
          "from 56 %; over mlp/dense/openblas/cpu/b64",
          // The unstructured model through dense OpenBLAS: not CSR.
          "pruning (unstructured) on cpu with openblas at mlp b64: never pays up to 90 %"})
        EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
    // The untuned copy is as fast as the fine-tuned one: one line for the kind, not two.
    const std::string structured = "(structured) on cpu with openblas at mlp b64";
    const size_t first = text.find(structured);
    EXPECT_EQ(text.find(structured, first + 1), std::string::npos) << text;
}

}  // namespace
}  // namespace costscope
