// TimelinePlottable: one level-of-detail query per lane and replot, a rectangle per drawn box.
#include "app/timeline/TimelinePlottable.h"

#include <algorithm>
#include <cmath>

namespace costscope {

namespace {

// How far a lane's spans reach up and down from its centre, in lanes.
constexpr double kHalfHeight = 0.38;
// Merged boxes are shaded by how busy their column is, in this many steps, so that runs of
// equally busy columns go to the painter as one rectangle.
constexpr int kShades = 8;

}  // namespace

TimelinePlottable::TimelinePlottable(QCPAxis* keyAxis, QCPAxis* valueAxis, TimelineModel::Kind kind)
    : QCPAbstractPlottable(keyAxis, valueAxis), kind_(kind) {
    setSelectable(QCP::stNone);  // the view maps clicks to spans itself
    setAntialiased(false);
    setAntialiasedFill(false);
    setName(TimelineModel::kindName(kind));
    setBrush(TimelineModel::kindColor(kind));
    setPen(Qt::NoPen);
}

void TimelinePlottable::setModel(std::shared_ptr<const TimelineModel> model) {
    model_ = std::move(model);
    highlighted_.clear();
}

void TimelinePlottable::setHighlighted(std::vector<TimelineModel::SpanRef> spans) {
    highlighted_ = std::move(spans);
}

double TimelinePlottable::selectTest(const QPointF&, bool, QVariant*) const {
    return -1;
}

QCPRange TimelinePlottable::getKeyRange(bool& foundRange, QCP::SignDomain) const {
    foundRange = model_ != nullptr && model_->finish() > model_->origin();
    return foundRange ? QCPRange(0, model_->keyOf(model_->finish())) : QCPRange();
}

QCPRange TimelinePlottable::getValueRange(bool& foundRange, QCP::SignDomain,
                                          const QCPRange&) const {
    foundRange = false;
    QCPRange range;
    if (!model_) {
        return range;
    }
    const auto& lanes = model_->lanes();
    for (size_t lane = 0; lane < lanes.size(); ++lane) {
        if (lanes[lane].kind != kind_) {
            continue;
        }
        const QCPRange own(double(lane) - 0.5, double(lane) + 0.5);
        range = foundRange
                    ? QCPRange(std::min(range.lower, own.lower), std::max(range.upper, own.upper))
                    : own;
        foundRange = true;
    }
    return range;
}

void TimelinePlottable::draw(QCPPainter* painter) {
    drawnItems_ = 0;
    drawnBoxes_ = 0;
    QCPAxis* keyAxis = mKeyAxis.data();
    QCPAxis* valueAxis = mValueAxis.data();
    if (!model_ || !keyAxis || !valueAxis) {
        return;
    }
    const QCPRange range = keyAxis->range();
    const double left = keyAxis->coordToPixel(range.lower);
    const double right = keyAxis->coordToPixel(range.upper);
    const int width = int(std::lround(right - left));
    if (width <= 0) {
        return;
    }
    const int64_t t0 = model_->timeAt(range.lower);
    const int64_t t1 = model_->timeAt(range.upper);
    auto xOf = [&](int64_t ns) {
        return std::clamp(keyAxis->coordToPixel(model_->keyOf(ns)), left - 2, right + 2);
    };
    const QRect clip = clipRect();
    painter->setRenderHint(QPainter::Antialiasing, false);
    QFont font = painter->font();
    font.setPointSizeF(font.pointSizeF() * 0.85);
    painter->setFont(font);
    const QFontMetrics metrics(font);

    const auto& lanes = model_->lanes();
    for (size_t laneIndex = 0; laneIndex < lanes.size(); ++laneIndex) {
        const TimelineModel::Lane& lane = lanes[laneIndex];
        if (lane.kind != kind_) {
            continue;
        }
        const double y1 = valueAxis->coordToPixel(double(laneIndex) - kHalfHeight);
        const double y2 = valueAxis->coordToPixel(double(laneIndex) + kHalfHeight);
        const double top = std::min(y1, y2);
        const double height = std::abs(y2 - y1);
        if (top > clip.bottom() || top + height < clip.top()) {
            continue;
        }
        model_->query(int(laneIndex), t0, t1, width, lod_);
        drawnBoxes_ += lod_.boxes.size();
        drawnItems_ += lod_.items.size();

        // Merged boxes: a run of adjacent columns of one shade is one rectangle.
        const QColor base = TimelineModel::kindColor(kind_);
        QColor shade;
        for (size_t b = 0; b < lod_.boxes.size();) {
            const int level = std::min(kShades - 1, int(lod_.boxes[b].busy * kShades));
            const int firstColumn = lod_.boxes[b].column;
            int endColumn = firstColumn + 1;
            size_t next = b + 1;
            while (next < lod_.boxes.size() && lod_.boxes[next].column == endColumn &&
                   std::min(kShades - 1, int(lod_.boxes[next].busy * kShades)) == level) {
                ++endColumn;
                ++next;
            }
            // Even a nearly idle column stays visible: something ran there. The shade is mixed
            // with the plot's white here, not blended by the painter: Qt's raster engine hands
            // each translucent fill taller than about a hundred rows to its thread pool, and
            // thousands of such hand-overs made a zoom step of a few tall lanes 100 ms slow.
            const int alpha = 80 + (175 * (level + 1)) / kShades;
            const auto mix = [alpha](int channel) {
                return (channel * alpha + 255 * (255 - alpha)) / 255;
            };
            shade = QColor(mix(base.red()), mix(base.green()), mix(base.blue()));
            painter->fillRect(QRectF(left + firstColumn, top, endColumn - firstColumn, height),
                              shade);
            b = next;
        }

        // Spans of a pixel or more, outlined once wide enough to tell neighbours apart, named
        // once wide enough to read.
        for (const TimelineItem& item : lod_.items) {
            const double x1 = xOf(item.start);
            const double x2 = std::max(xOf(item.end), x1 + 1);
            const QRectF rect(x1, top, x2 - x1, height);
            const TimelineModel::SpanRef span{int(laneIndex), item.row};
            const QColor color = model_->color(span);
            painter->fillRect(rect, color);
            if (rect.width() >= 4) {
                painter->setPen(QPen(color.darker(150), 0));
                painter->setBrush(Qt::NoBrush);
                painter->drawRect(rect);
            }
            // The part in view, so that a span reaching past an edge keeps its name readable.
            const QRectF shown = rect.intersected(QRectF(left, top, right - left, height));
            if (shown.width() >= 40) {
                painter->setPen(color.lightness() < 150 ? Qt::white : Qt::black);
                const QRectF text = shown.adjusted(3, 0, -3, 0);
                painter->drawText(text, Qt::AlignVCenter | Qt::AlignLeft,
                                  metrics.elidedText(model_->shortLabel(span), Qt::ElideRight,
                                                     int(text.width())));
            }
        }
    }

    for (const TimelineModel::SpanRef& span : highlighted_) {
        if (span.lane < 0 || size_t(span.lane) >= lanes.size() ||
            lanes[size_t(span.lane)].kind != kind_) {
            continue;
        }
        const auto times = model_->times(span);
        if (!times || times->second < t0 || times->first > t1) {
            continue;
        }
        const double x1 = xOf(times->first);
        const double x2 = std::max(xOf(times->second), x1 + 1);
        const double y1 = valueAxis->coordToPixel(double(span.lane) - kHalfHeight - 0.06);
        const double y2 = valueAxis->coordToPixel(double(span.lane) + kHalfHeight + 0.06);
        painter->setPen(QPen(Qt::black, 2));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(
            QRectF(QPointF(x1 - 1, std::min(y1, y2)), QPointF(x2 + 1, std::max(y1, y2))));
    }
}

void TimelinePlottable::drawLegendIcon(QCPPainter* painter, const QRectF& rect) const {
    painter->fillRect(rect.adjusted(0, rect.height() * 0.2, 0, -rect.height() * 0.2),
                      TimelineModel::kindColor(kind_));
}

}  // namespace costscope
