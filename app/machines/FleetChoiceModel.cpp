// FleetChoiceModel: fleetChoices()'s rows as a table.
#include "app/machines/FleetChoiceModel.h"

#include <QColor>

#include "app/charts/ChartStyle.h"
#include "app/core/FleetRuns.h"
#include "app/core/Format.h"
#include "app/headline/Headline.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

struct Header {
    const char16_t* title;
    const char16_t* tip;
};

constexpr Header kHeaders[FleetChoiceModel::ColumnCount] = {
    {u"Workload", u"The product computed: a GEMM shape, or the model at a batch size"},
    {u"Machine", u"The machine whose variant is chosen"},
    {u"Variant",
     u"The variant chosen: the best by the goal among every machine's variants of "
     u"the workload that keep the quality budget"},
    {u"Figure", u""},  // by the goal: headerData()
    {u"Quality kept",
     u"Test accuracy (models) or relative error against FP64 of the dense operands (GEMMs), with "
     u"the change from the dense FP32 reference"},
    {u"Runner-up",
     u"The machine with the next best choice: the best variant of any other machine "
     u"within the budget"},
    {u"Against runner-up",
     u"The choice's figure over the runner-up's, with its 95 % confidence interval from the "
     u"samples' rounds (for Cheapest, scaled by the ratio of the machines' prices)"},
    {u"Lead",
     u"Whether the choice is clearly ahead of the runner-up: its interval wholly beyond "
     u"the band of equivalence (as Compare runs judges), the same, or inconclusive"},
    {u"Within budget",
     u"Variants of the workload that keep the quality budget, of those timed on "
     u"any machine"},
    {u"Why none", u"Why no machine and variant could be chosen"},
};

bool isModel(const VariantSummaryRow& variant) {
    return variant.family == "mlp";
}

// The goal's figure in words, with its unit.
QString figureText(const VariantSummaryRow& variant, FleetGoal goal) {
    const std::optional<double> figure = goalFigure(variant, goal);
    if (!figure) {
        return {};
    }
    return goal == FleetGoal::Fastest
               ? formatDurationMs(*figure)
               : formatNumber(*figure) + u' ' + QString::fromStdString(variant.currency) +
                     u" per million calls"_s;
}

}  // namespace

FleetChoiceModel::FleetChoiceModel(QObject* parent) : QAbstractTableModel(parent) {}

void FleetChoiceModel::setResults(std::vector<RunDataPtr> runs, FleetGoal goal,
                                  const QualityBudget& budget) {
    beginResetModel();
    runs_ = runs.size() >= 2 ? std::move(runs) : std::vector<RunDataPtr>{};
    goal_ = goal;
    budget_ = budget;
    machines_.clear();
    choices_.clear();
    const std::vector<FleetRun> fleet = fleetRunsOf(runs_);
    for (const FleetRun& run : fleet) {
        machines_.push_back(QString::fromStdString(run.machine));
    }
    if (!runs_.empty()) {
        choices_ = fleetChoices(fleet, goal_, budget_);
    }
    endResetModel();
}

QString FleetChoiceModel::currency() const {
    for (const FleetChoice& choice : choices_) {
        if (choice.variant != nullptr && !choice.variant->currency.empty()) {
            return QString::fromStdString(choice.variant->currency);
        }
    }
    return {};
}

int FleetChoiceModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(choices_.size());
}

int FleetChoiceModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

FleetChoiceModel::Cell FleetChoiceModel::cellOf(const FleetChoice& choice, int column) const {
    const VariantSummaryRow* variant = choice.variant;
    switch (column) {
        case Workload: {
            const QString text = QString::fromStdString(choice.workload);
            return {text, text, {}};
        }
        case Machine:
            if (!choice.run) {
                return {};
            }
            return {machines_[*choice.run], machines_[*choice.run], machines_[*choice.run]};
        case Variant: {
            if (variant == nullptr) {
                return {};
            }
            const QString name = QString::fromStdString(variant->name);
            return {name, name, name + u'\n' + QString::fromStdString(variant->implementation)};
        }
        case Figure: {
            const std::optional<double> figure =
                variant != nullptr ? goalFigure(*variant, goal_) : std::nullopt;
            if (!figure) {
                return {};
            }
            // The other figure in the tooltip: what the cheapest costs in time, and the reverse.
            const FleetGoal other =
                goal_ == FleetGoal::Fastest ? FleetGoal::Cheapest : FleetGoal::Fastest;
            const QString otherText = figureText(*variant, other);
            return {*figure,
                    goal_ == FleetGoal::Fastest ? formatMs(*figure) : formatNumber(*figure),
                    figureText(*variant, goal_) +
                        (otherText.isEmpty() ? QString() : u"; "_s + otherText)};
        }
        case Quality: {
            if (variant == nullptr) {
                return {};
            }
            const VariantSummaryRow* reference = choice.reference;
            const bool itself = reference == variant;
            const QString budget =
                isModel(*variant)
                    ? QString(u"the budget: at most "_s + formatNumber(budget_.accuracyLossPoints) +
                              u" accuracy points below it"_s)
                    : QString(u"the budget: a relative error of at most "_s +
                              formatNumber(budget_.maxError) + u" ("_s +
                              formatPercent(budget_.maxError, 2) + u')');
            const QString against = reference == nullptr ? QString()
                                    : itself
                                        ? u"It is the dense FP32 reference itself."_s
                                        : u"Against "_s + QString::fromStdString(reference->name);
            if (isModel(*variant) && variant->accuracy) {
                QString text = formatPercent(*variant->accuracy, 2);
                QString tip = against;
                if (!itself && reference != nullptr && reference->accuracy) {
                    text += u" ("_s +
                            formatPointsChange((*variant->accuracy - *reference->accuracy) * 100) +
                            u')';
                    tip += u", "_s + formatPercent(*reference->accuracy, 2) + u"; "_s + budget;
                }
                return {*variant->accuracy, text, tip};
            }
            if (variant->approxError) {
                QString tip = against;
                if (!itself && reference != nullptr && reference->approxError) {
                    tip += u", error "_s + formatNumber(*reference->approxError) + u"; "_s + budget;
                }
                return {*variant->approxError, u"error "_s + formatNumber(*variant->approxError),
                        tip};
            }
            return {};
        }
        case RunnerUp:
            if (!choice.runnerUpRun || choice.runnerUp == nullptr) {
                return {};
            }
            return {machines_[*choice.runnerUpRun], machines_[*choice.runnerUpRun],
                    machines_[*choice.runnerUpRun] + u": "_s +
                        QString::fromStdString(choice.runnerUp->name) + u", "_s +
                        figureText(*choice.runnerUp, goal_)};
        case Margin: {
            if (variant == nullptr) {
                return {};
            }
            if (choice.runnerUp == nullptr) {
                return {{},
                        {},
                        u"No other machine has a variant of this workload within the "
                        u"budget."_s};
            }
            const QString against = u"against "_s + QString::fromStdString(choice.runnerUp->name) +
                                    u" on "_s + machines_[*choice.runnerUpRun] + u", "_s +
                                    figureText(*choice.runnerUp, goal_);
            if (choice.margin) {
                const RatioInterval& interval = choice.margin->interval;
                return {interval.ratio,
                        formatRatio(interval.ratio) + u"× ("_s + formatRatio(interval.low) +
                            u"–"_s + formatRatio(interval.high) + u')',
                        marginText(*choice.margin) + u", "_s + against};
            }
            const std::optional<double> chosen = goalFigure(*variant, goal_);
            const std::optional<double> next = goalFigure(*choice.runnerUp, goal_);
            if (!chosen || !next || !(*next > 0)) {
                return {};
            }
            return {*chosen / *next, formatRatio(*chosen / *next) + u"×"_s,
                    u"The medians' ratio, "_s + against + u"; no samples to give an interval"_s};
        }
        case Lead: {
            if (variant == nullptr || choice.runnerUp == nullptr) {
                return {};
            }
            if (!choice.margin) {
                return {{}, u"not judged"_s, u"The runs have no samples to judge the lead by"_s};
            }
            const Verdict verdict = choice.margin->verdict;
            const QString text = verdict == Verdict::Faster && goal_ == FleetGoal::Cheapest
                                     ? u"cheaper"_s
                                     : QString::fromLatin1(toString(verdict));
            return {text, text,
                    clearlyAhead(choice.margin)
                        ? u"Clearly ahead of the runner-up: the interval of the ratio lies wholly "
                          u"beyond the band of equivalence"_s
                        : u"Not clearly ahead of the runner-up: either machine will do as well, "
                          u"within what the samples can tell"_s};
        }
        case Considered:
            return {qint64(choice.qualified),
                    QString::number(choice.qualified) + u" of "_s + QString::number(choice.timed),
                    QString::number(choice.qualified) + u" of the "_s +
                        QString::number(choice.timed) +
                        u" variants timed on any machine keep the quality budget"_s +
                        (goal_ == FleetGoal::Cheapest ? u" and have a price"_s : QString())};
        case Why: {
            const QString why = QString::fromStdString(choice.why);
            return {why, why, why};
        }
        default:
            return {};
    }
}

QVariant FleetChoiceModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const FleetChoice& choice = choices_[size_t(index.row())];
    const int column = index.column();
    switch (role) {
        case Qt::DisplayRole:
            return cellOf(choice, column).text;
        case SortRole:
            return cellOf(choice, column).raw;
        case CsvRole: {
            const QVariant raw = cellOf(choice, column).raw;
            return raw.isValid() ? raw : QVariant(QString());
        }
        case Qt::ToolTipRole: {
            const QString tip = cellOf(choice, column).tip;
            return tip.isEmpty() ? QVariant() : QVariant(tip);
        }
        case NameRole:
            return choice.variant != nullptr ? QString::fromStdString(choice.variant->name)
                                             : QString();
        case MachineRole:
            return choice.run ? QVariant(int(*choice.run)) : QVariant();
        case Qt::DecorationRole:
            if (column == Machine && choice.run) {
                return colourSwatch(machineColor(*choice.run));
            }
            if (column == RunnerUp && choice.runnerUpRun) {
                return colourSwatch(machineColor(*choice.runnerUpRun));
            }
            return {};
        case Qt::ForegroundRole:
            if (column == Why && !choice.why.empty()) {
                return QColor(0xc0, 0x60, 0x00);
            }
            if (column == Lead && choice.margin && !clearlyAhead(choice.margin)) {
                return QColor(Qt::gray);
            }
            return {};
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(column == Figure || column == Quality || column == Margin ||
                                               column == Considered
                                           ? Qt::AlignRight | Qt::AlignVCenter
                                           : Qt::AlignLeft | Qt::AlignVCenter);
        default:
            return {};
    }
}

QVariant FleetChoiceModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    if (section == Figure) {
        const QString money = currency();
        return columnHeader(
            role,
            goal_ == FleetGoal::Fastest ? u"Median (ms)"_s
            : money.isEmpty()           ? u"Cost/1M calls"_s
                                        : u"Cost/1M calls ("_s + money + u')',
            goal_ == FleetGoal::Fastest
                ? u"The chosen variant's median call on its machine"_s
                : u"What a million calls of the chosen variant cost at its machine's hourly "
                  u"price, the machine busy all the time paid for"_s);
    }
    return columnHeader(role, QString::fromUtf16(kHeaders[section].title),
                        QString::fromUtf16(kHeaders[section].tip));
}

}  // namespace costscope
