// LogTicker: 1-2-5 or decade ticks, every multiple of a power of ten as a sub-tick.
#include "app/charts/LogTicker.h"

#include <cmath>

namespace costscope {

namespace {

// More ticks than this on one axis crowd their labels.
constexpr double kFewDecades = 2.5;
constexpr int kMostDecadeTicks = 8;

}  // namespace

void LogTicker::generate(const QCPRange& range, const QLocale& locale, QChar formatChar,
                         int precision, QVector<double>& ticks, QVector<double>* subTicks,
                         QVector<QString>* tickLabels) {
    ticks.clear();
    if (subTicks != nullptr) {
        subTicks->clear();
    }
    if (tickLabels != nullptr) {
        tickLabels->clear();
    }
    const double lower = std::min(range.lower, range.upper);
    const double upper = std::max(range.lower, range.upper);
    if (!(lower > 0) || !std::isfinite(upper) || !(upper > lower)) {
        return;
    }
    const int first = int(std::floor(std::log10(lower)));
    const int last = int(std::ceil(std::log10(upper)));
    const double decades = std::log10(upper / lower);
    // Decades only when there are many; every 2nd, 3rd ... when there are too many for labels.
    const int step =
        decades > kFewDecades ? std::max(1, int(std::ceil(decades / kMostDecadeTicks))) : 0;
    auto inside = [&](double value) { return value >= lower && value <= upper; };
    for (int exponent = first; exponent <= last; ++exponent) {
        for (int mantissa = 1; mantissa <= 9; ++mantissa) {
            // Divided for negative exponents: 3 / 10 is the double nearest 0.3, 3 * 0.1 is not.
            const double value = exponent >= 0 ? mantissa * std::pow(10.0, exponent)
                                               : mantissa / std::pow(10.0, -exponent);
            if (!inside(value)) {
                continue;
            }
            const bool tick = step == 0 ? (mantissa == 1 || mantissa == 2 || mantissa == 5)
                                        : (mantissa == 1 && exponent % step == 0);
            if (tick) {
                ticks.append(value);
            } else if (subTicks != nullptr && (step <= 1)) {
                subTicks->append(value);
            }
        }
    }
    if (ticks.size() < 2) {
        // Zoomed in within a decade: evenly spaced ticks read better than one or none.
        QCPAxisTicker::generate(range, locale, formatChar, precision, ticks, subTicks, tickLabels);
        return;
    }
    if (tickLabels != nullptr) {
        for (double tick : ticks) {
            tickLabels->append(label(tick));
        }
    }
}

QString LogTicker::label(double tick) {
    if (tick >= 1e-3 && tick < 1e5) {
        const int decimals = std::max(0, -int(std::floor(std::log10(tick) + 1e-9)));
        return QString::number(tick, 'f', decimals);
    }
    return QString::number(tick, 'e', 0);
}

}  // namespace costscope
