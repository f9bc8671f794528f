// The "Compare two runs" tab: the diff table of a candidate against its baseline, a summary of
// the verdicts, a name filter and Copy as CSV.
#pragma once

#include <QWidget>

#include "app/core/RunData.h"

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
    // "12 faster, 3 slower, 20 no significant change (Mann-Whitney U, α = 0.05)".
    QString summary() const;
    ComparisonModel* model() const { return model_; }
    TableProxyModel* proxy() const { return proxy_; }
    QTableView* table() const { return table_; }
    NameFilterEdit* filterEdit() const { return filter_; }
    // The CSV that Copy as CSV puts on the clipboard (selected rows, or all shown).
    QString csv() const;

  public slots:
    void copyAsCsv();

  private:
    ComparisonModel* model_;
    TableProxyModel* proxy_;
    QStackedWidget* stack_;
    QLabel* message_;
    QLabel* title_;
    QLabel* summary_;
    NameFilterEdit* filter_;
    QTableView* table_;
    VariantRowSync* sync_;
};

}  // namespace costscope
