// The tables' number formats.
#include "app/tables/TableFormat.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace costscope {

QString formatMs(double ms) {
    const double magnitude = std::abs(ms);
    if (magnitude >= 100 || magnitude == 0) {
        return QString::number(ms, 'f', magnitude == 0 ? 0 : 1);
    }
    // Four significant digits, at most six decimals (a nanosecond).
    const int decimals = std::clamp(3 - int(std::floor(std::log10(magnitude))), 2, 6);
    return QString::number(ms, 'f', decimals);
}

QString formatBytes(double bytes) {
    static const char16_t* const units[] = {u"B", u"KiB", u"MiB", u"GiB", u"TiB"};
    int unit = 0;
    double value = bytes;
    while (std::abs(value) >= 1024 && unit < 4) {
        value /= 1024;
        ++unit;
    }
    return QString::number(value, 'f', unit == 0 ? 0 : 1) + u' ' + QString::fromUtf16(units[unit]);
}

QString formatPercent(double fraction, int decimals) {
    return QString::number(fraction * 100, 'f', decimals) + u" %"_s;
}

QString formatFigure(double value) {
    return QString::number(value, 'g', 3);
}

}  // namespace costscope
