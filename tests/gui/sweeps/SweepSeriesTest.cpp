// The Sweeps chart's shaping on known data: the break-even interpolation and its edge cases,
// the dense reference (as the store's pruning_crossover view defines it), ordering, and curves
// left out for want of an FP32 reference.
#include <gtest/gtest.h>

#include <cmath>

#include "app/core/RunLoader.h"
#include "app/sweeps/SweepSeries.h"
#include "tests/gui/support/FixtureRecording.h"

using namespace Qt::StringLiterals;

namespace costscope {
namespace {

VariantSummaryRow variant(const std::string& family, const std::string& device,
                          const std::string& backend, const std::string& precision,
                          const std::string& structure, double sparsity, double medianMs,
                          int64_t shape = 1024) {
    VariantSummaryRow v;
    v.family = family;
    v.device = device;
    v.backend = backend;
    v.precision = precision;
    v.structure = structure;
    v.sparsity = sparsity;
    v.m = v.n = v.k = shape;
    v.medianMs = medianMs;
    v.name = family + "/" +
             (structure == "csr" ? "csr" + std::to_string(int(sparsity * 100)) : precision) + "/" +
             backend + "/" + device + "/" + std::to_string(shape);
    return v;
}

VariantSummaryRow model(const std::string& name, const std::string& device,
                        const std::string& backend, const std::string& precision, double medianMs) {
    VariantSummaryRow v = variant("mlp", device, backend, precision, "dense", 0, medianMs);
    v.m = 10;
    v.n = 256;
    v.k = 784;
    v.name = "mlp/" + name + "/" + backend + "/" + device + "/b256";
    return v;
}

// The break-even itself (bracket, estimate, the kinds) is tested in tests/analysis.

TEST(SweepSeriesTest, DenseIsTheBestFp32GemmOfTheDeviceAndShape) {
    RunData run;
    run.variants = {
        variant("gemm", "cpu", "openblas", "fp32", "dense", 0, 12.0),
        variant("gemm", "cpu", "onednn", "fp32", "dense", 0, 10.0),
        variant("gemm", "cpu", "onednn", "bf16", "dense", 0, 5.0),  // not FP32: not dense here
        variant("pruned", "cpu", "librsb", "fp32", "csr", 0.9, 8.0),
        variant("pruned", "cpu", "librsb", "fp32", "csr", 0.5, 40.0),
        variant("pruned", "cpu", "librsb", "fp32", "csr", 0.7, 20.0),
    };
    const SweepSeries series(run);
    ASSERT_EQ(series.sparsityCurves().size(), 1u);
    const SparsityCurve& curve = series.sparsityCurves().front();
    EXPECT_DOUBLE_EQ(curve.denseMs, 10.0);
    EXPECT_EQ(curve.denseVariant, "gemm/fp32/onednn/cpu/1024");
    EXPECT_EQ(curve.label, u"cpu librsb"_s);
    // Sorted by sparsity whatever the recording order.
    ASSERT_EQ(curve.points.size(), 3u);
    EXPECT_DOUBLE_EQ(curve.points[0].x, 0.5);
    EXPECT_DOUBLE_EQ(curve.points[1].x, 0.7);
    EXPECT_DOUBLE_EQ(curve.points[2].x, 0.9);
    EXPECT_DOUBLE_EQ(curve.points[0].speedup, 0.25);
    EXPECT_DOUBLE_EQ(curve.points[2].speedup, 1.25);
    // 0.7 (0.5×) to 0.9 (1.25×), on the drawn (logarithmic) line: 0.7 + 0.2 · ln 2 / ln 2.5.
    EXPECT_NEAR(*curve.breakEven.estimate, 0.7 + 0.2 * std::log(2.0) / std::log(2.5), 1e-12);
}

TEST(SweepSeriesTest, CurvesCpuFirstThenGpuAndPrecisionsInTheirOrder) {
    RunData run;
    run.variants = {
        variant("quantized", "gpu", "cublaslt", "fp8", "dense", 0, 0.2),
        variant("gemm", "gpu", "cublas", "fp16", "dense", 0, 0.3),
        variant("quantized", "gpu", "cublaslt", "int8", "dense", 0, 0.25),
        variant("gemm", "gpu", "cublas", "tf32", "dense", 0, 0.4),
        variant("gemm", "gpu", "cublas", "fp32", "dense", 0, 0.6),
        variant("gemm", "gpu", "cublas", "bf16", "dense", 0, 0.3),
        variant("pruned", "gpu", "cusparse", "fp32", "csr", 0.9, 0.7),
        variant("gemm", "cpu", "openblas", "fp32", "dense", 0, 12.0),
        variant("gemm", "cpu", "onednn", "bf16", "dense", 0, 6.0),
        variant("pruned", "cpu", "librsb", "fp32", "csr", 0.9, 8.0),
        variant("pruned", "cpu", "costscope", "fp32", "csr", 0.9, 3.0),
    };
    const SweepSeries series(run);
    ASSERT_EQ(series.sparsityCurves().size(), 3u);
    EXPECT_EQ(series.sparsityCurves()[0].label, u"cpu librsb"_s);
    EXPECT_EQ(series.sparsityCurves()[1].label, u"cpu costscope"_s);
    EXPECT_EQ(series.sparsityCurves()[2].label, u"gpu cusparse"_s);

    const std::vector<std::string> order = {"fp32", "tf32", "fp16", "bf16", "int8", "fp8"};
    EXPECT_EQ(series.precisions(), order);
    ASSERT_EQ(series.precisionCurves().size(), 2u);
    const PrecisionCurve& cpu = series.precisionCurves()[0];
    EXPECT_EQ(cpu.label, u"cpu GEMM 1024×1024×1024"_s);
    ASSERT_EQ(cpu.points.size(), 2u);
    EXPECT_EQ(cpu.points[1].precision, "bf16");
    EXPECT_DOUBLE_EQ(cpu.points[1].x, 3.0);  // bf16's place on the shared axis
    EXPECT_DOUBLE_EQ(cpu.points[1].speedup, 2.0);
    const PrecisionCurve& gpu = series.precisionCurves()[1];
    std::vector<std::string> gpuOrder;
    for (const SweepPoint& point : gpu.points) {
        gpuOrder.push_back(point.precision);
    }
    EXPECT_EQ(gpuOrder, order);
    EXPECT_DOUBLE_EQ(gpu.points.front().speedup, 1.0);
    EXPECT_DOUBLE_EQ(gpu.points.back().speedup, 3.0);
}

TEST(SweepSeriesTest, EveryPruningKindIsACurveByFractionRemovedAndTheModelsAccuracyFollows) {
    const auto structured = [](const std::string& backend, const std::string& precision,
                               double fraction, double ms) {
        VariantSummaryRow v = variant("pruned", "cpu", backend, precision, "struct", fraction, ms);
        v.name = "pruned/struct" + std::to_string(int(fraction * 100)) +
                 (precision == "int8" ? "-int8/" : "/") + backend + "/cpu/1024";
        return v;
    };
    const auto pruned = [](const std::string& name, const std::string& backend, double removed,
                           double ms, double accuracy) {
        VariantSummaryRow v = model(name, "cpu", backend, "fp32", ms);
        v.structure = name.starts_with("neurons") ? "struct" : "csr";
        v.sparsity = removed;
        v.accuracy = accuracy;
        return v;
    };
    RunData run;
    run.variants = {
        variant("gemm", "cpu", "openblas", "fp32", "dense", 0, 10.0),
        structured("openblas", "fp32", 0.9, 1.25),
        structured("openblas", "fp32", 0.5, 5.0),
        structured("onednn", "int8", 0.5, 2.0),
        variant("pruned", "cpu", "costscope", "fp32", "csr", 0.5, 20.0),
        variant("pruned", "cpu", "costscope", "fp32", "csr", 0.9, 4.0),
        model("dense", "cpu", "openblas", "fp32", 5.0),
        pruned("neurons50-ft", "openblas", 0.561, 2.5, 0.898),
        pruned("neurons50", "openblas", 0.561, 2.5, 0.877),  // as fast: on the accuracy panel only
        pruned("neurons75-ft", "openblas", 0.796, 1.25, 0.892),
        pruned("pruned90-ft", "costscope", 0.9, 1.0, 0.886),
        pruned("pruned90", "costscope", 0.9, 1.0, 0.5),
    };
    run.variants[6].accuracy = 0.9;
    const SweepSeries series(run);
    std::vector<std::string> labels;
    for (const SparsityCurve& curve : series.sparsityCurves()) {
        labels.push_back(QString(curve.label + u" | "_s + curve.workload).toStdString());
    }
    EXPECT_EQ(labels,
              (std::vector<std::string>{"cpu openblas · structured | GEMM 1024×1024×1024",
                                        "cpu onednn int8 · structured | GEMM 1024×1024×1024",
                                        "cpu costscope · unstructured | GEMM 1024×1024×1024",
                                        "cpu openblas · structured | mlp b256",
                                        "cpu costscope · unstructured | mlp b256"}));
    EXPECT_EQ(series.pruningWorkloads(), (QStringList{u"GEMM 1024×1024×1024"_s, u"mlp b256"_s}));
    const SparsityCurve& gemm = series.sparsityCurves()[0];
    EXPECT_EQ(gemm.kind, CompressionKind::StructuredPruned);
    ASSERT_EQ(gemm.points.size(), 2u);
    EXPECT_DOUBLE_EQ(gemm.points[0].x, 0.5);  // by fraction
    EXPECT_DOUBLE_EQ(gemm.points[0].speedup, 2.0);
    EXPECT_DOUBLE_EQ(gemm.points[1].speedup, 8.0);
    EXPECT_EQ(gemm.breakEven.kind, BreakEven::Kind::FasterThroughout);
    EXPECT_DOUBLE_EQ(series.sparsityCurves()[1].points[0].speedup, 5.0);  // over FP32 dense
    const SparsityCurve& neurons = series.sparsityCurves()[3];
    EXPECT_TRUE(neurons.model);
    ASSERT_EQ(neurons.points.size(), 2u);  // the fine-tuned models only
    EXPECT_EQ(neurons.points[0].variant, "mlp/neurons50-ft/openblas/cpu/b256");
    EXPECT_DOUBLE_EQ(neurons.points[0].speedup, 2.0);
    EXPECT_DOUBLE_EQ(neurons.points[1].x, 0.796);

    // Accuracy: fine-tuned curves first, each from the teacher's accuracy at 0.
    ASSERT_EQ(series.accuracyCurves().size(), 4u);
    const AccuracyCurve& tuned = series.accuracyCurves()[1];
    EXPECT_EQ(tuned.label, u"structured, fine-tuned"_s);
    ASSERT_EQ(tuned.points.size(), 3u);
    EXPECT_DOUBLE_EQ(tuned.points[0].x, 0.0);
    EXPECT_DOUBLE_EQ(tuned.points[0].accuracy, 0.9);
    EXPECT_EQ(tuned.points[1].model, "neurons50-ft");
    EXPECT_DOUBLE_EQ(tuned.points[2].accuracy, 0.892);
    EXPECT_EQ(series.accuracyCurves()[0].label, u"unstructured, fine-tuned"_s);
    EXPECT_EQ(series.accuracyCurves()[2].label, u"unstructured, before fine-tuning"_s);
    const AccuracyCurve& untuned = series.accuracyCurves()[3];
    EXPECT_FALSE(untuned.fineTuned);
    ASSERT_EQ(untuned.points.size(), 2u);
    EXPECT_DOUBLE_EQ(untuned.points[1].accuracy, 0.877);
}

TEST(SweepSeriesTest, MissingFp32ReferenceLeavesTheCurveOutWithANote) {
    RunData run;
    run.variants = {
        variant("gemm", "gpu", "cublas", "fp16", "dense", 0, 0.3),
        variant("quantized", "gpu", "cublaslt", "int8", "dense", 0, 0.25),
        variant("pruned", "gpu", "cusparse", "fp32", "csr", 0.9, 0.7),
        variant("gemm", "cpu", "openblas", "fp32", "dense", 0, 12.0),
    };
    run.variants.push_back(variant("gemm", "gpu", "cublas", "fp32", "dense", 0, 0.6));
    run.variants.back().status = VariantStatus::Failed;  // measured nothing: no reference
    run.variants.back().medianMs.reset();
    const SweepSeries series(run);
    EXPECT_TRUE(series.sparsityCurves().empty());
    EXPECT_TRUE(series.precisionCurves().empty());  // CPU: FP32 alone, nothing to compare
    ASSERT_EQ(series.notes().size(), 2);
    EXPECT_TRUE(series.notes()[0].startsWith(u"gpu cusparse pruned 1024×1024×1024"_s));
    EXPECT_TRUE(series.notes()[1].startsWith(u"gpu GEMM 1024×1024×1024: no dense FP32"_s));
}

TEST(SweepSeriesTest, ModelsCompareDenseFp32WithInt8AtTheirBatch) {
    RunData run;
    run.variants = {
        model("dense", "cpu", "costscope", "fp32", 5.0),
        model("student-kd", "cpu", "costscope", "fp32", 1.0),  // another model, not a precision
        model("int8", "cpu", "onednn", "int8", 2.5),
    };
    const SweepSeries series(run);
    ASSERT_EQ(series.precisionCurves().size(), 1u);
    const PrecisionCurve& curve = series.precisionCurves().front();
    EXPECT_TRUE(curve.model);
    EXPECT_EQ(curve.label, u"mlp b256 cpu"_s);
    EXPECT_EQ(curve.referenceVariant, "mlp/dense/costscope/cpu/b256");
    ASSERT_EQ(curve.points.size(), 2u);
    EXPECT_DOUBLE_EQ(curve.points[1].speedup, 2.0);
}

TEST(SweepSeriesTest, AgreesWithTheStoresPruningCrossoverView) {
    test::ScratchDir dir;
    const auto path = dir.file("fixture.sqlite");
    const int64_t id = test::writeFixtureRun(path, {.withGpu = true});
    const RunData run = loadRun(path, id);
    const SweepSeries series(run);
    // The view has the GEMM's CSR curves; the series has the 2:4 ones and the model's too.
    const auto csr = std::count_if(
        series.sparsityCurves().begin(), series.sparsityCurves().end(),
        [](const SparsityCurve& c) { return c.kind == CompressionKind::Pruned && !c.model; });
    ASSERT_EQ(run.crossover.size(), size_t(csr));
    for (const CrossoverRow& row : run.crossover) {
        const auto curve = std::find_if(
            series.sparsityCurves().begin(), series.sparsityCurves().end(), [&](const auto& c) {
                return c.kind == CompressionKind::Pruned && !c.model && c.device == row.device &&
                       c.backend == row.backend && c.m == row.m;
            });
        ASSERT_NE(curve, series.sparsityCurves().end()) << row.device << ' ' << row.backend;
        EXPECT_NEAR(curve->denseMs, row.denseMs, 1e-9);
        EXPECT_EQ(curve->breakEven.slowerUpTo, row.slowerUpTo) << row.backend;
        EXPECT_EQ(curve->breakEven.fasterFrom, row.fasterFrom) << row.backend;
    }
    // The fixture's figures: librsb 33.5 / 8.5 / 1.5 ms against onednn's 10.5 ms.
    const SparsityCurve& librsb = series.sparsityCurves().front();
    EXPECT_EQ(librsb.backend, "librsb");
    EXPECT_EQ(librsb.breakEven.kind, BreakEven::Kind::Crossed);
    // About 0.31x at 50 % and 1.24x at 90 %: the crossing, on the log curve, is 84 % of the way.
    ASSERT_EQ(librsb.points.size(), 3u);
    const double slow = librsb.points[0].speedup, fast = librsb.points[1].speedup;
    EXPECT_NEAR(*librsb.breakEven.estimate, 0.5 + 0.4 * std::log(1 / slow) / std::log(fast / slow),
                1e-12);
    EXPECT_NEAR(*librsb.breakEven.estimate, 0.84, 0.02);
}

}  // namespace
}  // namespace costscope
