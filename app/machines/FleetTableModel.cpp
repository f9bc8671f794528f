// FleetTableModel: fleetTable()'s rows, a column per figure and machine.
#include "app/machines/FleetTableModel.h"

#include <QColor>
#include <QFont>
#include <algorithm>

#include "app/charts/ChartStyle.h"
#include "app/core/FleetRuns.h"
#include "app/core/Format.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

using Figure = FleetTableModel::Figure;

std::optional<double> valueOf(const VariantSummaryRow& variant, Figure figure) {
    if (variant.status != VariantStatus::Ok) {
        return std::nullopt;
    }
    switch (figure) {
        case Figure::MedianMs:
            return variant.medianMs;
        case Figure::JoulesPerCall:
            return variant.joulesPerCall;
        case Figure::CostPerMillion:
            return variant.costPerMillionCalls;
    }
    return std::nullopt;
}

// As the variant table writes the same figure.
QString textOf(double value, Figure figure) {
    return figure == Figure::MedianMs ? formatMs(value) : formatNumber(value);
}

// With its unit, for sentences.
QString withUnit(double value, Figure figure, const VariantSummaryRow& variant) {
    switch (figure) {
        case Figure::MedianMs:
            return formatDurationMs(value);
        case Figure::JoulesPerCall:
            return formatNumber(value) + u" J per call"_s;
        case Figure::CostPerMillion:
            return formatNumber(value) + u' ' + QString::fromStdString(variant.currency) +
                   u" per million calls"_s;
    }
    return {};
}

Figure goalFigureOf(FleetGoal goal) {
    return goal == FleetGoal::Fastest ? Figure::MedianMs : Figure::CostPerMillion;
}

QString figureTitle(Figure figure, const QString& currency) {
    switch (figure) {
        case Figure::MedianMs:
            return u"Median (ms)"_s;
        case Figure::JoulesPerCall:
            return u"Energy (J)"_s;
        case Figure::CostPerMillion:
            // Short: a column per machine, each as wide as its header.
            return currency.isEmpty() ? u"Cost/1M"_s : u"Cost/1M ("_s + currency + u')';
    }
    return {};
}

QString figureTip(Figure figure) {
    switch (figure) {
        case Figure::MedianMs:
            return u"Median end-to-end time per call on this machine"_s;
        case Figure::JoulesPerCall:
            return u"Energy per call: all the device drew over a window of a second or more of "
                   u"calls (RAPL, NVML), divided by the calls in it"_s;
        case Figure::CostPerMillion:
            return u"What a million calls cost at the run's hourly price (costscope-record "
                   u"--prices): median time × the price, the machine busy all the time paid "
                   u"for"_s;
    }
    return {};
}

}  // namespace

FleetTableModel::FleetTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void FleetTableModel::setResults(std::vector<RunDataPtr> runs, FleetGoal goal) {
    beginResetModel();
    runs_ = runs.size() >= 2 ? std::move(runs) : std::vector<RunDataPtr>{};
    goal_ = goal;
    machines_.clear();
    figures_ = {Figure::MedianMs};
    rows_.clear();
    const std::vector<FleetRun> fleet = fleetRunsOf(runs_);
    for (const FleetRun& run : fleet) {
        machines_.push_back(QString::fromStdString(run.machine));
    }
    // Energy and money columns only where some machine has the figure: a fleet recorded without
    // them reads as times alone.
    for (const Figure figure : {Figure::JoulesPerCall, Figure::CostPerMillion}) {
        const bool any = std::any_of(runs_.begin(), runs_.end(), [figure](const RunDataPtr& run) {
            return std::any_of(run->variants.begin(), run->variants.end(),
                               [figure](const auto& v) { return valueOf(v, figure).has_value(); });
        });
        if (any) {
            // The figure the goal compares first, where its marks are in sight.
            figures_.insert(figure == goalFigureOf(goal_) ? figures_.begin() : figures_.end(),
                            figure);
        }
    }
    if (!runs_.empty()) {
        rows_ = fleetTable(fleet, goal_);
    }
    endResetModel();
}

int FleetTableModel::columnOf(Figure figure, size_t machine) const {
    const auto found = std::find(figures_.begin(), figures_.end(), figure);
    if (found == figures_.end() || machine >= runs_.size()) {
        return -1;
    }
    return FixedColumnCount + int(found - figures_.begin()) * int(runs_.size()) + int(machine);
}

FleetTableModel::Place FleetTableModel::placeOf(int column) const {
    const int offset = column - FixedColumnCount;
    const int machines = int(runs_.size());
    return {figures_[size_t(offset / machines)], size_t(offset % machines)};
}

int FleetTableModel::rowOf(const QString& name) const {
    const std::string wanted = name.toStdString();
    for (size_t row = 0; row < rows_.size(); ++row) {
        if (rows_[row].name == wanted) {
            return int(row);
        }
    }
    return -1;
}

int FleetTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int FleetTableModel::columnCount(const QModelIndex& parent) const {
    if (parent.isValid()) {
        return 0;
    }
    return FixedColumnCount + int(figures_.size() * runs_.size());
}

QString FleetTableModel::tipOf(const FleetRow& row, Place place) const {
    const QString& machine = machines_[place.machine];
    const VariantSummaryRow* variant = row.cells[place.machine];
    if (variant == nullptr) {
        return machine +
               u" has no variant of this name: its suite did not hold it, or the run "
               u"ended before it"_s;
    }
    if (variant->status != VariantStatus::Ok) {
        return QString::fromUtf8(toString(variant->status)) + u" on "_s + machine + u": "_s +
               QString::fromStdString(variant->reason);
    }
    const std::optional<double> value = valueOf(*variant, place.figure);
    if (!value) {
        if (place.figure == Figure::JoulesPerCall) {
            return machine + u": "_s + whyNoEnergy(*variant);
        }
        if (place.figure == Figure::CostPerMillion) {
            return machine +
                   u": no price for its device; record with --prices FILE.json (docs/costs.md)"_s;
        }
        return machine + u": not timed"_s;
    }
    const QString own = withUnit(*value, place.figure, *variant) + u" on "_s + machine;
    if (place.figure != goalFigureOf(goal_) || !row.best) {
        return own;
    }
    const VariantSummaryRow& best = *row.cells[*row.best];
    const double bestValue = *valueOf(best, place.figure);
    if (*row.best != place.machine) {
        return own + u": "_s + formatTimes(*value / bestValue) + u" the best, "_s +
               withUnit(bestValue, place.figure, best) + u" on "_s + machines_[*row.best];
    }
    // Why this one is best: the figure it won by, the next machine, and whether the lead holds.
    const long measured = std::count_if(row.cells.begin(), row.cells.end(), [&](const auto* cell) {
        return cell != nullptr && valueOf(*cell, place.figure).has_value();
    });
    const QString goal = goal_ == FleetGoal::Fastest ? u"fastest"_s : u"cheapest"_s;
    QString tip = (clearlyAhead(row.margin) ? u"★ The "_s : u"≈ Not clearly the "_s) + goal +
                  u" of the "_s + QString::number(measured) + u" machines with a figure: "_s + own;
    if (row.next) {
        const VariantSummaryRow& next = *row.cells[*row.next];
        tip += u"\nnext: "_s + withUnit(*valueOf(next, place.figure), place.figure, next) +
               u" on "_s + machines_[*row.next];
    }
    if (row.margin) {
        tip += u"\n"_s + (goal_ == FleetGoal::Fastest ? u"time"_s : u"cost"_s) +
               u" over the next's: "_s + marginText(*row.margin) +
               (clearlyAhead(row.margin)
                    ? u", ahead beyond the band of equivalence"_s
                    : u": not clearly ahead (its 95 % interval reaches into the band of "
                      u"equivalence), so not marked ★"_s);
    } else {
        tip += u"\nthe lead is not judged: the runs have no samples for it"_s;
    }
    return tip;
}

QVariant FleetTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const FleetRow& row = rows_[size_t(index.row())];
    const int column = index.column();
    if (role == NameRole) {
        return QString::fromStdString(row.name);
    }
    if (column < FixedColumnCount) {
        const QString text = QString::fromStdString(column == Variant ? row.name : row.workload);
        switch (role) {
            case Qt::DisplayRole:
            case SortRole:
            case CsvRole:
                return text;
            case Qt::ToolTipRole:
                return column == Variant ? text : QVariant();
            case Qt::TextAlignmentRole:
                return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
            default:
                return {};
        }
    }
    const Place place = placeOf(column);
    const VariantSummaryRow* variant = row.cells[place.machine];
    const std::optional<double> value =
        variant != nullptr ? valueOf(*variant, place.figure) : std::nullopt;
    // The best by the goal: ★ when clearly ahead of the next, ≈ when not.
    const bool first = value && row.best == place.machine && place.figure == goalFigureOf(goal_);
    const bool best = first && clearlyAhead(row.margin);
    switch (role) {
        case Qt::DisplayRole:
            if (value) {
                return best    ? u"★ "_s + textOf(*value, place.figure)
                       : first ? u"≈ "_s + textOf(*value, place.figure)
                               : textOf(*value, place.figure);
            }
            // A cell that could not run says so; an absent figure stays empty, as in the tables.
            return variant != nullptr && variant->status != VariantStatus::Ok
                       ? QString::fromUtf8(toString(variant->status))
                       : QString();
        case SortRole:
            return value ? QVariant(*value) : QVariant();
        case CsvRole:
            return value ? QVariant(*value) : QVariant(QString());
        case BestRole:
            return best;
        case TiedRole:
            return first && !best;
        case MachineRole:
            return int(place.machine);
        case Qt::ToolTipRole:
            return tipOf(row, place);
        case Qt::FontRole:
            if (best) {
                QFont font;
                font.setBold(true);
                return font;
            }
            return {};
        case Qt::ForegroundRole:
            if (variant != nullptr && variant->status != VariantStatus::Ok) {
                return QColor(Qt::gray);
            }
            return {};
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
    }
}

QVariant FleetTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount()) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    if (section < FixedColumnCount) {
        switch (role) {
            case Qt::DisplayRole:
            case CsvRole:
                return section == Variant ? u"Variant"_s : u"Workload"_s;
            case Qt::ToolTipRole:
                return section == Variant ? u"The variant's name, the same on every machine"_s
                                          : u"The product it computes"_s;
            default:
                return {};
        }
    }
    const Place place = placeOf(section);
    const QString& machine = machines_[place.machine];
    const QString title = figureTitle(place.figure, runs_[place.machine]->currency());
    switch (role) {
        case Qt::DisplayRole:
            // The machine's name one part per line: a column as wide as its longest part.
            return QString(title + u'\n' + QString(machine).replace(u" · "_s, u"\n"_s));
        case CsvRole:
            return QString(title + u' ' + machine);
        case Qt::ToolTipRole:
            return QString(figureTip(place.figure) + u"\n"_s + machine +
                           (place.figure == goalFigureOf(goal_)
                                ? u"\n★ marks the "_s +
                                      (goal_ == FleetGoal::Fastest ? u"fastest"_s : u"cheapest"_s) +
                                      u" machine of each variant, where it is clearly ahead of the "
                                      u"next (the 95 % interval of their ratio beyond the band of "
                                      u"equivalence); ≈ where it is not"_s
                                : QString()));
        case Qt::DecorationRole:
            return colourSwatch(machineColor(place.machine));
        case MachineRole:
            return int(place.machine);
        default:
            return {};
    }
}

}  // namespace costscope
