// CopyTableModel: the run's copy summary, one row per kind of copy, and memsets.
#include "app/tables/CopyTableModel.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

struct Header {
    const char16_t* title;
    const char16_t* tip;
};

constexpr Header kHeaders[CopyTableModel::ColumnCount] = {
    {u"Time (%)", u"Share of the run's summed copy and memset time"},
    {u"Total Time (ns)", u"Summed duration of every operation"},
    {u"Count", u"Operations of this kind"},
    {u"Total (MB)", u"Bytes moved or set, in MB of 10^6 bytes"},
    {u"Avg (MB)", u"Mean size"},
    {u"Med (MB)", u"Median size"},
    {u"Min (MB)", u"Smallest operation"},
    {u"Max (MB)", u"Largest operation"},
    {u"StdDev (MB)", u"Sample standard deviation of the sizes"},
    {u"Bandwidth (GB/s)", u"Total bytes over total time: the rate while these operations ran"},
    {u"Operation", u"The kind of copy (its direction), or memset, as nsys names it"},
};

QVariant raw(const CopySummaryRow& row, int column) {
    switch (column) {
        case CopyTableModel::TimePercent:
            return row.percent;
        case CopyTableModel::TotalTimeNs:
            return qint64(row.totalNs);
        case CopyTableModel::Count:
            return qint64(row.count);
        case CopyTableModel::TotalMB:
            return double(row.totalBytes) / 1e6;
        case CopyTableModel::AvgMB:
            return row.avgBytes / 1e6;
        case CopyTableModel::MedMB:
            return row.medianBytes / 1e6;
        case CopyTableModel::MinMB:
            return double(row.minBytes) / 1e6;
        case CopyTableModel::MaxMB:
            return double(row.maxBytes) / 1e6;
        case CopyTableModel::StdDevMB:
            return row.stddevBytes / 1e6;
        case CopyTableModel::BandwidthGBs:
            // Bytes per ns are GB/s; no time, no rate.
            return row.totalNs > 0 ? QVariant(double(row.totalBytes) / double(row.totalNs))
                                   : QVariant();
        case CopyTableModel::Operation:
            return QString::fromStdString(row.operation);
        default:
            return {};
    }
}

QString display(const QVariant& value, int column) {
    const QLocale locale;
    switch (column) {
        case CopyTableModel::TotalTimeNs:
        case CopyTableModel::Count:
            return locale.toString(value.toLongLong());
        case CopyTableModel::TimePercent:
            return locale.toString(value.toDouble(), 'f', 1);
        case CopyTableModel::BandwidthGBs:
            return value.isValid() ? locale.toString(value.toDouble(), 'f', 2) : u"—"_s;
        case CopyTableModel::Operation:
            return value.toString();
        default:
            return locale.toString(value.toDouble(), 'f', 3);
    }
}

}  // namespace

CopyTableModel::CopyTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void CopyTableModel::setResults(RunDataPtr run) {
    beginResetModel();
    run_ = std::move(run);
    endResetModel();
}

int CopyTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !run_ ? 0 : int(run_->copies.size());
}

int CopyTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CopyTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
        !run_) {
        return {};
    }
    const CopySummaryRow& row = run_->copies[size_t(index.row())];
    const int column = index.column();
    switch (role) {
        case Qt::DisplayRole:
            return display(raw(row, column), column);
        case SortRole:
        case CsvRole:
            return raw(row, column);
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(column == Operation ? Qt::AlignLeft | Qt::AlignVCenter
                                                           : Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
    }
}

QVariant CopyTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    return columnHeader(role, QString::fromUtf16(kHeaders[section].title),
                        QString::fromUtf16(kHeaders[section].tip));
}

}  // namespace costscope
