// GPU memory operations per kind over a run, laid out as `nsys stats` cuda_gpu_mem_time_sum and
// cuda_gpu_mem_size_sum print them, in one table.
#pragma once

#include <QAbstractTableModel>

#include "app/core/RunData.h"
#include "app/tables/TableCsv.h"

namespace costscope {

class CopyTableModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    // nsys's columns (sizes in MB of 10^6 bytes), the bandwidth added; the operation last.
    enum Columns {
        TimePercent,
        TotalTimeNs,
        Count,
        TotalMB,
        AvgMB,
        MedMB,
        MinMB,
        MaxMB,
        StdDevMB,
        BandwidthGBs,
        Operation,
        ColumnCount
    };
    enum Roles {
        SortRole = Qt::UserRole,  // raw number, or the operation
        CsvRole = kCsvRole,
    };

    explicit CopyTableModel(QObject* parent = nullptr);

    // Shows the copies and memsets of `run` (null: none), the most time first.
    void setResults(RunDataPtr run);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

  private:
    RunDataPtr run_;
};

}  // namespace costscope
