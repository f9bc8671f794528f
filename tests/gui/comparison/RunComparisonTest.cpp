// compareRuns() on fixture recordings: a 20 % faster candidate, two runs of the same speed,
// variants on one side only, skipped variants.
#include <gtest/gtest.h>

#include <memory>

#include "app/comparison/RunComparison.h"
#include "app/core/RunLoader.h"
#include "tests/gui/support/FixtureRecording.h"

namespace costscope {
namespace {

using test::FixtureOptions;
using test::ScratchDir;
using test::writeFixtureRun;

RunDataPtr load(const std::filesystem::path& path, int64_t id) {
    return std::make_shared<const RunData>(loadRun(path, id));
}

TEST(RunComparisonTest, ScaledDownCandidateIsFasterEverywhere) {
    ScratchDir dir;
    const auto path = dir.file("runs.sqlite");
    const RunDataPtr baseline = load(path, writeFixtureRun(path, {.timeScale = 1.0, .seed = 1}));
    const RunDataPtr candidate = load(path, writeFixtureRun(path, {.timeScale = 0.8, .seed = 2}));

    const RunComparison comparison = compareRuns(baseline, candidate);
    ASSERT_EQ(comparison.diffs.size(), candidate->variants.size());
    EXPECT_EQ(comparison.baseline, baseline);
    EXPECT_DOUBLE_EQ(comparison.alpha, 0.05);
    int measured = 0;
    for (size_t i = 0; i < comparison.diffs.size(); ++i) {
        const VariantDiff& diff = comparison.diffs[i];
        // Candidate order.
        EXPECT_EQ(diff.name, candidate->variants[i].name);
        ASSERT_NE(diff.baseline, nullptr);
        ASSERT_EQ(diff.candidate, &candidate->variants[i]);
        EXPECT_EQ(diff.baseline->name, diff.name);
        if (diff.candidate->status != VariantStatus::Ok) {
            EXPECT_EQ(diff.verdict, DiffVerdict::NotMeasured) << diff.name;
            EXPECT_FALSE(diff.ratio);
            EXPECT_FALSE(diff.pValue);
            continue;
        }
        ++measured;
        EXPECT_EQ(diff.verdict, DiffVerdict::Faster) << diff.name;
        ASSERT_TRUE(diff.ratio);
        EXPECT_NEAR(*diff.ratio, 0.8, 0.05) << diff.name;
        EXPECT_NEAR(*diff.ratio, *diff.candidateMs / *diff.baselineMs, 1e-12);
        EXPECT_DOUBLE_EQ(*diff.baselineMs, *diff.baseline->medianMs);
        ASSERT_TRUE(diff.pValue);
        // 15 samples a side, fully separated: the asymptotic p of U = 0, n = m = 15, is 3.4e-6.
        EXPECT_LT(*diff.pValue, 1e-4) << diff.name;
        if (diff.candidate->device == "gpu") {
            ASSERT_TRUE(diff.deviceRatio) << diff.name;
            ASSERT_TRUE(diff.devicePValue) << diff.name;
            EXPECT_EQ(diff.deviceVerdict, DiffVerdict::Faster) << diff.name;
            EXPECT_LT(*diff.deviceRatio, 0.9);
        } else {
            EXPECT_FALSE(diff.deviceRatio);
            EXPECT_EQ(diff.deviceVerdict, DiffVerdict::NotMeasured);
        }
    }
    EXPECT_GT(measured, 25);
    EXPECT_EQ(comparison.count(DiffVerdict::Faster), measured);
    EXPECT_EQ(comparison.count(DiffVerdict::Slower), 0);
    EXPECT_TRUE(comparison.hasDeviceTimes());
}

TEST(RunComparisonTest, SwappedRunsAreSlower) {
    ScratchDir dir;
    const auto path = dir.file("runs.sqlite");
    const RunDataPtr fast = load(path, writeFixtureRun(path, {.timeScale = 0.8, .seed = 1}));
    const RunDataPtr slow = load(path, writeFixtureRun(path, {.timeScale = 1.0, .seed = 2}));
    const RunComparison comparison = compareRuns(fast, slow);
    EXPECT_EQ(comparison.count(DiffVerdict::Faster), 0);
    EXPECT_GT(comparison.count(DiffVerdict::Slower), 25);
    for (const VariantDiff& diff : comparison.diffs) {
        if (diff.verdict == DiffVerdict::Slower) {
            EXPECT_NEAR(*diff.ratio, 1.25, 0.07) << diff.name;
        }
    }
}

// Same speed, different noise: a 5 % test flags about one variant in twenty by chance; with
// 29 measured variants, more than 6 would be very unlikely (binomial tail < 0.3 %) and points
// at a broken test rather than bad luck. The seeds are fixed, so this is deterministic.
TEST(RunComparisonTest, SameSpeedDifferentSeedsIsMostlyNoChange) {
    ScratchDir dir;
    const auto path = dir.file("runs.sqlite");
    const RunDataPtr a = load(path, writeFixtureRun(path, {.seed = 3}));
    const RunDataPtr b = load(path, writeFixtureRun(path, {.seed = 4}));
    const RunComparison comparison = compareRuns(a, b);
    const int noChange = comparison.count(DiffVerdict::NoSignificantChange);
    const int changed =
        comparison.count(DiffVerdict::Faster) + comparison.count(DiffVerdict::Slower);
    EXPECT_EQ(noChange + changed, 29);
    EXPECT_LE(changed, 6);
    for (const VariantDiff& diff : comparison.diffs) {
        if (diff.ratio) {
            EXPECT_NEAR(*diff.ratio, 1.0, 0.1) << diff.name;
        }
    }
}

TEST(RunComparisonTest, VariantsOnOneSideOnlyComeAfterOrAreMarked) {
    ScratchDir dir;
    const auto path = dir.file("runs.sqlite");
    // The baseline measured the GPU too; the candidate is CPU only.
    const RunDataPtr baseline = load(path, writeFixtureRun(path, {.withGpu = true, .seed = 1}));
    const RunDataPtr candidate = load(path, writeFixtureRun(path, {.withGpu = false, .seed = 2}));
    const RunComparison comparison = compareRuns(baseline, candidate);
    ASSERT_EQ(comparison.diffs.size(), baseline->variants.size());
    // Candidate order first ...
    for (size_t i = 0; i < candidate->variants.size(); ++i) {
        EXPECT_EQ(comparison.diffs[i].name, candidate->variants[i].name);
        EXPECT_NE(comparison.diffs[i].verdict, DiffVerdict::OnlyInBaseline);
    }
    // ... then what only the baseline has, with its median and no ratio.
    int onlyInBaseline = 0;
    for (size_t i = candidate->variants.size(); i < comparison.diffs.size(); ++i) {
        const VariantDiff& diff = comparison.diffs[i];
        EXPECT_EQ(diff.verdict, DiffVerdict::OnlyInBaseline) << diff.name;
        EXPECT_EQ(diff.candidate, nullptr);
        ASSERT_NE(diff.baseline, nullptr);
        EXPECT_EQ(diff.baseline->device, "gpu");
        EXPECT_FALSE(diff.ratio);
        EXPECT_FALSE(diff.pValue);
        EXPECT_EQ(diff.baselineMs, diff.baseline->medianMs);
        ++onlyInBaseline;
    }
    EXPECT_EQ(onlyInBaseline, 13);  // 13 GPU plans; the failed GPU variant is in both runs
    EXPECT_FALSE(comparison.hasDeviceTimes());

    const RunComparison reverse = compareRuns(candidate, baseline);
    EXPECT_EQ(reverse.count(DiffVerdict::OnlyInCandidate), 13);
    EXPECT_EQ(reverse.count(DiffVerdict::OnlyInBaseline), 0);
}

TEST(RunComparisonTest, VerdictsReadAsWords) {
    EXPECT_EQ(toString(DiffVerdict::Faster), QStringLiteral("faster"));
    EXPECT_EQ(toString(DiffVerdict::NoSignificantChange), QStringLiteral("no significant change"));
    EXPECT_EQ(toString(DiffVerdict::OnlyInBaseline), QStringLiteral("only in baseline"));
}

}  // namespace
}  // namespace costscope
