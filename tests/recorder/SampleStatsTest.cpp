// SampleStats: percentiles by linear interpolation, sample stddev, and the noise flag; whether
// rounds agree.
#include "profiler/SampleStats.h"

#include <gtest/gtest.h>

#include <vector>

namespace costscope {
namespace {

TEST(SampleStats, OddCountMedianIsTheMiddleValue) {
    const std::vector<int64_t> ns{50, 10, 40, 20, 30};
    const auto stats = SampleStats::from(ns);
    EXPECT_DOUBLE_EQ(stats.medianNs, 30);
    EXPECT_DOUBLE_EQ(stats.meanNs, 30);
    // Closest-rank interpolation: rank 0.05 * 4 = 0.2 -> 10 + 0.2 * 10.
    EXPECT_DOUBLE_EQ(stats.p5Ns, 12);
    EXPECT_DOUBLE_EQ(stats.p95Ns, 48);
    EXPECT_NEAR(stats.stddevNs, 15.811388300841896, 1e-9);  // sample stddev of 10..50
}

TEST(SampleStats, EvenCountMedianInterpolates) {
    const std::vector<int64_t> ns{4, 1, 3, 2};
    EXPECT_DOUBLE_EQ(SampleStats::from(ns).medianNs, 2.5);
}

TEST(SampleStats, SingleSampleHasNoSpread) {
    const std::vector<int64_t> ns{7};
    const auto stats = SampleStats::from(ns);
    EXPECT_DOUBLE_EQ(stats.medianNs, 7);
    EXPECT_DOUBLE_EQ(stats.stddevNs, 0);
    EXPECT_FALSE(stats.noisy);
}

TEST(SampleStats, NoiseFlagFollowsTheCoefficientOfVariation) {
    const std::vector<int64_t> steady{1000, 1010, 990, 1005, 995};
    EXPECT_FALSE(SampleStats::from(steady).noisy);
    const std::vector<int64_t> noisy{1000, 1300, 900, 1200, 800};
    const auto stats = SampleStats::from(noisy);
    EXPECT_GT(stats.cv, SampleStats::kNoisyCv);
    EXPECT_TRUE(stats.noisy);
}

TEST(SampleStats, NoSamplesIsAnError) {
    EXPECT_THROW(SampleStats::from({}), std::invalid_argument);
}

TEST(RoundAgreement, RoundsOfTheSameSpreadAgree) {
    // Medians 100, 101, 100: 1 % apart, under the 2 % tolerance.
    const auto agreement = RoundAgreement::of({{98, 100, 102}, {99, 101, 103}, {97, 100, 104}});
    EXPECT_NEAR(agreement.spread, 0.01, 1e-12);
    EXPECT_FALSE(agreement.disagree);
}

TEST(RoundAgreement, ARoundCaughtInASlowSpellDisagrees) {
    // Tight rounds at 100 and one at 130: 30 % apart, far beyond three standard errors.
    std::vector<int64_t> fast(20, 100), slow(20, 130);
    fast[0] = 99;
    slow[0] = 131;
    const auto agreement = RoundAgreement::of({fast, slow, fast});
    EXPECT_NEAR(agreement.spread, 0.30, 1e-12);
    EXPECT_TRUE(agreement.disagree);
}

TEST(RoundAgreement, ADifferenceTheRoundsOwnNoiseExplainsDoesNotDisagree) {
    // Medians 100 and 110 (10 % apart) from three samples each spread over 60..140: the standard
    // error of such a median (1.2533 * 1.4826 * MAD 40 / sqrt 3 = 42.9) dwarfs the difference.
    const auto agreement = RoundAgreement::of({{60, 100, 140}, {70, 110, 150}});
    EXPECT_NEAR(agreement.spread, 0.10, 1e-12);
    EXPECT_FALSE(agreement.disagree);
}

TEST(RoundAgreement, OneRoundHasNothingToDisagreeWith) {
    const auto agreement = RoundAgreement::of({{100, 200, 300}});
    EXPECT_EQ(agreement.spread, 0.0);
    EXPECT_FALSE(agreement.disagree);
}

}  // namespace
}  // namespace costscope
