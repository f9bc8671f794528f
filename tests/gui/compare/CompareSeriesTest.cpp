// The Compare chart's shaping on known data: groups, labels, figures per metric, the speedup's
// reference, the baseline run, and variants that must not be drawn.
#include <gtest/gtest.h>

#include <algorithm>

#include "app/compare/CompareSeries.h"

using namespace Qt::StringLiterals;

namespace costscope {
namespace {

struct Spec {
    std::string family;
    std::string device;
    std::string backend;
    std::string precision;
    std::string structure = "dense";
    double sparsity = 0;
    std::string model;  // mlp only
    std::optional<double> medianMs;
    std::optional<double> deviceMs;
    VariantStatus status = VariantStatus::Ok;
    int64_t batch = 1;
};

VariantSummaryRow row(const Spec& spec) {
    VariantSummaryRow v;
    v.family = spec.family;
    v.device = spec.device;
    v.backend = spec.backend;
    v.precision = spec.precision;
    v.structure = spec.structure;
    v.sparsity = spec.sparsity;
    v.status = spec.status;
    v.batch = spec.batch;
    const bool mlp = spec.family == "mlp";
    v.m = mlp ? 10 : 512;
    v.n = mlp ? 256 : 512;
    v.k = mlp ? 784 : 512;
    std::string tag = spec.precision;
    if (spec.structure == "csr") {
        tag = "csr" + std::to_string(int(spec.sparsity * 100));
    } else if (spec.structure == "2:4") {
        tag = "2:4";
    }
    v.name =
        mlp ? "mlp/" + spec.model + "/" + spec.backend + "/" + spec.device + "/b256"
            : spec.family + "/" + tag + "/" + spec.backend + "/" + spec.device + "/512x512x512";
    if (spec.batch > 1) {
        v.name += "x" + std::to_string(spec.batch);
    }
    v.flops = 2.0 * 512 * 512 * 512;
    if (spec.status != VariantStatus::Ok) {
        v.reason = "cannot run here";
        return v;
    }
    v.medianMs = spec.medianMs;
    if (spec.medianMs) {
        v.p5Ms = *spec.medianMs * 0.9;
        v.p95Ms = *spec.medianMs * 1.2;
        v.gflops = v.flops / (*spec.medianMs * 1e6);
    }
    v.weightBytes = 512 * 512 * 4;
    v.peakMemBytes = 3 * 1024 * 1024;
    if (spec.deviceMs) {
        v.deviceMedianMs = spec.deviceMs;
        v.deviceP5Ms = *spec.deviceMs * 0.95;
        v.deviceP95Ms = *spec.deviceMs * 1.1;
        v.deviceGflops = v.flops / (*spec.deviceMs * 1e6);
        v.peakDeviceMemBytes = 2 * 1024 * 1024;
    }
    return v;
}

// Recorded interleaved (GPU before some CPU) as a real suite does.
RunData knownRun(double scale = 1.0) {
    RunData run;
    const std::vector<Spec> specs = {
        {.family = "gemm",
         .device = "cpu",
         .backend = "openblas",
         .precision = "fp32",
         .medianMs = 4.0 * scale},
        {.family = "gemm",
         .device = "gpu",
         .backend = "cublas",
         .precision = "fp32",
         .medianMs = 0.5 * scale,
         .deviceMs = 0.2 * scale},
        {.family = "gemm",
         .device = "cpu",
         .backend = "onednn",
         .precision = "fp32",
         .medianMs = 3.2 * scale},
        {.family = "pruned",
         .device = "cpu",
         .backend = "librsb",
         .precision = "fp32",
         .structure = "csr",
         .sparsity = 0.9,
         .medianMs = 2.0 * scale},
        {.family = "quantized",
         .device = "gpu",
         .backend = "cublaslt",
         .precision = "int8",
         .medianMs = 0.4 * scale,
         .deviceMs = 0.1 * scale},
        {.family = "quantized",
         .device = "cpu",
         .backend = "onednn",
         .precision = "fp8",
         .status = VariantStatus::Skipped},
        {.family = "mlp",
         .device = "cpu",
         .backend = "costscope",
         .precision = "fp32",
         .model = "dense",
         .medianMs = 5.0 * scale},
        {.family = "mlp",
         .device = "cpu",
         .backend = "costscope",
         .precision = "fp32",
         .structure = "csr",
         .sparsity = 0.9,
         .model = "pruned90-ft",
         .medianMs = 2.5 * scale},
        {.family = "gemm",
         .device = "cpu",
         .backend = "openblas",
         .precision = "fp32",
         .medianMs = 30.0 * scale,
         .batch = 8},
    };
    int64_t id = 1;
    for (const Spec& spec : specs) {
        run.variants.push_back(row(spec));
        run.variants.back().variantId = id++;
    }
    return run;
}

const CompareGroup& group(const CompareSeries& series, const QString& title) {
    for (const CompareGroup& g : series.groups()) {
        if (g.title == title) {
            return g;
        }
    }
    throw std::runtime_error("no group " + title.toStdString());
}

const CompareBar& bar(const CompareGroup& group, const std::string& variant) {
    for (const CompareBar& b : group.bars) {
        if (b.variant == variant) {
            return b;
        }
    }
    throw std::runtime_error("no bar " + variant);
}

TEST(CompareSeriesTest, GroupsByWorkloadInRecordingOrderWithCpuBarsFirst) {
    const RunData run = knownRun();
    const CompareSeries series(run, nullptr, CompareMetric::Latency);
    ASSERT_EQ(series.groups().size(), 3u);
    EXPECT_EQ(series.groups()[0].title, u"GEMM 512×512×512"_s);
    EXPECT_EQ(series.groups()[1].title, u"mlp b256"_s);
    EXPECT_EQ(series.groups()[2].title, u"GEMM 512×512×512×8"_s);

    const CompareGroup& gemm = series.groups()[0];
    std::vector<QString> labels;
    for (const CompareBar& b : gemm.bars) {
        labels.push_back(b.label);
    }
    const std::vector<QString> expected = {u"fp32 openblas cpu"_s, u"fp32 onednn cpu"_s,
                                           u"csr90 librsb cpu"_s, u"fp32 cublas gpu"_s,
                                           u"int8 cublaslt gpu"_s};
    EXPECT_EQ(labels, expected);
    EXPECT_EQ(series.groups()[1].bars[1].label, u"pruned90-ft costscope cpu"_s);
    EXPECT_EQ(series.barCount(), 8);
}

TEST(CompareSeriesTest, SkippedAndFailedVariantsAreListedNotDrawn) {
    const RunData run = knownRun();
    const CompareSeries series(run, nullptr, CompareMetric::Latency);
    const CompareGroup& gemm = group(series, u"GEMM 512×512×512"_s);
    ASSERT_EQ(gemm.missing.size(), 1u);
    EXPECT_EQ(gemm.missing[0].variant, "quantized/fp8/onednn/cpu/512x512x512");
    EXPECT_EQ(gemm.missing[0].why, u"skipped: cannot run here"_s);
    for (const CompareBar& b : gemm.bars) {
        EXPECT_NE(b.variant, gemm.missing[0].variant);
    }
}

TEST(CompareSeriesTest, LatencyHasSpreadAndGpuVariantsADeviceBar) {
    const RunData run = knownRun();
    const CompareSeries series(run, nullptr, CompareMetric::Latency);
    const CompareGroup& gemm = group(series, u"GEMM 512×512×512"_s);
    const CompareBar& cpu = bar(gemm, "gemm/fp32/openblas/cpu/512x512x512");
    ASSERT_TRUE(cpu.value.has_value());
    EXPECT_DOUBLE_EQ(cpu.value->value, 4.0);
    EXPECT_DOUBLE_EQ(*cpu.value->low, 3.6);
    EXPECT_DOUBLE_EQ(*cpu.value->high, 4.8);
    EXPECT_FALSE(cpu.deviceValue.has_value());
    const CompareBar& gpu = bar(gemm, "gemm/fp32/cublas/gpu/512x512x512");
    EXPECT_DOUBLE_EQ(gpu.value->value, 0.5);
    ASSERT_TRUE(gpu.deviceValue.has_value());
    EXPECT_DOUBLE_EQ(gpu.deviceValue->value, 0.2);
    EXPECT_TRUE(series.hasDeviceValues());
    EXPECT_FALSE(series.hasBaselineValues());
}

TEST(CompareSeriesTest, GflopsSpreadComesFromTheLatencyPercentilesTurnedOver) {
    const RunData run = knownRun();
    const CompareSeries series(run, nullptr, CompareMetric::Gflops);
    const CompareBar& cpu =
        bar(group(series, u"GEMM 512×512×512"_s), "gemm/fp32/openblas/cpu/512x512x512");
    const double flops = 2.0 * 512 * 512 * 512;
    EXPECT_DOUBLE_EQ(cpu.value->value, flops / 4.0e6);
    EXPECT_DOUBLE_EQ(*cpu.value->low, flops / 4.8e6);   // at p95
    EXPECT_DOUBLE_EQ(*cpu.value->high, flops / 3.6e6);  // at p5
}

TEST(CompareSeriesTest, MemoryMetricsInMebibytesWithDeviceMemoryForGpu) {
    const RunData run = knownRun();
    const CompareSeries weight(run, nullptr, CompareMetric::WeightMiB);
    const CompareBar& w =
        bar(group(weight, u"GEMM 512×512×512"_s), "gemm/fp32/cublas/gpu/512x512x512");
    EXPECT_DOUBLE_EQ(w.value->value, 1.0);
    EXPECT_FALSE(w.deviceValue.has_value());
    EXPECT_FALSE(weight.hasDeviceValues());

    const CompareSeries peak(run, nullptr, CompareMetric::PeakMemory);
    const CompareBar& p =
        bar(group(peak, u"GEMM 512×512×512"_s), "gemm/fp32/cublas/gpu/512x512x512");
    EXPECT_DOUBLE_EQ(p.value->value, 3.0);
    EXPECT_DOUBLE_EQ(p.deviceValue->value, 2.0);
}

TEST(CompareSeriesTest, MetricNotMeasuredIsListedNotDrawnAsZero) {
    RunData run = knownRun();
    run.variants[0].peakMemBytes.reset();
    const CompareSeries series(run, nullptr, CompareMetric::PeakMemory);
    const CompareGroup& gemm = group(series, u"GEMM 512×512×512"_s);
    ASSERT_EQ(gemm.missing.size(), 2u);
    EXPECT_EQ(gemm.missing[0].variant, "gemm/fp32/openblas/cpu/512x512x512");
    EXPECT_EQ(gemm.missing[0].why, u"Peak memory not measured"_s);
    EXPECT_THROW(bar(gemm, "gemm/fp32/openblas/cpu/512x512x512"), std::runtime_error);
}

// Energy and money: all the device drew with the part above idle beside it, the machine's time
// with the energy's part; absent figures are listed with the run's reason, never drawn as zero.
TEST(CompareSeriesTest, EnergyAndMoneyHaveTheirPartsAndSayWhyNotWhereMissing) {
    RunData run = knownRun();
    for (VariantSummaryRow& v : run.variants) {
        if (v.medianMs && v.device == "cpu") {
            v.joulesPerCall = 65.0 * *v.medianMs / 1e3;
            v.joulesAboveIdle = 45.0 * *v.medianMs / 1e3;
            v.costPerMillionCalls = *v.medianMs * 0.48 / 3.6;  // 0.48 an hour
            v.energyCostPerMillionCalls = *v.joulesPerCall * 0.30 / 3.6;
            v.currency = "EUR";
        } else if (v.device == "gpu") {
            v.energyNote = "GPU energy not measured: no energy counter on this GPU (before Volta)";
        }
    }
    const CompareSeries energy(run, nullptr, CompareMetric::Energy);
    const CompareGroup& gemm = group(energy, u"GEMM 512×512×512"_s);
    const CompareBar& cpu = bar(gemm, "gemm/fp32/openblas/cpu/512x512x512");
    EXPECT_DOUBLE_EQ(cpu.value->value, 0.26);
    EXPECT_DOUBLE_EQ(cpu.deviceValue->value, 0.18);
    EXPECT_TRUE(energy.hasDeviceValues());
    EXPECT_TRUE(CompareSeries::secondBarOnEveryDevice(CompareMetric::Energy));
    EXPECT_FALSE(CompareSeries::secondBarOnEveryDevice(CompareMetric::Latency));
    EXPECT_THROW(bar(gemm, "gemm/fp32/cublas/gpu/512x512x512"), std::runtime_error);
    const auto gpu = std::find_if(gemm.missing.begin(), gemm.missing.end(), [](const auto& m) {
        return m.variant == "gemm/fp32/cublas/gpu/512x512x512";
    });
    ASSERT_NE(gpu, gemm.missing.end());
    EXPECT_EQ(gpu->why, u"GPU energy not measured: no energy counter on this GPU (before Volta)"_s);
    EXPECT_EQ(energy.firstNotMeasured(), gpu->why);

    const CompareSeries money(run, nullptr, CompareMetric::Money);
    EXPECT_EQ(money.currency(), u"EUR"_s);
    EXPECT_TRUE(CompareSeries::axisLabel(CompareMetric::Money, money.currency())
                    .startsWith(u"EUR per million calls"_s));
    const CompareBar& priced =
        bar(group(money, u"GEMM 512×512×512"_s), "gemm/fp32/openblas/cpu/512x512x512");
    EXPECT_DOUBLE_EQ(priced.value->value, 4.0 * 0.48 / 3.6);
    EXPECT_TRUE(money.firstNotMeasured().contains(u"--prices"_s));

    // A baseline priced in another currency is not compared; in the same one, it is.
    RunData baseline = run;
    for (VariantSummaryRow& v : baseline.variants) {
        if (!v.currency.empty()) {
            v.currency = "USD";
        }
    }
    const CompareSeries dollars(run, &baseline, CompareMetric::Money);
    EXPECT_FALSE(dollars.hasBaselineValues());
    const CompareSeries euros(run, &run, CompareMetric::Money);
    EXPECT_TRUE(euros.hasBaselineValues());
    const CompareSeries joules(run, &baseline, CompareMetric::Energy);
    EXPECT_TRUE(joules.hasBaselineValues());
}

TEST(CompareSeriesTest, SpeedupOverTheFastestDenseFp32OnEachDeviceByDefault) {
    const RunData run = knownRun();
    const CompareSeries series(run, nullptr, CompareMetric::Speedup);
    const CompareGroup& gemm = group(series, u"GEMM 512×512×512"_s);
    EXPECT_TRUE(gemm.reference.empty()) << "no reference chosen";
    // CPU bars divide by the fastest dense FP32 CPU GEMM (oneDNN, 3.2 ms), not the first.
    const CompareBar& reference = bar(gemm, "gemm/fp32/onednn/cpu/512x512x512");
    EXPECT_TRUE(reference.isReference);
    EXPECT_DOUBLE_EQ(reference.value->value, 1.0);
    EXPECT_DOUBLE_EQ(bar(gemm, "gemm/fp32/openblas/cpu/512x512x512").value->value, 3.2 / 4.0);
    EXPECT_EQ(bar(gemm, "gemm/fp32/openblas/cpu/512x512x512").reference,
              "gemm/fp32/onednn/cpu/512x512x512");
    EXPECT_DOUBLE_EQ(bar(gemm, "pruned/csr90/librsb/cpu/512x512x512").value->value, 3.2 / 2.0);
    // GPU bars divide by the GPU's own dense FP32 (cuBLAS), device time by device time.
    const CompareBar& gpu = bar(gemm, "quantized/int8/cublaslt/gpu/512x512x512");
    EXPECT_EQ(gpu.reference, "gemm/fp32/cublas/gpu/512x512x512");
    EXPECT_DOUBLE_EQ(gpu.value->value, 0.5 / 0.4);
    EXPECT_DOUBLE_EQ(gpu.deviceValue->value, 0.2 / 0.1);
    // The mlp group divides by its own dense model, the batched GEMM by its own shape.
    const CompareGroup& mlp = group(series, u"mlp b256"_s);
    EXPECT_EQ(bar(mlp, "mlp/pruned90-ft/costscope/cpu/b256").reference,
              "mlp/dense/costscope/cpu/b256");
    EXPECT_DOUBLE_EQ(bar(mlp, "mlp/pruned90-ft/costscope/cpu/b256").value->value, 2.0);
    EXPECT_TRUE(bar(group(series, u"GEMM 512×512×512×8"_s), "gemm/fp32/openblas/cpu/512x512x512x8")
                    .isReference);
}

TEST(CompareSeriesTest, ChosenReferenceAppliesToItsOwnWorkloadOnly) {
    const RunData run = knownRun();
    const CompareSeries series(run, nullptr, CompareMetric::Speedup,
                               "gemm/fp32/cublas/gpu/512x512x512");
    const CompareGroup& gemm = group(series, u"GEMM 512×512×512"_s);
    EXPECT_EQ(gemm.reference, "gemm/fp32/cublas/gpu/512x512x512");
    const CompareBar& int8 = bar(gemm, "quantized/int8/cublaslt/gpu/512x512x512");
    EXPECT_DOUBLE_EQ(int8.value->value, 0.5 / 0.4);
    // A GPU reference: device time over device time.
    EXPECT_DOUBLE_EQ(int8.deviceValue->value, 0.2 / 0.1);
    EXPECT_DOUBLE_EQ(bar(gemm, "gemm/fp32/openblas/cpu/512x512x512").value->value, 0.5 / 4.0);
    EXPECT_TRUE(group(series, u"mlp b256"_s).reference.empty());
    EXPECT_EQ(bar(group(series, u"mlp b256"_s), "mlp/pruned90-ft/costscope/cpu/b256").reference,
              "mlp/dense/costscope/cpu/b256");
}

TEST(CompareSeriesTest, WorkloadWithoutDenseFp32HasNoSpeedupBars) {
    RunData run = knownRun();
    run.variants.erase(run.variants.begin() + 6);  // the dense mlp model
    const CompareSeries series(run, nullptr, CompareMetric::Speedup);
    const CompareGroup& mlp = group(series, u"mlp b256"_s);
    EXPECT_TRUE(mlp.reference.empty());
    EXPECT_TRUE(mlp.bars.empty());
    ASSERT_EQ(mlp.missing.size(), 1u);
    EXPECT_TRUE(mlp.missing[0].why.contains(u"no dense FP32"_s));
}

TEST(CompareSeriesTest, ADeviceWithoutDenseFp32HasNoSpeedupBarsOnIt) {
    RunData run = knownRun();
    std::erase_if(run.variants, [](const VariantSummaryRow& v) {
        return v.device == "cpu" && v.family == "gemm";
    });
    const CompareSeries series(run, nullptr, CompareMetric::Speedup);
    const CompareGroup& gemm = group(series, u"GEMM 512×512×512"_s);
    // The CPU's pruned variant has nothing on its own device to divide by; the GPU bars do.
    EXPECT_THROW(bar(gemm, "pruned/csr90/librsb/cpu/512x512x512"), std::runtime_error);
    EXPECT_EQ(bar(gemm, "quantized/int8/cublaslt/gpu/512x512x512").reference,
              "gemm/fp32/cublas/gpu/512x512x512");
}

TEST(CompareSeriesTest, BaselineRunFiguresMatchedByName) {
    const RunData run = knownRun(0.5);
    RunData before = knownRun(1.0);
    std::erase_if(before.variants, [](const VariantSummaryRow& v) { return v.device == "gpu"; });
    const CompareSeries latency(run, &before, CompareMetric::Latency);
    const CompareGroup& gemm = group(latency, u"GEMM 512×512×512"_s);
    const CompareBar& cpu = bar(gemm, "gemm/fp32/openblas/cpu/512x512x512");
    EXPECT_DOUBLE_EQ(cpu.value->value, 2.0);
    ASSERT_TRUE(cpu.baselineValue.has_value());
    EXPECT_DOUBLE_EQ(cpu.baselineValue->value, 4.0);
    EXPECT_FALSE(bar(gemm, "gemm/fp32/cublas/gpu/512x512x512").baselineValue.has_value());
    EXPECT_TRUE(latency.hasBaselineValues());

    // The baseline's speedup is over its own reference variant (its fastest dense FP32, oneDNN).
    const CompareSeries speedup(run, &before, CompareMetric::Speedup);
    const CompareBar& openblas =
        bar(group(speedup, u"GEMM 512×512×512"_s), "gemm/fp32/openblas/cpu/512x512x512");
    EXPECT_DOUBLE_EQ(openblas.value->value, 3.2 / 4.0);
    EXPECT_DOUBLE_EQ(openblas.baselineValue->value, 3.2 / 4.0);
}

}  // namespace
}  // namespace costscope
