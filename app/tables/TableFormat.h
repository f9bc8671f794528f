// How the tables write numbers: times, bytes, fractions, with the digits that matter.
#pragma once

#include <QString>

namespace costscope {

// Milliseconds with about four significant digits: "11.80", "0.6213", "1234.5".
QString formatMs(double ms);
// Bytes in B, KiB, MiB or GiB with one decimal: "1.5 MiB".
QString formatBytes(double bytes);
// A fraction as a percentage with `decimals`: "89.97 %".
QString formatPercent(double fraction, int decimals = 1);
// A plain number with three significant digits, exponent when tiny: "3.1e-07", "0.27".
QString formatFigure(double value);

}  // namespace costscope
