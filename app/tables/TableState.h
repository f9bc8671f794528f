// What the user chose in a table that resetting its model would lose: the rows selected and the
// current one (known by a key column's text, as row numbers change), and the scroll position.
// Taken before a reset and put back after it, as a live refresh of the same run does.
#pragma once

#include <QSet>
#include <QString>

class QTableView;

namespace costscope {

class TableState {
  public:
    // Notes the state of `table`, rows known by the text of model column `keyColumn`.
    TableState(const QTableView& table, int keyColumn);

    // Selects the rows noted that are still there, makes the current one current again and
    // scrolls back to where the table was.
    void restore(QTableView& table) const;

  private:
    int keyColumn_;
    QSet<QString> selected_;
    QString current_;
    int horizontal_ = 0;
    int vertical_ = 0;
};

}  // namespace costscope
