// The "Tables" tab: the variant summary and the kernel summary of a run, each sortable and
// filterable by name, with Copy as CSV; a selected variant row selects it everywhere.
#pragma once

#include <QWidget>

#include "app/core/RunData.h"

class QLabel;
class QStackedWidget;
class QTabWidget;
class QTableView;

namespace costscope {

class KernelTableModel;
class NameFilterEdit;
class TableProxyModel;
class VariantSelection;
class CopyTableModel;
class VariantRowSync;
class VariantTableModel;

class TablesView : public QWidget {
    Q_OBJECT
  public:
    explicit TablesView(VariantSelection* selection, QWidget* parent = nullptr);

    // Shows input.run (with a baseline, the candidate's tables). The same run read again (a live
    // refresh) keeps the rows selected and the scroll positions.
    void setInput(const ViewInput& input);

    VariantTableModel* variantModel() const { return variantModel_; }
    KernelTableModel* kernelModel() const { return kernelModel_; }
    TableProxyModel* variantProxy() const { return variantProxy_; }
    TableProxyModel* kernelProxy() const { return kernelProxy_; }
    QTableView* variantTable() const { return variantTable_; }
    QTableView* kernelTable() const { return kernelTable_; }
    CopyTableModel* copyModel() const { return copyModel_; }
    QTableView* copyTable() const { return copyTable_; }
    QTabWidget* tabs() const { return tabs_; }
    NameFilterEdit* filterEdit() const { return filter_; }
    // Empty when the kernel table has rows; else the sentence shown in its place.
    QString kernelMessage() const;
    // Empty when the copies table has rows; else the sentence shown in its place.
    QString copyMessage() const;
    // The CSV of the table on the current tab, as Copy as CSV writes it.
    QString csv() const;

  public slots:
    void copyAsCsv();

  private:
    VariantTableModel* variantModel_;
    KernelTableModel* kernelModel_;
    TableProxyModel* variantProxy_;
    TableProxyModel* kernelProxy_;
    QTabWidget* tabs_;
    NameFilterEdit* filter_;
    QTableView* variantTable_;
    QTableView* kernelTable_;
    QStackedWidget* kernelStack_;
    QLabel* kernelMessage_;
    CopyTableModel* copyModel_;
    TableProxyModel* copyProxy_;
    QTableView* copyTable_;
    QStackedWidget* copyStack_;
    QLabel* copyMessage_;
    VariantRowSync* sync_;
    ViewInput input_;

    QTableView* currentTable() const;
};

}  // namespace costscope
