// TimelineView: lanes as y ticks, one plottable per kind of span, the memory line in its own axis
// rect beneath with the same time axis, clicks mapped to spans through the model.
#include "app/timeline/TimelineView.h"

#include <qcustomplot.h>

#include <QAction>
#include <QLabel>
#include <QLayout>
#include <QMouseEvent>
#include <QToolBar>
#include <algorithm>
#include <cmath>
#include <utility>

#include "app/core/VariantSelection.h"
#include "app/timeline/TimelinePlottable.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

const QString kNoDetails = u"Click a kernel, copy, memset or variant for its details."_s;
// How far from a span a click still picks it, in pixels.
constexpr double kClickTolerancePx = 3.0;

// Tick labels in the unit the axis label names: keys stay ms since the run's first timestamp,
// labels are multiplied into µs or ns when zoomed in, with as many decimals as the step needs.
class TimeTicker : public QCPAxisTicker {
  public:
    void setFactor(double factor) { factor_ = factor; }

  protected:
    QVector<QString> createLabelVector(const QVector<double>& ticks, const QLocale&, QChar,
                                       int) override {
        const double step = ticks.size() > 1 ? std::abs(ticks[1] - ticks[0]) * factor_ : 1.0;
        int decimals = 0;
        for (double scaled = step; decimals < 9; ++decimals, scaled *= 10) {
            if (std::abs(scaled - std::round(scaled)) <= 1e-6 * scaled) {
                break;
            }
        }
        QVector<QString> labels;
        labels.reserve(ticks.size());
        for (const double tick : ticks) {
            labels.push_back(QString::number(tick * factor_ + 0.0, 'f', decimals));
        }
        return labels;
    }

  private:
    double factor_ = 1.0;
};

}  // namespace

TimelineView::TimelineView(VariantSelection* selection, QWidget* parent)
    : ChartView(u"Timeline"_s, selection, parent),
      loader_(new TimelineLoader(this)),
      details_(new QLabel(this)),
      compareNote_(new QLabel(this)) {
    QCustomPlot* p = plot();
    // The legend as a strip above the lanes, where it hides no span.
    p->legend->setVisible(true);
    p->legend->setFillOrder(QCPLegend::foColumnsFirst);
    p->legend->setBorderPen(Qt::NoPen);
    p->axisRect()->insetLayout()->take(p->legend);
    p->plotLayout()->insertRow(0);
    p->plotLayout()->addElement(0, 0, p->legend);
    p->plotLayout()->setRowStretchFactor(0, 0.001);

    // Zoom and pan in time only; the lanes stay put.
    p->axisRect()->setRangeDrag(Qt::Horizontal);
    p->axisRect()->setRangeZoom(Qt::Horizontal);
    p->yAxis->setRangeReversed(true);  // the CPU lane on top
    p->yAxis->setSubTicks(false);
    p->yAxis->grid()->setVisible(false);
    p->yAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    p->xAxis->setTicker(QSharedPointer<TimeTicker>::create());

    for (int kind = 0; kind < int(TimelineModel::Kind::Count); ++kind) {
        plottables_[size_t(kind)] =
            new TimelinePlottable(p->xAxis, p->yAxis, TimelineModel::Kind(kind));
    }
    plottables_[size_t(TimelineModel::Kind::Variant)]->setName(
        u"variant on the CPU (blue: measured on the CPU, green: on the GPU)"_s);
    plottables_[size_t(TimelineModel::Kind::Range)]->setName(u"NVTX range on the host"_s);

    connect(p->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
            &TimelineView::updateTimeUnit);
    connect(loader_, &TimelineLoader::loaded, this, &TimelineView::showModel);
    connect(loader_, &TimelineLoader::failed, this, &TimelineView::showFailure);
    if (selection) {
        connect(selection, &VariantSelection::changed, this, &TimelineView::selectVariant);
    }

    compareNote_->setText(u"  Two runs compared: the timeline shows the candidate run only."_s);
    compareNoteAction_ = toolBar()->addWidget(compareNote_);
    compareNoteAction_->setVisible(false);

    // Names come from recordings: plain text, never markup.
    details_->setTextFormat(Qt::PlainText);
    details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    details_->setWordWrap(true);
    details_->setMargin(6);
    details_->setText(kNoDetails);
    layout()->addWidget(details_);
}

TimelineView::~TimelineView() = default;

bool TimelineView::waitForLoaded() {
    return loader_->waitForFinished();
}

void TimelineView::rebuild() {
    const ViewInput& in = input();
    compareNoteAction_->setVisible(in.run != nullptr && in.baseline != nullptr);
    if (in.run && in.run == shownRun_ && (model_ || loader_->busy())) {
        return;  // the same run: its timeline is shown or on its way
    }
    shownRun_ = in.run;
    if (refreshing() && model_) {
        // The same run read again: what is shown stays until its new rows arrive.
        reloading_ = true;
        keepZoom_ = zoomed();
        loader_->load(in.run, !forReport());
        return;
    }
    reloading_ = keepZoom_ = false;
    model_.reset();
    clicked_.reset();
    for (TimelinePlottable* plottable : plottables_) {
        plottable->setModel(nullptr);
    }
    details_->setText(kNoDetails);
    loader_->load(in.run, !forReport());
    setMessage(in.run ? u"Loading…"_s : u"Open a recording to see its timeline."_s);
}

void TimelineView::showFailure(const QString& message) {
    reloading_ = keepZoom_ = false;
    setMessage(message);
    emit shown();
}

void TimelineView::showModel(const TimelineModelPtr& model) {
    const bool keepZoom = std::exchange(keepZoom_, false);
    if (std::exchange(reloading_, false) && clicked_ && model_) {
        // The span clicked stays clicked when the new rows hold it at the same place.
        const TimelineModel::SpanRef span = *clicked_;
        const bool same = size_t(span.lane) < model->lanes().size() &&
                          model->details(span) == model_->details(span);
        if (!same) {
            clicked_.reset();
            details_->setText(kNoDetails);
        }
    } else {
        clicked_.reset();
    }
    model_ = model;
    if (!clicked_ && !model_->summaryNote().isEmpty()) {
        // Said once, where the details go: the view works the same, only slower to open.
        details_->setText(model_->summaryNote() + u"\n"_s + kNoDetails);
    }
    QCustomPlot* p = plot();
    for (TimelinePlottable* plottable : plottables_) {
        plottable->setModel(model_);
        plottable->removeFromLegend();
    }
    if (!model_->hasGpuActivity()) {
        buildMemoryRect();
        setMessage(model_->whyEmpty());
        emit shown();
        return;
    }
    setMessage({});

    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    const auto& lanes = model_->lanes();
    std::array<bool, size_t(TimelineModel::Kind::Count)> present{};
    for (size_t lane = 0; lane < lanes.size(); ++lane) {
        ticker->addTick(double(lane), lanes[lane].label);
        present[size_t(lanes[lane].kind)] = true;
    }
    p->yAxis->setTicker(ticker);
    p->yAxis->setRange(-0.6, double(lanes.size()) - 0.4);
    for (size_t kind = 0; kind < plottables_.size(); ++kind) {
        if (present[kind]) {
            plottables_[kind]->addToLegend();
        }
    }
    buildMemoryRect();
    highlight();
    if (keepZoom) {
        plot()->replot();
    } else {
        resetZoom();
        rememberFittedRanges();
    }
    emit shown();
}

void TimelineView::buildMemoryRect() {
    QCustomPlot* p = plot();
    if (memoryRect_) {
        for (QCPGraph* graph : memoryGraphs_) {
            p->removeGraph(graph);
        }
        memoryGraphs_.clear();
        p->plotLayout()->remove(memoryRect_);
        p->plotLayout()->simplify();
        memoryRect_ = nullptr;
    }
    if (!model_ || model_->memory().empty()) {
        updateTimeUnit(p->xAxis->range());
        return;
    }
    memoryRect_ = new QCPAxisRect(p);
    p->plotLayout()->addElement(2, 0, memoryRect_);
    p->plotLayout()->setRowStretchFactor(1, 4);
    p->plotLayout()->setRowStretchFactor(2, 1);
    auto* margins = new QCPMarginGroup(p);
    p->axisRect()->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    memoryRect_->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    memoryRect_->setRangeDrag(Qt::Horizontal);
    memoryRect_->setRangeZoom(Qt::Horizontal);
    QCPAxis* time = memoryRect_->axis(QCPAxis::atBottom);
    QCPAxis* bytes = memoryRect_->axis(QCPAxis::atLeft);
    time->setTicker(p->xAxis->ticker());
    time->setRange(p->xAxis->range());
    // One time axis: zooming either rect moves both. The connections go with the axes.
    connect(p->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), time,
            [time](const QCPRange& range) { time->setRange(range); });
    connect(time, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), p->xAxis,
            [p](const QCPRange& range) { p->xAxis->setRange(range); });

    int64_t peak = 0;
    for (const TimelineModel::MemoryLine& line : model_->memory()) {
        peak = std::max(peak, line.peak);
    }
    const bool gib = peak >= (int64_t(1) << 30);
    const double unit = gib ? double(int64_t(1) << 30) : double(1 << 20);
    bytes->setLabel(u"device memory in use ("_s + (gib ? u"GiB"_s : u"MiB"_s) + u")"_s);
    bytes->setRange(0, std::max(1.0, double(peak) / unit * 1.15));
    const QColor colors[] = {QColor(0x17, 0x4a, 0x7e), QColor(0xd6, 0x27, 0x28),
                             QColor(0x8c, 0x56, 0x4b), QColor(0x7f, 0x7f, 0x7f)};
    size_t next = 0;
    for (const TimelineModel::MemoryLine& line : model_->memory()) {
        QCPGraph* graph = p->addGraph(time, bytes);
        graph->setLineStyle(QCPGraph::lsStepLeft);
        QColor color = colors[next++ % std::size(colors)];
        graph->setPen(QPen(color, 1.5));
        color.setAlpha(40);
        graph->setBrush(color);
        graph->setName(u"device memory in use, GPU "_s + QString::number(line.deviceId));
        QVector<double> keys;
        QVector<double> values;
        keys.reserve(qsizetype(line.time.size()));
        values.reserve(qsizetype(line.time.size()));
        for (size_t i = 0; i < line.time.size(); ++i) {
            keys.push_back(model_->keyOf(line.time[i]));
            values.push_back(double(line.bytes[i]) / unit);
        }
        graph->setData(keys, values, true);
        memoryGraphs_.push_back(graph);
    }
    updateTimeUnit(p->xAxis->range());
}

void TimelineView::resetZoom() {
    if (!model_ || !model_->hasGpuActivity()) {
        return;
    }
    const double span = model_->keyOf(model_->finish());
    const double margin = std::max(span * 0.01, 1e-6);
    plot()->xAxis->setRange(-margin, span + margin);
    plot()->replot();
}

void TimelineView::updateTimeUnit(const QCPRange& range) {
    QCustomPlot* p = plot();
    // Keys are ms; below 5 ms of view the labels read in µs, below 5 µs in ns.
    const double size = range.size();
    const bool us = size < 5.0;
    const bool ns = size < 5e-3;
    unitFactor_ = ns ? 1e6 : us ? 1e3 : 1.0;
    const QString unit = ns ? u"ns"_s : us ? u"µs"_s : u"ms"_s;
    if (auto ticker = p->xAxis->ticker().dynamicCast<TimeTicker>()) {
        ticker->setFactor(unitFactor_);
    }
    const QString label = u"time since the run's first timestamp ("_s + unit + u")"_s;
    QCPAxis* labelled = memoryRect_ ? memoryRect_->axis(QCPAxis::atBottom) : p->xAxis;
    p->xAxis->setLabel(labelled == p->xAxis ? label : QString());
    labelled->setLabel(label);
}

double TimelineView::pixelsPerNs() const {
    const QCPRange range = plot()->xAxis->range();
    const double width = plot()->axisRect()->width();
    return range.size() > 0 ? width / (range.size() * 1e6) : 0.0;
}

std::optional<TimelineModel::SpanRef> TimelineView::spanAt(const QPoint& position) const {
    if (!model_ || !model_->hasGpuActivity() || !message().isEmpty() ||
        !plot()->axisRect()->rect().contains(position)) {
        return std::nullopt;
    }
    const double laneCoord = plot()->yAxis->pixelToCoord(position.y());
    const int lane = int(std::lround(laneCoord));
    if (std::abs(laneCoord - lane) > 0.45) {
        return std::nullopt;  // between lanes
    }
    const double perNs = pixelsPerNs();
    const auto tolerance = perNs > 0 ? int64_t(kClickTolerancePx / perNs) : 0;
    const int64_t time = model_->timeAt(plot()->xAxis->pixelToCoord(position.x()));
    return model_->spanAt(lane, time, tolerance);
}

QString TimelineView::clickAt(const QPoint& position) {
    const auto span = spanAt(position);
    clicked_ = span;
    if (!span) {
        // A file changed or gone since it was opened: its rows are missing, and this says why.
        details_->setText(model_ && !model_->readFailure().isEmpty()
                              ? model_->readFailure() + u"\n"_s + kNoDetails
                              : kNoDetails);
        highlight();
        plot()->replot(QCustomPlot::rpQueuedReplot);
        return {};
    }
    QString text = model_->details(*span);
    // Where spans are merged into one box at this zoom, say so: the details are of the nearest.
    const QCPRange range = plot()->xAxis->range();
    const auto width = int(std::lround(plot()->axisRect()->width()));
    const int64_t t0 = model_->timeAt(range.lower);
    const int64_t t1 = model_->timeAt(range.upper);
    const int column = int(std::floor(position.x() - plot()->xAxis->coordToPixel(range.lower)));
    for (const TimelineBox& box : model_->query(span->lane, t0, t1, width).boxes) {
        if (box.column == column && box.count > 1) {
            text =
                QString::number(box.count) +
                u" spans are merged in this pixel; zoom in to tell them apart. The nearest:\n"_s +
                text;
        }
    }
    details_->setText(text);
    const TimelineModel::VariantSpan* variant = model_->variantOf(*span);
    if (variant && selection()) {
        selection()->select(QString::fromStdString(variant->name));
    }
    highlight();
    plot()->replot(QCustomPlot::rpQueuedReplot);
    return text;
}

QString TimelineView::detailsText() const {
    return details_->text();
}

QString TimelineView::toolTipAt(const QPoint& position) const {
    const auto span = spanAt(position);
    if (!span) {
        return {};
    }
    // Kernel and variant names come from recordings: escaped, so they never read as markup.
    return u"<p style='white-space:pre'>"_s + model_->details(*span).toHtmlEscaped() + u"</p>"_s;
}

void TimelineView::selectVariant(const QString&) {
    if (!model_) {
        return;
    }
    highlight();
    plot()->replot(QCustomPlot::rpQueuedReplot);
}

void TimelineView::highlight() {
    std::vector<TimelineModel::SpanRef> spans;
    if (clicked_) {
        spans.push_back(*clicked_);
    }
    if (model_ && selection()) {
        const TimelineModel::VariantSpan* variant =
            model_->variantByName(selection()->current().toStdString());
        if (variant) {
            if (const auto span = model_->variantSpan(variant->variantId)) {
                if (!clicked_ || !(*clicked_ == *span)) {
                    spans.push_back(*span);
                }
            }
        }
    }
    for (TimelinePlottable* plottable : plottables_) {
        plottable->setHighlighted(spans);
    }
}

size_t TimelineView::drawnItems() const {
    size_t total = 0;
    for (const TimelinePlottable* plottable : plottables_) {
        total += plottable->drawnItems();
    }
    return total;
}

size_t TimelineView::drawnBoxes() const {
    size_t total = 0;
    for (const TimelinePlottable* plottable : plottables_) {
        total += plottable->drawnBoxes();
    }
    return total;
}

}  // namespace costscope
