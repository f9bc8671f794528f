// Which machine for which workload: per workload, the machine and variant fleetChoices() chose
// (the fastest, or the cheapest, within the quality budget), its figure, the quality it kept
// against the dense FP32 reference, the runner-up machine, the ratio of their figures with its
// interval and whether the lead holds; or why there is no choice.
#pragma once

#include <QAbstractTableModel>
#include <QString>
#include <vector>

#include "app/core/RunData.h"
#include "app/tables/TableCsv.h"
#include "profiler/analysis/Fleet.h"

namespace costscope {

class FleetChoiceModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Columns {
        Workload,
        Machine,
        Variant,
        Figure,      // the goal's figure: the median call (ms), or the cost of a million calls
        Quality,     // accuracy (models) or relative error (GEMMs), against the reference
        RunnerUp,    // the best choice on any other machine
        Margin,      // the choice's figure over the runner-up's, with its 95 % interval
        Lead,        // the verdict on that ratio: clearly ahead, the same, or inconclusive
        Considered,  // variants within the budget, of those timed on every machine
        Why,         // why nothing was chosen
        ColumnCount
    };
    enum Roles {
        SortRole = Qt::UserRole,  // raw value; invalid when absent (sorts last)
        CsvRole = kCsvRole,
        NameRole,     // the chosen variant's name, on every column ("" when none)
        MachineRole,  // the chosen machine's index, on every column; invalid when none
    };

    explicit FleetChoiceModel(QObject* parent = nullptr);

    // The choices over `runs` (one machine each, in this order) by `goal` within `budget`. Fewer
    // than two runs: no rows.
    void setResults(std::vector<RunDataPtr> runs, FleetGoal goal, const QualityBudget& budget);

    const std::vector<FleetChoice>& choices() const { return choices_; }
    const std::vector<QString>& machines() const { return machines_; }
    FleetGoal goal() const { return goal_; }
    const QualityBudget& budget() const { return budget_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

  private:
    struct Cell {
        QVariant raw;
        QString text;
        QString tip;
    };
    Cell cellOf(const FleetChoice& choice, int column) const;
    // The currency the Cheapest figures are in ("" when none is priced).
    QString currency() const;

    std::vector<RunDataPtr> runs_;
    FleetGoal goal_ = FleetGoal::Fastest;
    QualityBudget budget_;
    std::vector<QString> machines_;
    std::vector<FleetChoice> choices_;
};

}  // namespace costscope
