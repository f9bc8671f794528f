// The headline on fixture recordings whose winners are known from their plans (FixtureRecording:
// medians with seeded noise of a few per cent around the planned values), the reasons grouped,
// and the settings that differ between two runs.
#include "app/headline/Headline.h"

#include <gtest/gtest.h>

#include <cmath>

#include "app/comparison/RunComparison.h"
#include "app/core/RunLoader.h"
#include "tests/gui/support/FixtureRecording.h"

using namespace Qt::StringLiterals;

namespace costscope {
namespace {

RunDataPtr fixtureRun(const test::ScratchDir& dir, const std::string& file,
                      const test::FixtureOptions& options = {}) {
    const auto path = dir.file(file);
    const int64_t id = test::writeFixtureRun(path, options);
    return std::make_shared<const RunData>(loadRun(path, id));
}

const HeadlineWorkload* workloadNamed(const Headline& headline, const QString& name) {
    for (const HeadlineWorkload& workload : headline.workloads) {
        if (workload.workload == name) {
            return &workload;
        }
    }
    return nullptr;
}

const HeadlineEntry* onDevice(const std::vector<HeadlineEntry>& entries,
                              const std::string& device) {
    for (const HeadlineEntry& entry : entries) {
        if (entry.variant->device == device) {
            return &entry;
        }
    }
    return nullptr;
}

TEST(HeadlineTest, NamesTheFastestVariantOfEachWorkloadOnEachDeviceWithItsSpeedup) {
    test::ScratchDir dir;
    const RunDataPtr run = fixtureRun(dir, "run.sqlite");
    const Headline headline = makeHeadline(*run);

    const HeadlineWorkload* gemm = workloadNamed(headline, u"GEMM 1024×1024×1024"_s);
    ASSERT_NE(gemm, nullptr);
    ASSERT_EQ(gemm->fastest.size(), 2u);  // CPU, then GPU: the order they were recorded in
    EXPECT_EQ(gemm->fastest[0].variant->device, "cpu");
    // Planned: CSR at 99 % through costscope's kernel, 0.65 ms, against oneDNN FP32 at 10.5 ms.
    const HeadlineEntry& cpu = gemm->fastest[0];
    EXPECT_EQ(cpu.variant->structure, "csr");
    EXPECT_DOUBLE_EQ(cpu.variant->sparsity, 0.99);
    EXPECT_EQ(cpu.variant->backend, "costscope");
    ASSERT_NE(cpu.reference, nullptr);
    EXPECT_EQ(cpu.reference->backend, "onednn");
    EXPECT_EQ(cpu.reference->precision, "fp32");
    ASSERT_TRUE(cpu.speedup);
    EXPECT_DOUBLE_EQ(*cpu.speedup, *cpu.reference->medianMs / *cpu.variant->medianMs);
    EXPECT_NEAR(*cpu.speedup, 10.5 / 0.65, 10.5 / 0.65 * 0.15);
    EXPECT_NEAR(*cpu.approxError, 0.96, 1e-9);
    EXPECT_FALSE(cpu.accuracyPoints);
    // GPU: FP8 through cuBLASLt, 0.24 ms, against cuBLAS FP32 at 0.62 ms (not the tiled kernel).
    const HeadlineEntry& gpu = gemm->fastest[1];
    EXPECT_EQ(gpu.variant->precision, "fp8");
    EXPECT_EQ(gpu.reference->backend, "cublas");
    EXPECT_NEAR(*gpu.speedup, 0.62 / 0.24, 0.62 / 0.24 * 0.15);
    // Where pruning pays, for each pruning kind and backend of the shape, once: CSR through
    // librsb and costscope on the CPU and cuSPARSE, 2:4 through costscope and cuSPARSELt; and
    // of the CPU's two CSR backends, the one that pays first.
    EXPECT_EQ(gemm->pruning.size(), 6);
    EXPECT_TRUE(gemm->pruning.filter(u"cpu · costscope · unstructured: "_s).size() == 1)
        << gemm->pruning.join(u'\n').toStdString();
    EXPECT_TRUE(
        gemm->pruning.filter(u"cpu · unstructured · best of 2 backends: costscope, "_s).size() == 1)
        << gemm->pruning.join(u'\n').toStdString();
    EXPECT_TRUE(gemm->pruning.filter(u"gpu · cusparselt fp16 · 2:4: "_s).size() == 1)
        << gemm->pruning.join(u'\n').toStdString();
    EXPECT_TRUE(gemm->withinLoss.empty()) << "GEMMs have an error, not an accuracy to lose";

    const std::string sentence = describe(cpu).toStdString();
    EXPECT_NE(sentence.find(cpu.variant->name), std::string::npos) << sentence;
    EXPECT_NE(sentence.find(cpu.reference->name), std::string::npos) << sentence;
    EXPECT_NE(sentence.find("×"), std::string::npos) << sentence;
}

TEST(HeadlineTest, TheFastestModelWithinTheAccuracyLossTheReaderSets) {
    test::ScratchDir dir;
    const RunDataPtr run = fixtureRun(dir, "run.sqlite");
    const Headline oneLost = makeHeadline(*run);  // the default: 1 point
    const HeadlineWorkload* mlp = workloadNamed(oneLost, u"mlp b1024"_s);
    ASSERT_NE(mlp, nullptr);
    // Fastest on the CPU: the distilled student, 1.1 ms, 88.08 % against the dense 89.97 %.
    const HeadlineEntry* fastest = onDevice(mlp->fastest, "cpu");
    ASSERT_NE(fastest, nullptr);
    EXPECT_EQ(fastest->variant->name.find("student-kd") != std::string::npos, true)
        << fastest->variant->name;
    ASSERT_TRUE(fastest->accuracyPoints);
    EXPECT_NEAR(*fastest->accuracyPoints, (0.8808 - 0.8997) * 100, 1e-6);
    // Within 1 point: INT8 (2.5 ms, +0.03), faster than 2:4 (4.8 ms, -0.85) and the dense model;
    // pruned 90 % (2.9 ms, -1.39) is out.
    const HeadlineEntry* within = onDevice(mlp->withinLoss, "cpu");
    ASSERT_NE(within, nullptr);
    EXPECT_NE(within->variant->name.find("int8"), std::string::npos) << within->variant->name;
    EXPECT_NEAR(*within->accuracyPoints, 0.03, 1e-6);

    // Two points: the student is within them, so it is the answer too.
    const Headline twoLost = makeHeadline(*run, nullptr, 2.0);
    const HeadlineEntry* loose =
        onDevice(workloadNamed(twoLost, u"mlp b1024"_s)->withinLoss, "cpu");
    ASSERT_NE(loose, nullptr);
    EXPECT_EQ(loose->variant, fastest->variant);
    // None lost: only a model at least as accurate as the dense one (INT8, 90.00 %).
    const Headline noneLost = makeHeadline(*run, nullptr, 0.0);
    const HeadlineEntry* strict =
        onDevice(workloadNamed(noneLost, u"mlp b1024"_s)->withinLoss, "cpu");
    ASSERT_NE(strict, nullptr);
    EXPECT_NE(strict->variant->name.find("int8"), std::string::npos);
}

TEST(HeadlineTest, WarningsAreCountedOnceEachNotListedPerVariant) {
    test::ScratchDir dir;
    const RunDataPtr run = fixtureRun(dir, "run.sqlite");
    const Headline headline = makeHeadline(*run);
    // The fixture has one CPU variant skipped and one GPU variant failed.
    const QString all = headline.warnings.join(u'\n');
    EXPECT_EQ(headline.warnings.filter(u"1 GPU variant failed: cudaMalloc: out of memory"_s).size(),
              1)
        << all.toStdString();
    EXPECT_EQ(headline.warnings.filter(u"1 CPU variant skipped: oneDNN has no FP8 matmul"_s).size(),
              1)
        << all.toStdString();
    for (const QString& warning : headline.warnings) {
        EXPECT_FALSE(warning.front().isLower()) << warning.toStdString();
    }
}

TEST(HeadlineTest, AComparisonSaysHowManyChangedAndTheLargestChanges) {
    test::ScratchDir dir;
    const RunDataPtr baseline = fixtureRun(dir, "baseline.sqlite");
    test::FixtureOptions faster;
    faster.timeScale = 0.8;  // every variant 20 % faster
    faster.seed = 2;
    const RunDataPtr candidate = fixtureRun(dir, "candidate.sqlite", faster);
    const RunComparison comparison = compareRuns(baseline, candidate);
    const Headline headline = makeHeadline(*candidate, &comparison);
    ASSERT_GE(headline.comparison.size(), 3);
    EXPECT_EQ(headline.comparison.front(), comparison.summary() + u'.');
    const int faster20 = comparison.count(DiffVerdict::Faster);
    ASSERT_GT(faster20, 5);
    // Every variant moved one way: what a change of the machine does too, said next.
    EXPECT_EQ(headline.comparison[1], comparison.oneWayNote());
    EXPECT_FALSE(comparison.oneWayNote().isEmpty());
    EXPECT_EQ(headline.comparison[2], u"The largest changes:"_s);
    // Five changes named, the largest first, each with its ratio and interval.
    ASSERT_EQ(headline.comparison.size(), 3 + 5);
    for (qsizetype i = 3; i < headline.comparison.size(); ++i) {
        EXPECT_TRUE(headline.comparison[i].contains(u"faster, 0.8"_s) ||
                    headline.comparison[i].contains(u"faster, 0.7"_s))
            << headline.comparison[i].toStdString();
        EXPECT_TRUE(headline.comparison[i].contains(u"(95 % "_s));
    }
    // Both runs' warnings, each said of its run.
    EXPECT_EQ(headline.warnings.filter(u"Baseline: 1 GPU variant failed"_s).size(), 1);
    EXPECT_EQ(headline.warnings.filter(u"Candidate: 1 GPU variant failed"_s).size(), 1);
}

TEST(HeadlineTest, SkippedAndFailedVariantsAreGroupedByReason) {
    RunData run;
    run.run.state = RunState::Complete;
    const auto add = [&](const std::string& name, VariantStatus status, const std::string& why) {
        VariantSummaryRow row;
        row.name = name;
        row.device = name.find("/cpu/") != std::string::npos ? "cpu" : "gpu";
        row.status = status;
        row.reason = why;
        run.variants.push_back(row);
    };
    add("gemm/fp32/cublas/gpu/1024", VariantStatus::Skipped, "no CUDA device");
    add("gemm/fp32/onednn/cpu/1024", VariantStatus::Ok, "");
    add("gemm/bf16/cublas/gpu/1024", VariantStatus::Skipped, "no CUDA device");
    add("gemm/int8/own/gpu/1024", VariantStatus::Failed, "out of memory");
    add("gemm/fp8/cublaslt/gpu/1024", VariantStatus::Skipped, "no CUDA device");
    add("gemm/fp8/onednn/cpu/1024", VariantStatus::Skipped, "");
    const std::vector<ReasonGroup> groups = reasonGroups(run);
    ASSERT_EQ(groups.size(), 3u);
    EXPECT_EQ(groups[0].status, VariantStatus::Failed);  // what needs attention first
    EXPECT_EQ(groups[0].variants, QStringList{u"gemm/int8/own/gpu/1024"_s});
    EXPECT_EQ(groups[1].reason, u"no CUDA device"_s);
    EXPECT_EQ(groups[1].variants,
              (QStringList{u"gemm/fp32/cublas/gpu/1024"_s, u"gemm/bf16/cublas/gpu/1024"_s,
                           u"gemm/fp8/cublaslt/gpu/1024"_s}));
    EXPECT_EQ(groups[2].reason, u"no reason was recorded"_s);

    // In the warnings: three GPU variants skipped for one reason, said once.
    const Headline headline = makeHeadline(run);
    EXPECT_EQ(headline.warnings, (QStringList{u"1 GPU variant failed: out of memory."_s,
                                              u"1 CPU variant skipped: no reason was recorded."_s,
                                              u"3 GPU variants skipped: no CUDA device."_s}))
        << headline.warnings.join(u'\n').toStdString();
}

TEST(HeadlineTest, SettingsThatDifferAreListedWithTheirRatioAndTitleTheRuns) {
    test::ScratchDir dir;
    test::FixtureOptions oneThread;
    oneThread.ompThreads = 1;
    oneThread.ceilingScale = 0.5;
    const RunDataPtr baseline = fixtureRun(dir, "one.sqlite", oneThread);
    const RunDataPtr candidate = fixtureRun(dir, "two.sqlite");
    const std::vector<SettingDiff> diffs = settingDiffs(*baseline, *candidate);
    const auto find = [&](const QString& setting) -> const SettingDiff* {
        for (const SettingDiff& diff : diffs) {
            if (diff.setting == setting) {
                return &diff;
            }
        }
        return nullptr;
    };
    const SettingDiff* threads = find(u"CPU · omp_threads"_s);
    ASSERT_NE(threads, nullptr);
    EXPECT_EQ(threads->baseline, u"1"_s);
    EXPECT_EQ(threads->candidate, u"2"_s);
    EXPECT_DOUBLE_EQ(*threads->ratio, 2.0);
    const SettingDiff* peak = find(u"CPU · measured peak FP32 (GFLOP/s)"_s);
    ASSERT_NE(peak, nullptr);
    EXPECT_NEAR(*peak->ratio, 2.0, 1e-3);
    EXPECT_NE(find(u"CPU · measured ceiling bf16"_s), nullptr);
    // What is the same is not listed: the CPU's name, the GPU, the suite, the host.
    EXPECT_EQ(find(u"CPU · name"_s), nullptr);
    EXPECT_EQ(find(u"CPU · measured memory bandwidth (GB/s)"_s), nullptr);
    EXPECT_EQ(find(u"suite"_s), nullptr);
    EXPECT_EQ(find(u"host"_s), nullptr);
    for (const SettingDiff& diff : diffs) {
        EXPECT_FALSE(diff.setting.startsWith(u"GPU"_s)) << diff.setting.toStdString();
    }
    EXPECT_EQ(diffs.size(), 5u);  // omp_threads, peak, and the three precision ceilings

    const auto [before, after] = distinctLabels(*baseline, *candidate);
    EXPECT_NE(before, after);
    EXPECT_TRUE(before.endsWith(u"omp_threads 1"_s)) << before.toStdString();
    EXPECT_TRUE(after.endsWith(u"omp_threads 2"_s)) << after.toStdString();
    EXPECT_TRUE(before.startsWith(baseline->label()));

    // Two runs that differ in nothing but their file are told apart all the same.
    const RunDataPtr copy = fixtureRun(dir, "copy.sqlite");
    const auto [first, second] = distinctLabels(*candidate, *copy);
    EXPECT_NE(first, second);
}

}  // namespace
}  // namespace costscope
