// InsetLegend: the legend's text size, columns and corner, chosen again at every layout.
#include "app/charts/InsetLegend.h"

#include <qcustomplot.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <optional>

namespace costscope {

namespace {

constexpr Qt::Alignment kTopRight = Qt::AlignTop | Qt::AlignRight;

// Graphs longer than this are sampled: the count only ranks four corners.
constexpr int kMostPointsLooked = 4000;

bool crosses(const QRectF& area, const QPointF& a, const QPointF& b) {
    if (area.contains(a) || area.contains(b)) {
        return true;
    }
    const QLineF segment(a, b);
    const QLineF edges[] = {{area.topLeft(), area.topRight()},
                            {area.topRight(), area.bottomRight()},
                            {area.bottomRight(), area.bottomLeft()},
                            {area.bottomLeft(), area.topLeft()}};
    for (const QLineF& edge : edges) {
        if (segment.intersects(edge, nullptr) == QLineF::BoundedIntersection) {
            return true;
        }
    }
    return false;
}

bool finite(const QPointF& point) {
    return std::isfinite(point.x()) && std::isfinite(point.y());
}

QRect placed(const QRect& area, const QSize& size, Qt::Alignment corner) {
    const int x = corner.testFlag(Qt::AlignLeft) ? area.left() : area.right() + 1 - size.width();
    const int y = corner.testFlag(Qt::AlignTop) ? area.top() : area.bottom() + 1 - size.height();
    return {QPoint(x, y), size};
}

}  // namespace

InsetLegend::InsetLegend(QCPAxisRect* rect, QCPLegend* legend)
    : QObject(rect->parentPlot()),
      rect_(rect),
      legend_(legend),
      font_(legend->font()),
      iconSize_(legend->iconSize()),
      corner_(kTopRight) {
    if (font_.pointSizeF() <= 0) {
        font_.setPointSizeF(9);  // a font sized in pixels: shrink it in points all the same
    }
    QCPLayoutInset* inset = rect->insetLayout();
    // Clear of the axes by the same few pixels in every panel (a new axis rect's inset has none).
    inset->setMargins(QMargins(8, 8, 8, 8));
    if (legend->layout() != inset) {
        if (QCPLayout* previous = legend->layout()) {
            previous->take(legend);
            previous->simplify();
        }
        inset->addElement(legend, corner_);
    }
    legend->setVisible(true);
    // Whatever lies under it still shows through a little.
    legend->setBrush(QColor(255, 255, 255, 225));
    // After the layout, before drawing: the axis rect's size is known and nothing is drawn yet.
    connect(rect->parentPlot(), &QCustomPlot::afterLayout, this, &InsetLegend::fit);
}

QSize InsetLegend::shape(double pointSize, int rows) {
    QFont font = font_;
    font.setPointSizeF(pointSize);
    if (legend_->font() != font) {
        legend_->setFont(font);
        const double scale = pointSize / font_.pointSizeF();
        legend_->setIconSize(QSize(int(std::lround(iconSize_.width() * scale)),
                                   int(std::lround(iconSize_.height() * scale))));
    }
    if (legend_->wrap() != rows || legend_->fillOrder() != QCPLayoutGrid::foRowsFirst) {
        // Rows first: the entries read down each column in the order they were added.
        legend_->setWrap(rows);
        legend_->setFillOrder(QCPLayoutGrid::foRowsFirst, true);
    }
    return legend_->minimumOuterSizeHint();
}

void InsetLegend::fit() {
    QCPLayoutInset* inset = rect_->insetLayout();
    const QRect area = inset->rect();
    const int items = legend_->itemCount();
    // At each text size, largest first: one column, then, when too tall, more columns of fewer
    // rows; in the corner over the least data (the present one on a tie, so that it does not
    // jump about while the user pans). Smaller text is taken only when it at least halves the
    // data the legend hides, and the search stops at a size that hides none.
    struct Choice {
        double points = 0;
        int rows = 0;
        Qt::Alignment corner;
        int under = INT_MAX;
    };
    std::optional<Choice> best;
    for (double points = font_.pointSizeF(); items > 0 && points >= kSmallestPointSize - 1e-9;
         points -= 1) {
        int rows = 0;
        QSize size = shape(points, 0);
        for (int r = items - 1;
             r >= 1 && size.width() <= area.width() && size.height() > area.height(); --r) {
            size = shape(points, r);
            rows = r;
        }
        if (size.width() > area.width() || size.height() > area.height()) {
            continue;
        }
        Choice here{points, rows, corner_, INT_MAX};
        const Qt::Alignment corners[] = {corner_, kTopRight, Qt::AlignTop | Qt::AlignLeft,
                                         Qt::AlignBottom | Qt::AlignRight,
                                         Qt::AlignBottom | Qt::AlignLeft};
        for (const Qt::Alignment corner : corners) {
            const int under = dataUnder(placed(area, size, corner));
            if (under < here.under) {
                here.under = under;
                here.corner = corner;
            }
        }
        if (!best || 2 * here.under <= best->under) {
            best = here;
        }
        if (best->under == 0) {
            break;
        }
    }
    legend_->setVisible(best.has_value());
    if (!best) {
        return;  // a chart this small shows its data, not half a legend over it
    }
    shape(best->points, best->rows);
    corner_ = best->corner;
    for (int i = 0; i < inset->elementCount(); ++i) {
        if (inset->elementAt(i) == legend_) {
            inset->setInsetPlacement(i, QCPLayoutInset::ipBorderAligned);
            inset->setInsetAlignment(i, corner_);
        }
    }
    // The plot's layout has run with the old size and corner: lay out the inset again.
    for (const auto phase : {QCPLayoutElement::upPreparation, QCPLayoutElement::upMargins,
                             QCPLayoutElement::upLayout}) {
        inset->update(phase);
    }
}

int InsetLegend::dataUnder(const QRectF& area) const {
    QCustomPlot* plot = rect_->parentPlot();
    int under = 0;
    for (int i = 0; i < plot->plottableCount(); ++i) {
        const QCPAbstractPlottable* plottable = plot->plottable(i);
        if (!plottable->visible() || plottable->keyAxis() == nullptr ||
            plottable->keyAxis()->axisRect() != rect_) {
            continue;
        }
        if (const auto* graph = qobject_cast<const QCPGraph*>(plottable)) {
            const int count = graph->dataCount();
            const int step = std::max(1, count / kMostPointsLooked);
            const bool lines = graph->lineStyle() != QCPGraph::lsNone;
            QPointF previous;
            bool hasPrevious = false;
            for (int k = 0; k < count; k += step) {
                const auto point = graph->data()->at(k);
                const QPointF pixel = graph->coordsToPixels(point->key, point->value);
                if (!finite(pixel)) {
                    hasPrevious = false;
                    continue;
                }
                if (area.contains(pixel) ||
                    (lines && hasPrevious && crosses(area, previous, pixel))) {
                    ++under;
                }
                previous = pixel;
                hasPrevious = true;
            }
        } else if (const auto* bars = qobject_cast<const QCPBars*>(plottable)) {
            const QCPAxis* values = bars->valueAxis();
            // Bars grow from 0, or from the axis' lower end on a log axis (which has no 0).
            const double base =
                values->scaleType() == QCPAxis::stLogarithmic ? values->range().lower : 0.0;
            const double half = bars->width() / 2;
            for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it) {
                const QRectF bar(bars->coordsToPixels(it->key - half, base),
                                 bars->coordsToPixels(it->key + half, it->value));
                if (finite(bar.topLeft()) && finite(bar.bottomRight()) &&
                    area.intersects(bar.normalized())) {
                    ++under;
                }
            }
        }
    }
    return under;
}

}  // namespace costscope
