// What --list prints: every name, the count, the skips by reason, and the estimate's arithmetic.
#include "profiler/recorder/VariantListing.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "profiler/recorder/SummaryTable.h"

namespace costscope {
namespace {

VariantSpec gemm(const char* device, const char* backend, const char* precision = "fp32") {
    return VariantSpec{.family = "gemm",
                       .device = device,
                       .backend = backend,
                       .precision = precision,
                       .structure = "dense",
                       .m = 64,
                       .n = 64,
                       .k = 64};
}

constexpr MeasureOptions kMeasure{.warmup = 2, .minIterations = 10, .minTimeS = 0.5, .rounds = 3};

TEST(VariantListing, EstimateIsMinTimeAndTheWarmUpsOfEveryRoundPerMeasuredVariant) {
    const WallTimeEstimate estimate = estimateWallTime(4, kMeasure);
    EXPECT_EQ(estimate.measured, 4u);
    EXPECT_DOUBLE_EQ(estimate.warmupCallS, 0.05);  // min_time / min_iterations
    EXPECT_DOUBLE_EQ(estimate.perVariantS, 0.5 + 2 * 3 * 0.05);
    EXPECT_DOUBLE_EQ(estimate.totalS, 4 * 0.8);
    EXPECT_DOUBLE_EQ(estimateWallTime(0, kMeasure).totalS, 0.0);
    EXPECT_DOUBLE_EQ(estimateWallTime(2, {.warmup = 0, .minTimeS = 1.0}).totalS, 2.0);
}

TEST(VariantListing, NamesComeFirstThenTheCountTheSkipsAndTheEstimate) {
    const std::vector<VariantSpec> variants{gemm("cpu", "openblas"), gemm("gpu", "cublas"),
                                            gemm("gpu", "cublaslt", "fp16"), gemm("cpu", "onednn")};
    const std::vector<std::optional<std::string>> reasons{std::nullopt, "no usable GPU",
                                                          "no usable GPU", std::nullopt};
    const std::string text = formatVariantList("mine", variants, reasons, kMeasure);
    EXPECT_EQ(text,
              "gemm/fp32/openblas/cpu/64x64x64\n"
              "gemm/fp32/cublas/gpu/64x64x64\n"
              "gemm/fp16/cublaslt/gpu/64x64x64\n"
              "gemm/fp32/onednn/cpu/64x64x64\n"
              "\n"
              "4 variants of suite 'mine': 2 to measure, 2 to skip on this machine\n"
              "skipped 2 variants: no usable GPU\n"
              "    gemm/fp32/cublas/gpu/64x64x64\n"
              "    gemm/fp16/cublaslt/gpu/64x64x64\n"
              "estimated wall time: about 1.6 s of measuring, plus set-up and checks (an "
              "estimate, not a measurement)\n"
              "    based on the time budget alone, as how long a variant takes is not known "
              "before it runs:\n"
              "    2 variants x (min_time 0.5 s + 2 warm-up calls x 3 rounds x 0.05 s) = 2 "
              "variants x 0.8 s\n"
              "    a warm-up call is taken as min_time / min_iterations (10), the most a call "
              "can take while min_time decides how long a variant is timed; slower calls take "
              "longer\n"
              "    not included: setting each variant up in every round and checking it against "
              "FP64, measuring the machine's ceilings\n");
}

TEST(VariantListing, SaysWhenNothingWouldBeMeasuredOrMinTimeIsZero) {
    const std::string none =
        formatVariantList("mine", {gemm("gpu", "cublas")}, {"no usable GPU"}, kMeasure);
    EXPECT_NE(none.find("1 variant of suite 'mine': 0 to measure, 1 to skip on this machine\n"),
              std::string::npos)
        << none;
    EXPECT_NE(none.find("estimated wall time: nothing to measure\n"), std::string::npos) << none;
    const std::string zero = formatVariantList("mine", {gemm("cpu", "openblas")}, {std::nullopt},
                                               {.warmup = 1, .minTimeS = 0});
    EXPECT_NE(zero.find("min_time is 0: min_iterations alone decides"), std::string::npos) << zero;
}

TEST(VariantListing, WallTimeReadsAsPeopleSayIt) {
    EXPECT_EQ(formatWallTime(0), "0 s");
    EXPECT_EQ(formatWallTime(0.04), "0.04 s");
    EXPECT_EQ(formatWallTime(0.42), "0.4 s");
    EXPECT_EQ(formatWallTime(9.9), "9.9 s");
    EXPECT_EQ(formatWallTime(45.4), "45 s");
    EXPECT_EQ(formatWallTime(450), "7 min 30 s");
    EXPECT_EQ(formatWallTime(2400), "40 min 0 s");
    EXPECT_EQ(formatWallTime(7500), "2 h 5 min");
}

}  // namespace
}  // namespace costscope
