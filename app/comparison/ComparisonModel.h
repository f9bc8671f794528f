// Two runs side by side, one row per variant: medians, the ratio with its 95 % interval, change,
// p-value and verdict, coloured green when faster and red when slower; then energy per call.
#pragma once

#include <QAbstractTableModel>

#include "app/comparison/RunComparison.h"
#include "app/tables/TableCsv.h"

namespace costscope {

class ComparisonModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Columns {
        Variant,
        BaselineMs,  // end-to-end medians
        CandidateMs,
        Ratio,     // candidate / baseline (x)
        RatioLow,  // its 95 % confidence interval
        RatioHigh,
        ChangePercent,  // (ratio - 1) * 100: negative is faster
        PValue,
        Verdict,
        // GPU variants: the same on device time, when both runs measured it.
        BaselineDeviceMs,
        CandidateDeviceMs,
        DeviceRatio,
        DeviceRatioLow,
        DeviceRatioHigh,
        DeviceChangePercent,
        DevicePValue,
        DeviceVerdict,
        // Energy per call, all the device drew: one window per run, so no interval or verdict.
        BaselineJoules,
        CandidateJoules,
        EnergyRatio,
        EnergyChangePercent,
        // Imported profiles: instances and the time they took in all.
        BaselineCount,
        CandidateCount,
        BaselineTotalMs,
        CandidateTotalMs,
        ColumnCount
    };
    enum Roles {
        SortRole = Qt::UserRole,  // raw value; invalid when absent (sorts last)
        CsvRole = kCsvRole,
        NameRole,     // the variant's name, on every column
        VerdictRole,  // the row's DiffVerdict as int (device columns: the device verdict)
    };

    explicit ComparisonModel(QObject* parent = nullptr);

    void setResults(RunComparison comparison);
    const RunComparison& comparison() const { return comparison_; }
    // The row of the variant named `name`, or -1.
    int rowOf(const QString& name) const;
    // True for the device-time columns, and for the energy columns.
    static bool isDeviceColumn(int column) {
        return column >= BaselineDeviceMs && column <= DeviceVerdict;
    }
    static bool isEnergyColumn(int column) {
        return column >= BaselineJoules && column <= EnergyChangePercent;
    }
    // True for the instance and total-time columns.
    static bool isTotalsColumn(int column) { return column >= BaselineCount; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

  private:
    RunComparison comparison_;
};

}  // namespace costscope
