// GPU time per kernel over a run, laid out as `nsys stats` cuda_gpu_kern_sum prints it.
#pragma once

#include <QAbstractTableModel>

#include "app/core/RunData.h"
#include "app/tables/TableCsv.h"

namespace costscope {

class KernelTableModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    // The columns of cuda_gpu_kern_sum, in its order; durations in ns.
    enum Columns {
        TimePercent,
        TotalTimeNs,
        Instances,
        AvgNs,
        MedNs,
        MinNs,
        MaxNs,
        StdDevNs,
        Name,
        ColumnCount
    };
    enum Roles {
        SortRole = Qt::UserRole,  // raw number, or the name
        CsvRole = kCsvRole,
    };

    explicit KernelTableModel(QObject* parent = nullptr);

    // Shows the kernels of `run` (null: none), the largest total first as the run lists them.
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
