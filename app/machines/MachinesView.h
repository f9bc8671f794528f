// The "Machines" tab: the runs picked in the run browser set side by side, one machine each.
// Which machine and variant to choose for each workload, the fastest or the cheapest within a
// quality budget the user sets; then every variant on every machine with the best marked. The
// line on top names the machines in the colours the trade-off map and Compare draw them in.
#pragma once

#include <QWidget>

#include "app/core/RunData.h"
#include "profiler/analysis/Fleet.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSplitter;
class QStackedWidget;
class QTableView;

namespace costscope {

class FleetChoiceModel;
class FleetTableModel;
class NameFilterEdit;
class TableProxyModel;
class VariantRowSync;
class VariantSelection;

class MachinesView : public QWidget {
    Q_OBJECT
  public:
    explicit MachinesView(VariantSelection* selection, QWidget* parent = nullptr);

    // Shows input.machines (two or more); anything else shows how to pick them. The same
    // machines read again (a live refresh) keep the rows selected and the scroll positions.
    void setInput(const ViewInput& input);

    // Empty when machines are shown; else the sentence shown in their place.
    QString message() const;
    // The line naming the machines, as plain text ("Machines: ■ node-a · … · ■ node-b · …").
    QString machinesText() const;

    // Fastest or cheapest: the user's choice, else defaultGoal() of the machines shown.
    FleetGoal goal() const;
    void setGoal(FleetGoal goal);
    // The accuracy loss (points) and the GEMMs' error (a fraction) the spin boxes hold.
    QualityBudget budget() const;
    void setBudget(const QualityBudget& budget);

    FleetTableModel* tableModel() const { return tableModel_; }
    FleetChoiceModel* choiceModel() const { return choiceModel_; }
    TableProxyModel* tableProxy() const { return tableProxy_; }
    QTableView* table() const { return table_; }
    QTableView* choiceTable() const { return choiceTable_; }
    NameFilterEdit* filterEdit() const { return filter_; }

  signals:
    // The goal or the budget changed (File ▸ Export Report reports with them).
    void settingsChanged();

  protected:
    void showEvent(QShowEvent* event) override;

  private:
    // Gives the choices the height their rows need, once the splitter is shown at its size.
    void fitChoices();
    // `keep`: the same machines again (a refresh, another goal or budget): the rows selected and
    // the scroll positions stay.
    void rebuild(bool keep);

    ViewInput input_;
    FleetTableModel* tableModel_;
    FleetChoiceModel* choiceModel_;
    TableProxyModel* tableProxy_;
    TableProxyModel* choiceProxy_;
    QStackedWidget* stack_;
    QLabel* message_;
    QLabel* machines_;
    QLabel* tableTitle_;
    QComboBox* goalBox_;
    QDoubleSpinBox* lossBox_;
    QDoubleSpinBox* errorBox_;
    NameFilterEdit* filter_;
    QTableView* table_;
    QTableView* choiceTable_;
    QSplitter* splitter_;
    VariantRowSync* tableSync_;
    VariantRowSync* choiceSync_;
    bool fitPending_ = false;  // new machines: fitChoices() when next shown
    bool goalPicked_ = false;  // by the user (or setGoal()): kept for the next machines
};

}  // namespace costscope
