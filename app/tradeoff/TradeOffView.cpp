// TradeOffView: draws a TradeOffSeries, hit-tests its points, follows the shared selection.
#include "app/tradeoff/TradeOffView.h"

#include <qcustomplot.h>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QToolBar>
#include <algorithm>
#include <cmath>

#include "app/charts/InsetLegend.h"
#include "app/charts/LogTicker.h"
#include "app/charts/PointStyle.h"
#include "app/core/FleetRuns.h"
#include "app/core/Format.h"
#include "app/core/VariantSelection.h"
#include "app/headline/Headline.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

// A click that moved less than this is a click, not a pan.
// How far outside a marker's edge a click or hover still picks it, px.
constexpr double kPickSlop = 4;

QString workloadName(TradeOffWorkload workload) {
    return workload == TradeOffWorkload::Models ? u"models"_s : u"GEMMs"_s;
}

QString noRunSentence() {
    return u"Open a recording to see what each variant gains in speed and costs in quality."_s;
}

// The names of the machines compared (none when the input is one run or two).
std::vector<QString> machineNamesOf(const ViewInput& input) {
    std::vector<QString> names;
    for (const FleetRun& run : fleetRunsOf(input.machines)) {
        names.push_back(QString::fromStdString(run.machine));
    }
    return names;
}

QString qualityText(const TradeOffSeries& series, double quality) {
    if (series.higherIsBetter()) {
        return u"accuracy "_s + formatNumber(quality, 4) + u" %"_s;
    }
    return u"relative error "_s + formatNumber(quality);
}

}  // namespace

TradeOffView::TradeOffView(VariantSelection* selection, QWidget* parent)
    : ChartView(u"Trade-off map"_s, selection, parent),
      workloadBox_(new QComboBox(this)),
      gpuTimeBox_(new QComboBox(this)),
      costBox_(new QComboBox(this)),
      lossBox_(new QDoubleSpinBox(this)) {
    costBox_->setObjectName(u"costAxis"_s);
    costBox_->addItem(u"latency"_s);
    costBox_->addItem(u"energy"_s);
    costBox_->addItem(u"money"_s);
    costBox_->setToolTip(
        u"What a point costs along the x axis, per image or GEMM: its median time; the energy "
        "its device drew (measured by the device's own counter, RAPL or NVML); or what a million "
        "cost at the run's prices (costscope-record --prices), with the machine busy all the "
        "time it is paid for."_s);
    workloadBox_->addItem(u"models (accuracy)"_s);
    workloadBox_->addItem(u"GEMMs (relative error)"_s);
    workloadBox_->setToolTip(
        u"Models and GEMMs are measured by different qualities: test accuracy against the "
        "relative error of C, so they are plotted one at a time."_s);
    gpuTimeBox_->addItem(u"end-to-end"_s);
    gpuTimeBox_->addItem(u"device"_s);
    gpuTimeBox_->setToolTip(
        u"Where GPU variants sit: host time per call, copies and launches included "
        "(end-to-end), or the summed kernel time CUPTI measured (device)."_s);
    toolBar()->addWidget(new QLabel(u" Workload: "_s, this));
    toolBar()->addWidget(workloadBox_);
    toolBar()->addWidget(new QLabel(u"  Cost: "_s, this));
    toolBar()->addWidget(costBox_);
    toolBar()->addWidget(new QLabel(u"  GPU time: "_s, this));
    toolBar()->addWidget(gpuTimeBox_);
    lossBox_->setObjectName(u"accuracyLoss"_s);
    lossBox_->setRange(0, 100);
    lossBox_->setSingleStep(0.5);
    lossBox_->setDecimals(1);
    lossBox_->setSuffix(u" points"_s);
    lossBox_->setValue(kDefaultAccuracyLoss);
    lossBox_->setToolTip(
        u"The banner names the fastest model whose test accuracy is at most this many "
        "percentage points below the dense model's on the same device."_s);
    toolBar()->addWidget(new QLabel(u"  Accuracy loss up to: "_s, this));
    toolBar()->addWidget(lossBox_);
    connect(lossBox_, &QDoubleSpinBox::valueChanged, this, &TradeOffView::showHeadline);
    connect(workloadBox_, &QComboBox::activated, this, [this](int index) {
        setWorkload(index == 0 ? TradeOffWorkload::Models : TradeOffWorkload::Gemms);
    });
    connect(costBox_, &QComboBox::activated, this,
            [this](int index) { setCostAxis(static_cast<CostAxis>(index)); });
    connect(gpuTimeBox_, &QComboBox::activated, this,
            [this](int index) { setGpuTime(index == 0 ? GpuTime::EndToEnd : GpuTime::Device); });

    QCustomPlot* chart = plot();
    chart->setAutoAddPlottableToLegend(false);
    chart->legend->setFont(QFont(font().family(), 8));
    chart->legend->setIconSize(14, 12);
    // The legend is fitted first, so that the tags keep clear of where it is about to be drawn.
    new InsetLegend(chart->axisRect(), chart->legend);
    // Tags are placed where they will be drawn, so after every layout (zoom, resize, export).
    connect(chart, &QCustomPlot::afterLayout, this,
            [this] { placeMarkerTags(plot()->axisRect(), tags_); });
    chart->xAxis->setScaleType(QCPAxis::stLogarithmic);
    chart->xAxis->setTicker(QSharedPointer<LogTicker>::create());
    chart->xAxis->setNumberFormat(u"gb"_s);
    if (selection != nullptr) {
        connect(selection, &VariantSelection::changed, this, &TradeOffView::showSelection);
    }
    syncControls();
    setMessage(noRunSentence());
}

void TradeOffView::setWorkload(TradeOffWorkload workload) {
    workloadPicked_ = true;
    if (workload != workload_) {
        workload_ = workload;
        rebuild();
    }
    syncControls();
}

void TradeOffView::setGpuTime(GpuTime gpuTime) {
    if (gpuTime != gpuTime_) {
        gpuTime_ = gpuTime;
        rebuild();
    }
    syncControls();
}

void TradeOffView::setCostAxis(CostAxis axis) {
    if (axis != axis_) {
        axis_ = axis;
        rebuild();
    }
    syncControls();
}

double TradeOffView::accuracyLoss() const {
    return lossBox_->value();
}

void TradeOffView::setAccuracyLoss(double points) {
    lossBox_->setValue(points);  // showHeadline() through valueChanged
}

// The headline of the run on display, in a few lines: what won per workload and device, the
// fastest model within the accuracy loss, the comparison's counts, the warnings.
void TradeOffView::showHeadline() {
    const RunDataPtr& run = input().run;
    if (!run) {
        setBanner({});
        return;
    }
    // Machines: one run's headline would speak for one of them only. The Machines tab says what
    // to choose; the banner says which colour is which machine.
    if (!input().machines.empty()) {
        QStringList names;
        const std::vector<QString> machines = machineNamesOf(input());
        for (size_t i = 0; i < machines.size(); ++i) {
            names << u"<span style=\"color:"_s + machineColor(i).name() + u"\">●</span> "_s +
                         machines[i].toHtmlEscaped();
        }
        setBanner(u"<b>Machines:</b> "_s + names.join(u" &nbsp; "_s) +
                  u"<br><span style=\"color:#555\">The frontier is the best any of them offers; "
                  u"the Machines tab says which machine and variant to choose for each "
                  u"workload.</span>"_s);
        return;
    }
    // Compared once per pair of runs: switching the workload or the GPU time redraws the map,
    // not the comparison.
    if (!input().baseline) {
        comparison_.reset();
    } else if (!comparison_ || comparedRun_ != run || comparedBaseline_ != input().baseline) {
        comparison_ = compareRuns(input().baseline, run);
        comparedRun_ = run;
        comparedBaseline_ = input().baseline;
    }
    const Headline headline =
        makeHeadline(*run, comparison_ ? &*comparison_ : nullptr, accuracyLoss());
    QStringList lines;
    if (!headline.comparison.isEmpty()) {
        lines << u"<b>Against the baseline:</b> "_s + headline.comparison.front().toHtmlEscaped();
    }
    for (const HeadlineWorkload& workload : headline.workloads) {
        QStringList fastest;
        for (const HeadlineEntry& entry : workload.fastest) {
            QString part = QString::fromStdString(entry.variant->device).toUpper() + u": "_s +
                           QString::fromStdString(entry.variant->name).toHtmlEscaped();
            if (entry.speedup && entry.reference != entry.variant) {
                part += u" <b>"_s + formatTimes(*entry.speedup) + u"</b>"_s;
            }
            if (entry.accuracyPoints && entry.reference != entry.variant) {
                part += u" ("_s + formatPointsChange(*entry.accuracyPoints) + u')';
            } else if (entry.approxError) {
                part += u" (error "_s + formatNumber(*entry.approxError) + u")"_s;
            }
            fastest << part;
        }
        QString line = u"<b>"_s + workload.workload.toHtmlEscaped() + u"</b> fastest — "_s +
                       fastest.join(u" · "_s);
        for (const HeadlineEntry& entry : workload.withinLoss) {
            const auto sameDevice = std::find_if(
                workload.fastest.begin(), workload.fastest.end(),
                [&](const HeadlineEntry& f) { return f.variant->device == entry.variant->device; });
            if (sameDevice == workload.fastest.end() || sameDevice->variant != entry.variant) {
                line += u"; within "_s + formatNumber(accuracyLoss()) + u" points on "_s +
                        QString::fromStdString(entry.variant->device).toUpper() + u": "_s +
                        QString::fromStdString(entry.variant->name).toHtmlEscaped() +
                        (entry.speedup ? u" "_s + formatTimes(*entry.speedup) : QString());
            }
        }
        lines << line;
    }
    for (const QString& warning : headline.warnings) {
        lines << u"<span style=\"color:#8a6100\">⚠ "_s + warning.toHtmlEscaped() + u"</span>"_s;
    }
    if (!headline.workloads.empty()) {
        lines << u"<span style=\"color:#555\">Speedups over "_s +
                     QString::fromLatin1(kSpeedupReferenceText) + u".</span>"_s;
    }
    setBanner(lines.join(u"<br>"_s));
}

void TradeOffView::syncControls() {
    workloadBox_->setCurrentIndex(workload_ == TradeOffWorkload::Models ? 0 : 1);
    gpuTimeBox_->setCurrentIndex(gpuTime_ == GpuTime::EndToEnd ? 0 : 1);
    costBox_->setCurrentIndex(static_cast<int>(axis_));
    std::vector<RunDataPtr> shown = input().machines;
    if (shown.empty()) {
        shown = {input().run, input().baseline};
    }
    gpuTimeBox_->setEnabled(std::any_of(shown.begin(), shown.end(), [](const RunDataPtr& run) {
        return run != nullptr && TradeOffSeries::hasDeviceTimes(*run);
    }));
}

void TradeOffView::rebuild() {
    QCustomPlot* chart = plot();
    chart->clearItems();
    chart->clearGraphs();
    chart->legend->clearItems();
    ring_ = nullptr;
    tags_.clear();
    series_ = TradeOffSeries();

    const RunDataPtr& run = input().run;
    if (!run) {
        shapedRun_.reset();
        syncControls();
        setBanner({});
        setMessage(noRunSentence());
        chart->replot();
        return;
    }
    if (run != shapedRun_) {
        shapedRun_ = run;
        // A workload the user picked stays while the new run has something of it to show; so
        // does the one shown when the same run is read again (a live refresh keeps the view).
        const std::vector<RunDataPtr>& machines = input().machines;
        const bool hasPicked =
            machines.empty() ? TradeOffSeries::hasPoints(*run, workload_)
                             : std::any_of(machines.begin(), machines.end(), [this](const auto& m) {
                                   return TradeOffSeries::hasPoints(*m, workload_);
                               });
        if ((!workloadPicked_ && !refreshing()) || !hasPicked) {
            workload_ = machines.empty() ? TradeOffSeries::defaultWorkload(*run)
                                         : TradeOffSeries::defaultWorkload(machines);
        }
    }
    syncControls();
    showHeadline();
    const RunData* baseline = input().baseline.get();
    // Machines compared: every machine's points, a colour each; else the run over its baseline.
    series_ = input().machines.empty() ? TradeOffSeries(*run, baseline, workload_, gpuTime_, axis_)
                                       : TradeOffSeries(input().machines, machineNamesOf(input()),
                                                        workload_, gpuTime_, axis_);
    if (series_.points().empty() && series_.baselinePoints().empty() && series_.leftOut() > 0) {
        setMessage(u"No "_s + workloadName(workload_) +
                   (input().machines.empty() ? u" of this run has "_s : u" of these runs has "_s) +
                   (axis_ == CostAxis::Energy ? u"its energy measured: "_s : u"a price: "_s) +
                   QString::fromStdString(series_.leftOutReasons().front()) +
                   u". Choose 'latency' under Cost."_s);
        chart->replot();
        return;
    }
    if (series_.points().empty() && series_.baselinePoints().empty()) {
        const TradeOffWorkload other = workload_ == TradeOffWorkload::Models
                                           ? TradeOffWorkload::Gemms
                                           : TradeOffWorkload::Models;
        QString sentence = u"No "_s + workloadName(workload_) +
                           (input().machines.empty() ? u" of this run"_s : u" of these runs"_s) +
                           u" finished with both a latency and a "_s +
                           (series_.higherIsBetter() ? u"test accuracy"_s : u"relative error"_s) +
                           u", so there is nothing to place on the trade-off map."_s;
        const std::vector<RunDataPtr> shown =
            input().machines.empty() ? std::vector<RunDataPtr>{run} : input().machines;
        if (std::any_of(shown.begin(), shown.end(), [other](const RunDataPtr& shownRun) {
                return TradeOffSeries::hasPoints(*shownRun, other);
            })) {
            sentence += u" Choose '"_s + workloadName(other) + u"' under Workload."_s;
        }
        setMessage(sentence);
        chart->replot();
        return;
    }
    setMessage({});

    const bool accuracy = series_.higherIsBetter();
    const bool device = gpuTime_ == GpuTime::Device;
    // Per item, so that batch sizes compare like with like (a call of batch 1024 does 1024 images).
    const QString item = accuracy ? u"image"_s : u"GEMM"_s;
    if (axis_ == CostAxis::Energy) {
        chart->xAxis->setLabel(u"Energy per "_s + item +
                               u", all the device drew (J, log scale; RAPL or NVML counter)"_s);
    } else if (axis_ == CostAxis::Money) {
        chart->xAxis->setLabel(QString::fromStdString(series_.currency()) + u" per million "_s +
                               item + u"s: median time × the device's price per hour, the "_s +
                               u"machine busy all the time paid for (log scale)"_s);
    } else {
        chart->xAxis->setLabel(u"Latency per "_s + item +
                               (device ? u", median (ms, log scale; GPU: kernel time)"_s
                                       : u", median (ms, log scale; end to end)"_s));
    }
    if (series_.leftOut() > 0) {
        setBanner(banner()->text() + u"<br><span style=\"color:#555\">"_s +
                  QString::number(series_.leftOut()) + u" variant"_s +
                  (series_.leftOut() == 1 ? u" is"_s : u"s are"_s) + u" not on this map: "_s +
                  QString::fromStdString(series_.leftOutReasons().front()).toHtmlEscaped() +
                  u"</span>"_s);
    }
    if (accuracy) {
        chart->yAxis->setScaleType(QCPAxis::stLinear);
        chart->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
        chart->yAxis->setNumberFormat(u"g"_s);
        chart->yAxis->setLabel(u"Test accuracy (%)"_s);
    } else {
        chart->yAxis->setScaleType(QCPAxis::stLogarithmic);
        chart->yAxis->setTicker(QSharedPointer<LogTicker>::create());
        chart->yAxis->setNumberFormat(u"gb"_s);
        chart->yAxis->setLabel(u"Relative error of C vs FP64 (log scale; lower is better)"_s);
    }
    auto addPoint = [chart](const TradeOffPoint& point, const QColor& color,
                            const QString& objectName) {
        QCPGraph* graph = chart->addGraph();
        graph->setObjectName(objectName);
        graph->setName(point.name);
        graph->setLineStyle(QCPGraph::lsNone);
        graph->setSelectable(QCP::stNone);
        graph->setScatterStyle(pointStyle(point.kind, color, point.markerSize));
        graph->addData(point.cost, point.quality);
    };

    // The baseline under everything, each point tied to where its variant went.
    for (size_t i = 0; i < series_.baselinePoints().size(); ++i) {
        const TradeOffPoint& old = series_.baselinePoints()[i];
        if (const auto partner = series_.baselinePartner()[i]) {
            const TradeOffPoint& now = series_.points()[*partner];
            auto* link = new QCPItemLine(chart);
            link->setObjectName(u"baseline-link"_s);
            link->setSelectable(false);
            link->setPen(QPen(baselineColor(series_.colorOf(old)), 1.2, Qt::DashLine));
            link->setHead(QCPLineEnding(QCPLineEnding::esSpikeArrow, 7, 9));
            link->start->setCoords(old.cost, old.quality);
            link->end->setCoords(now.cost, now.quality);
        }
        addPoint(old, baselineColor(series_.colorOf(old)), u"baseline-point"_s);
    }

    QCPGraph* frontier = chart->addGraph();
    frontier->setObjectName(u"frontier"_s);
    frontier->setName(u"Pareto frontier"_s);
    frontier->setSelectable(QCP::stNone);
    // Left steps: at any latency, the best quality reachable by a variant at least that fast.
    frontier->setLineStyle(QCPGraph::lsStepLeft);
    frontier->setPen(QPen(QColor(0x33, 0x33, 0x33), 1.5, Qt::DashLine));
    for (size_t index : series_.frontier()) {
        frontier->addData(series_.points()[index].cost, series_.points()[index].quality);
    }
    if (!series_.frontier().empty()) {
        // On to the right, past any zoom: nothing slower does better than the last step.
        const TradeOffPoint& best = series_.points()[series_.frontier().back()];
        frontier->addData(best.cost * 1e6, best.quality);
    }

    // The frontier's tags first: where tags would collide, those are the ones kept. Machines
    // compared, only the frontier's: every variant comes once per machine, and the colour says
    // which machine a point is (hover for the rest).
    std::vector<MarkerTag> frontierTags, otherTags;
    const std::vector<size_t>& onFrontier = series_.frontier();
    for (size_t i = 0; i < series_.points().size(); ++i) {
        const TradeOffPoint& point = series_.points()[i];
        const QColor color = series_.colorOf(point);
        addPoint(point, color, u"point"_s);
        const bool frontierPoint =
            std::find(onFrontier.begin(), onFrontier.end(), i) != onFrontier.end();
        if (!frontierPoint && point.machine) {
            continue;
        }
        auto* tag = new QCPItemText(chart);
        tag->setObjectName(u"point-tag"_s);
        tag->setSelectable(false);
        tag->position->setCoords(point.cost, point.quality);
        tag->setText(point.tag);
        tag->setColor(color.darker(150));
        QFont font = tag->font();
        font.setPointSizeF(font.pointSizeF() * 0.8);
        tag->setFont(font);
        (frontierPoint ? frontierTags : otherTags).push_back({tag, point.markerSize / 2});
    }
    tags_ = std::move(frontierTags);
    tags_.insert(tags_.end(), otherTags.begin(), otherTags.end());

    ring_ = chart->addGraph();
    ring_->setObjectName(u"selection"_s);
    ring_->setSelectable(QCP::stNone);
    ring_->setLineStyle(QCPGraph::lsNone);

    addPointLegend(chart, series_.colourKeys(), series_.kinds(), series_.shadeKeys(),
                   baseline != nullptr ? baseline->label() : QString());
    frontier->addToLegend();

    placeRing(selection() != nullptr ? selection()->current() : QString());
    resetZoom();
}

void TradeOffView::resetZoom() {
    QCustomPlot* chart = plot();
    double minX = INFINITY, maxX = -INFINITY, minY = INFINITY, maxY = -INFINITY;
    for (const auto* list : {&series_.points(), &series_.baselinePoints()}) {
        for (const TradeOffPoint& point : *list) {
            minX = std::min(minX, point.cost);
            maxX = std::max(maxX, point.cost);
            minY = std::min(minY, point.quality);
            maxY = std::max(maxY, point.quality);
        }
    }
    if (!std::isfinite(minX)) {
        chart->replot();
        return;
    }
    // Room for the largest marker: a factor on log axes, a share of the span on the linear
    // accuracy axis (at least a point, so that one variant is not drawn on a hairline).
    chart->xAxis->setRange(minX / 1.6, maxX * 1.6);
    if (series_.higherIsBetter()) {
        const double pad = std::max(1.0, (maxY - minY) * 0.15);
        chart->yAxis->setRange(minY - pad, std::min(100.0 + pad / 2, maxY + pad));
    } else {
        chart->yAxis->setRange(minY / 3, maxY * 3);
    }
    chart->replot();
}

std::optional<TradeOffView::Hit> TradeOffView::hitAt(const QPoint& position) const {
    if (!message().isEmpty()) {
        return std::nullopt;
    }
    const QCustomPlot* chart = plot();
    std::optional<Hit> best;
    double bestDistance = INFINITY;
    // Candidates after the baseline so that, at equal distance, the candidate wins.
    for (const bool baseline : {true, false}) {
        const auto& points = baseline ? series_.baselinePoints() : series_.points();
        for (size_t i = 0; i < points.size(); ++i) {
            const double x = chart->xAxis->coordToPixel(points[i].cost);
            const double y = chart->yAxis->coordToPixel(points[i].quality);
            const double distance = std::hypot(x - position.x(), y - position.y());
            if (distance <= points[i].markerSize / 2 + kPickSlop && distance <= bestDistance) {
                bestDistance = distance;
                best = Hit{baseline, i};
            }
        }
    }
    return best;
}

QString TradeOffView::variantAt(const QPoint& position) const {
    const auto hit = hitAt(position);
    if (!hit) {
        return {};
    }
    return (hit->baseline ? series_.baselinePoints() : series_.points())[hit->index].name;
}

QString TradeOffView::toolTipAt(const QPoint& position) const {
    const auto hit = hitAt(position);
    if (!hit) {
        return {};
    }
    return describe((hit->baseline ? series_.baselinePoints() : series_.points())[hit->index],
                    hit->baseline);
}

QString TradeOffView::describe(const TradeOffPoint& point, bool baseline) const {
    // Names come from the recording: escaped, so a name holding markup shows as text.
    auto text = [](const std::string& value) {
        return QString::fromStdString(value).toHtmlEscaped();
    };
    QString html = u"<b>"_s + point.name.toHtmlEscaped() + u"</b>"_s;
    if (point.machine && *point.machine < series_.machines().size()) {
        html += u"<br/>machine: <span style=\"color:"_s + machineColor(*point.machine).name() +
                u"\">●</span> "_s + series_.machines()[*point.machine].toHtmlEscaped();
    }
    if (baseline && input().baseline) {
        html += u"<br/><i>baseline: "_s + input().baseline->label().toHtmlEscaped() + u"</i>"_s;
    }
    html += u"<br/>device: "_s + text(point.device) + u" · backend: "_s + text(point.backend) +
            u" · "_s + toString(point.kind).toHtmlEscaped();
    html += u"<br/>latency: "_s + formatNumber(point.latencyMs) + u" ms median per "_s +
            (series_.higherIsBetter() ? u"image"_s : u"GEMM"_s);
    if (point.items > 1) {
        html += u" (a call of "_s + QString::number(point.items) + u": "_s +
                formatNumber(point.latencyMs * double(point.items)) + u" ms)"_s;
    }
    if (point.p5Ms && point.p95Ms) {
        html += u" (p5–p95 "_s + formatNumber(*point.p5Ms) + u"–"_s + formatNumber(*point.p95Ms) +
                u" ms)"_s;
    }
    if (point.deviceTime) {
        html += u", kernel time on the GPU"_s;
    } else if (point.deviceTimeMissing) {
        html += u", end to end: no kernel time was measured for it"_s;
    } else if (point.device == "gpu") {
        html += u", end to end (copies and launches included)"_s;
    }
    if (point.joulesPerItem) {
        html += u"<br/>energy: "_s + formatNumber(*point.joulesPerItem) + u" J per "_s +
                (series_.higherIsBetter() ? u"image"_s : u"GEMM"_s);
        if (point.joulesAboveIdlePerItem) {
            html += u" ("_s + formatNumber(*point.joulesAboveIdlePerItem) + u" J above idle)"_s;
        }
    }
    if (point.moneyPerMillionItems) {
        html += u"<br/>cost: "_s + formatNumber(*point.moneyPerMillionItems) + u' ' +
                QString::fromStdString(point.currency).toHtmlEscaped() + u" per million "_s +
                (series_.higherIsBetter() ? u"images"_s : u"GEMMs"_s);
    }
    html += u"<br/>"_s + qualityText(series_, point.quality);
    html +=
        u"<br/>weights: "_s +
        (point.weightBytes ? QLocale().formattedDataSize(*point.weightBytes) : u"not measured"_s);
    return html;
}

void TradeOffView::showSelection(const QString& name) {
    placeRing(name);
    plot()->replot();
}

void TradeOffView::placeRing(const QString& name) {
    if (ring_ == nullptr) {
        return;
    }
    ring_->data()->clear();
    // The first point of that name; machines compared, every machine's point of it.
    std::vector<const TradeOffPoint*> selected;
    for (const auto* list : {&series_.points(), &series_.baselinePoints()}) {
        for (const TradeOffPoint& point : *list) {
            if ((selected.empty() || point.machine) && !name.isEmpty() && point.name == name) {
                selected.push_back(&point);
            }
        }
    }
    double size = 0;
    for (const TradeOffPoint* point : selected) {
        size = std::max(size, point->markerSize);
        ring_->addData(point->cost, point->quality);
    }
    if (!selected.empty()) {
        ring_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle,
                                               QPen(QColor(0xff, 0x7f, 0x0e), 2.5), Qt::NoBrush,
                                               size + 10));
    }
}

}  // namespace costscope
