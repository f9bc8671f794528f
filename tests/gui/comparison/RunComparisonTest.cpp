// compareRuns() on fixture recordings: a 20 % faster candidate, two runs of the same speed,
// variants on one side only, skipped variants. (The interval and verdict themselves are tested on
// known samples in tests/analysis.)
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
    EXPECT_DOUBLE_EQ(comparison.equivalence, 0.02);
    int measured = 0;
    for (size_t i = 0; i < comparison.diffs.size(); ++i) {
        const VariantDiff& diff = comparison.diffs[i];
        // Candidate order.
        EXPECT_EQ(diff.name, candidate->variants[i].name);
        ASSERT_NE(diff.baseline, nullptr);
        ASSERT_EQ(diff.candidate, &candidate->variants[i]);
        EXPECT_EQ(diff.baseline->name, diff.name);
        if (diff.candidate->status != VariantStatus::Ok) {
            EXPECT_EQ(diff.time.verdict, DiffVerdict::NotMeasured) << diff.name;
            EXPECT_FALSE(diff.time.ratio());
            EXPECT_FALSE(diff.time.pValue);
            continue;
        }
        ++measured;
        EXPECT_EQ(diff.time.verdict, DiffVerdict::Faster) << diff.name;
        ASSERT_TRUE(diff.time.interval);
        EXPECT_NEAR(*diff.time.ratio(), 0.8, 0.05) << diff.name;
        EXPECT_NEAR(*diff.time.ratio(), *diff.time.candidateMs / *diff.time.baselineMs, 1e-12);
        EXPECT_LT(diff.time.interval->low, *diff.time.ratio());
        EXPECT_LT(diff.time.interval->high, 1 / 1.02) << "wholly below the band";
        // One round of 15 samples a side: five blocks of three.
        EXPECT_EQ(diff.time.interval->units, "blocks");
        EXPECT_EQ(diff.time.interval->baselineUnits, 5);
        EXPECT_DOUBLE_EQ(*diff.time.baselineMs, *diff.baseline->medianMs);
        ASSERT_TRUE(diff.time.pValue);
        // 15 samples a side, fully separated: the asymptotic p of U = 0, n = m = 15, is 3.4e-6.
        EXPECT_LT(*diff.time.pValue, 1e-4) << diff.name;
        if (diff.candidate->device == "gpu") {
            ASSERT_TRUE(diff.device.ratio()) << diff.name;
            ASSERT_TRUE(diff.device.pValue) << diff.name;
            EXPECT_EQ(diff.device.verdict, DiffVerdict::Faster) << diff.name;
            EXPECT_LT(*diff.device.ratio(), 0.9);
        } else {
            EXPECT_FALSE(diff.device.ratio());
            EXPECT_EQ(diff.device.verdict, DiffVerdict::NotMeasured);
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
        if (diff.time.verdict == DiffVerdict::Slower) {
            EXPECT_NEAR(*diff.time.ratio(), 1.25, 0.07) << diff.name;
        }
    }
}

// Same speed, different noise (3 % per sample): an A/A comparison. The intervals straddle or
// lie within the ±2 % band, so nearly every verdict is "same" or "inconclusive"; a false
// "faster" or "slower" needs the interval's 2.5 % tail beyond the band. The seeds are fixed, so
// this is deterministic.
TEST(RunComparisonTest, SameSpeedDifferentSeedsIsSameOrInconclusive) {
    ScratchDir dir;
    const auto path = dir.file("runs.sqlite");
    const RunDataPtr a = load(path, writeFixtureRun(path, {.seed = 3}));
    const RunDataPtr b = load(path, writeFixtureRun(path, {.seed = 4}));
    const RunComparison comparison = compareRuns(a, b);
    const int unchanged =
        comparison.count(DiffVerdict::Same) + comparison.count(DiffVerdict::Inconclusive);
    const int changed =
        comparison.count(DiffVerdict::Faster) + comparison.count(DiffVerdict::Slower);
    EXPECT_EQ(unchanged + changed, 29);
    EXPECT_LE(changed, 2) << comparison.summary().toStdString();
    for (const VariantDiff& diff : comparison.diffs) {
        if (diff.time.interval) {
            EXPECT_NEAR(*diff.time.ratio(), 1.0, 0.1) << diff.name;
            EXPECT_LE(diff.time.interval->low, *diff.time.ratio());
            EXPECT_GE(diff.time.interval->high, *diff.time.ratio());
        }
    }
    // A band as wide as the noise makes them "same".
    const RunComparison wide = compareRuns(a, b, 0.10);
    EXPECT_GT(wide.count(DiffVerdict::Same), 20) << wide.summary().toStdString();
}

// Every variant 20 % faster is what a faster machine does too: the note says so, once four or
// more changed one way and they are half of those judged; mixed or few changes get no note.
TEST(RunComparisonTest, ManyChangesAllOneWayPointAtTheMachine) {
    ScratchDir dir;
    const auto path = dir.file("runs.sqlite");
    const RunDataPtr baseline = load(path, writeFixtureRun(path, {.timeScale = 1.0, .seed = 1}));
    const RunDataPtr faster = load(path, writeFixtureRun(path, {.timeScale = 0.8, .seed = 2}));
    const RunDataPtr same = load(path, writeFixtureRun(path, {.timeScale = 1.0, .seed = 3}));
    const QString note = compareRuns(baseline, faster).oneWayNote();
    EXPECT_TRUE(note.startsWith(QStringLiteral("All 29 changes go the same way (faster)")))
        << note.toStdString();
    EXPECT_TRUE(compareRuns(faster, baseline).oneWayNote().contains(QStringLiteral("(slower)")));
    EXPECT_TRUE(compareRuns(baseline, same).oneWayNote().isEmpty());

    // Mixed directions: a real change of some variants, not of the machine.
    RunComparison mixed = compareRuns(baseline, faster);
    for (size_t i = 0; i < mixed.diffs.size(); i += 2) {
        if (mixed.diffs[i].time.verdict == DiffVerdict::Faster) {
            mixed.diffs[i].time.verdict = DiffVerdict::Slower;
        }
    }
    EXPECT_TRUE(mixed.oneWayNote().isEmpty());
    // Three changes of 29 judged: too few to say anything of the machine.
    RunComparison few = compareRuns(baseline, faster);
    for (size_t i = 3; i < few.diffs.size(); ++i) {
        if (few.diffs[i].time.verdict == DiffVerdict::Faster) {
            few.diffs[i].time.verdict = DiffVerdict::Inconclusive;
        }
    }
    EXPECT_EQ(few.count(DiffVerdict::Faster), 3);
    EXPECT_TRUE(few.oneWayNote().isEmpty());
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
        EXPECT_NE(comparison.diffs[i].time.verdict, DiffVerdict::OnlyInBaseline);
    }
    // ... then what only the baseline has, with its median and no ratio.
    int onlyInBaseline = 0;
    for (size_t i = candidate->variants.size(); i < comparison.diffs.size(); ++i) {
        const VariantDiff& diff = comparison.diffs[i];
        EXPECT_EQ(diff.time.verdict, DiffVerdict::OnlyInBaseline) << diff.name;
        EXPECT_EQ(diff.candidate, nullptr);
        ASSERT_NE(diff.baseline, nullptr);
        EXPECT_EQ(diff.baseline->device, "gpu");
        EXPECT_FALSE(diff.time.ratio());
        EXPECT_FALSE(diff.time.pValue);
        EXPECT_EQ(diff.time.baselineMs, diff.baseline->medianMs);
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
    EXPECT_EQ(toString(DiffVerdict::Same), QStringLiteral("same"));
    EXPECT_EQ(toString(DiffVerdict::Inconclusive), QStringLiteral("inconclusive"));
    EXPECT_EQ(toString(DiffVerdict::OnlyInBaseline), QStringLiteral("only in baseline"));
}

}  // namespace
}  // namespace costscope
