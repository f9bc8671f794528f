// The roofline's shaping on known numbers: bytes moved and arithmetic intensity, ridge points,
// the attainable rate, roofs from measured ceilings, points above their roof, a fixture run.
#include <gtest/gtest.h>

#include <cmath>

#include "app/core/RunLoader.h"
#include "app/roofline/RooflineSeries.h"
#include "tests/gui/support/FixtureRecording.h"

using namespace Qt::StringLiterals;

namespace costscope {
namespace {

VariantSummaryRow gemm(const std::string& precision, int64_t weightBytes) {
    VariantSummaryRow row;
    row.family = "gemm";
    row.name = "gemm/" + precision + "/x/cpu/1024x1024x1024";
    row.device = "cpu";
    row.precision = precision;
    row.structure = "dense";
    row.m = row.n = row.k = 1024;
    row.batch = 1;
    row.flops = 2.0 * 1024 * 1024 * 1024;
    row.weightBytes = weightBytes;
    row.medianMs = 20.0;
    row.gflops = row.flops / 20e6;  // 107.4
    return row;
}

TEST(RooflineSeriesTest, BytesMovedCountWeightsInputAndFp32Output) {
    // FP16 1024^3: 2 MiB of weights, 2 MiB of X in FP16, 4 MiB of C in FP32 = 8 MiB.
    const VariantSummaryRow half = gemm("fp16", 2 << 20);
    const BytesMoved bytes = RooflineSeries::bytesMoved(half);
    EXPECT_DOUBLE_EQ(bytes.weights, 2 << 20);
    EXPECT_DOUBLE_EQ(bytes.input, 2 << 20);
    EXPECT_DOUBLE_EQ(bytes.output, 4 << 20);
    EXPECT_FALSE(bytes.weightsEstimated);
    // 2^31 FLOP over 2^23 B.
    EXPECT_DOUBLE_EQ(*RooflineSeries::arithmeticIntensity(half), 256.0);

    // FP32: 4 + 4 + 4 MiB.
    EXPECT_NEAR(*RooflineSeries::arithmeticIntensity(gemm("fp32", 4 << 20)), 2048.0 / 12, 1e-9);
    // INT8 X is one byte an element, C still FP32: 1 + 1 + 4 MiB.
    EXPECT_NEAR(*RooflineSeries::arithmeticIntensity(gemm("int8", 1 << 20)), 2048.0 / 6, 1e-9);
    // TF32 is FP32 in memory.
    EXPECT_EQ(RooflineSeries::bytesPerElement("tf32"), 4);
    EXPECT_EQ(RooflineSeries::bytesPerElement("bf16"), 2);
    EXPECT_EQ(RooflineSeries::bytesPerElement("fp8"), 1);

    // A batch multiplies X, C and the operations, not the weights.
    VariantSummaryRow batched = gemm("fp32", 4 << 20);
    batched.batch = 4;
    batched.flops *= 4;
    const BytesMoved four = RooflineSeries::bytesMoved(batched);
    EXPECT_DOUBLE_EQ(four.weights, 4 << 20);
    EXPECT_DOUBLE_EQ(four.input, 16 << 20);
    EXPECT_DOUBLE_EQ(four.output, 16 << 20);
    EXPECT_NEAR(*RooflineSeries::arithmeticIntensity(batched), 8192.0 / 36, 1e-9);

    // Without stored weight bytes, the dense operand is assumed and said to be.
    VariantSummaryRow unknown = gemm("fp32", 0);
    unknown.weightBytes.reset();
    EXPECT_TRUE(RooflineSeries::bytesMoved(unknown).weightsEstimated);
    EXPECT_DOUBLE_EQ(RooflineSeries::bytesMoved(unknown).weights, 4 << 20);

    VariantSummaryRow none = gemm("fp32", 4 << 20);
    none.flops = 0;
    EXPECT_FALSE(RooflineSeries::arithmeticIntensity(none));
}

TEST(RooflineSeriesTest, SparseVariantsArePlacedAtTheWorkTheyDoByHand) {
    // CSR at 90 % sparsity, 1024^3: nnz = 104,858 (10 % of 1,048,576), work 2 * nnz * 1024 =
    // 214.7 MFLOP; bytes = the CSR as stored (values, column indices, row pointers: 4 * nnz * 2
    // + 4 * 1025 = 842,964 B) + X 4 MiB + C 4 MiB = 9,231,572 B; 0.5 ms per call.
    VariantSummaryRow csr = gemm("fp32", 842'964);
    csr.family = "pruned";
    csr.name = "pruned/csr90/costscope/cpu/1024x1024x1024";
    csr.structure = "csr";
    csr.sparsity = 0.9;
    csr.medianMs = 0.5;
    csr.gflops = csr.flops / 0.5e6;  // dense-equivalent, as recorded: 4295 GFLOP/s
    const auto csrPoint = RooflineSeries::pointOf(csr, nullptr);
    ASSERT_TRUE(csrPoint);
    const double work = 2.0 * 0.1 * 1024 * 1024 * 1024;
    EXPECT_NEAR(csrPoint->flops, work, 1e-3);
    EXPECT_NEAR(csrPoint->intensity, work / (842'964 + 2 * 4.0 * 1024 * 1024), 1e-9);
    EXPECT_NEAR(csrPoint->gflops, work / 0.5e6, 1e-9);  // 429.5 GFLOP/s, not 4295

    // 2:4 FP32: half the products; the weight as stored is the kept values and their 2-bit
    // positions (1024 * 512 * 4 + 1024 * 512 / 4 B = 2,228,224 B); 2.5 ms per call.
    VariantSummaryRow twoFour = gemm("fp32", 2'228'224);
    twoFour.family = "pruned";
    twoFour.name = "pruned/2:4/costscope/cpu/1024x1024x1024";
    twoFour.structure = "2:4";
    twoFour.sparsity = 0.5;
    twoFour.medianMs = 2.5;
    twoFour.gflops = twoFour.flops / 2.5e6;
    const auto twoFourPoint = RooflineSeries::pointOf(twoFour, nullptr);
    ASSERT_TRUE(twoFourPoint);
    const double half = 1024.0 * 1024 * 1024;
    EXPECT_NEAR(twoFourPoint->intensity, half / (2'228'224 + 2 * 4.0 * 1024 * 1024), 1e-9);
    EXPECT_NEAR(twoFourPoint->gflops, half / 2.5e6, 1e-9);
}

// GFLOP/s per watt is the work a call does per joule it drew: 2·1024³ FLOP at 20 ms and 65 W is
// 1.3 J a call, 1652 MFLOP/J = 1.652 GFLOP/s per W; a CSR variant counts the work it does.
TEST(RooflineSeriesTest, EnergyEfficiencyIsTheWorkDonePerJoule) {
    VariantSummaryRow dense = gemm("fp32", 4 << 20);
    EXPECT_FALSE(RooflineSeries::pointOf(dense, nullptr)->gflopsPerWatt);  // not measured
    dense.joulesPerCall = 65.0 * 0.020;
    dense.joulesAboveIdle = 45.0 * 0.020;
    const auto point = RooflineSeries::pointOf(dense, nullptr);
    ASSERT_TRUE(point);
    EXPECT_NEAR(*point->gflopsPerWatt, 2.0 * 1024 * 1024 * 1024 / 1.3 / 1e9, 1e-12);
    EXPECT_NEAR(*point->gflopsPerWattAboveIdle, 2.0 * 1024 * 1024 * 1024 / 0.9 / 1e9, 1e-12);
    // The same as the rate over the mean power: GFLOP/s per W.
    EXPECT_NEAR(*point->gflopsPerWatt, point->gflops / 65.0, 1e-12);

    VariantSummaryRow csr = dense;
    csr.family = "pruned";
    csr.name = "pruned/csr90/costscope/cpu/1024x1024x1024";
    csr.structure = "csr";
    csr.sparsity = 0.9;
    const auto sparse = RooflineSeries::pointOf(csr, nullptr);
    ASSERT_TRUE(sparse);
    EXPECT_NEAR(*sparse->gflopsPerWatt, sparse->flops / 1.3 / 1e9, 1e-12);
    EXPECT_LT(*sparse->gflopsPerWatt, *point->gflopsPerWatt / 5);
}

TEST(RooflineSeriesTest, RidgeAndAttainableRate) {
    // The fixture CPU: 190 GFLOP/s over 14 GB/s.
    EXPECT_NEAR(RooflineSeries::ridgeIntensity(190, 14), 13.571428571, 1e-6);
    EXPECT_DOUBLE_EQ(RooflineSeries::ridgeIntensity(51'000, 3'000), 17.0);
    // Below the ridge memory bound, above it compute bound, without bandwidth compute only.
    EXPECT_DOUBLE_EQ(RooflineSeries::attainable(10, 190, 14.0), 140.0);
    EXPECT_DOUBLE_EQ(RooflineSeries::attainable(100, 190, 14.0), 190.0);
    EXPECT_DOUBLE_EQ(RooflineSeries::attainable(1, 190, std::nullopt), 190.0);
}

DeviceRow device(const std::string& kind, std::vector<PrecisionCeiling> ceilings,
                 std::optional<double> peak, std::optional<double> bandwidth) {
    DeviceRow row;
    row.info.kind = kind;
    row.info.name = "Test " + kind;
    row.info.precisionCeilings = std::move(ceilings);
    row.info.peakGflops = peak;
    row.info.memBandwidthGBs = bandwidth;
    return row;
}

TEST(RooflineSeriesTest, RoofsFromMeasuredCeilings) {
    const RoofDevice cpu = RooflineSeries::roofOf(
        device("cpu", {{"fp32", 190, ""}, {"bf16", 410, ""}, {"int8", 520, ""}}, 185, 14));
    ASSERT_EQ(cpu.compute.size(), 3u);
    // Highest first, each with its ridge and its label.
    EXPECT_EQ(cpu.compute[0].precisions, QStringList{u"int8"_s});
    EXPECT_EQ(cpu.compute[0].label, u"int8 520 GOP/s"_s);
    EXPECT_EQ(cpu.compute[2].label, u"fp32 190 GFLOP/s"_s);
    EXPECT_NEAR(*cpu.compute[2].ridgeIntensity, 190.0 / 14, 1e-12);
    EXPECT_NEAR(*cpu.compute[1].ridgeIntensity, 410.0 / 14, 1e-12);
    EXPECT_NEAR(*cpu.topRidge(), 520.0 / 14, 1e-12);

    // Equal rates share a line; a rate failed to measure (NaN) is no roof.
    const RoofDevice gpu = RooflineSeries::roofOf(device(
        "gpu",
        {{"fp32", 51'000, ""}, {"fp16", 700'000, ""}, {"bf16", 700'000, ""}, {"tf32", NAN, ""}},
        51'000, 3'000));
    ASSERT_EQ(gpu.compute.size(), 2u);
    EXPECT_EQ(gpu.compute[0].precisions, (QStringList{u"fp16"_s, u"bf16"_s}));
    EXPECT_EQ(gpu.compute[0].label, u"fp16, bf16 700 TFLOP/s"_s);
    EXPECT_EQ(gpu.compute[1].label, u"fp32 51.0 TFLOP/s"_s);
    EXPECT_DOUBLE_EQ(*gpu.compute[1].ridgeIntensity, 17.0);

    // Integer and floating-point precisions at one rate: each says its unit.
    const RoofDevice mixed = RooflineSeries::roofOf(
        device("gpu", {{"int8", 1'300'000, ""}, {"fp8", 1'300'000, ""}}, std::nullopt, 3'000));
    ASSERT_EQ(mixed.compute.size(), 1u);
    EXPECT_EQ(mixed.compute[0].label, u"fp8 1300 TFLOP/s · int8 1300 TOP/s"_s);

    // A version 1 recording: no per-precision ceilings, the FP32 peak stands in.
    const RoofDevice old = RooflineSeries::roofOf(device("cpu", {}, 185, 30));
    ASSERT_EQ(old.compute.size(), 1u);
    EXPECT_EQ(old.compute[0].label, u"peak 185 GFLOP/s"_s);
    EXPECT_NEAR(*old.compute[0].ridgeIntensity, 185.0 / 30, 1e-12);

    // No bandwidth measured: compute roofs without ridges, no memory roof.
    const RoofDevice blind = RooflineSeries::roofOf(device("cpu", {}, 185, std::nullopt));
    EXPECT_FALSE(blind.bandwidthGBs);
    EXPECT_FALSE(blind.compute[0].ridgeIntensity);
    EXPECT_FALSE(blind.topRidge());
}

TEST(RooflineSeriesTest, PointsAreCheckedAgainstTheirPrecisionsRoof) {
    const RoofDevice cpu =
        RooflineSeries::roofOf(device("cpu", {{"fp32", 190, ""}, {"int8", 520, ""}}, 185, 14));

    // FP32 at 170.7 FLOP/B: compute bound at 190; 107 GFLOP/s is under it.
    auto point = RooflineSeries::pointOf(gemm("fp32", 4 << 20), &cpu);
    ASSERT_TRUE(point);
    EXPECT_NEAR(point->intensity, 2048.0 / 12, 1e-9);
    EXPECT_NEAR(point->gflops, 107.374, 1e-3);
    EXPECT_EQ(point->roofName, u"fp32"_s);
    EXPECT_DOUBLE_EQ(*point->roofGflops, 190.0);
    EXPECT_FALSE(point->aboveRoof);

    // INT8 is checked against the INT8 roof.
    VariantSummaryRow int8 = gemm("int8", 1 << 20);
    int8.gflops = 400;
    point = RooflineSeries::pointOf(int8, &cpu);
    EXPECT_EQ(point->roofName, u"int8"_s);
    EXPECT_DOUBLE_EQ(*point->roofGflops, 520.0);
    EXPECT_FALSE(point->aboveRoof);

    // BF16 has no roof of its own here: FP32's. Faster than that: drawn, and flagged.
    VariantSummaryRow bf16 = gemm("bf16", 2 << 20);
    bf16.gflops = 300;
    point = RooflineSeries::pointOf(bf16, &cpu);
    EXPECT_EQ(point->roofName, u"fp32"_s);
    EXPECT_TRUE(point->aboveRoof);
    EXPECT_DOUBLE_EQ(point->gflops, 300.0);  // not clamped

    // Memory bound: a tiny intensity meets the bandwidth roof first.
    VariantSummaryRow thin = gemm("fp32", 4 << 20);
    thin.m = 1;  // matrix-vector-like: C is one row
    thin.flops = 2.0 * 1 * 1024 * 1024;
    thin.gflops = 5;
    point = RooflineSeries::pointOf(thin, &cpu);
    EXPECT_NEAR(*point->roofGflops, 14.0 * point->intensity, 1e-9);
    EXPECT_LT(*point->roofGflops, 190.0);

    // Not Ok, or no rate: no point (never a zero).
    VariantSummaryRow skipped = gemm("fp32", 4 << 20);
    skipped.status = VariantStatus::Skipped;
    EXPECT_FALSE(RooflineSeries::pointOf(skipped, &cpu));
    VariantSummaryRow unmeasured = gemm("fp32", 4 << 20);
    unmeasured.gflops.reset();
    EXPECT_FALSE(RooflineSeries::pointOf(unmeasured, &cpu));
}

TEST(RooflineSeriesTest, GpuPointsUseTheDeviceRate) {
    VariantSummaryRow gpu = gemm("fp32", 4 << 20);
    gpu.device = "gpu";
    gpu.gflops = 3'000;
    gpu.deviceGflops = 4'500;
    bool deviceRate = false;
    EXPECT_DOUBLE_EQ(*RooflineSeries::performance(gpu, &deviceRate), 4'500.0);
    EXPECT_TRUE(deviceRate);
    gpu.deviceGflops.reset();
    EXPECT_DOUBLE_EQ(*RooflineSeries::performance(gpu, &deviceRate), 3'000.0);
    EXPECT_FALSE(deviceRate);
}

TEST(RooflineSeriesTest, FixtureRunsShapeEveryOkVariantAndBothDevices) {
    test::ScratchDir dir;
    const auto path = dir.file("run.sqlite");
    const RunData old = loadRun(path, test::writeFixtureRun(path, {.withGpu = true, .seed = 1}));
    const RunData now =
        loadRun(path, test::writeFixtureRun(path, {.timeScale = 0.8, .withGpu = true, .seed = 2}));
    size_t ok = 0;
    for (const VariantSummaryRow& variant : now.variants) {
        ok += variant.status == VariantStatus::Ok ? 1 : 0;
    }
    EXPECT_EQ(ok, 29u);

    const RooflineSeries series(now, &old);
    EXPECT_EQ(series.points().size(), ok);
    ASSERT_EQ(series.devices().size(), 2u);
    EXPECT_EQ(series.devices()[0].kind, "cpu");
    EXPECT_EQ(series.devices()[0].compute.size(), 3u);  // fp32, bf16, int8
    EXPECT_EQ(series.devices()[1].compute.size(), 4u);  // int8+fp8, fp16+bf16, tf32, fp32
    EXPECT_NEAR(*series.devices()[1].topRidge(), 1'300'000.0 / 3'000, 1e-9);
    // The same machine twice: its roofs are not drawn again for the baseline.
    EXPECT_TRUE(series.baselineDevices().empty());
    EXPECT_EQ(series.baselinePoints().size(), ok);

    for (const RoofPoint& point : series.points()) {
        EXPECT_GT(point.intensity, 0) << point.name.toStdString();
        EXPECT_GT(point.gflops, 0) << point.name.toStdString();
        EXPECT_EQ(point.deviceRate, point.device == "gpu") << point.name.toStdString();
        EXPECT_TRUE(point.roofGflops) << point.name.toStdString();
    }
    // 99 % pruned on the CPU is plotted at the work it does, 2·nnz·n = 1 % of the dense 2.1 GFLOP,
    // not at its dense-equivalent rate (which would sit far above the roof).
    const auto csr99 = std::find_if(series.points().begin(), series.points().end(), [](auto& p) {
        return p.name == u"pruned/csr99/costscope/cpu/1024x1024x1024"_s;
    });
    ASSERT_NE(csr99, series.points().end());
    const VariantSummaryRow* csr99Row =
        now.variantByName("pruned/csr99/costscope/cpu/1024x1024x1024");
    ASSERT_NE(csr99Row, nullptr);
    EXPECT_NEAR(csr99->flops, 0.01 * csr99Row->flops, 1e-6 * csr99Row->flops);
    EXPECT_NEAR(csr99->gflops, 0.01 * *csr99Row->gflops, 1e-9 * *csr99Row->gflops);
    // Dense FP32 on the CPU (about 200 GFLOP/s at 10.5 ms x 0.8) sits near its roof.
    const auto dense = std::find_if(series.points().begin(), series.points().end(), [](auto& p) {
        return p.name == u"gemm/fp32/openblas/cpu/1024x1024x1024"_s;
    });
    ASSERT_NE(dense, series.points().end());
    EXPECT_NEAR(dense->intensity, 2048.0 / 12, 1e-6);

    // The axes hold every point and every ridge.
    const auto [loX, hiX] = series.intensityRange();
    const auto [loY, hiY] = series.performanceRange();
    for (const RoofPoint& point : series.points()) {
        EXPECT_GT(point.intensity, loX);
        EXPECT_LT(point.intensity, hiX);
        EXPECT_GT(point.gflops, loY);
        EXPECT_LT(point.gflops, hiY);
    }
    EXPECT_GT(hiX, *series.devices()[1].topRidge());
    EXPECT_LT(loX, 190.0 / 14);
    EXPECT_GT(hiY, 1'300'000.0);
}

TEST(RooflineSeriesTest, AnotherMachinesBaselineRoofsAreKept) {
    RunData now;
    now.devices.push_back(device("cpu", {{"fp32", 190, ""}}, 190, 14));
    now.variants.push_back(gemm("fp32", 4 << 20));
    RunData old = now;
    old.devices[0].info.name = "Older machine";
    old.devices[0].info.memBandwidthGBs = 7;
    const RooflineSeries series(now, &old);
    ASSERT_EQ(series.baselineDevices().size(), 1u);
    EXPECT_EQ(*series.baselineDevices()[0].bandwidthGBs, 7.0);
    // Re-measured on the same machine, a few per cent apart: one set of roofs.
    old = now;
    old.devices[0].info.precisionCeilings[0].gflops = 185;
    EXPECT_TRUE(RooflineSeries(now, &old).baselineDevices().empty());
}

TEST(RooflineSeriesTest, NothingToPlotIsEmpty) {
    RunData run;
    run.devices.push_back(device("cpu", {{"fp32", 190, ""}}, 190, 14));
    VariantSummaryRow skipped = gemm("fp32", 4 << 20);
    skipped.status = VariantStatus::Failed;
    skipped.gflops.reset();
    run.variants.push_back(skipped);
    const RooflineSeries series(run, nullptr);
    EXPECT_TRUE(series.empty());
    EXPECT_EQ(series.intensityRange(), (std::pair<double, double>{0, 0}));
}

}  // namespace
}  // namespace costscope
