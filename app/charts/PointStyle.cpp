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
        case CompressionKind::Count:
            break;
    }
    return QCPScatterStyle::ssCircle;
}

QCPScatterStyle pointStyle(CompressionKind kind, const QColor& color, double size) {
    const QCPScatterStyle::ScatterShape shape = markerShape(kind);
    // Shapes drawn only by lines (the star, squares with a cross) would hide their inner strokes
    // under a fill; the rest are filled lighter so overlapping points stay apart.
    const bool fills = shape != QCPScatterStyle::ssStar &&
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

void addPointLegend(QCustomPlot* plot, const RunData& run, const std::vector<std::string>& devices,
                    const std::vector<CompressionKind>& kinds, const QString& baselineLabel) {
    auto entry = [plot](const QString& name, const QCPScatterStyle& style) {
        QCPGraph* graph = plot->addGraph();
        graph->setObjectName(u"legend"_s);
        graph->setName(name);
        graph->setLineStyle(QCPGraph::lsNone);
        graph->setScatterStyle(style);
        graph->setSelectable(QCP::stNone);
        graph->addToLegend();
    };
    for (const std::string& device : devices) {
        entry(deviceLabel(run, device),
              QCPScatterStyle(QCPScatterStyle::ssDisc, deviceColor(device), 9));
    }
    const QColor grey(0x55, 0x55, 0x55);
    for (CompressionKind kind : kinds) {
        entry(toString(kind), pointStyle(kind, grey, 9));
    }
    if (!baselineLabel.isEmpty()) {
        entry(u"baseline: "_s + baselineLabel,
              QCPScatterStyle(QCPScatterStyle::ssDisc, baselineColor(grey), 9));
    }
}

void placeLegendBeside(QCustomPlot* plot) {
    plot->legend->setVisible(true);
    plot->axisRect()->insetLayout()->take(plot->legend);
    auto* column = new QCPLayoutGrid;
    plot->plotLayout()->addElement(0, 1, column);
    column->addElement(0, 0, plot->legend);
    // An empty element under the legend takes the height the legend does not need.
    column->addElement(1, 0, new QCPLayoutElement(plot));
    column->setRowStretchFactor(0, 0.001);
    column->setRowStretchFactor(1, 1);
    column->setMargins(QMargins(0, 12, 8, 0));
    plot->plotLayout()->setColumnStretchFactor(1, 0.001);
}

QString formatNumber(double value, int significant) {
    if (!std::isfinite(value)) {
        return u"–"_s;
    }
    if (value == 0) {
        return u"0"_s;
    }
    const double magnitude = std::floor(std::log10(std::abs(value)));
    if (magnitude < -3) {
        // Relative errors of 1e-7: an exponent reads better than seven zeros.
        return QString::number(value, 'e', significant - 1);
    }
    const int decimals = std::max(0, significant - 1 - int(magnitude));
    return QString::number(value, 'f', decimals);
}

}  // namespace costscope
