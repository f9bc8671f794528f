// RooflineView: draws a RooflineSeries, hit-tests its points, follows the shared selection.
#include "app/roofline/RooflineView.h"

#include <qcustomplot.h>
#include <QLocale>
#include <QMouseEvent>
#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "app/charts/InsetLegend.h"
#include "app/charts/LogTicker.h"
#include "app/charts/PointStyle.h"
#include "app/core/Format.h"
#include "app/core/VariantSelection.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

constexpr double kMarker = 9;        // px; the roofline does not size points (intensity does not
                                     // depend on a variant's footprint the way the map shows it)
constexpr double kPickRadius = 8;    // px around a point's centre that hover and click pick it
constexpr double kCloseRoofs = 1.5;  // compute roofs nearer than this ratio share label space

QString noRunSentence() {
    return u"Open a recording to see each variant against its device's measured roofs."_s;
}

QString bytesText(double bytes) {
    return QLocale().formattedDataSize(int64_t(std::llround(bytes)));
}

}  // namespace

RooflineView::RooflineView(VariantSelection* selection, QWidget* parent)
    : ChartView(u"Roofline"_s, selection, parent) {
    QCustomPlot* chart = plot();
    chart->setAutoAddPlottableToLegend(false);
    chart->legend->setFont(QFont(font().family(), 8));
    chart->legend->setIconSize(14, 12);
    new InsetLegend(chart->axisRect(), chart->legend);
    for (QCPAxis* axis : {chart->xAxis, chart->yAxis}) {
        axis->setScaleType(QCPAxis::stLogarithmic);
        axis->setTicker(QSharedPointer<LogTicker>::create());
        axis->setNumberFormat(u"gb"_s);
    }
    chart->xAxis->setLabel(
        u"Arithmetic intensity (FLOP/byte, log): work done / (weights as stored + X in + C out)"_s);
    chart->yAxis->setLabel(
        u"Performance: work done per second (GFLOP/s, log; integer precisions GOP/s)"_s);
    if (selection != nullptr) {
        connect(selection, &VariantSelection::changed, this, &RooflineView::showSelection);
    }
    setMessage(noRunSentence());
}

void RooflineView::rebuild() {
    QCustomPlot* chart = plot();
    chart->clearItems();
    chart->clearGraphs();
    chart->legend->clearItems();
    ring_ = nullptr;
    series_ = RooflineSeries();

    const RunDataPtr& run = input().run;
    if (!run) {
        setMessage(noRunSentence());
        chart->replot();
        return;
    }
    const RunData* baseline = input().baseline.get();
    series_ = RooflineSeries(*run, baseline);
    if (series_.empty()) {
        setMessage(
            u"No variant of this run finished with a measured rate (GFLOP/s), so there "
            "is nothing to place under the roofs."_s);
        chart->replot();
        return;
    }
    setMessage({});

    // Baseline first, so that the candidate is drawn over it.
    for (const RoofDevice& device : series_.baselineDevices()) {
        addRoofs(device, true);
    }
    for (const RoofDevice& device : series_.devices()) {
        addRoofs(device, false);
    }
    for (size_t i = 0; i < series_.baselinePoints().size(); ++i) {
        if (const auto partner = series_.baselinePartner()[i]) {
            const RoofPoint& old = series_.baselinePoints()[i];
            const RoofPoint& now = series_.points()[*partner];
            auto* link = new QCPItemLine(chart);
            link->setObjectName(u"baseline-link"_s);
            link->setSelectable(false);
            link->setPen(QPen(baselineColor(deviceColor(old.device)), 1.2, Qt::DashLine));
            link->setHead(QCPLineEnding(QCPLineEnding::esSpikeArrow, 7, 9));
            link->start->setCoords(old.intensity, old.gflops);
            link->end->setCoords(now.intensity, now.gflops);
        }
    }

    // One graph per (run, device, kind): points of a group share colour and marker.
    std::map<std::tuple<bool, std::string, CompressionKind>, QCPGraph*> groups;
    for (const bool isBaseline : {true, false}) {
        for (const RoofPoint& point : isBaseline ? series_.baselinePoints() : series_.points()) {
            QCPGraph*& graph = groups[{isBaseline, point.device, point.kind}];
            if (graph == nullptr) {
                graph = chart->addGraph();
                graph->setObjectName(isBaseline ? u"baseline-point"_s : u"point"_s);
                graph->setLineStyle(QCPGraph::lsNone);
                graph->setSelectable(QCP::stNone);
                const QColor color = deviceColor(point.device);
                graph->setScatterStyle(
                    pointStyle(point.kind, isBaseline ? baselineColor(color) : color, kMarker));
            }
            graph->addData(point.intensity, point.gflops);
        }
    }

    ring_ = chart->addGraph();
    ring_->setObjectName(u"selection"_s);
    ring_->setSelectable(QCP::stNone);
    ring_->setLineStyle(QCPGraph::lsNone);
    ring_->setScatterStyle(QCPScatterStyle(
        QCPScatterStyle::ssCircle, QPen(QColor(0xff, 0x7f, 0x0e), 2.5), Qt::NoBrush, kMarker + 10));

    addPointLegend(chart, deviceKeys(*run, series_.deviceKinds()), series_.kinds(), {},
                   baseline != nullptr ? baseline->label() : QString());
    placeRing(selection() != nullptr ? selection()->current() : QString());
    resetZoom();
}

void RooflineView::addRoofs(const RoofDevice& device, bool baseline) {
    QCustomPlot* chart = plot();
    const auto [loX, hiX] = series_.intensityRange();
    const QColor color =
        baseline ? baselineColor(deviceColor(device.kind)) : deviceColor(device.kind);
    const Qt::PenStyle style = baseline ? Qt::DotLine : Qt::SolidLine;
    auto line = [&](double x0, double y0, double x1, double y1, double width) {
        QCPGraph* graph = chart->addGraph();
        graph->setObjectName(baseline ? u"baseline-roof"_s : u"roof"_s);
        graph->setSelectable(QCP::stNone);
        graph->setPen(QPen(color, width, style));
        // Two points on log-log axes: y = bandwidth * x is a straight line there too.
        graph->addData(x0, y0);
        graph->addData(x1, y1);
        return graph;
    };
    auto label = [&](double x, double y, const QString& text, Qt::Alignment alignment) {
        auto* item = new QCPItemText(chart);
        item->setObjectName(baseline ? u"baseline-roof-label"_s : u"roof-label"_s);
        item->setSelectable(false);
        item->position->setCoords(x, y);
        item->setPositionAlignment(alignment);
        item->setColor(color.darker(baseline ? 100 : 130));
        item->setFont(QFont(font().family(), 8));
        item->setPadding(QMargins(2, 0, 2, 1));
        item->setText(baseline ? QString(text + u" (baseline)"_s) : text);
    };

    if (device.bandwidthGBs) {
        // The memory roof rises until it meets the highest compute roof (or the right edge).
        const double bandwidth = *device.bandwidthGBs;
        const double end = device.topRidge().value_or(hiX);
        line(loX, bandwidth * loX, end, bandwidth * end, 2.0);
        const double at = loX * 1.6;
        label(at, bandwidth * at,
              QString::fromStdString(device.kind).toUpper() + u" memory "_s +
                  formatNumber(bandwidth) + u" GB/s"_s,
              Qt::AlignLeft | Qt::AlignTop);
    }
    bool lastBelow = false;
    for (size_t i = 0; i < device.compute.size(); ++i) {
        const RoofCeiling& ceiling = device.compute[i];
        // Without a bandwidth the roof spans the chart: nothing says where it begins.
        const double start = ceiling.ridgeIntensity.value_or(loX);
        line(start, ceiling.gflops, hiX, ceiling.gflops, i == 0 ? 2.0 : 1.2);
        // Labels sit above their roof; one close under the previous roof (less than 1.5x
        // lower) goes below its own line instead, or the two would print over each other.
        const bool below =
            i > 0 && !lastBelow && device.compute[i - 1].gflops < kCloseRoofs * ceiling.gflops;
        label(hiX, ceiling.gflops, ceiling.label,
              Qt::AlignRight | (below ? Qt::AlignTop : Qt::AlignBottom));
        lastBelow = below;
    }
}

void RooflineView::resetZoom() {
    QCustomPlot* chart = plot();
    const auto [loX, hiX] = series_.intensityRange();
    const auto [loY, hiY] = series_.performanceRange();
    if (loX > 0 && hiX > loX && loY > 0 && hiY > loY) {
        chart->xAxis->setRange(loX, hiX);
        chart->yAxis->setRange(loY, hiY);
    }
    chart->replot();
}

std::optional<RooflineView::Hit> RooflineView::hitAt(const QPoint& position) const {
    if (!message().isEmpty()) {
        return std::nullopt;
    }
    const QCustomPlot* chart = plot();
    std::optional<Hit> best;
    double bestDistance = kPickRadius;
    // Candidates after the baseline so that, at equal distance, the candidate wins.
    for (const bool baseline : {true, false}) {
        const auto& points = baseline ? series_.baselinePoints() : series_.points();
        for (size_t i = 0; i < points.size(); ++i) {
            const double x = chart->xAxis->coordToPixel(points[i].intensity);
            const double y = chart->yAxis->coordToPixel(points[i].gflops);
            const double distance = std::hypot(x - position.x(), y - position.y());
            if (distance <= bestDistance) {
                bestDistance = distance;
                best = Hit{baseline, i};
            }
        }
    }
    return best;
}

QString RooflineView::variantAt(const QPoint& position) const {
    const auto hit = hitAt(position);
    if (!hit) {
        return {};
    }
    return (hit->baseline ? series_.baselinePoints() : series_.points())[hit->index].name;
}

QString RooflineView::toolTipAt(const QPoint& position) const {
    const auto hit = hitAt(position);
    if (!hit) {
        return {};
    }
    return describe((hit->baseline ? series_.baselinePoints() : series_.points())[hit->index],
                    hit->baseline);
}

QString RooflineView::describe(const RoofPoint& point, bool baseline) const {
    // Names come from the recording: escaped, so a name holding markup shows as text.
    auto text = [](const std::string& value) {
        return QString::fromStdString(value).toHtmlEscaped();
    };
    const bool integer = point.precision.rfind("int", 0) == 0;
    QString html = u"<b>"_s + point.name.toHtmlEscaped() + u"</b>"_s;
    if (baseline && input().baseline) {
        html += u"<br/><i>baseline: "_s + input().baseline->label().toHtmlEscaped() + u"</i>"_s;
    }
    html += u"<br/>device: "_s + text(point.device) + u" · backend: "_s + text(point.backend) +
            u" · "_s + text(point.precision) + u" · "_s + toString(point.kind).toHtmlEscaped();
    html += u"<br/>performance: "_s + formatRate(point.gflops, integer) +
            (point.deviceRate        ? u" at the kernel-time median"_s
             : point.device == "gpu" ? u" end to end (no kernel time measured)"_s
                                     : QString());
    html += u"<br/>intensity: "_s + formatNumber(point.intensity) + u" FLOP/B = "_s +
            formatNumber(point.flops / 1e9) + u" GFLOP / ("_s + bytesText(point.bytes.weights) +
            (point.bytes.weightsEstimated ? u" weights (dense estimate)"_s : u" weights"_s) +
            u" + "_s + bytesText(point.bytes.input) + u" X in + "_s +
            bytesText(point.bytes.output) + u" C out, FP32)"_s;
    if (point.roofGflops) {
        // The roof at this intensity: the lower of the compute ceiling and bandwidth x intensity.
        const QString which =
            point.roofName == u"memory"_s
                ? u"bandwidth × intensity; no compute ceiling measured"_s
                : QString(u"the lower of the "_s + point.roofName.toHtmlEscaped() +
                          u" ceiling and bandwidth × intensity"_s);
        html += u"<br/>roof at this intensity: "_s + formatRate(*point.roofGflops, integer) +
                u" ("_s + which + u"); this variant reaches "_s +
                formatNumber(100.0 * point.gflops / *point.roofGflops) + u" % of it"_s;
    }
    if (point.gflopsPerWatt) {
        const QString unit = integer ? u" GOP/s per watt"_s : u" GFLOP/s per watt"_s;
        html += u"<br/>energy efficiency: "_s + formatNumber(*point.gflopsPerWatt) + unit +
                u" of all the device drew"_s;
        if (point.gflopsPerWattAboveIdle) {
            html += u"; "_s + formatNumber(*point.gflopsPerWattAboveIdle) + u" above its idle"_s;
        }
    }
    if (point.aboveRoof) {
        html += u"<br/><b>above the measured roof</b>"_s;
        if (point.structure == "csr" || point.structure == "2:4") {
            html +=
                u": a pruned variant's rate counts the dense-equivalent operations it "
                "skipped"_s;
        } else {
            html +=
                u": the ceiling was measured lower than this variant ran (a faster "
                "kernel, or operands that stayed in cache)"_s;
        }
    }
    return html;
}

void RooflineView::showSelection(const QString& name) {
    placeRing(name);
    plot()->replot();
}

void RooflineView::placeRing(const QString& name) {
    if (ring_ == nullptr) {
        return;
    }
    ring_->data()->clear();
    const RoofPoint* selected = nullptr;
    for (const auto* list : {&series_.points(), &series_.baselinePoints()}) {
        for (const RoofPoint& point : *list) {
            if (selected == nullptr && !name.isEmpty() && point.name == name) {
                selected = &point;
            }
        }
    }
    if (selected != nullptr) {
        ring_->addData(selected->intensity, selected->gflops);
    }
}

}  // namespace costscope
