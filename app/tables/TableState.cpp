// TableState: selected rows by key, the current row, the scroll bars.
#include "app/tables/TableState.h"

#include <QItemSelectionModel>
#include <QScrollBar>
#include <QTableView>

namespace costscope {

TableState::TableState(const QTableView& table, int keyColumn)
    : keyColumn_(keyColumn),
      horizontal_(table.horizontalScrollBar()->value()),
      vertical_(table.verticalScrollBar()->value()) {
    const QItemSelectionModel* selection = table.selectionModel();
    if (selection == nullptr) {
        return;
    }
    for (const QModelIndex& row : selection->selectedRows(keyColumn_)) {
        selected_.insert(row.data().toString());
    }
    if (selection->currentIndex().isValid()) {
        current_ = selection->currentIndex().siblingAtColumn(keyColumn_).data().toString();
    }
}

void TableState::restore(QTableView& table) const {
    const QAbstractItemModel* model = table.model();
    QItemSelectionModel* selection = table.selectionModel();
    if (model == nullptr || selection == nullptr) {
        return;
    }
    QItemSelection rows;
    QModelIndex current;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex key = model->index(row, keyColumn_);
        const QString text = key.data().toString();
        if (selected_.contains(text)) {
            rows.select(key, key);
        }
        if (!current_.isEmpty() && text == current_) {
            current = key;
        }
    }
    if (current.isValid()) {
        selection->setCurrentIndex(current, QItemSelectionModel::NoUpdate);
    }
    selection->select(rows, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    // The scroll bars' ranges follow the new rows only at the next layout: lay out now.
    table.doItemsLayout();
    table.horizontalScrollBar()->setValue(horizontal_);
    table.verticalScrollBar()->setValue(vertical_);
}

}  // namespace costscope
