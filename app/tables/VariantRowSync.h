// Keeps a table's current row and the shared variant selection in step: picking a row selects
// its variant everywhere, and a variant selected elsewhere becomes the table's current row.
#pragma once

#include <QObject>
#include <QString>

class QTableView;

namespace costscope {

class VariantSelection;

class VariantRowSync : public QObject {
    Q_OBJECT
  public:
    // `nameRole`: the role of the table's model that gives a row's variant name (column 0).
    VariantRowSync(QTableView* table, int nameRole, VariantSelection* selection);

    // Shows the selection again, after the table's model was reset.
    void refresh();

  private:
    void show(const QString& name);

    QTableView* table_;
    int nameRole_;
    VariantSelection* selection_;
};

}  // namespace costscope
