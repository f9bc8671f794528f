// CompareView: draws CompareSeries as horizontal bars, one row per variant, so the labels stay
// readable with dozens of variants.
#include "app/compare/CompareView.h"

#include <qcustomplot.h>
#include <QAction>
#include <QComboBox>
#include <QPainter>
#include <QPixmap>
#include <QToolBar>
#include <algorithm>
#include <cmath>
#include <set>

#include "app/charts/ChartStyle.h"
#include "app/charts/InsetLegend.h"
#include "app/charts/LogTicker.h"
#include "app/core/FleetRuns.h"
#include "app/core/VariantSelection.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

// The four kinds of bar a row can hold, top to bottom.
enum Role { CandidateHost = 0, BaselineHost = 1, CandidateDevice = 2, BaselineDevice = 3 };

constexpr double kRowHeight = 0.8;  // of the 1.0 between rows
constexpr int kNoteLines = 4;
constexpr int kNoteLineChars = 140;

// Device-side bars are hatched over a lighter fill, so they read as "part of" the solid bar.
QBrush hatchBrush(const QColor& color) {
    QPixmap tile(8, 8);
    QColor fill = color.lighter(170);
    fill.setAlpha(color.alpha());
    tile.fill(fill);
    QPainter painter(&tile);
    painter.setPen(QPen(color, 1.5));
    painter.drawLine(0, 8, 8, 0);
    painter.drawLine(-4, 4, 4, -4);
    painter.drawLine(4, 12, 12, 4);
    return QBrush(tile);
}

QString deviceName(const std::string& device) {
    return QString::fromStdString(device).toUpper();
}

QString unitOf(CompareMetric metric, const QString& currency) {
    switch (metric) {
        case CompareMetric::Energy:
            return u" J"_s;
        case CompareMetric::Money:
            return u' ' + currency + u" per 1M calls"_s;
        case CompareMetric::Latency:
            return u" ms"_s;
        case CompareMetric::Gflops:
            return u" GFLOP/s"_s;
        case CompareMetric::WeightMiB:
        case CompareMetric::PeakMemory:
            return u" MiB"_s;
        case CompareMetric::Speedup:
            return u"×"_s;
        case CompareMetric::Count:
            break;
    }
    return {};
}

QString format(double value) {
    return QString::number(value, 'g', value >= 1000 ? 6 : 4);
}

QString describe(const CompareValue& value, CompareMetric metric, const QString& currency) {
    QString text = format(value.value) + unitOf(metric, currency);
    if (value.low.has_value() && value.high.has_value()) {
        text += u" (p5–p95: "_s + format(*value.low) + u" – "_s + format(*value.high) + u')';
    }
    return text;
}

QString elided(const QString& line) {
    return line.size() <= kNoteLineChars ? line : line.left(kNoteLineChars - 1) + u'…';
}

}  // namespace

CompareView::CompareView(VariantSelection* selection, QWidget* parent)
    : ChartView(u"Compare"_s, selection, parent),
      metricBox_(new QComboBox(this)),
      referenceBox_(new QComboBox(this)) {
    metricBox_->setObjectName(u"compareMetric"_s);
    metricBox_->setToolTip(u"What the bars measure"_s);
    for (int m = 0; m < int(CompareMetric::Count); ++m) {
        metricBox_->addItem(CompareSeries::metricName(CompareMetric(m)), m);
    }
    referenceBox_->setObjectName(u"compareReference"_s);
    referenceBox_->setToolTip(u"The variant the speedup divides by"_s);
    // Variant names are long; the box shows the start and lists them whole.
    referenceBox_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    referenceBox_->setMinimumContentsLength(30);

    toolBar()->addWidget(metricBox_);
    referenceAction_ = toolBar()->addWidget(referenceBox_);
    referenceAction_->setVisible(false);
    logAction_ = toolBar()->addAction(u"Log scale"_s);
    logAction_->setCheckable(true);
    // CPU and GPU latencies differ by 10-100×: on a linear axis the GPU bars vanish.
    logAction_->setChecked(true);

    connect(metricBox_, &QComboBox::currentIndexChanged, this, [this] { rebuild(); });
    connect(referenceBox_, &QComboBox::currentIndexChanged, this, [this] { rebuild(); });
    connect(logAction_, &QAction::toggled, this, [this] { rebuild(); });

    QCustomPlot* chart = plot();
    // The legend inside the bars' rect, in the corner where it hides the fewest bars.
    new InsetLegend(chart->axisRect(), chart->legend);
    chart->yAxis->setRangeReversed(true);  // the first workload on top
    chart->yAxis->grid()->setVisible(false);
    chart->yAxis->setSubTicks(false);
    chart->yAxis->setTickLength(0, 3);
    chart->yAxis->setLabel(u"variant (precision or sparsity, backend, device)"_s);

    connect(selection, &VariantSelection::changed, this, [this](const QString& name) {
        highlight(name);
        plot()->replot();
    });
}

CompareView::~CompareView() = default;

CompareMetric CompareView::metric() const {
    return CompareMetric(metricBox_->currentData().toInt());
}

void CompareView::setMetric(CompareMetric metric) {
    metricBox_->setCurrentIndex(metricBox_->findData(int(metric)));
}

std::string CompareView::reference() const {
    return referenceBox_->currentData().toString().toStdString();
}

void CompareView::setReference(const std::string& variant) {
    const int index = referenceBox_->findData(QString::fromStdString(variant));
    referenceBox_->setCurrentIndex(std::max(index, 0));
}

void CompareView::fillReferences() {
    const QString chosen = referenceBox_->currentData().toString();
    const QSignalBlocker blocker(referenceBox_);
    referenceBox_->clear();
    referenceBox_->addItem(u"fastest dense FP32 of each workload on its device"_s, QString());
    for (const VariantSummaryRow& variant : input().run->variants) {
        if (variant.status == VariantStatus::Ok && variant.medianMs.has_value()) {
            const QString name = QString::fromStdString(variant.name);
            referenceBox_->addItem(name, name);
        }
    }
    referenceBox_->setCurrentIndex(std::max(referenceBox_->findData(chosen), 0));
}

void CompareView::rebuild() {
    QCustomPlot* chart = plot();
    chart->clearPlottables();
    chart->clearItems();
    selectionRect_ = nullptr;
    bars_.clear();
    machineBars_.clear();
    rows_.clear();
    if (note_ != nullptr) {
        chart->plotLayout()->remove(note_);
        chart->plotLayout()->simplify();
        note_ = nullptr;
    }
    series_.reset();
    referenceAction_->setVisible(metric() == CompareMetric::Speedup);

    const ViewInput& in = input();
    if (!in.run) {
        setMessage(u"Open a recording to compare its variants."_s);
        return;
    }
    fillReferences();
    if (in.machines.empty()) {
        series_.emplace(*in.run, in.baseline.get(), metric(), reference());
    } else {
        std::vector<QString> names;
        for (const FleetRun& run : fleetRunsOf(in.machines)) {
            names.push_back(QString::fromStdString(run.machine));
        }
        series_.emplace(in.machines, std::move(names), metric(), reference());
    }
    if (!groups_.isEmpty()) {
        series_->keepGroups(groups_);
    }
    if (series_->barCount() == 0) {
        QString why = metric() == CompareMetric::Speedup
                          ? u" has no dense FP32 variant to compute a speedup over"_s
                          : u" has no "_s + CompareSeries::metricName(metric()).toLower() +
                                u" figure for any variant"_s;
        // Energy and money are missing for one reason in a whole run (no counter, no prices).
        if (!series_->firstNotMeasured().isEmpty()) {
            why += u" ("_s + series_->firstNotMeasured() + u')';
        }
        setMessage((in.machines.empty() ? u"This run"_s : u"None of these runs"_s) + why +
                   u": pick another metric."_s);
        series_.reset();
        chart->replot();
        return;
    }
    setMessage({});
    drawBars();
    drawNote();
    highlight(selection()->current());
    applyRanges();
    chart->replot();
}

QCPBars* CompareView::barsFor(int role, const std::string& device, double width) {
    const auto key = std::make_tuple(role, device, width);
    if (auto found = bars_.find(key); found != bars_.end()) {
        return found->second;
    }
    QCustomPlot* chart = plot();
    auto* bars = new QCPBars(chart->yAxis, chart->xAxis);
    bars->setWidth(width);
    bars->setSelectable(QCP::stNone);  // the selection is drawn by highlight()
    const QColor color = deviceColor(device);
    const bool baseline = role == BaselineHost || role == BaselineDevice;
    const QColor shown = baseline ? baselineColor(color) : color;
    bars->setPen(QPen(baseline ? baselineColor(color.darker(130)) : color.darker(130)));
    bars->setBrush(role == CandidateDevice || role == BaselineDevice ? hatchBrush(shown)
                                                                     : QBrush(shown));
    const CompareMetric shownMetric = series_->metric();
    QString name = deviceName(device);
    if ((device != "cpu" || CompareSeries::secondBarOnEveryDevice(shownMetric)) &&
        series_->hasDeviceValues()) {
        name += u' ' + (role == CandidateDevice || role == BaselineDevice
                            ? CompareSeries::devicePartName(shownMetric)
                            : CompareSeries::hostPartName(shownMetric));
    }
    if (baseline) {
        name = u"baseline run: "_s + name;
    }
    bars->setName(name);
    // One legend entry per kind of bar, however many widths it comes in.
    bool listed = false;
    for (const auto& [other, plottable] : bars_) {
        listed = listed || (std::get<0>(other) == role && std::get<1>(other) == device);
    }
    if (listed) {
        bars->removeFromLegend();
    }
    bars_.emplace(key, bars);
    return bars;
}

QCPBars* CompareView::machineBarsFor(size_t machine, bool device, double width) {
    const auto key = std::make_tuple(machine, device, width);
    if (auto found = machineBars_.find(key); found != machineBars_.end()) {
        return found->second;
    }
    QCustomPlot* chart = plot();
    auto* bars = new QCPBars(chart->yAxis, chart->xAxis);
    bars->setWidth(width);
    bars->setSelectable(QCP::stNone);
    const QColor color = machineColor(machine);
    bars->setPen(QPen(color.darker(130)));
    bars->setBrush(device ? hatchBrush(color) : QBrush(color));
    const CompareMetric shownMetric = series_->metric();
    QString name = series_->machines()[machine];
    if (series_->hasDeviceValues()) {
        name += u" · "_s + (device ? CompareSeries::devicePartName(shownMetric)
                                   : CompareSeries::hostPartName(shownMetric));
    }
    bars->setName(name);
    bool listed = false;
    for (const auto& [other, plottable] : machineBars_) {
        listed = listed || (std::get<0>(other) == machine && std::get<1>(other) == device);
    }
    if (listed) {
        bars->removeFromLegend();
    }
    machineBars_.emplace(key, bars);
    return bars;
}

void CompareView::drawBars() {
    QCustomPlot* chart = plot();
    const CompareMetric shownMetric = series_->metric();
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    struct Column {
        QVector<double> keys, values, minus, plus;
        bool spread = false;
    };
    std::map<QCPBars*, Column> columns;
    valueMin_ = std::numeric_limits<double>::max();
    valueMax_ = 0;
    auto extend = [this](double value) {
        if (value > 0) {
            valueMin_ = std::min(valueMin_, value);
            valueMax_ = std::max(valueMax_, value);
        }
    };

    double key = 0;
    const std::vector<CompareGroup>& groups = series_->groups();
    for (int g = 0; g < int(groups.size()); ++g) {
        const CompareGroup& group = groups[size_t(g)];
        if (group.bars.empty()) {
            continue;  // its variants are listed in the note
        }
        // The workload's title in a band across the chart.
        rows_.push_back(Row{key, g, -1});
        auto* band = new QCPItemRect(chart);
        band->setSelectable(false);
        band->topLeft->setTypeX(QCPItemPosition::ptAxisRectRatio);
        band->bottomRight->setTypeX(QCPItemPosition::ptAxisRectRatio);
        band->topLeft->setCoords(0, key - 0.5);
        band->bottomRight->setCoords(1, key + 0.5);
        band->setPen(Qt::NoPen);
        band->setBrush(QColor(0, 0, 0, 14));
        auto* title = new QCPItemText(chart);
        title->setSelectable(false);
        title->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
        title->position->setCoords(0.005, key);
        title->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        QFont bold = title->font();
        bold.setBold(true);
        title->setFont(bold);
        QString text = group.title;
        if (!group.missing.empty()) {
            text += u"   ("_s + QString::number(group.missing.size()) +
                    (forReport() ? u" not drawn: listed below the chart)"_s
                                 : u" not drawn: hover here for why)"_s);
        }
        title->setText(text);
        ticker->addTick(key, QString());
        key += 1;

        for (int b = 0; b < int(group.bars.size()); ++b) {
            const CompareBar& bar = group.bars[size_t(b)];
            rows_.push_back(Row{key, g, b});
            ticker->addTick(key, bar.isReference ? bar.label + u" (reference)"_s : bar.label);
            // The row's bars top to bottom: a role of the run or its baseline, or a machine's
            // host or device part (machine >= 0).
            struct Part {
                int role;
                int machine;
                const CompareValue* figure;
            };
            std::vector<Part> parts;
            const std::optional<CompareValue>* figures[] = {
                &bar.value, &bar.baselineValue, &bar.deviceValue, &bar.baselineDeviceValue};
            for (int role = 0; role < 4; ++role) {
                if (figures[role]->has_value()) {
                    parts.push_back({role, -1, &**figures[role]});
                }
            }
            for (size_t m = 0; m < bar.machines.size(); ++m) {
                if (bar.machines[m].value.has_value()) {
                    parts.push_back({CandidateHost, int(m), &*bar.machines[m].value});
                }
                if (bar.machines[m].deviceValue.has_value()) {
                    parts.push_back({CandidateDevice, int(m), &*bar.machines[m].deviceValue});
                }
            }
            const double width = kRowHeight / double(parts.size());
            for (size_t i = 0; i < parts.size(); ++i) {
                const auto [role, machine, figure] = parts[i];
                Column& column =
                    columns[machine >= 0
                                ? machineBarsFor(size_t(machine), role == CandidateDevice, width)
                                : barsFor(role, bar.device, width)];
                column.keys.push_back(key - kRowHeight / 2 + (double(i) + 0.5) * width);
                column.values.push_back(figure->value);
                const bool spread = (role == CandidateHost || role == CandidateDevice) &&
                                    figure->low.has_value() && figure->high.has_value();
                column.minus.push_back(spread ? std::max(0.0, figure->value - *figure->low) : 0);
                column.plus.push_back(spread ? std::max(0.0, *figure->high - figure->value) : 0);
                column.spread = column.spread || spread;
                extend(figure->value);
                if (spread) {
                    extend(*figure->high);
                    extend(*figure->low);
                }
            }
            key += 1;
        }
        key += 0.5;  // a gap before the next workload
    }

    for (auto& [bars, column] : columns) {
        bars->setData(column.keys, column.values, true);
        if (column.spread) {
            auto* whiskers = new QCPErrorBars(chart->yAxis, chart->xAxis);
            whiskers->setDataPlottable(bars);
            whiskers->setErrorType(QCPErrorBars::etValueError);
            whiskers->setData(column.minus, column.plus);
            whiskers->setPen(QPen(QColor(40, 40, 40)));
            whiskers->setWhiskerWidth(4);
            whiskers->setSelectable(QCP::stNone);
            whiskers->removeFromLegend();
        }
    }

    chart->yAxis->setTicker(ticker);
    chart->xAxis->setLabel(CompareSeries::axisLabel(shownMetric, series_->currency()));
    if (logAction_->isChecked()) {
        chart->xAxis->setScaleType(QCPAxis::stLogarithmic);
        chart->xAxis->setTicker(QSharedPointer<LogTicker>::create());
    } else {
        chart->xAxis->setScaleType(QCPAxis::stLinear);
        chart->xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    }
    if (shownMetric == CompareMetric::Speedup) {
        extend(1.0);
        auto* parity = new QCPItemStraightLine(chart);
        parity->setSelectable(false);
        parity->point1->setCoords(1, 0);
        parity->point2->setCoords(1, 1);
        parity->setPen(QPen(QColor(90, 90, 90), 1.5, Qt::DashLine));
    }
}

QSize CompareView::reportSize(QSize standard) const {
    // About 17 px a row leaves the labels' 9-point text apart; past a page's height the rows
    // stay as close as they must (a report splits its charts before that: kReportRows).
    constexpr int kRowPixels = 17, kMargins = 90, kTallest = 780;
    const int rows = int(rows_.size());
    return {standard.width(),
            std::clamp(rows * kRowPixels + kMargins, standard.height(), kTallest)};
}

QStringList CompareView::notDrawn() const {
    QStringList lines;
    if (!series_) {
        return lines;
    }
    for (const CompareGroup& group : series_->groups()) {
        for (const CompareMissing& missing : group.missing) {
            lines << QString::fromStdString(missing.variant) + u" — "_s + missing.why;
        }
    }
    return lines;
}

void CompareView::drawNote() {
    if (forReport()) {
        return;  // a report lists them whole under the chart
    }
    // One line per reason: a run recorded without a GPU skips a dozen variants for one cause.
    std::vector<std::pair<QString, std::vector<std::string>>> reasons;
    for (const CompareGroup& group : series_->groups()) {
        for (const CompareMissing& missing : group.missing) {
            auto reason = std::find_if(reasons.begin(), reasons.end(),
                                       [&](const auto& r) { return r.first == missing.why; });
            if (reason == reasons.end()) {
                reasons.emplace_back(missing.why, std::vector<std::string>{});
                reason = std::prev(reasons.end());
            }
            reason->second.push_back(missing.variant);
        }
    }
    if (reasons.empty()) {
        return;
    }
    QStringList lines;
    for (const auto& [why, variants] : reasons) {
        if (lines.size() == kNoteLines) {
            lines << u"… and more: hover a workload’s title for the full list."_s;
            break;
        }
        QString who = QString::fromStdString(variants.front());
        if (variants.size() > 1) {
            who += u" and "_s + QString::number(variants.size() - 1) + u" more"_s;
        }
        lines << elided(who + u" — "_s + why);
    }
    QCustomPlot* chart = plot();
    note_ = new QCPTextElement(chart, u"Not drawn:\n"_s + lines.join(u'\n'));
    QFont font = note_->font();
    font.setPointSizeF(font.pointSizeF() * 0.85);
    note_->setFont(font);
    note_->setTextColor(QColor(90, 90, 90));
    note_->setTextFlags(Qt::AlignLeft | Qt::AlignVCenter);
    const int row = chart->plotLayout()->rowCount();
    chart->plotLayout()->addElement(row, 0, note_);
    chart->plotLayout()->setRowStretchFactor(row, 0.001);
}

void CompareView::applyRanges() {
    QCustomPlot* chart = plot();
    if (!rows_.empty()) {
        chart->yAxis->setRange(rows_.front().key - 0.7, rows_.back().key + 0.7);
    }
    if (valueMax_ <= 0) {
        return;
    }
    if (chart->xAxis->scaleType() == QCPAxis::stLogarithmic) {
        chart->xAxis->setRange(valueMin_ / 1.6, valueMax_ * 1.6);
    } else {
        chart->xAxis->setRange(0, valueMax_ * 1.08);
    }
}

void CompareView::resetZoom() {
    applyRanges();
    plot()->replot();
}

void CompareView::highlight(const QString& variant) {
    QCustomPlot* chart = plot();
    if (selectionRect_ != nullptr) {
        chart->removeItem(selectionRect_);
        selectionRect_ = nullptr;
    }
    if (!series_ || variant.isEmpty()) {
        return;
    }
    for (const Row& row : rows_) {
        if (row.bar < 0) {
            continue;
        }
        const CompareBar& bar = series_->groups()[size_t(row.group)].bars[size_t(row.bar)];
        if (QString::fromStdString(bar.variant) != variant) {
            continue;
        }
        double end = 0;
        for (const auto* figure :
             {&bar.value, &bar.baselineValue, &bar.deviceValue, &bar.baselineDeviceValue}) {
            if (figure->has_value()) {
                end = std::max(end, (*figure)->value);
            }
        }
        for (const CompareMachineFigures& figures : bar.machines) {
            for (const auto* figure : {&figures.value, &figures.deviceValue}) {
                if (figure->has_value()) {
                    end = std::max(end, (*figure)->value);
                }
            }
        }
        selectionRect_ = new QCPItemRect(chart);
        selectionRect_->setSelectable(false);
        selectionRect_->topLeft->setTypeX(QCPItemPosition::ptAxisRectRatio);
        selectionRect_->topLeft->setCoords(0, row.key - kRowHeight / 2 - 0.05);
        selectionRect_->bottomRight->setCoords(end, row.key + kRowHeight / 2 + 0.05);
        selectionRect_->setPen(QPen(QColor(20, 20, 20), 2));
        selectionRect_->setBrush(Qt::NoBrush);
        return;
    }
}

const CompareView::Row* CompareView::rowAt(const QPoint& position) const {
    const QCustomPlot* chart = plot();
    if (!series_ || !chart->axisRect()->outerRect().contains(position)) {
        return nullptr;
    }
    const double key = chart->yAxis->pixelToCoord(position.y());
    for (const Row& row : rows_) {
        if (std::abs(row.key - key) < 0.5) {
            return &row;
        }
    }
    return nullptr;
}

QString CompareView::variantAt(const QPoint& position) const {
    const Row* row = rowAt(position);
    if (row == nullptr || row->bar < 0) {
        return {};
    }
    return QString::fromStdString(
        series_->groups()[size_t(row->group)].bars[size_t(row->bar)].variant);
}

QString CompareView::toolTipAt(const QPoint& position) const {
    const Row* row = rowAt(position);
    if (row == nullptr) {
        return {};
    }
    const CompareGroup& group = series_->groups()[size_t(row->group)];
    if (row->bar < 0) {
        QString text = u"<b>"_s + group.title.toHtmlEscaped() + u"</b>"_s;
        if (series_->metric() == CompareMetric::Speedup) {
            text +=
                u"<br>speedup reference: "_s +
                (group.reference.empty() ? QString::fromUtf8(kSpeedupReferenceText)
                                         : QString::fromStdString(group.reference).toHtmlEscaped());
        }
        if (!group.missing.empty()) {
            text += u"<br>Not drawn:"_s;
            for (const CompareMissing& missing : group.missing) {
                text += u"<br>• "_s + QString::fromStdString(missing.variant).toHtmlEscaped() +
                        u" — "_s + missing.why.toHtmlEscaped();
            }
        }
        return text;
    }
    const CompareBar& bar = group.bars[size_t(row->bar)];
    const CompareMetric shown = series_->metric();
    QString text = u"<b>"_s + bar.label.toHtmlEscaped() + u"</b>"_s;
    if (bar.isReference) {
        text += u" (the speedup’s reference)"_s;
    }
    text += u"<br>"_s + QString::fromStdString(bar.variant).toHtmlEscaped();
    if (!bar.machines.empty()) {
        const bool deviceParts =
            std::any_of(bar.machines.begin(), bar.machines.end(),
                        [](const CompareMachineFigures& f) { return f.deviceValue.has_value(); });
        for (size_t m = 0; m < bar.machines.size(); ++m) {
            const CompareMachineFigures& figures = bar.machines[m];
            const QString who = u"<br><span style=\"color:"_s + machineColor(m).name() +
                                u"\">■</span> "_s + series_->machines()[m].toHtmlEscaped();
            if (!figures.value && !figures.deviceValue) {
                text += who + u": no bar (the chart's note says why)"_s;
                continue;
            }
            if (figures.value) {
                text +=
                    who + (deviceParts ? u", "_s + CompareSeries::hostPartName(shown) : QString()) +
                    u": "_s + describe(*figures.value, shown, series_->currency()).toHtmlEscaped();
            }
            if (figures.deviceValue) {
                text += who + u", "_s + CompareSeries::devicePartName(shown) + u": "_s +
                        describe(*figures.deviceValue, shown, series_->currency()).toHtmlEscaped();
            }
        }
        if (shown == CompareMetric::Speedup) {
            text +=
                u"<br>each machine's over its own run's reference: "_s +
                (group.reference.empty() ? QString::fromUtf8(kSpeedupReferenceText)
                                         : QString::fromStdString(group.reference).toHtmlEscaped());
        }
        return text;
    }
    const bool gpuParts = bar.deviceValue.has_value() || bar.baselineDeviceValue.has_value();
    auto line = [&](const QString& part, const std::optional<CompareValue>& value,
                    const std::optional<CompareValue>& before) {
        if (value.has_value()) {
            text += u"<br>"_s + part + u": "_s +
                    describe(*value, shown, series_->currency()).toHtmlEscaped();
        }
        if (before.has_value()) {
            text += u"<br>"_s + part + u", baseline run: "_s +
                    describe(*before, shown, series_->currency()).toHtmlEscaped();
            if (value.has_value() && before->value > 0) {
                text +=
                    u" (candidate / baseline = "_s + format(value->value / before->value) + u')';
            }
        }
    };
    line(gpuParts ? CompareSeries::hostPartName(shown) : CompareSeries::metricName(shown),
         bar.value, bar.baselineValue);
    if (gpuParts) {
        line(CompareSeries::devicePartName(shown), bar.deviceValue, bar.baselineDeviceValue);
    }
    if (shown == CompareMetric::Speedup && !bar.reference.empty()) {
        text += u"<br>over "_s + QString::fromStdString(bar.reference).toHtmlEscaped();
    }
    return text;
}

}  // namespace costscope
