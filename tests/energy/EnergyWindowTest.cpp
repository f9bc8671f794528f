// Energy windows from scripted counter reads: the power between the updates seen, over the
// window's length; idle subtracted; too few updates, and faults, as reasons rather than numbers.
#include <gtest/gtest.h>

#include "profiler/energy/EnergyWindow.h"

namespace costscope {
namespace {

constexpr int64_t kMs = 1'000'000;

// A counter that updates every `periodMs` with `watts` of power, read every `pollMs` from 0 to
// `lengthMs`: the value it shows is the energy at its last update.
EnergyWindow scripted(double watts, int periodMs, int pollMs, int lengthMs, int64_t calls) {
    auto shown = [&](int ms) {
        return EnergyRead{watts * double(ms / periodMs * periodMs) / 1e3, {}};
    };
    EnergyWindowBuilder builder;
    builder.begin(0, shown(0));
    for (int ms = pollMs; ms < lengthMs; ms += pollMs) {
        builder.observe(ms * kMs, shown(ms));
    }
    return builder.end(lengthMs * kMs, shown(lengthMs), calls);
}

TEST(EnergyWindowTest, ThePowerBetweenUpdatesOverTheWholeWindow) {
    // 250 W, a counter updating every 20 ms, read every 5 ms, over 1.01 s: 252.5 J, though the
    // reads at the edges alone would say 250 J (the last update was at 1.000 s).
    const EnergyWindow window = scripted(250.0, 20, 5, 1010, 1000);
    EXPECT_DOUBLE_EQ(window.seconds, 1.01);
    ASSERT_TRUE(window.joules) << window.note;
    EXPECT_NEAR(*window.joules, 252.5, 1e-9);
    EXPECT_NEAR(*window.watts(), 250.0, 1e-9);
    EXPECT_NEAR(*window.joulesPerCall(), 0.2525, 1e-12);
    EXPECT_EQ(window.updates, 50);
    EXPECT_NEAR(window.updatePeriodS, 0.020, 1e-12);
    EXPECT_TRUE(window.note.empty()) << window.note;
    // 101 J of it is the device idling at 100 W: 151.5 J over 1000 calls is the calls' own.
    EXPECT_NEAR(*window.joulesAboveIdlePerCall(100.0), 0.1515, 1e-12);
    EXPECT_FALSE(window.joulesAboveIdlePerCall(std::nullopt));
}

TEST(EnergyWindowTest, AWindowWithTooFewUpdatesHasNoEnergyButKeepsItsLength) {
    const EnergyWindow window = scripted(300.0, 100, 5, 150, 40);  // one update, at 100 ms
    EXPECT_FALSE(window.joules);
    EXPECT_EQ(window.note,
              "energy not measured: the counter changed 1 time in the 0.150 s window, too few to "
              "measure");
    EXPECT_DOUBLE_EQ(window.seconds, 0.15);
    EXPECT_EQ(window.calls, 40);
    EXPECT_FALSE(window.joulesPerCall());
}

TEST(EnergyWindowTest, AShortWindowIsMeasuredAndFlagged) {
    const EnergyWindow window = scripted(300.0, 100, 5, 520, 40);  // 5 updates
    ASSERT_TRUE(window.joules);
    EXPECT_NEAR(*window.joules, 300.0 * 0.52, 1e-9);
    EXPECT_EQ(window.note,
              "the counter changed only 5 times in the 0.520 s window: a longer window would "
              "measure it better");
    EXPECT_NEAR(window.updatePeriodS, 0.1, 1e-12);
}

TEST(EnergyWindowTest, AFaultAnywhereInTheWindowLeavesNoNumber) {
    EnergyWindowBuilder builder;
    builder.begin(0, {0.0, {}});
    builder.observe(10 * kMs, {1.0, {}});
    builder.observe(20 * kMs, {0.5, "the energy counter of GPU 0 went back from 1000 to 500 mJ"});
    builder.observe(30 * kMs, {1.5, {}});
    const EnergyWindow window = builder.end(40 * kMs, {2.0, {}}, 10);
    EXPECT_FALSE(window.joules);
    EXPECT_EQ(window.note,
              "energy not measured: the energy counter of GPU 0 went back from 1000 to 500 mJ");
    EXPECT_DOUBLE_EQ(window.seconds, 0.04);  // the time stays; only the energy is missing
}

}  // namespace
}  // namespace costscope
