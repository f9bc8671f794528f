// VariantTableModel: one row per variant of the run, values from the variant_summary view.
#include "app/tables/VariantTableModel.h"

#include <QColor>

#include "app/core/Format.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

// A cell: the raw value (sorting, CSV; invalid when absent) and the text shown.
struct Cell {
    QVariant raw;
    QString text;
};

Cell text(const std::string& value) {
    const QString s = QString::fromStdString(value);
    return {s, s};
}

template <typename Format>
Cell number(const std::optional<double>& value, Format format) {
    if (!value) {
        return {};
    }
    return {*value, format(*value)};
}

Cell bytes(const std::optional<int64_t>& value) {
    if (!value) {
        return {};
    }
    return {qint64(*value), formatBytes(double(*value))};
}

Cell cellOf(const VariantSummaryRow& v, int column) {
    switch (column) {
        case VariantTableModel::Name:
            return text(v.name);
        case VariantTableModel::Device:
            return text(v.device);
        case VariantTableModel::Backend:
            return text(v.backend);
        case VariantTableModel::Precision:
            return text(v.precision);
        case VariantTableModel::Structure:
            return text(v.structure);
        case VariantTableModel::Sparsity:
            return {v.sparsity, formatPercent(v.sparsity, v.sparsity > 0.99 ? 1 : 0)};
        case VariantTableModel::Status:
            return text(toString(v.status));
        case VariantTableModel::Reason:
            return text(v.reason);
        case VariantTableModel::MedianMs:
            return number(v.medianMs, formatMs);
        case VariantTableModel::P5Ms:
            return number(v.p5Ms, formatMs);
        case VariantTableModel::P95Ms:
            return number(v.p95Ms, formatMs);
        case VariantTableModel::Cv:
            return number(v.cv, [](double cv) { return formatPercent(cv, 1); });
        case VariantTableModel::Noisy:
            if (!v.noisy) {
                return {};
            }
            return {*v.noisy, *v.noisy ? u"noisy"_s : QString()};
        case VariantTableModel::RoundSpread:
            if (!v.roundSpread) {
                return {};
            }
            return {*v.roundSpread,
                    formatPercent(*v.roundSpread, 1) +
                        (v.roundsDisagree.value_or(false) ? u" disagree"_s : QString())};
        case VariantTableModel::Samples:
            if (v.status != VariantStatus::Ok) {
                return {};
            }
            return {qint64(v.iterations), QString::number(v.iterations)};
        case VariantTableModel::Gflops:
            return number(v.gflops, [](double g) { return QString::number(g, 'f', 1); });
        case VariantTableModel::DeviceMedianMs:
            return number(v.deviceMedianMs, formatMs);
        case VariantTableModel::KernelsPerCall:
            return number(v.kernelsPerCall, [](double k) { return QString::number(k, 'g', 4); });
        case VariantTableModel::CopiedBytesPerCall:
            return number(v.copiedBytesPerCall, formatBytes);
        case VariantTableModel::WeightBytes:
            return bytes(v.weightBytes);
        case VariantTableModel::PeakMemBytes:
            return bytes(v.peakMemBytes);
        case VariantTableModel::PeakDeviceMemBytes:
            return bytes(v.peakDeviceMemBytes);
        case VariantTableModel::ApproxError:
            return number(v.approxError, [](double e) { return formatNumber(e); });
        case VariantTableModel::Accuracy:
            return number(v.accuracy, [](double a) { return formatPercent(a, 2); });
        case VariantTableModel::JoulesPerCall:
            return number(v.joulesPerCall, [](double j) { return formatNumber(j); });
        case VariantTableModel::JoulesAboveIdle:
            return number(v.joulesAboveIdle, [](double j) { return formatNumber(j); });
        case VariantTableModel::Watts:
            return number(v.watts, [](double w) { return QString::number(w, 'f', 1); });
        case VariantTableModel::CostPerMillion:
            return number(v.costPerMillionCalls, [](double c) { return formatNumber(c); });
        case VariantTableModel::EnergyCostPerMillion:
            return number(v.energyCostPerMillionCalls, [](double c) { return formatNumber(c); });
        case VariantTableModel::Implementation:
            return text(v.implementation);
        default:
            return {};
    }
}

struct Header {
    const char16_t* title;
    const char16_t* csv;  // with the unit of the raw value
    const char16_t* tip;
};

constexpr Header kHeaders[VariantTableModel::ColumnCount] = {
    {u"Variant", u"Variant", u"The variant's name, unique within a run"},
    {u"Device", u"Device", u"cpu or gpu"},
    {u"Backend", u"Backend", u"The library or kernel that ran it"},
    {u"Precision", u"Precision", u"The arithmetic precision"},
    {u"Structure", u"Structure", u"dense, csr (unstructured pruning) or 2:4"},
    {u"Sparsity", u"Sparsity (fraction)", u"Fraction of the weights pruned"},
    {u"Status", u"Status", u"ok, skipped or failed"},
    {u"Reason", u"Reason", u"Why the variant was skipped or failed"},
    {u"Median (ms)", u"Median (ms)", u"Median end-to-end time per call"},
    {u"p5 (ms)", u"p5 (ms)", u"5th percentile of the time per call"},
    {u"p95 (ms)", u"p95 (ms)", u"95th percentile of the time per call"},
    {u"CV", u"CV (fraction)", u"Coefficient of variation of the samples (stddev / mean)"},
    {u"Noisy", u"Noisy", u"CV above 5 %: the machine was busy or the kernel unstable"},
    {u"Round spread", u"Round spread (fraction)",
     u"Slowest round median over the fastest, minus 1; 'disagree' when beyond 2 % and three "
     u"standard errors: the machine changed between rounds"},
    {u"Samples", u"Samples", u"Timed samples stored"},
    {u"GFLOP/s", u"GFLOP/s", u"Dense-equivalent GFLOP/s at the median time"},
    {u"Device median (ms)", u"Device median (ms)",
     u"GPU kernel time per call (CUPTI), copies excluded"},
    {u"Kernels/call", u"Kernels/call", u"GPU kernels launched per call"},
    {u"Copied/call", u"Copied/call (B)", u"Bytes copied between host and device per call"},
    {u"Weights", u"Weights (B)", u"Bytes of the weights as stored (sparse formats included)"},
    {u"Peak mem", u"Peak mem (B)", u"Peak host memory of the variant"},
    {u"Peak device mem", u"Peak device mem (B)", u"Peak device memory the variant allocated"},
    {u"Approx. error", u"Approx. error", u"Relative error against the dense FP32 result"},
    {u"Accuracy", u"Accuracy (fraction)", u"Test accuracy of the model variant"},
    {u"Energy (J)", u"Energy (J/call)",
     u"Energy per call: all the device drew over a window of a second or more of calls (RAPL, "
     u"NVML), divided by the calls in it"},
    {u"Above idle (J)", u"Above idle (J/call)",
     u"Energy per call less the device's idle power, measured once per run"},
    {u"Power (W)", u"Power (W)", u"Mean power over the energy window"},
    {u"Cost/1M calls", u"Cost per 1M calls",
     u"What a million calls cost at the price list's hourly price (costscope-record --prices): "
     u"median time × the price, the machine busy all the time paid for"},
    {u"Energy cost/1M", u"Energy cost per 1M calls",
     u"The energy of a million calls at the price list's price of a kWh"},
    {u"Implementation", u"Implementation", u"What the library chose"},
};

bool isText(int column) {
    return column <= VariantTableModel::Reason || column == VariantTableModel::Implementation ||
           column == VariantTableModel::Noisy;
}

}  // namespace

VariantTableModel::VariantTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void VariantTableModel::setResults(RunDataPtr run) {
    beginResetModel();
    run_ = std::move(run);
    endResetModel();
}

int VariantTableModel::rowOf(const QString& name) const {
    if (!run_) {
        return -1;
    }
    const std::string wanted = name.toStdString();
    for (size_t row = 0; row < run_->variants.size(); ++row) {
        if (run_->variants[row].name == wanted) {
            return int(row);
        }
    }
    return -1;
}

int VariantTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !run_ ? 0 : int(run_->variants.size());
}

int VariantTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant VariantTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
        !run_) {
        return {};
    }
    const VariantSummaryRow& variant = run_->variants[size_t(index.row())];
    const int column = index.column();
    switch (role) {
        case Qt::DisplayRole:
            return cellOf(variant, column).text;
        case SortRole:
            return cellOf(variant, column).raw;
        case CsvRole: {
            // Absent values are empty fields, not the display text.
            const QVariant raw = cellOf(variant, column).raw;
            return raw.isValid() ? raw : QVariant(QString());
        }
        case NameRole:
            return QString::fromStdString(variant.name);
        case Qt::ToolTipRole:
            if (variant.status != VariantStatus::Ok && !variant.reason.empty()) {
                return QString(QString::fromUtf8(toString(variant.status)) + u": "_s +
                               QString::fromStdString(variant.reason));
            }
            if (column == Name) {
                return QString(QString::fromStdString(variant.name) + u"\n"_s +
                               QString::fromStdString(variant.implementation));
            }
            // Why a variant has no energy figures (no counter, a window too short, ...).
            if (!variant.energyNote.empty() &&
                (column == JoulesPerCall || column == JoulesAboveIdle || column == Watts ||
                 column == EnergyCostPerMillion)) {
                return QString::fromStdString(variant.energyNote);
            }
            // Why a GPU variant measured with CUPTI on has no device figures.
            if (!variant.deviceNote.empty() &&
                (column == DeviceMedianMs || column == KernelsPerCall ||
                 column == CopiedBytesPerCall || column == PeakDeviceMemBytes)) {
                return QString::fromStdString(variant.deviceNote);
            }
            return {};
        case Qt::ForegroundRole:
            // Skipped and failed variants stay listed, greyed: they say what could not run.
            if (variant.status != VariantStatus::Ok) {
                return QColor(Qt::gray);
            }
            if ((column == Noisy && variant.noisy.value_or(false)) ||
                (column == RoundSpread && variant.roundsDisagree.value_or(false))) {
                return QColor(0xc0, 0x60, 0x00);
            }
            return {};
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(isText(column) ? Qt::AlignLeft | Qt::AlignVCenter
                                                      : Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
    }
}

QVariant VariantTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    // Money columns name the run's currency, as the price list gave it.
    const QString currency = (section == CostPerMillion || section == EnergyCostPerMillion) && run_
                                 ? run_->currency()
                                 : QString();
    const QString unit = currency.isEmpty() ? QString() : u" ("_s + currency + u')';
    return columnHeader(role, QString::fromUtf16(kHeaders[section].title) + unit,
                        QString::fromUtf16(kHeaders[section].tip),
                        QString::fromUtf16(kHeaders[section].csv) + unit);
}

}  // namespace costscope
