// The log axes' ticks: 1-2-5 over a few decades, decades over many, even steps within one.
#include <gtest/gtest.h>

#include "app/charts/LogTicker.h"

using namespace Qt::StringLiterals;

namespace costscope {
namespace {

struct Ticks {
    QVector<double> ticks;
    QVector<double> subTicks;
    QVector<QString> labels;
};

Ticks generate(double lower, double upper) {
    LogTicker ticker;
    Ticks out;
    ticker.generate(QCPRange(lower, upper), QLocale::c(), u'g', 6, out.ticks, &out.subTicks,
                    &out.labels);
    return out;
}

TEST(LogTickerTest, OneTwoFiveOverAFewDecades) {
    const Ticks t = generate(0.15, 8);
    EXPECT_EQ(t.ticks, (QVector<double>{0.2, 0.5, 1, 2, 5}));
    EXPECT_EQ(t.labels, (QVector<QString>{u"0.2"_s, u"0.5"_s, u"1"_s, u"2"_s, u"5"_s}));
    // Every other multiple of a power of ten is a sub-tick.
    EXPECT_TRUE(t.subTicks.contains(0.3));
    EXPECT_TRUE(t.subTicks.contains(7.0));
    EXPECT_FALSE(t.subTicks.contains(2.0));
}

TEST(LogTickerTest, DecadesOverMany) {
    const Ticks t = generate(1e-7, 2);
    ASSERT_EQ(t.ticks.size(), 8);
    EXPECT_DOUBLE_EQ(t.ticks.front(), 1e-7);
    EXPECT_DOUBLE_EQ(t.ticks.back(), 1);
    // Small values as exponents (drawn as powers of ten), the rest as plain numbers.
    EXPECT_EQ(t.labels.front(), u"1e-07"_s);
    EXPECT_EQ(t.labels[4], u"0.001"_s);
    EXPECT_EQ(t.labels.back(), u"1"_s);
    EXPECT_EQ(LogTicker::label(1e6), u"1e+06"_s);
    EXPECT_EQ(LogTicker::label(20000), u"20000"_s);
}

TEST(LogTickerTest, EveryOtherDecadeWhenThereAreTooMany) {
    const Ticks t = generate(1, 1e12);
    EXPECT_EQ(t.ticks.size(), 7);  // 1, 100, ..., 1e12
    EXPECT_DOUBLE_EQ(t.ticks[1], 100);
    EXPECT_TRUE(t.subTicks.isEmpty());
}

TEST(LogTickerTest, EvenStepsWhenZoomedInWithinADecade) {
    const Ticks t = generate(3, 4);
    ASSERT_GE(t.ticks.size(), 2);
    EXPECT_EQ(t.ticks.size(), t.labels.size());
    for (double tick : t.ticks) {
        EXPECT_GE(tick, 3);
        EXPECT_LE(tick, 4);
    }
}

TEST(LogTickerTest, NothingForARangeALogAxisCannotShow) {
    EXPECT_TRUE(generate(-1, 10).ticks.isEmpty());
    EXPECT_TRUE(generate(0, 10).ticks.isEmpty());
}

}  // namespace
}  // namespace costscope
