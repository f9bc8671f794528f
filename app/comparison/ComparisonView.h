// The "Compare two runs" tab: the diff table of a candidate against its baseline, a summary of
// the verdicts, the equivalence band they are judged against, a name filter and Copy as CSV.
#pragma once

#include <QWidget>

#include "app/core/RunData.h"

class QDoubleSpinBox;
class QLabel;
class QStackedWidget;
class QTableView;

namespace costscope {

class ComparisonModel;
class NameFilterEdit;
class TableProxyModel;
class VariantRowSync;
class VariantSelection;

class ComparisonView : public QWidget {
    Q_OBJECT
  public:
    explicit ComparisonView(VariantSelection* selection, QWidget* parent = nullptr);

    // Compares input.run (the candidate) with input.baseline; without a baseline, says how to
    // pick two runs.
    void setInput(const ViewInput& input);

    // Empty when a comparison is shown; else the sentence shown in its place.
    QString message() const;
    // "12 faster, 3 slower, 20 same, 4 inconclusive (95 % intervals of the ratio against ±2 %)".
    QString summary() const;
    // The settings that differ between the two runs, as shown above the table; empty when none.
    QString differences() const;
    // The band of practical equivalence, as a fraction (0.02: changes within ±2 % are "same");
    // the spin box in the tab sets it too.
    double equivalence() const;
    void setEquivalence(double fraction);
    ComparisonModel* model() const { return model_; }
    TableProxyModel* proxy() const { return proxy_; }
    QTableView* table() const { return table_; }
    NameFilterEdit* filterEdit() const { return filter_; }
    // The CSV that Copy as CSV puts on the clipboard (selected rows, or all shown).
    QString csv() const;

  public slots:
    void copyAsCsv();

  private:
    // `keep`: the same runs compared again (a live refresh, another band): the rows selected and
    // the scroll position stay.
    void rebuild(bool keep);

    ViewInput input_;
    ComparisonModel* model_;
    TableProxyModel* proxy_;
    QStackedWidget* stack_;
    QLabel* message_;
    QLabel* title_;
    QLabel* summary_;
    QLabel* differences_;  // what differs in the runs' machines and settings, before any verdict
    NameFilterEdit* filter_;
    QDoubleSpinBox* band_;
    QTableView* table_;
    VariantRowSync* sync_;
};

}  // namespace costscope
