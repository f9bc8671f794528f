// ComparisonModel: one row per VariantDiff, coloured by its verdict.
#include "app/comparison/ComparisonModel.h"

#include <QLocale>

#include <QColor>

#include "app/core/Format.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

struct Header {
    const char16_t* title;
    const char16_t* csv;
    const char16_t* tip;
};

constexpr Header kHeaders[ComparisonModel::ColumnCount] = {
    {u"Variant", u"Variant", u"Variants are matched by name"},
    {u"Baseline (ms)", u"Baseline (ms)", u"The baseline's median end-to-end time per call"},
    {u"Candidate (ms)", u"Candidate (ms)", u"The candidate's median end-to-end time per call"},
    {u"Ratio", u"Ratio", u"Candidate / baseline median: below 1 is faster"},
    {u"95 % from", u"Ratio 95 % low",
     u"Low end of the ratio's 95 % confidence interval, from the spread of each run's rounds (or "
     u"of blocks of consecutive samples)"},
    {u"95 % to", u"Ratio 95 % high", u"High end of the ratio's 95 % confidence interval"},
    {u"Change", u"Change (%)", u"Change of the median: negative is faster"},
    {u"p-value", u"p-value",
     u"Two-sided Mann-Whitney U test on the samples (normal approximation, tie and continuity "
     u"corrections); shown for reference: with hundreds of correlated samples it calls tiny "
     u"changes significant, so the verdict rests on the interval"},
    {u"Verdict", u"Verdict",
     u"Faster or slower when the interval lies wholly outside the equivalence band, same when "
     u"wholly inside it, inconclusive otherwise"},
    {u"Baseline device (ms)", u"Baseline device (ms)",
     u"The baseline's median GPU kernel time per call"},
    {u"Candidate device (ms)", u"Candidate device (ms)",
     u"The candidate's median GPU kernel time per call"},
    {u"Device ratio", u"Device ratio", u"Candidate / baseline device median"},
    {u"Device 95 % from", u"Device ratio 95 % low",
     u"Low end of the device ratio's 95 % confidence interval"},
    {u"Device 95 % to", u"Device ratio 95 % high",
     u"High end of the device ratio's 95 % confidence interval"},
    {u"Device change", u"Device change (%)", u"Change of the device median"},
    {u"Device p-value", u"Device p-value", u"Mann-Whitney U on the samples' device times"},
    {u"Device verdict", u"Device verdict", u"The verdict on device time"},
    {u"Baseline (J)", u"Baseline energy (J/call)",
     u"The baseline's energy per call: all its device drew over a window of a second or more "
     u"(RAPL, NVML), divided by the calls in it"},
    {u"Candidate (J)", u"Candidate energy (J/call)", u"The candidate's energy per call"},
    {u"Energy ratio", u"Energy ratio",
     u"Candidate / baseline energy per call: below 1 uses less. One window per run, so no "
     u"interval and no verdict"},
    {u"Energy change", u"Energy change (%)", u"Change of the energy per call"},
    {u"Baseline count", u"Baseline count",
     u"How many times the baseline ran it: an imported profile's instances of the NVTX range or "
     u"kernel (the samples of a recording)"},
    {u"Candidate count", u"Candidate count", u"How many times the candidate ran it"},
    {u"Baseline total (ms)", u"Baseline total (ms)",
     u"The baseline's summed time over every instance: where the program spends its time"},
    {u"Candidate total (ms)", u"Candidate total (ms)",
     u"The candidate's summed time over every instance"},
};

// A cell: the raw value (sorting, CSV; invalid when absent) and the text shown.
struct Cell {
    QVariant raw;
    QString text;
};

Cell ms(const std::optional<double>& value) {
    return value ? Cell{*value, formatMs(*value)} : Cell{};
}

Cell ratio(const std::optional<double>& value) {
    return value ? Cell{*value, formatRatio(*value) + u"×"_s} : Cell{};
}

Cell change(const std::optional<double>& ratio) {
    if (!ratio) {
        return {};
    }
    const double percent = (*ratio - 1) * 100;
    return {percent,
            (percent > 0 ? u"+"_s : QString()) + QString::number(percent, 'f', 1) + u" %"_s};
}

Cell pValue(const std::optional<double>& p) {
    if (!p) {
        return {};
    }
    return {*p, formatPValue(*p)};
}

Cell verdict(DiffVerdict value) {
    return {int(value), toString(value)};
}

Cell count(const std::optional<int64_t>& value) {
    return value ? Cell{qint64(*value), QLocale().toString(qint64(*value))} : Cell{};
}

Cell joules(const std::optional<double>& value) {
    return value ? Cell{*value, formatNumber(*value)} : Cell{};
}

Cell cellOf(const VariantDiff& diff, int column) {
    const bool device = ComparisonModel::isDeviceColumn(column);
    const TimeDiff& time = device ? diff.device : diff.time;
    switch (column) {
        case ComparisonModel::Variant: {
            const QString name = QString::fromStdString(diff.name);
            return {name, name};
        }
        case ComparisonModel::BaselineMs:
        case ComparisonModel::BaselineDeviceMs:
            return ms(time.baselineMs);
        case ComparisonModel::CandidateMs:
        case ComparisonModel::CandidateDeviceMs:
            return ms(time.candidateMs);
        case ComparisonModel::Ratio:
        case ComparisonModel::DeviceRatio:
            return ratio(time.ratio());
        case ComparisonModel::RatioLow:
        case ComparisonModel::DeviceRatioLow:
            return ratio(time.interval ? std::optional<double>(time.interval->low) : std::nullopt);
        case ComparisonModel::RatioHigh:
        case ComparisonModel::DeviceRatioHigh:
            return ratio(time.interval ? std::optional<double>(time.interval->high) : std::nullopt);
        case ComparisonModel::ChangePercent:
        case ComparisonModel::DeviceChangePercent:
            return change(time.ratio());
        case ComparisonModel::PValue:
        case ComparisonModel::DevicePValue:
            return pValue(time.pValue);
        case ComparisonModel::Verdict:
            return verdict(time.verdict);
        case ComparisonModel::DeviceVerdict:
            // No device verdict where neither run measured device time: an empty cell.
            if (!time.baselineMs && !time.candidateMs) {
                return {};
            }
            return verdict(time.verdict);
        case ComparisonModel::BaselineJoules:
            return joules(diff.energy.baselineJ);
        case ComparisonModel::CandidateJoules:
            return joules(diff.energy.candidateJ);
        case ComparisonModel::EnergyRatio:
            return ratio(diff.energy.ratio());
        case ComparisonModel::EnergyChangePercent:
            return change(diff.energy.ratio());
        case ComparisonModel::BaselineCount:
            return count(diff.totals.baselineCount);
        case ComparisonModel::CandidateCount:
            return count(diff.totals.candidateCount);
        case ComparisonModel::BaselineTotalMs:
            return ms(diff.totals.baselineTotalMs);
        case ComparisonModel::CandidateTotalMs:
            return ms(diff.totals.candidateTotalMs);
        default:
            return {};
    }
}

// What an energy cell rests on, or why it is empty.
QString explainEnergy(const EnergyDiff& energy) {
    if (!energy.whyNot.isEmpty()) {
        return u"No energy figure: "_s + energy.whyNot;
    }
    return u"One window of the device's counter per run: a ratio without an interval, and no "
           u"verdict"_s;
}

// Why a row has no verdict, or what its verdict rests on.
QString explain(const VariantDiff& diff, const TimeDiff& time, double equivalence) {
    const auto statusOf = [](const VariantSummaryRow* row) {
        QString text = QString::fromUtf8(toString(row->status));
        if (!row->reason.empty()) {
            text += u" ("_s + QString::fromStdString(row->reason) + u')';
        }
        return text;
    };
    const QString band = u"±"_s + QString::number(equivalence * 100, 'g', 3) + u" %"_s;
    switch (time.verdict) {
        case DiffVerdict::Faster:
        case DiffVerdict::Slower:
        case DiffVerdict::Same:
        case DiffVerdict::Inconclusive: {
            const RatioInterval& interval = *time.interval;
            return u"95 % interval "_s + formatRatio(interval.low) + u"–"_s +
                   formatRatio(interval.high) + u"× from "_s +
                   QString::number(interval.baselineUnits) + u" and "_s +
                   QString::number(interval.candidateUnits) + u' ' +
                   QString::fromStdString(interval.units) + u"; equivalence band "_s + band;
        }
        case DiffVerdict::TooFewSamples:
            return u"Fewer than two rounds or blocks of samples on a side: no interval"_s;
        case DiffVerdict::OnlyInBaseline:
            return u"The candidate run has no variant of this name"_s;
        case DiffVerdict::OnlyInCandidate:
            return u"The baseline run has no variant of this name"_s;
        case DiffVerdict::NotMeasured:
            if (diff.baseline && diff.candidate) {
                return u"Baseline: "_s + statusOf(diff.baseline) + u"; candidate: "_s +
                       statusOf(diff.candidate);
            }
            return {};
    }
    return {};
}

}  // namespace

ComparisonModel::ComparisonModel(QObject* parent) : QAbstractTableModel(parent) {}

void ComparisonModel::setResults(RunComparison comparison) {
    beginResetModel();
    comparison_ = std::move(comparison);
    endResetModel();
}

int ComparisonModel::rowOf(const QString& name) const {
    const std::string wanted = name.toStdString();
    for (size_t row = 0; row < comparison_.diffs.size(); ++row) {
        if (comparison_.diffs[row].name == wanted) {
            return int(row);
        }
    }
    return -1;
}

int ComparisonModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(comparison_.diffs.size());
}

int ComparisonModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ComparisonModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const VariantDiff& diff = comparison_.diffs[size_t(index.row())];
    const int column = index.column();
    const bool device = isDeviceColumn(column);
    const TimeDiff& time = device ? diff.device : diff.time;
    const DiffVerdict rowVerdict = time.verdict;
    const bool energy = isEnergyColumn(column);
    const bool totals = isTotalsColumn(column);
    switch (role) {
        case Qt::DisplayRole:
            return cellOf(diff, column).text;
        case SortRole:
            return cellOf(diff, column).raw;
        case CsvRole: {
            const Cell cell = cellOf(diff, column);
            // The verdict as words, not its enum value; absent values as empty fields.
            if (column == Verdict || column == DeviceVerdict || !cell.raw.isValid()) {
                return cell.text;
            }
            return cell.raw;
        }
        case NameRole:
            return QString::fromStdString(diff.name);
        case VerdictRole:
            return int(rowVerdict);
        case Qt::ForegroundRole:
            if (energy || totals || (device && !time.baselineMs && !time.candidateMs)) {
                return {};
            }
            switch (rowVerdict) {
                case DiffVerdict::Faster:
                    return QColor(0x1b, 0x6e, 0x20);
                case DiffVerdict::Slower:
                    return QColor(0xb7, 0x1c, 0x1c);
                default:
                    return QColor(Qt::gray);
            }
        case Qt::BackgroundRole:
            switch (rowVerdict) {
                case DiffVerdict::Faster:
                    return QColor(0xe3, 0xf4, 0xe1);
                case DiffVerdict::Slower:
                    return QColor(0xfb, 0xe4, 0xe4);
                default:
                    return {};
            }
        case Qt::ToolTipRole:
            if (energy) {
                return explainEnergy(diff.energy);
            }
            if (column == Verdict || column == RatioLow || column == RatioHigh ||
                column == Variant || column == DeviceVerdict || column == DeviceRatioLow ||
                column == DeviceRatioHigh) {
                return explain(diff, time, comparison_.equivalence);
            }
            return {};
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(column == Variant || column == Verdict ||
                                               column == DeviceVerdict
                                           ? Qt::AlignLeft | Qt::AlignVCenter
                                           : Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
    }
}

QVariant ComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    return columnHeader(role, QString::fromUtf16(kHeaders[section].title),
                        QString::fromUtf16(kHeaders[section].tip),
                        QString::fromUtf16(kHeaders[section].csv));
}

}  // namespace costscope
