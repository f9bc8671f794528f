// Every variant of the machines compared, one row each, with one column per machine for each
// figure: the median call always, the energy per call and the cost of a million calls when any
// run measured them. The best machine of each row by the goal (fleetTable()) is marked ★ when it
// is clearly ahead of the next (its margin's verdict), ≈ when not; skipped and failed cells say
// so, with the reason in their tooltip.
#pragma once

#include <QAbstractTableModel>
#include <QString>
#include <vector>

#include "app/core/RunData.h"
#include "app/tables/TableCsv.h"
#include "profiler/analysis/Fleet.h"

namespace costscope {

class FleetTableModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    // The columns before the machines'; then, for each figure shown (figures(): the goal's
    // first), one column per machine in the runs' order: columnOf().
    enum Columns { Variant, Workload, FixedColumnCount };
    // What a machine's column shows.
    enum class Figure {
        MedianMs,        // the median call, end to end
        JoulesPerCall,   // all the device drew, per call
        CostPerMillion,  // the run's price list's currency per million calls, the machine busy
    };
    enum Roles {
        SortRole = Qt::UserRole,  // raw value; invalid when absent (sorts last)
        CsvRole = kCsvRole,       // raw value for CSV
        NameRole,                 // the variant's name, on every column
        BestRole,                 // true on the cell of the row's best machine, clearly ahead
        TiedRole,                 // true on the best's cell when it is not clearly ahead
        MachineRole,              // the machine's index on its columns; invalid elsewhere
    };

    explicit FleetTableModel(QObject* parent = nullptr);

    // Shows the variants of `runs` (one machine each, in this order), marking the best machine
    // of each row by `goal`. Fewer than two runs: no rows.
    void setResults(std::vector<RunDataPtr> runs, FleetGoal goal);

    const std::vector<RunDataPtr>& runs() const { return runs_; }
    FleetGoal goal() const { return goal_; }
    const std::vector<Figure>& figures() const { return figures_; }
    // The machine names, as fleetRunsOf() gives them.
    const std::vector<QString>& machines() const { return machines_; }
    // The column of `figure` for machine `machine`, or -1 when that figure is not shown.
    int columnOf(Figure figure, size_t machine) const;
    // The row of the variant named `name`, or -1.
    int rowOf(const QString& name) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

  private:
    struct Place {
        Figure figure;
        size_t machine;
    };
    // The figure and machine of a machine column.
    Place placeOf(int column) const;
    QString tipOf(const FleetRow& row, Place place) const;

    std::vector<RunDataPtr> runs_;
    FleetGoal goal_ = FleetGoal::Fastest;
    std::vector<QString> machines_;
    std::vector<Figure> figures_;
    std::vector<FleetRow> rows_;
};

}  // namespace costscope
