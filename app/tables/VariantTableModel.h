// The variant summary of a run as a table: what each variant is, whether it ran, its times,
// device measures, memory and quality. Skipped and failed variants keep their row, greyed.
#pragma once

#include <QAbstractTableModel>

#include "app/core/RunData.h"
#include "app/tables/TableCsv.h"

namespace costscope {

class VariantTableModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Columns {
        Name,
        Device,
        Backend,
        Precision,
        Structure,
        Sparsity,
        Status,
        Reason,
        MedianMs,
        P5Ms,
        P95Ms,
        Cv,           // coefficient of variation of the samples
        Noisy,        // cv above SampleStats::kNoisyCv: the machine was busy or the kernel unstable
        RoundSpread,  // slowest round median / fastest - 1; marked when the rounds disagree
        Samples,
        Gflops,
        DeviceMedianMs,
        KernelsPerCall,
        CopiedBytesPerCall,
        WeightBytes,
        PeakMemBytes,
        PeakDeviceMemBytes,
        ApproxError,
        Accuracy,
        JoulesPerCall,         // all the device drew over the energy window, per call
        JoulesAboveIdle,       // less its idle power
        Watts,                 // mean power over the window
        CostPerMillion,        // the price list's currency per million calls, the machine busy
        EnergyCostPerMillion,  // the energy's part, at the price of a kWh
        Implementation,
        ColumnCount
    };
    enum Roles {
        SortRole = Qt::UserRole,  // raw value; invalid when absent (sorts last)
        CsvRole = kCsvRole,       // raw value for CSV
        NameRole,                 // the variant's name, on every column
    };

    explicit VariantTableModel(QObject* parent = nullptr);

    // Shows the variants of `run` (null: none), in recording order.
    void setResults(RunDataPtr run);
    const RunDataPtr& run() const { return run_; }
    // The row of the variant named `name`, or -1.
    int rowOf(const QString& name) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

  private:
    RunDataPtr run_;
};

}  // namespace costscope
