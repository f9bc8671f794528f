// VariantRowSync: the table's current row follows the selection, and sets it.
#include "app/tables/VariantRowSync.h"

#include <QItemSelectionModel>
#include <QTableView>

#include "app/core/VariantSelection.h"

namespace costscope {

VariantRowSync::VariantRowSync(QTableView* table, int nameRole, VariantSelection* selection)
    : QObject(table), table_(table), nameRole_(nameRole), selection_(selection) {
    if (!selection_) {
        return;
    }
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                // An invalid current row (model reset, row filtered out) is no choice of the user.
                if (current.isValid()) {
                    selection_->select(current.siblingAtColumn(0).data(nameRole_).toString());
                }
            });
    connect(selection_, &VariantSelection::changed, this, &VariantRowSync::show);
}

void VariantRowSync::refresh() {
    if (selection_) {
        show(selection_->current());
    }
}

void VariantRowSync::show(const QString& name) {
    const QAbstractItemModel* model = table_->model();
    QModelIndex found;
    for (int row = 0; !name.isEmpty() && row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data(nameRole_).toString() == name) {
            found = index;
            break;
        }
    }
    QItemSelectionModel* selectionModel = table_->selectionModel();
    if (!found.isValid()) {
        selectionModel->clearSelection();
        return;
    }
    if (selectionModel->currentIndex().row() == found.row() &&
        selectionModel->isRowSelected(found.row())) {
        return;
    }
    selectionModel->setCurrentIndex(
        found, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    table_->scrollTo(found);
}

}  // namespace costscope
