// A table whose first column stays put while the others scroll sideways under it, so a row's
// name stays in sight beside its figures: a second view over the same model, showing only that
// column, laid over the left edge and kept in step with the table (scrolling, row heights, the
// column's width, selection, sorting).
#pragma once

#include <QTableView>

namespace costscope {

class FrozenColumnTable : public QTableView {
    Q_OBJECT
  public:
    explicit FrozenColumnTable(QWidget* parent = nullptr);

    // Also the frozen view's model, sharing the table's selection. Set up the table (selection
    // behaviour, row height ...) first: the frozen view copies it here.
    void setModel(QAbstractItemModel* model) override;
    // The view over the first column (the model's column 0, kept at the left).
    QTableView* frozenView() const { return frozen_; }

    // Scrolls sideways only as far as a cell needs to show beside the frozen column; the frozen
    // column's own cells scroll the rows only.
    void scrollTo(const QModelIndex& index, ScrollHint hint = EnsureVisible) override;

  protected:
    void resizeEvent(QResizeEvent* event) override;
    void updateGeometries() override;
    QModelIndex moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers) override;

  private:
    void place();
    void showFrozenColumnOnly();
    void sortFromFrozenHeader(int section);

    QTableView* frozen_;
};

}  // namespace costscope
