// Keeps a chart's legend inside its axis rect at any size the chart is drawn at (a window, a
// narrow dock, a report): in the corner that covers the fewest data, in smaller text and more
// columns when the rect is small, and hidden only when even that does not fit.
#pragma once

#include <QFont>
#include <QObject>
#include <QRect>
#include <QSize>

class QCPAxisRect;
class QCPLegend;

namespace costscope {

class InsetLegend : public QObject {
    Q_OBJECT
  public:
    // Moves `legend` into `rect`'s inset layout (from wherever it was) and fits it again after
    // every layout of the plot, so zooming, resizing and exporting all keep it inside. The
    // legend's font and icon size when this is made are the largest it is drawn at. Owned by
    // the plot.
    InsetLegend(QCPAxisRect* rect, QCPLegend* legend);

    // The text is made smaller down to this before the legend is hidden.
    static constexpr double kSmallestPointSize = 6.0;

    QCPLegend* legend() const { return legend_; }
    // The corner the legend sits in now (Qt::AlignTop | Qt::AlignRight, ...).
    Qt::Alignment corner() const { return corner_; }

  private:
    void fit();
    // Sets the text size and the number of rows per column (0: one column); returns the size.
    QSize shape(double pointSize, int rows);
    // How much of the data drawn in `rect_` lies under `area` (pixels): points, segments of
    // lines, bars.
    int dataUnder(const QRectF& area) const;

    QCPAxisRect* rect_;
    QCPLegend* legend_;
    QFont font_;
    QSize iconSize_;
    Qt::Alignment corner_;
};

}  // namespace costscope
