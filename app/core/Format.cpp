// The number formats of every view, table and report.
#include "app/core/Format.h"

#include <QLocale>
#include <algorithm>
#include <cmath>

#include "profiler/analysis/RatioVerdict.h"

using namespace Qt::StringLiterals;

namespace costscope {

QString formatNumber(double value, int significant) {
    if (!std::isfinite(value)) {
        return u"–"_s;
    }
    if (value == 0) {
        return u"0"_s;
    }
    const double magnitude = std::floor(std::log10(std::abs(value)));
    if (magnitude < -3) {
        return QString::number(value, 'e', significant - 1);
    }
    const int decimals = std::max(0, significant - 1 - int(magnitude));
    return QString::number(value, 'f', decimals);
}

QString formatDecimal(double value) {
    if (!std::isfinite(value)) {
        return {};
    }
    const double magnitude = std::abs(value);
    int digits = 0;
    if (magnitude > 0 && magnitude < 1000) {
        digits = std::clamp(3 - int(std::floor(std::log10(magnitude))), 0, 9);
    }
    return QString::number(value, 'f', digits);
}

QString formatMs(double ms) {
    const double magnitude = std::abs(ms);
    if (magnitude >= 100 || magnitude == 0) {
        return QString::number(ms, 'f', magnitude == 0 ? 0 : 1);
    }
    // Four significant digits, at most six decimals (a nanosecond).
    const int decimals = std::clamp(3 - int(std::floor(std::log10(magnitude))), 2, 6);
    return QString::number(ms, 'f', decimals);
}

namespace {

// Three significant digits for a value of at least 1 and below 1000 (and whole numbers above).
QString threeDigits(double value) {
    const double magnitude = std::abs(value);
    return QString::number(value, 'f', magnitude < 10 ? 2 : magnitude < 100 ? 1 : 0);
}

}  // namespace

QString formatDuration(int64_t ns) {
    const double value = double(ns);
    if (std::abs(value) < 1e3) {
        return QString::number(ns) + u" ns"_s;
    }
    if (std::abs(value) < 1e6) {
        return threeDigits(value / 1e3) + u" µs"_s;
    }
    if (std::abs(value) < 1e9) {
        return threeDigits(value / 1e6) + u" ms"_s;
    }
    return threeDigits(value / 1e9) + u" s"_s;
}

QString formatDurationMs(double ms) {
    if (!std::isfinite(ms)) {
        return u"–"_s;
    }
    return formatDuration(std::llround(ms * 1e6));
}

QString formatBytes(double bytes) {
    static const char16_t* const units[] = {u"B", u"KiB", u"MiB", u"GiB", u"TiB"};
    if (std::abs(bytes) < 1024) {
        return QString::number(bytes, 'f', 0) + u" B"_s;
    }
    int unit = 0;
    double value = bytes;
    while (std::abs(value) >= 1024 && unit < 4) {
        value /= 1024;
        ++unit;
    }
    return threeDigits(value) + u' ' + QString::fromUtf16(units[unit]);
}

QString formatPercent(double fraction, int decimals) {
    return QString::number(fraction * 100, 'f', decimals) + u" %"_s;
}

QString formatRate(double gflops, bool integer) {
    if (std::abs(gflops) >= 10'000) {
        return formatNumber(gflops / 1000) + (integer ? u" TOP/s"_s : u" TFLOP/s"_s);
    }
    return formatNumber(gflops) + (integer ? u" GOP/s"_s : u" GFLOP/s"_s);
}

QString formatRatio(double ratio) {
    return std::isfinite(ratio) ? QString::number(ratio, 'f', 3) : u"–"_s;
}

QString formatTimes(double ratio) {
    return formatNumber(ratio) + u"×"_s;
}

QString formatPValue(double p) {
    return QString::fromStdString(pValueText(p));
}

QString formatExact(double value) {
    return std::isfinite(value) ? QString::number(value, 'g', QLocale::FloatingPointShortest)
                                : QString();
}

}  // namespace costscope
