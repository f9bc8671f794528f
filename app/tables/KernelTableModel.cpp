// KernelTableModel: the run's kernel summary, one row per kernel name.
#include "app/tables/KernelTableModel.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

struct Header {
    const char16_t* title;
    const char16_t* tip;
};

// cuda_gpu_kern_sum's headers, so the table reads like the report people know.
constexpr Header kHeaders[KernelTableModel::ColumnCount] = {
    {u"Time (%)", u"Share of the run's summed GPU kernel time"},
    {u"Total Time (ns)", u"Summed duration of every instance"},
    {u"Instances", u"Launches of the kernel"},
    {u"Avg (ns)", u"Mean duration"},
    {u"Med (ns)", u"Median duration"},
    {u"Min (ns)", u"Shortest instance"},
    {u"Max (ns)", u"Longest instance"},
    {u"StdDev (ns)", u"Sample standard deviation of the durations"},
    {u"Name", u"The kernel's demangled name"},
};

QVariant raw(const KernelSummaryRow& kernel, int column) {
    switch (column) {
        case KernelTableModel::TimePercent:
            return kernel.percent;
        case KernelTableModel::TotalTimeNs:
            return qint64(kernel.totalNs);
        case KernelTableModel::Instances:
            return qint64(kernel.instances);
        case KernelTableModel::AvgNs:
            return kernel.avgNs;
        case KernelTableModel::MedNs:
            return kernel.medianNs;
        case KernelTableModel::MinNs:
            return qint64(kernel.minNs);
        case KernelTableModel::MaxNs:
            return qint64(kernel.maxNs);
        case KernelTableModel::StdDevNs:
            return kernel.stddevNs;
        case KernelTableModel::Name:
            return QString::fromStdString(kernel.name);
        default:
            return {};
    }
}

QString display(const QVariant& value, int column) {
    const QLocale locale;
    switch (column) {
        case KernelTableModel::TimePercent:
            return locale.toString(value.toDouble(), 'f', 1);
        case KernelTableModel::AvgNs:
        case KernelTableModel::MedNs:
        case KernelTableModel::StdDevNs:
            return locale.toString(value.toDouble(), 'f', 1);
        case KernelTableModel::Name:
            return value.toString();
        default:
            return locale.toString(value.toLongLong());
    }
}

}  // namespace

KernelTableModel::KernelTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void KernelTableModel::setResults(RunDataPtr run) {
    beginResetModel();
    run_ = std::move(run);
    endResetModel();
}

int KernelTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !run_ ? 0 : int(run_->kernels.size());
}

int KernelTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KernelTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
        !run_) {
        return {};
    }
    const KernelSummaryRow& kernel = run_->kernels[size_t(index.row())];
    const int column = index.column();
    switch (role) {
        case Qt::DisplayRole:
            return display(raw(kernel, column), column);
        case SortRole:
        case CsvRole:
            return raw(kernel, column);
        case Qt::ToolTipRole:
            if (column == Name) {
                return QString(QString::fromStdString(kernel.name) + u"\n("_s +
                               QString::fromStdString(kernel.shortName) + u')');
            }
            return {};
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(column == Name ? Qt::AlignLeft | Qt::AlignVCenter
                                                      : Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
    }
}

QVariant KernelTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    return columnHeader(role, QString::fromUtf16(kHeaders[section].title),
                        QString::fromUtf16(kHeaders[section].tip));
}

}  // namespace costscope
