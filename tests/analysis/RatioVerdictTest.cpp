// The ratio interval and verdict on known samples, against values worked out independently here.
#include "profiler/analysis/RatioVerdict.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace costscope {
namespace {

// `perRound` samples in each of `rounds` rounds, `base` ns scaled per round by `roundScale`.
std::vector<Sample> samples(int rounds, int perRound, double base,
                            const std::vector<double>& roundScale = {}, double jitter = 0,
                            unsigned seed = 1) {
    std::mt19937 random(seed);
    std::normal_distribution<double> noise(0.0, jitter);
    std::vector<Sample> result;
    for (int r = 0; r < rounds; ++r)
        for (int i = 0; i < perRound; ++i) {
            const double scale = roundScale.empty() ? 1.0 : roundScale[size_t(r)];
            Sample sample;
            sample.durationNs = int64_t(base * scale * (1 + (jitter > 0 ? noise(random) : 0)));
            sample.round = r;
            result.push_back(sample);
        }
    return result;
}

TEST(RatioVerdict, EqualSamplesAreTheSame) {
    const auto a = samples(3, 20, 1'000'000, {1.0, 1.001, 0.999});
    const auto interval = ratioInterval(a, a, false);
    ASSERT_TRUE(interval);
    EXPECT_DOUBLE_EQ(interval->ratio, 1.0);
    EXPECT_EQ(interval->units, "rounds");
    EXPECT_EQ(interval->baselineUnits, 3);
    // Round medians 1.0, 1.001, 0.999 on both sides: the log medians' sample variance is
    // ~1e-6, se = sqrt(2 * 1e-6 / 3) = 8.2e-4 at Welch df 4: t = 2.776, half-width 0.23 %.
    EXPECT_NEAR(std::log(interval->high), 2.776 * std::sqrt(2 * 1.0000e-6 / 3), 2e-5);
    EXPECT_EQ(judge(*interval), Verdict::Same);
}

TEST(RatioVerdict, AShiftedCopyIsFoundInsideItsInterval) {
    const auto a = samples(3, 20, 1'000'000, {1.0, 1.01, 0.99});
    const auto b = samples(3, 20, 1'250'000, {1.0, 1.01, 0.99});
    const auto interval = ratioInterval(a, b, false);
    ASSERT_TRUE(interval);
    EXPECT_NEAR(interval->ratio, 1.25, 1e-9);
    EXPECT_LT(interval->low, 1.25);
    EXPECT_GT(interval->high, 1.25);
    EXPECT_EQ(judge(*interval), Verdict::Slower);
    EXPECT_EQ(judge(*ratioInterval(b, a, false)), Verdict::Faster);
}

TEST(RatioVerdict, SmallNoisySamplesAreInconclusive) {
    // Rounds 10 % apart on each side and a 3 % change: the interval straddles the band.
    const auto a = samples(3, 5, 1'000'000, {0.9, 1.0, 1.1});
    const auto b = samples(3, 5, 1'030'000, {1.1, 0.9, 1.0});
    const auto interval = ratioInterval(a, b, false);
    ASSERT_TRUE(interval);
    EXPECT_LT(interval->low, 1 / 1.02);
    EXPECT_GT(interval->high, 1.02);
    EXPECT_EQ(judge(*interval), Verdict::Inconclusive);
}

TEST(RatioVerdict, TheIntervalIsAWelchIntervalOnLogRoundMedians) {
    // Round medians 100/110/120 against 150/150/165: the Welch interval on their logs, computed
    // here from the definitions (log variances 0.00828 and 0.00302, df 3.29).
    const auto a = samples(3, 1, 1.0, {100, 110, 120});
    const auto b = samples(3, 1, 1.0, {150, 150, 165});
    const auto interval = ratioInterval(a, b, false);
    ASSERT_TRUE(interval);
    EXPECT_NEAR(interval->ratio, 150.0 / 110.0, 1e-12);
    const double la = std::log(100), lb = std::log(110), lc = std::log(120);
    const double ma = (la + lb + lc) / 3;
    const double va = ((la - ma) * (la - ma) + (lb - ma) * (lb - ma) + (lc - ma) * (lc - ma)) / 2;
    const double ld = std::log(150), le = std::log(165);
    const double mb = (2 * ld + le) / 3;
    const double vb = (2 * (ld - mb) * (ld - mb) + (le - mb) * (le - mb)) / 2;
    const double se = std::sqrt(va / 3 + vb / 3);
    const double df =
        (va / 3 + vb / 3) * (va / 3 + vb / 3) / ((va / 3) * (va / 3) / 2 + (vb / 3) * (vb / 3) / 2);
    EXPECT_NEAR(std::log(interval->high / interval->ratio), studentT975(df) * se, 1e-12);
    EXPECT_NEAR(df, 3.286, 0.001);
}

TEST(RatioVerdict, FewerThanThreeRoundsUseBlocksOfConsecutiveSamples) {
    const auto a = samples(1, 60, 1'000'000, {}, 0.01, 1);
    const auto b = samples(1, 60, 1'000'000, {}, 0.01, 2);
    const auto interval = ratioInterval(a, b, false);
    ASSERT_TRUE(interval);
    EXPECT_EQ(interval->units, "blocks");
    EXPECT_EQ(interval->baselineUnits, 10);
    // Five samples give one block only: no interval.
    EXPECT_FALSE(ratioInterval(samples(1, 5, 1'000'000), a, false));
}

TEST(RatioVerdict, DeviceTimesLeaveOutSamplesWithoutOne) {
    auto a = samples(3, 4, 1'000'000);
    auto b = samples(3, 4, 1'000'000);
    for (auto* side : {&a, &b})
        for (Sample& sample : *side)
            sample.deviceNs = sample.round == 2 ? -1 : 400'000;
    const auto interval = ratioInterval(a, b, true);
    ASSERT_TRUE(interval);
    EXPECT_EQ(interval->units, "blocks");  // two rounds with device times: too few rounds
    EXPECT_DOUBLE_EQ(interval->ratio, 1.0);
    EXPECT_FALSE(ratioInterval(samples(3, 4, 1e6), samples(3, 4, 1e6), true))
        << "no device times at all";
}

TEST(RatioVerdict, TheBandDecides) {
    EXPECT_EQ(judge({.ratio = 0.9, .low = 0.85, .high = 0.95}), Verdict::Faster);
    EXPECT_EQ(judge({.ratio = 1.1, .low = 1.05, .high = 1.15}), Verdict::Slower);
    EXPECT_EQ(judge({.ratio = 1.0, .low = 0.99, .high = 1.01}), Verdict::Same);
    EXPECT_EQ(judge({.ratio = 1.0, .low = 0.97, .high = 1.01}), Verdict::Inconclusive);
    // A wider band turns a small sure change into "same".
    EXPECT_EQ(judge({.ratio = 0.97, .low = 0.965, .high = 0.975}), Verdict::Faster);
    EXPECT_EQ(judge({.ratio = 0.97, .low = 0.965, .high = 0.975}, 0.05), Verdict::Same);
}

TEST(RatioVerdict, StudentQuantilesMatchTheTable) {
    EXPECT_NEAR(studentT975(1), 12.706, 1e-3);
    EXPECT_NEAR(studentT975(4), 2.776, 1e-3);
    EXPECT_NEAR(studentT975(10), 2.228, 1e-3);
    EXPECT_NEAR(studentT975(50), 2.009, 2e-3);  // R: qt(0.975, 50) = 2.0086
    EXPECT_NEAR(studentT975(1e9), 1.960, 1e-3);
}

TEST(RatioVerdict, PValuesThatUnderflowSaySo) {
    EXPECT_EQ(pValueText(0.0), "< 1e-300");
    EXPECT_EQ(pValueText(3.21e-5), "3.2e-05");
    EXPECT_EQ(pValueText(0.4123), "0.412");
}

}  // namespace
}  // namespace costscope
