// PointStyle: marker shapes, the device/kind legend and number formatting shared by two charts.
#include "app/charts/PointStyle.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace costscope {

QCPScatterStyle::ScatterShape markerShape(CompressionKind kind) {
    switch (kind) {
        case CompressionKind::Dense:
            return QCPScatterStyle::ssCircle;
        case CompressionKind::LowPrecision:
            return QCPScatterStyle::ssDiamond;
        case CompressionKind::Int8:
            return QCPScatterStyle::ssSquare;
        case CompressionKind::Fp8:
            return QCPScatterStyle::ssTriangleInverted;
        case CompressionKind::Pruned:
            return QCPScatterStyle::ssTriangle;
        case CompressionKind::Structured24:
            return QCPScatterStyle::ssCrossSquare;
        case CompressionKind::PrunedInt8:
            return QCPScatterStyle::ssPlusSquare;
        case CompressionKind::Distilled:
            return QCPScatterStyle::ssStar;
        case CompressionKind::StructuredPruned:
            return QCPScatterStyle::ssPlusCircle;
        case CompressionKind::Count:
            break;
    }
    return QCPScatterStyle::ssCircle;
}

QCPScatterStyle pointStyle(CompressionKind kind, const QColor& color, double size) {
    const QCPScatterStyle::ScatterShape shape = markerShape(kind);
    // Shapes drawn only by lines (the star, squares with a cross) would hide their inner strokes
    // under a fill; the rest are filled lighter so overlapping points stay apart.
    const bool fills = shape != QCPScatterStyle::ssStar && shape != QCPScatterStyle::ssPlusCircle &&
                       shape != QCPScatterStyle::ssCrossSquare &&
                       shape != QCPScatterStyle::ssPlusSquare;
    QColor fill = color;
    fill.setAlpha(color.alpha() * 110 / 255);
    return QCPScatterStyle(shape, QPen(color, 1.6), fills ? QBrush(fill) : QBrush(Qt::NoBrush),
                           size);
}

QString deviceLabel(const RunData& run, const std::string& deviceKind) {
    const QString kind = QString::fromStdString(deviceKind).toUpper();
    const DeviceRow* device = run.device(deviceKind);
    if (device == nullptr || device->info.name.empty()) {
        return kind;
    }
    // Long CPU brand strings would make the legend wider than the points it explains.
    constexpr int kLongest = 36;
    QString name = QString::fromStdString(device->info.name);
    if (name.size() > kLongest) {
        name = name.left(kLongest - 1) + u"…"_s;
    }
    return kind + u" · "_s + name;
}

std::vector<ColourKey> deviceKeys(const RunData& run, const std::vector<std::string>& devices) {
    std::vector<ColourKey> keys;
    for (const std::string& device : devices) {
        keys.push_back({deviceLabel(run, device), deviceColor(device)});
    }
    return keys;
}

void addPointLegend(QCustomPlot* plot, const std::vector<ColourKey>& colours,
                    const std::vector<CompressionKind>& kinds, const std::vector<ColourKey>& shades,
                    const QString& baselineLabel) {
    auto entry = [plot](const QString& name, const QCPScatterStyle& style) {
        QCPGraph* graph = plot->addGraph();
        graph->setObjectName(u"legend"_s);
        graph->setName(name);
        graph->setLineStyle(QCPGraph::lsNone);
        graph->setScatterStyle(style);
        graph->setSelectable(QCP::stNone);
        graph->addToLegend();
    };
    for (const ColourKey& key : colours) {
        entry(key.name, QCPScatterStyle(QCPScatterStyle::ssDisc, key.color, 9));
    }
    const QColor grey(0x55, 0x55, 0x55);
    for (CompressionKind kind : kinds) {
        entry(toString(kind), pointStyle(kind, grey, 9));
    }
    for (const ColourKey& shade : shades) {
        entry(shade.name, QCPScatterStyle(QCPScatterStyle::ssDisc, shade.color, 9));
    }
    if (!baselineLabel.isEmpty()) {
        entry(u"baseline: "_s + baselineLabel,
              QCPScatterStyle(QCPScatterStyle::ssDisc, baselineColor(grey), 9));
    }
}

void placeMarkerTags(QCPAxisRect* rect, const std::vector<MarkerTag>& tags) {
    const QRectF area = rect->rect();
    // The markers are in the way of every tag but their own.
    std::vector<QRectF> markers;
    for (const MarkerTag& tag : tags) {
        if (tag.text == nullptr) {
            markers.emplace_back();
            continue;
        }
        const QPointF at = tag.text->position->pixelPosition();
        markers.emplace_back(at.x() - tag.radius, at.y() - tag.radius, 2 * tag.radius,
                             2 * tag.radius);
    }
    // What sits inside the axis rect (its legend) is as much in the way as another tag.
    std::vector<QRectF> placed;
    QCPLayoutInset* inset = rect->insetLayout();
    for (int i = 0; i < inset->elementCount(); ++i) {
        if (const QCPLayoutElement* element = inset->elementAt(i); element && element->visible()) {
            placed.emplace_back(element->outerRect());
        }
    }
    for (size_t i = 0; i < tags.size(); ++i) {
        QCPItemText* text = tags[i].text;
        if (text == nullptr) {
            continue;
        }
        const QPointF at = text->position->pixelPosition();
        const QSizeF size = QFontMetricsF(text->font()).size(Qt::TextSingleLine, text->text());
        const double gap = tags[i].radius + 3;
        struct Side {
            QRectF box;
            Qt::Alignment alignment;
            QMargins padding;
        };
        const double w = size.width(), h = size.height();
        const int g = int(std::ceil(gap));
        const Side sides[] = {
            {{at.x() + gap, at.y() - h / 2, w, h}, Qt::AlignLeft | Qt::AlignVCenter, {g, 0, 0, 0}},
            {{at.x() - gap - w, at.y() - h / 2, w, h},
             Qt::AlignRight | Qt::AlignVCenter,
             {0, 0, g, 0}},
            {{at.x() - w / 2, at.y() - gap - h, w, h},
             Qt::AlignHCenter | Qt::AlignBottom,
             {0, 0, 0, g}},
            {{at.x() - w / 2, at.y() + gap, w, h}, Qt::AlignHCenter | Qt::AlignTop, {0, g, 0, 0}},
        };
        // A side clear of markers if there is one, else one that covers a marker but no tag.
        const Side* chosen = nullptr;
        for (const bool clearOfMarkers : {true, false}) {
            for (const Side& side : sides) {
                bool free = area.contains(side.box);
                for (size_t j = 0; free && clearOfMarkers && j < markers.size(); ++j) {
                    free = j == i || !side.box.intersects(markers[j]);
                }
                for (size_t j = 0; free && j < placed.size(); ++j) {
                    free = !side.box.intersects(placed[j]);
                }
                if (free) {
                    chosen = &side;
                    break;
                }
            }
            if (chosen != nullptr) {
                break;
            }
        }
        text->setVisible(chosen != nullptr);
        if (chosen != nullptr) {
            text->setPositionAlignment(chosen->alignment);
            text->setPadding(chosen->padding);
            placed.push_back(chosen->box);
        }
    }
}

}  // namespace costscope
