// Ticks for the log axes of the trade-off map and the roofline: 1-2-5 steps when the data spans
// a few decades (a decade-only ticker would label a single "1"), decades when it spans many,
// even linear steps when zoomed in within one.
#pragma once

#include <qcustomplot.h>

namespace costscope {

class LogTicker : public QCPAxisTicker {
  public:
    void generate(const QCPRange& range, const QLocale& locale, QChar formatChar, int precision,
                  QVector<double>& ticks, QVector<double>* subTicks,
                  QVector<QString>* tickLabels) override;

    // "0.2", "5", "20000"; outside 0.001 .. 99999 an exponent ("1e+06"), which an axis with the
    // number format "gb" draws as a power of ten.
    static QString label(double tick);
};

}  // namespace costscope
