// SweepView: draws SweepSeries in two axis rects of one plot, so both panels export together.
#include "app/sweeps/SweepView.h"

#include <qcustomplot.h>
#include <QComboBox>
#include <QLabel>
#include <QToolBar>
#include <algorithm>
#include <cmath>
#include <optional>
#include <tuple>
#include <utility>

#include "app/charts/ChartStyle.h"
#include "app/charts/InsetLegend.h"
#include "app/charts/LogTicker.h"
#include "app/charts/PointStyle.h"
#include "app/core/Format.h"
#include "app/core/VariantSelection.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

constexpr double kHitPixels = 10;
// Where the axes of a panel out of the layout wait, not drawn.
const QString kHiddenLayer = QStringLiteral("hidden");

QString percentOf(double fraction) {
    return QString::fromStdString(percentText(fraction));
}

QString html(const std::string& text) {
    return QString::fromStdString(text).toHtmlEscaped();
}

QCPScatterStyle::ScatterShape shapeFor(int index) {
    static const QCPScatterStyle::ScatterShape shapes[] = {
        QCPScatterStyle::ssCircle,           QCPScatterStyle::ssSquare,
        QCPScatterStyle::ssTriangle,         QCPScatterStyle::ssDiamond,
        QCPScatterStyle::ssTriangleInverted, QCPScatterStyle::ssCrossCircle};
    return shapes[size_t(index) % std::size(shapes)];
}

// A curve's identity for its colour: its label, and its workload where it has one, so that a
// curve keeps its colour whichever workload the panel shows.
QString keyOf(const SparsityCurve& curve) {
    return curve.label + u' ' + curve.workload;
}
QString keyOf(const PrecisionCurve& curve) {
    return curve.label;
}

template <class Curves>
std::vector<QString> labelsOf(const Curves& curves) {
    std::vector<QString> labels;
    for (const auto& curve : curves) {
        labels.push_back(keyOf(curve));
    }
    return labels;
}

// Which colour and marker a series gets: its place among the candidate's series (`own`), so a
// baseline series shares the colour of the candidate's series of the same name; a series only
// the baseline has comes after the candidate's.
size_t seriesIndex(const std::vector<QString>& own, const std::vector<QString>& labels,
                   const QString& label) {
    if (auto at = std::find(own.begin(), own.end(), label); at != own.end()) {
        return size_t(at - own.begin());
    }
    size_t extra = own.size();
    for (const QString& other : labels) {
        if (other == label) {
            break;
        }
        extra += std::find(own.begin(), own.end(), other) == own.end() ? 1 : 0;
    }
    return extra;
}

// The speedup axis is logarithmic, so 0.5× and 2× sit as far from 1× as each other.
void setSpeedupAxis(QCPAxis* axis, const QString& label) {
    axis->setScaleType(QCPAxis::stLogarithmic);
    axis->setTicker(QSharedPointer<LogTicker>::create());
    axis->setNumberFormat(u"gb"_s);
    axis->setNumberPrecision(4);
    axis->setLabel(label);
}

}  // namespace

const QString SweepView::kEveryWorkload = u"every workload"_s;

SweepView::SweepView(VariantSelection* selection, QWidget* parent)
    : ChartView(u"Sweeps"_s, selection, parent),
      precisionLegend_(new QCPLegend),
      workloadBox_(new QComboBox(this)),
      panels_(new QCPLayoutGrid),
      lower_(new QCPLayoutGrid),
      accuracyLegend_(new QCPLegend) {
    workloadBox_->setObjectName(u"pruningWorkload"_s);
    workloadBox_->setToolTip(
        u"Whose pruning the speedup panel shows: one GEMM shape or one batch of the model at a "
        "time, so that each curve's verdict has room; the model's batches add its accuracy "
        "panel."_s);
    workloadBox_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    toolBar()->addWidget(new QLabel(u" Pruning of: "_s, this));
    toolBar()->addWidget(workloadBox_);
    connect(workloadBox_, &QComboBox::activated, this,
            [this](int index) { setPruningWorkload(workloadBox_->itemText(index)); });

    QCustomPlot* chart = plot();
    chart->addLayer(kHiddenLayer);
    chart->layer(kHiddenLayer)->setVisible(false);
    sparsityRect_ = chart->axisRect();
    // [title | title] over [sparsity | precision]; while the model's pruning is shown,
    // [sparsity | accuracy] side by side, the same fractions at the same places, and the
    // precision panel below them, across. A note row is added at the bottom when needed.
    QCPLayoutGrid* panels = panels_;
    chart->plotLayout()->take(sparsityRect_);
    chart->plotLayout()->simplify();
    chart->plotLayout()->addElement(0, 0, panels);
    QFont titleFont = font();
    titleFont.setBold(true);
    panels->addElement(
        0, 0,
        new QCPTextElement(chart, u"Speedup vs weights removed: pruned over dense FP32, per kind"_s,
                           titleFont));
    precisionTitle_ =
        new QCPTextElement(chart, u"Speedup vs precision: dense variants over FP32"_s, titleFont);
    panels->addElement(0, 1, precisionTitle_);
    panels->addElement(1, 0, sparsityRect_);
    precisionRect_ = new QCPAxisRect(chart);
    panels->addElement(1, 1, precisionRect_);
    panels->setRowStretchFactor(0, 0.001);

    sparsityRect_->axis(QCPAxis::atBottom)
        ->setLabel(u"weights removed (%: zeroed, or gone with whole neurons/features)"_s);
    setSpeedupAxis(sparsityRect_->axis(QCPAxis::atLeft),
                   u"speedup over the best dense FP32 (×, median / median)"_s);
    precisionRect_->axis(QCPAxis::atBottom)->setLabel(u"precision"_s);
    precisionRect_->axis(QCPAxis::atBottom)->grid()->setVisible(false);
    precisionRect_->axis(QCPAxis::atBottom)->setSubTicks(false);
    setSpeedupAxis(precisionRect_->axis(QCPAxis::atLeft),
                   u"speedup over FP32 (×, median / median)"_s);

    // A legend inside each panel, in the corner its curves leave free.
    precisionRect_->insetLayout()->addElement(precisionLegend_, Qt::AlignTop | Qt::AlignRight);
    precisionLegend_->setLayer(u"legend"_s);
    new InsetLegend(sparsityRect_, chart->legend);
    new InsetLegend(precisionRect_, precisionLegend_);

    // The accuracy panel joins the layout in rebuild() when there is data.
    accuracyTitle_ = new QCPTextElement(
        chart, u"Accuracy vs weights removed: the mlp's pruned models, per kind"_s, titleFont);
    accuracyRect_ = new QCPAxisRect(chart);
    accuracyRect_->axis(QCPAxis::atBottom)
        ->setLabel(u"weights removed (% of the teacher's: zeroed, or gone with whole neurons)"_s);
    accuracyRect_->axis(QCPAxis::atLeft)->setLabel(u"test accuracy (%, all 10,000 images)"_s);
    accuracyRect_->insetLayout()->addElement(accuracyLegend_, Qt::AlignBottom | Qt::AlignLeft);
    accuracyLegend_->setLayer(u"legend"_s);
    new InsetLegend(accuracyRect_, accuracyLegend_);
    arrangePanels(false);

    connect(selection, &VariantSelection::changed, this, [this](const QString& name) {
        highlight(name);
        plot()->replot();
    });
}

SweepView::~SweepView() {
    // Its items point at plottables that the plot deletes without telling this legend.
    precisionLegend_->clearItems();
    accuracyLegend_->clearItems();
    // Out of the layout, the plot's own teardown would reach them after their axes' layers are
    // gone: delete them while it is whole.
    for (QCPLayoutElement* element : {static_cast<QCPLayoutElement*>(accuracyTitle_),
                                      static_cast<QCPLayoutElement*>(accuracyRect_),
                                      static_cast<QCPLayoutElement*>(precisionTitle_),
                                      static_cast<QCPLayoutElement*>(precisionRect_)}) {
        if (element->layout() == nullptr) {
            delete element;
        }
    }
    if (lower_->layout() == nullptr) {
        delete lower_;
    }
}

void SweepView::setPruningWorkload(const QString& workload) {
    workloadPicked_ = true;
    if (workload != workload_) {
        workload_ = workload;
        rebuild();
    }
}

QCPAxisRect* SweepView::accuracyPanel() const {
    return accuracyRect_->layout() == panels_ ? accuracyRect_ : nullptr;
}

void SweepView::setPrecisionPanelShown(bool shown) {
    if (shown != precisionShown_) {
        precisionShown_ = shown;
        rebuild();
    }
}

void SweepView::arrangePanels(bool accuracy) {
    const bool show = accuracy;
    QCustomPlot* chart = plot();
    QCPLayoutGrid* main = chart->plotLayout();
    // Out of every place first, then in: [sparsity | accuracy] with the precision panel below,
    // across, or [sparsity | precision]; a report's parts may leave the precision panel out.
    for (QCPLayoutElement* element : {static_cast<QCPLayoutElement*>(accuracyTitle_),
                                      static_cast<QCPLayoutElement*>(accuracyRect_),
                                      static_cast<QCPLayoutElement*>(precisionTitle_),
                                      static_cast<QCPLayoutElement*>(precisionRect_)}) {
        if (QCPLayout* layout = element->layout()) {
            layout->take(element);
        }
    }
    if (lower_->layout() != nullptr) {
        main->take(lower_);
        main->simplify();
    }
    panels_->simplify();
    lower_->simplify();
    if (show) {
        panels_->addElement(0, 1, accuracyTitle_);
        panels_->addElement(1, 1, accuracyRect_);
    }
    if (precisionShown_) {
        QCPLayoutGrid* grid = show ? lower_ : panels_;
        const int column = show ? 0 : 1;
        grid->addElement(0, column, precisionTitle_);
        grid->addElement(1, column, precisionRect_);
    }
    panels_->setRowStretchFactor(0, 0.001);
    if (show && precisionShown_) {
        lower_->setRowStretchFactor(0, 0.001);
        main->addElement(main->rowCount(), 0, lower_);
        main->setRowStretchFactor(0, 1.4);
        main->setRowStretchFactor(1, 1.0);
    }
    accuracyTitle_->setVisible(show);
    precisionTitle_->setVisible(precisionShown_);
    // An axis rect out of the layout keeps its axes and grids, which draw on their own layers at
    // the rect's last place: park them on a hidden layer.
    for (const auto& [rect, shown] :
         {std::pair{accuracyRect_, show}, std::pair{precisionRect_, precisionShown_}}) {
        rect->setVisible(shown);
        for (QCPAxis* axis : rect->axes()) {
            axis->setLayer(shown ? u"axes"_s : kHiddenLayer);
            axis->grid()->setLayer(shown ? u"grid"_s : kHiddenLayer);
        }
    }
}

void SweepView::rebuild() {
    QCustomPlot* chart = plot();
    // Plottables leave only the main legend when removed: empty the others first.
    precisionLegend_->clearItems();
    accuracyLegend_->clearItems();
    chart->clearPlottables();
    chart->clearItems();
    hits_.clear();
    selectionMarks_.clear();
    if (note_ != nullptr) {
        chart->plotLayout()->remove(note_);
        chart->plotLayout()->simplify();
        note_ = nullptr;
    }
    series_.reset();

    const ViewInput& in = input();
    if (!in.run) {
        setMessage(u"Open a recording to see its sparsity and precision sweeps."_s);
        return;
    }
    series_.emplace(*in.run);
    std::optional<SweepSeries> baseline;
    if (in.baseline) {
        baseline.emplace(*in.baseline);
    }
    if (series_->sparsityCurves().empty() && series_->precisionCurves().empty() &&
        series_->accuracyCurves().empty()) {
        QString sentence =
            u"This run has no pruned series and no dense variants in several precisions "
            u"with a dense FP32 reference of the same device and workload, so there is no sweep "
            u"to draw."_s;
        for (const QString& note : series_->notes()) {
            sentence += u"\n"_s + note;
        }
        setMessage(sentence);
        series_.reset();
        arrangePanels(false);
        chart->replot();
        return;
    }
    setMessage({});
    const QStringList workloads = series_->pruningWorkloads();
    if (!workloadPicked_ || (workload_ != kEveryWorkload && !workloads.contains(workload_))) {
        workload_ = workloads.isEmpty() ? QString() : workloads.front();
        for (const QString& workload : workloads) {
            if (workload.startsWith(u"mlp b"_s) && !series_->accuracyCurves().empty()) {
                workload_ = workload;  // the last one: the largest batch, in recorded order
            }
        }
    }
    workloadBox_->clear();
    workloadBox_->addItems(workloads);
    if (workloads.size() > 1) {
        workloadBox_->addItem(kEveryWorkload);
    }
    workloadBox_->setCurrentText(workload_);
    workloadBox_->setEnabled(workloads.size() > 1);
    // Accuracy beside the model's speed: with its batches, or every workload.
    arrangePanels(!series_->accuracyCurves().empty() &&
                  (workload_ == kEveryWorkload || workload_.startsWith(u"mlp b"_s)));

    sparsityMin_ = 1;
    sparsityMax_ = 0;
    sparsitySpeedupMin_ = sparsitySpeedupMax_ = 1;
    precisionSpeedupMin_ = precisionSpeedupMax_ = 1;
    // The precision axis holds the precisions of both runs.
    categories_ = series_->precisions();
    if (baseline) {
        for (const std::string& precision : baseline->precisions()) {
            if (std::find(categories_.begin(), categories_.end(), precision) == categories_.end()) {
                categories_.push_back(precision);
            }
        }
    }
    std::stable_sort(categories_.begin(), categories_.end(), [](const auto& a, const auto& b) {
        return std::make_tuple(SweepSeries::precisionRank(a), a) <
               std::make_tuple(SweepSeries::precisionRank(b), b);
    });
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (size_t i = 0; i < categories_.size(); ++i) {
        ticker->addTick(double(i), QString::fromStdString(categories_[i]).toUpper());
    }
    precisionRect_->axis(QCPAxis::atBottom)->setTicker(ticker);

    // The baseline first, so the candidate draws over it.
    if (baseline) {
        drawSparsity(*baseline, true);
        if (precisionShown_) {
            drawPrecision(*baseline, true);
        }
    }
    drawSparsity(*series_, false);
    if (precisionShown_) {
        drawPrecision(*series_, false);
    }
    if (accuracyPanel() != nullptr) {
        drawAccuracy(*series_);
    }
    if (series_->sparsityCurves().empty()) {
        drawEmpty(sparsityRect_,
                  u"No pruned series with a dense FP32 variant\n"
                  u"of the same device and workload in this run."_s);
    }
    if (series_->precisionCurves().empty() && precisionShown_) {
        drawEmpty(precisionRect_,
                  u"No dense variant in a precision other than FP32\n"
                  u"with an FP32 reference in this run."_s);
    }
    drawParity(sparsityRect_);
    if (precisionShown_) {
        drawParity(precisionRect_);
    }
    drawNote();
    highlight(selection()->current());
    applyRanges();
    chart->replot();
}

void SweepView::drawSparsity(const SweepSeries& series, bool baseline) {
    QCustomPlot* chart = plot();
    QCPAxis* x = sparsityRect_->axis(QCPAxis::atBottom);
    QCPAxis* y = sparsityRect_->axis(QCPAxis::atLeft);
    bool baselineListed = false;
    const auto shown = [this](const SparsityCurve& curve) {
        return workload_ == kEveryWorkload || curve.workload == workload_;
    };
    // Every sparsity some series measured: a series that skipped one is not drawn through it.
    std::vector<double> measured;
    for (const SparsityCurve& curve : series.sparsityCurves()) {
        if (!shown(curve)) {
            continue;
        }
        for (const SweepPoint& point : curve.points) {
            measured.push_back(point.x);
        }
    }
    std::sort(measured.begin(), measured.end());
    // Colours by place among the curves shown, so that one workload's few curves take the
    // palette's first, most distinct colours.
    const auto shownKeys = [&](const SweepSeries& of) {
        std::vector<QString> keys;
        for (const SparsityCurve& curve : of.sparsityCurves()) {
            if (shown(curve)) {
                keys.push_back(keyOf(curve));
            }
        }
        return keys;
    };
    const std::vector<QString> labels = shownKeys(series);
    const std::vector<QString> own = shownKeys(*series_);
    for (const SparsityCurve& curve : series.sparsityCurves()) {
        if (!shown(curve)) {
            continue;
        }
        const QString label =
            workload_ == kEveryWorkload ? curve.label + u' ' + curve.workload : curve.label;
        const size_t index = seriesIndex(own, labels, keyOf(curve));
        const QColor color = baseline ? baselineColor(seriesColor(index)) : seriesColor(index);
        QCPGraph* graph = chart->addGraph(x, y);
        graph->setSelectable(QCP::stNone);  // the selection is drawn by highlight()
        graph->setPen(QPen(color, 2, baseline ? Qt::DashLine : Qt::SolidLine));
        // The marker says the pruning kind, as on the trade-off map.
        graph->setScatterStyle(pointStyle(curve.kind, color, 8));
        const QString verdict = QString::fromStdString(curve.breakEven.describe());
        if (baseline) {
            graph->setName(u"baseline run (faded)"_s);
            if (baselineListed) {
                graph->removeFromLegend();
            }
            baselineListed = true;
        } else {
            // The verdict in brief, on the same line: a legend a line per curve leaves the
            // panel's data in view (the tooltips say it in full).
            // Where several backends ran the same pruning, the one that pays first is named:
            // its break-even is the one a user could get.
            graph->setName(label + u": "_s + QString::fromStdString(curve.breakEven.brief()) +
                           (curve.best && curve.contenders > 1
                                ? u" · best of "_s + QString::number(curve.contenders)
                                : QString()));
        }
        const QString who = u"<b>"_s + label.toHtmlEscaped() + u"</b>"_s +
                            (baseline ? u" (baseline run)"_s : QString());
        std::optional<double> previous;
        for (const SweepPoint& point : curve.points) {
            const bool skipped =
                previous && std::any_of(measured.begin(), measured.end(), [&](double at) {
                    return at > *previous + 1e-9 && at < point.x - 1e-9;
                });
            if (skipped) {
                // QCustomPlot breaks a line at NaN.
                graph->addData((*previous + point.x) * 50.0, std::nan(""));
            }
            previous = point.x;
            graph->addData(point.x * 100.0, point.speedup);
            sparsityMin_ = std::min(sparsityMin_, point.x);
            sparsityMax_ = std::max(sparsityMax_, point.x);
            sparsitySpeedupMin_ = std::min(sparsitySpeedupMin_, point.speedup);
            sparsitySpeedupMax_ = std::max(sparsitySpeedupMax_, point.speedup);
            hits_.push_back(Hit{
                x, y, point.x * 100.0, point.speedup, point.variant,
                who + u"<br>"_s + html(point.variant) + u"<br>weights removed "_s +
                    percentOf(point.x) + u": "_s + formatDurationMs(point.medianMs) +
                    u"<br>dense FP32: "_s + formatDurationMs(curve.denseMs) + u" ("_s +
                    html(curve.denseVariant) + u")<br>speedup "_s + formatTimes(point.speedup)});
        }
        if (baseline || curve.breakEven.kind != BreakEven::Kind::Crossed) {
            continue;
        }
        // The marker only: the legend says where and between which measured sparsities.
        const double at = *curve.breakEven.estimate * 100.0;
        auto* marker = new QCPItemTracer(chart);
        marker->setObjectName(u"breakEven"_s);
        marker->setClipAxisRect(sparsityRect_);
        marker->position->setAxes(x, y);
        marker->position->setCoords(at, 1.0);
        marker->setStyle(QCPItemTracer::tsCircle);
        marker->setSize(11);
        marker->setPen(QPen(color.darker(140), 2));
        marker->setBrush(Qt::white);
        marker->setSelectable(false);
        const QString between =
            u"<br>measured: slower than dense at "_s + percentOf(*curve.breakEven.slowerUpTo) +
            u", faster at "_s + percentOf(*curve.breakEven.fasterFrom) +
            u"<br>the point between them is an estimate, on the drawn line (the speedup axis is "
            u"logarithmic)"_s;
        hits_.push_back(
            Hit{x,
                y,
                at,
                1.0,
                {},
                u"<b>"_s + label.toHtmlEscaped() + u": "_s + verdict + u"</b>"_s + between});
    }
}

void SweepView::drawPrecision(const SweepSeries& series, bool baseline) {
    QCustomPlot* chart = plot();
    QCPAxis* x = precisionRect_->axis(QCPAxis::atBottom);
    QCPAxis* y = precisionRect_->axis(QCPAxis::atLeft);
    bool baselineListed = false;
    const std::vector<QString> labels = labelsOf(series.precisionCurves());
    const std::vector<QString> own = labelsOf(series_->precisionCurves());
    for (const PrecisionCurve& curve : series.precisionCurves()) {
        const size_t index = seriesIndex(own, labels, curve.label);
        const QColor color = baseline ? baselineColor(seriesColor(index)) : seriesColor(index);
        QCPGraph* graph = chart->addGraph(x, y);
        graph->setSelectable(QCP::stNone);
        graph->setPen(QPen(color, 2, baseline ? Qt::DashLine : Qt::SolidLine));
        graph->setScatterStyle(QCPScatterStyle(shapeFor(int(index)), color, Qt::white, 8));
        graph->removeFromLegend();
        if (!baseline || !baselineListed) {
            graph->setName(baseline ? u"baseline run (faded)"_s : curve.label);
            graph->addToLegend(precisionLegend_);
            baselineListed = baselineListed || baseline;
        }
        const QString who = u"<b>"_s + curve.label.toHtmlEscaped() + u"</b>"_s +
                            (baseline ? u" (baseline run)"_s : QString());
        std::optional<double> previous;
        for (const SweepPoint& point : curve.points) {
            const double key =
                double(std::find(categories_.begin(), categories_.end(), point.precision) -
                       categories_.begin());
            if (previous && key - *previous > 1.5) {
                // A precision between the two that this series did not measure: no line across.
                graph->addData(*previous + 0.5, std::nan(""));
            }
            previous = key;
            graph->addData(key, point.speedup);
            precisionSpeedupMin_ = std::min(precisionSpeedupMin_, point.speedup);
            precisionSpeedupMax_ = std::max(precisionSpeedupMax_, point.speedup);
            hits_.push_back(Hit{x, y, key, point.speedup, point.variant,
                                who + u"<br>"_s + html(point.variant) + u"<br>"_s +
                                    QString::fromStdString(point.precision).toUpper() + u": "_s +
                                    formatDurationMs(point.medianMs) + u"<br>FP32: "_s +
                                    formatDurationMs(curve.referenceMs) + u" ("_s +
                                    html(curve.referenceVariant) + u")<br>speedup "_s +
                                    formatTimes(point.speedup)});
        }
    }
}

void SweepView::drawAccuracy(const SweepSeries& series) {
    QCustomPlot* chart = plot();
    QCPAxis* x = accuracyRect_->axis(QCPAxis::atBottom);
    QCPAxis* y = accuracyRect_->axis(QCPAxis::atLeft);
    accuracyMin_ = 1;
    accuracyMax_ = 0;
    // Colour by kind, line by fine-tuning: the two curves of a kind read as a pair.
    std::vector<CompressionKind> kinds;
    for (const AccuracyCurve& curve : series.accuracyCurves()) {
        if (std::find(kinds.begin(), kinds.end(), curve.kind) == kinds.end()) {
            kinds.push_back(curve.kind);
        }
    }
    for (const AccuracyCurve& curve : series.accuracyCurves()) {
        const auto index =
            size_t(std::find(kinds.begin(), kinds.end(), curve.kind) - kinds.begin());
        const QColor color = seriesColor(index);
        QCPGraph* graph = chart->addGraph(x, y);
        graph->setSelectable(QCP::stNone);
        // Dotted, not dashed: a dashed line is a baseline run's on every chart.
        graph->setPen(QPen(color, 2, curve.fineTuned ? Qt::SolidLine : Qt::DotLine));
        graph->setScatterStyle(pointStyle(curve.kind, color, 8));
        graph->setName(curve.label);
        graph->removeFromLegend();
        graph->addToLegend(accuracyLegend_);
        for (const AccuracyCurve::Point& point : curve.points) {
            graph->addData(point.x * 100.0, point.accuracy * 100.0);
            accuracyMin_ = std::min(accuracyMin_, point.accuracy);
            accuracyMax_ = std::max(accuracyMax_, point.accuracy);
            hits_.push_back(
                Hit{x, y, point.x * 100.0, point.accuracy * 100.0, point.variant,
                    u"<b>"_s + curve.label.toHtmlEscaped() + u"</b><br>"_s + html(point.model) +
                        u": "_s + QString::number(point.accuracy * 100.0, 'f', 2) +
                        u" % of the test set<br>weights removed "_s + percentOf(point.x) +
                        u"<br>measured through "_s + html(point.variant)});
        }
    }
}

void SweepView::drawParity(QCPAxisRect* rect) {
    auto* parity = new QCPItemStraightLine(plot());
    parity->setClipAxisRect(rect);
    for (QCPItemPosition* point : {parity->point1, parity->point2}) {
        point->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    }
    parity->point1->setCoords(0, 1);
    parity->point2->setCoords(1, 1);
    parity->setPen(QPen(QColor(90, 90, 90), 1.5, Qt::DashLine));
    parity->setSelectable(false);
}

void SweepView::drawEmpty(QCPAxisRect* rect, const QString& sentence) {
    auto* text = new QCPItemText(plot());
    text->setClipAxisRect(rect);
    text->position->setType(QCPItemPosition::ptAxisRectRatio);
    text->position->setAxisRect(rect);
    text->position->setCoords(0.5, 0.5);
    text->setText(sentence);
    text->setColor(QColor(90, 90, 90));
    text->setSelectable(false);
}

QStringList SweepView::notDrawn() const {
    return series_ ? series_->notes() : QStringList();
}

void SweepView::drawNote() {
    if (series_->notes().isEmpty() || forReport()) {
        return;
    }
    QCustomPlot* chart = plot();
    note_ = new QCPTextElement(chart, u"Not drawn: "_s + series_->notes().join(u"; "_s));
    QFont small = note_->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    note_->setFont(small);
    note_->setTextColor(QColor(90, 90, 90));
    const int row = chart->plotLayout()->rowCount();
    chart->plotLayout()->addElement(row, 0, note_);
    chart->plotLayout()->setRowStretchFactor(row, 0.001);
}

void SweepView::applyRanges() {
    if (!series_) {
        return;
    }
    double low = sparsityMin_ * 100.0;
    double high = sparsityMax_ * 100.0;
    if (low > high) {
        low = 0;
        high = 100;
    }
    const double margin = std::max(5.0, (high - low) * 0.06);
    sparsityRect_->axis(QCPAxis::atBottom)
        ->setRange(std::max(0.0, low - margin), std::min(100.0, high + margin));
    if (accuracyPanel() != nullptr) {
        // Side by side with the accuracy panel: the same fraction at the same place in both.
        sparsityRect_->axis(QCPAxis::atBottom)->setRange(-3, 100);
    }
    sparsityRect_->axis(QCPAxis::atLeft)
        ->setRange(sparsitySpeedupMin_ / 1.3, sparsitySpeedupMax_ * 1.3 * legendRoom());
    precisionRect_->axis(QCPAxis::atBottom)
        ->setRange(-0.5, double(std::max<size_t>(categories_.size(), 1)) - 0.5);
    precisionRect_->axis(QCPAxis::atLeft)
        ->setRange(precisionSpeedupMin_ / 1.3, precisionSpeedupMax_ * 1.3);
    if (accuracyMin_ <= accuracyMax_) {
        accuracyRect_->axis(QCPAxis::atBottom)->setRange(-3, 100);
        const double pad = std::max(0.01, (accuracyMax_ - accuracyMin_) * 0.08);
        accuracyRect_->axis(QCPAxis::atLeft)
            ->setRange((accuracyMin_ - pad) * 100.0, std::min(1.0, accuracyMax_ + pad) * 100.0);
    }
}

double SweepView::legendRoom() const {
    // A legend line per curve over the top of the panel, where the fastest points are: room
    // above them that grows with the lines (on the log axis, 2x per four curves), so the corner
    // the legend takes leaves them in view.
    int curves = 0;
    for (int i = 0; i < plot()->graphCount(); ++i) {
        const QCPGraph* graph = plot()->graph(i);
        curves +=
            graph->keyAxis()->axisRect() == sparsityRect_ && graph->pen().style() != Qt::DashLine
                ? 1
                : 0;
    }
    return std::pow(2.0, curves / 4.0);
}

void SweepView::resetZoom() {
    applyRanges();
    plot()->replot();
}

void SweepView::highlight(const QString& variant) {
    QCustomPlot* chart = plot();
    for (QCPItemTracer* mark : selectionMarks_) {
        chart->removeItem(mark);
    }
    selectionMarks_.clear();
    if (variant.isEmpty()) {
        return;
    }
    for (const Hit& hit : hits_) {
        if (hit.variant.empty() || QString::fromStdString(hit.variant) != variant) {
            continue;
        }
        auto* mark = new QCPItemTracer(chart);
        mark->setObjectName(u"selection"_s);
        mark->setClipAxisRect(hit.x->axisRect());
        mark->position->setAxes(hit.x, hit.y);
        mark->position->setCoords(hit.key, hit.value);
        mark->setStyle(QCPItemTracer::tsCircle);
        mark->setSize(18);
        mark->setPen(QPen(QColor(20, 20, 20), 2));
        mark->setSelectable(false);
        selectionMarks_.push_back(mark);
    }
}

const SweepView::Hit* SweepView::hitAt(const QPoint& position, bool pointsOnly) const {
    const Hit* nearest = nullptr;
    double best = kHitPixels;
    for (const Hit& hit : hits_) {
        if ((pointsOnly && hit.variant.empty()) || !hit.x->axisRect()->rect().contains(position)) {
            continue;
        }
        const double dx = hit.x->coordToPixel(hit.key) - position.x();
        const double dy = hit.y->coordToPixel(hit.value) - position.y();
        const double distance = std::hypot(dx, dy);
        if (distance <= best) {
            best = distance;
            nearest = &hit;
        }
    }
    return nearest;
}

QString SweepView::variantAt(const QPoint& position) const {
    const Hit* hit = hitAt(position, true);
    return hit == nullptr ? QString() : QString::fromStdString(hit->variant);
}

QString SweepView::toolTipAt(const QPoint& position) const {
    const Hit* hit = hitAt(position, false);
    return hit == nullptr ? QString() : hit->text;
}

}  // namespace costscope
