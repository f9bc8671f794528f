// The money arithmetic against figures worked out by hand.
#include <gtest/gtest.h>

#include "profiler/analysis/Money.h"

namespace costscope {
namespace {

TEST(MoneyTest, AMillionCallsOfTheMedianAtTheHourlyPrice) {
    // 2 ms a call: a million calls take 2,000 s, 5/9 of an hour; at 3.60 an hour, 2.00.
    EXPECT_DOUBLE_EQ(costPerMillionCalls(2.0, 3.6), 2.0);
    // 40 µs on a 0.48-an-hour CPU: 40 s, 0.00533 ... on the hour.
    EXPECT_NEAR(costPerMillionCalls(0.04, 0.48), 40.0 / 3600.0 * 0.48, 1e-15);
    EXPECT_EQ(costPerMillionCalls(5.0, 0.0), 0.0);
}

TEST(MoneyTest, TheElectricityOfAMillionCalls) {
    // 0.5 J a call: 500 kJ, 0.1389 kWh; at 0.36 a kWh, 0.05.
    EXPECT_DOUBLE_EQ(energyCostPerMillionCalls(0.5, 0.36), 0.05);
    EXPECT_DOUBLE_EQ(energyCostPerMillionCalls(3.6, 1.0), 1.0);  // 3.6 MJ is 1 kWh
}

}  // namespace
}  // namespace costscope
