// The Mann-Whitney U test against scipy's documented output and cases worked by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "profiler/analysis/MannWhitney.h"

namespace costscope {
namespace {

// scipy.stats.mannwhitneyu's own docstring example (scipy/stats/_mannwhitneyu.py, "Examples"):
// males = [19, 22, 16, 29, 24], females = [20, 11, 17, 12];
// mannwhitneyu(males, females, method="asymptotic") prints U1 = 17.0, p = 0.11134688653314041.
TEST(MannWhitneyTest, MatchesScipysDocumentedAsymptoticExample) {
    const std::vector<double> males = {19, 22, 16, 29, 24};
    const std::vector<double> females = {20, 11, 17, 12};
    const MannWhitneyResult result = mannWhitneyU(males, females);
    ASSERT_TRUE(result.valid);
    EXPECT_DOUBLE_EQ(result.u, 17.0);
    EXPECT_NEAR(result.pValue, 0.11134688653314041, 1e-12);
}

// Fully separated, n = m = 5, no ties, worked by hand: every a below every b, so the ranks of
// a are 1..5, R1 = 15 and U1 = R1 - n1 (n1 + 1) / 2 = 0; U2 = 25 - 0 = 25; mean 12.5;
// sigma = sqrt(5 * 5 * 11 / 12) = 4.7871355387816905; z = (25 - 12.5 - 0.5) / sigma =
// 2.5067182457620487; p = 2 * (1 - Phi(z)) = erfc(z / sqrt 2) = 0.012185780355344818.
// (scipy's exact method would say 2 / C(10, 5) = 0.00794; the asymptotic one is what we run.)
TEST(MannWhitneyTest, FullySeparatedSamplesByHand) {
    const std::vector<double> a = {1, 2, 3, 4, 5};
    const std::vector<double> b = {6, 7, 8, 9, 10};
    const MannWhitneyResult result = mannWhitneyU(a, b);
    ASSERT_TRUE(result.valid);
    EXPECT_DOUBLE_EQ(result.u, 0.0);
    EXPECT_NEAR(result.pValue, 0.012185780355344818, 1e-12);
    EXPECT_LT(result.pValue, 0.05);
}

// Swapping the samples gives U2 = n1 n2 - U1 and the same two-sided p.
TEST(MannWhitneyTest, SymmetricInItsArguments) {
    const std::vector<double> a = {1, 2, 3, 4, 5};
    const std::vector<double> b = {6, 7, 8, 9, 10};
    const MannWhitneyResult forward = mannWhitneyU(a, b);
    const MannWhitneyResult backward = mannWhitneyU(b, a);
    EXPECT_DOUBLE_EQ(backward.u, 25.0);
    EXPECT_DOUBLE_EQ(backward.pValue, forward.pValue);
}

// Ties, worked by hand: a = {1, 2, 2, 3}, b = {2, 3, 3, 4}. Pooled and sorted: 1a 2a 2a 2b 3a 3b
// 3b 4b; the three 2s share rank (2 + 3 + 4) / 3 = 3, the three 3s rank (5 + 6 + 7) / 3 = 6.
// R1 = 1 + 3 + 3 + 6 = 13, U1 = 13 - 10 = 3, U2 = 16 - 3 = 13, mean 8. Tie term
// sum(t^3 - t) = 24 + 24 = 48; sigma^2 = 4 * 4 / 12 * ((8 + 1) - 48 / (8 * 7)) = 10.857142857;
// z = (13 - 8 - 0.5) / sqrt(sigma^2) = 1.365698202000489; p = erfc(z / sqrt 2) =
// 0.17203370892182296. Without the tie correction sigma^2 would be 12 and p 0.194.
TEST(MannWhitneyTest, TiesShareTheirAverageRankAndShrinkTheVariance) {
    const std::vector<double> a = {1, 2, 2, 3};
    const std::vector<double> b = {2, 3, 3, 4};
    const MannWhitneyResult result = mannWhitneyU(a, b);
    ASSERT_TRUE(result.valid);
    EXPECT_DOUBLE_EQ(result.u, 3.0);
    EXPECT_NEAR(result.pValue, 0.17203370892182296, 1e-12);
}

// The same samples on both sides: U1 = n1 n2 / 2 exactly, and the continuity correction makes
// z negative, so p is clipped to 1 as scipy clips it.
TEST(MannWhitneyTest, IdenticalSamplesGiveOne) {
    const std::vector<double> a = {3, 1, 4, 1, 5, 9, 2, 6};
    const MannWhitneyResult result = mannWhitneyU(a, a);
    ASSERT_TRUE(result.valid);
    EXPECT_DOUBLE_EQ(result.u, 32.0);
    EXPECT_DOUBLE_EQ(result.pValue, 1.0);
}

TEST(MannWhitneyTest, TooFewSamplesOrAllTiedIsNoTest) {
    const std::vector<double> one = {1.0};
    const std::vector<double> two = {1.0, 2.0};
    EXPECT_FALSE(mannWhitneyU(one, two).valid);
    EXPECT_FALSE(mannWhitneyU(two, one).valid);
    EXPECT_FALSE(mannWhitneyU({}, two).valid);
    EXPECT_EQ(mannWhitneyU(one, two).pValue, 1.0);
    const std::vector<double> tied = {7, 7, 7};
    const MannWhitneyResult allTied = mannWhitneyU(tied, tied);
    EXPECT_FALSE(allTied.valid);
    EXPECT_EQ(allTied.pValue, 1.0);
}

// Large samples shifted by a constant are told apart; the p-value stays within [0, 1] and
// never NaN even far out in the tail.
TEST(MannWhitneyTest, LargeShiftedSamplesAreSignificant) {
    std::vector<double> a;
    std::vector<double> b;
    for (int i = 0; i < 200; ++i) {
        a.push_back(10.0 + 0.01 * (i % 17));
        b.push_back(9.0 + 0.01 * (i % 13));
    }
    const MannWhitneyResult result = mannWhitneyU(a, b);
    ASSERT_TRUE(result.valid);
    EXPECT_DOUBLE_EQ(result.u, 200.0 * 200.0);
    EXPECT_GE(result.pValue, 0.0);
    EXPECT_LT(result.pValue, 1e-50);
    EXPECT_FALSE(std::isnan(result.pValue));
}

}  // namespace
}  // namespace costscope
