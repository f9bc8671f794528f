// The variant table's name column stays in sight while the figures scroll sideways, its rows
// level with the table's, and a click on a name selects that row everywhere; a live refresh of
// the same run keeps the rows selected.
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <memory>

#include "app/core/RunLoader.h"
#include "app/core/VariantSelection.h"
#include "app/tables/FrozenColumnTable.h"
#include "app/tables/TablesView.h"
#include "app/tables/VariantTableModel.h"
#include "tests/gui/support/FixtureRecording.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

// The view that shows what is drawn at `point` of `table` (a point in the table's coordinates),
// and the index there.
QModelIndex shownAt(QTableView* table, const QPoint& point) {
    QWidget* widget = table->childAt(point);
    auto* view = widget != nullptr ? qobject_cast<QTableView*>(widget->parentWidget()) : nullptr;
    if (view == nullptr || widget != view->viewport()) {
        return {};
    }
    return view->indexAt(view->viewport()->mapFrom(table, point));
}

}  // namespace

class FrozenColumnTest : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
        const auto path = dir_.file("runs.sqlite");
        run_ = std::make_shared<const RunData>(
            loadRun(path, test::writeFixtureRun(path, {.seed = 1})));
    }

    void theNameStaysInSightWhenScrolledRight() {
        VariantSelection selection;
        TablesView view(&selection);
        view.resize(520, 360);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setInput({run_, nullptr});
        QTableView* table = view.variantTable();
        QScrollBar* sideways = table->horizontalScrollBar();
        QVERIFY2(sideways->maximum() > 0, "the table must be wider than the view for this test");

        const int rowY = table->horizontalHeader()->height() + table->rowHeight(0) / 2 + 1;
        const QPoint left(table->frameWidth() + 6, rowY);
        const QModelIndex before = shownAt(table, left);
        QCOMPARE(before.column(), int(VariantTableModel::Name));

        sideways->setValue(sideways->maximum());
        QCoreApplication::processEvents();
        // The table itself has scrolled its first columns away ...
        QVERIFY(table->columnViewportPosition(VariantTableModel::Name) < 0);
        // ... but at its left edge the name is still what one reads.
        const QModelIndex after = shownAt(table, left);
        QVERIFY(after.isValid());
        QCOMPARE(after.column(), int(VariantTableModel::Name));
        QCOMPARE(after.data().toString(),
                 table->model()->index(after.row(), VariantTableModel::Name).data().toString());
        QCOMPARE(after.row(), table->rowAt(table->viewport()->mapFrom(table, left).y()));

        // Scrolled down too, the names keep level with their rows.
        table->verticalScrollBar()->setValue(table->verticalScrollBar()->maximum());
        QCoreApplication::processEvents();
        const QModelIndex low = shownAt(table, left);
        QVERIFY(low.isValid());
        QVERIFY(low.row() > after.row());
        QCOMPARE(low.row(), table->rowAt(table->viewport()->mapFrom(table, left).y()));
    }

    void theFrozenViewFollowsWidthSortAndSelection() {
        VariantSelection selection;
        TablesView view(&selection);
        view.resize(520, 360);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setInput({run_, nullptr});
        auto* table = qobject_cast<FrozenColumnTable*>(view.variantTable());
        QVERIFY(table != nullptr);
        QTableView* frozen = table->frozenView();
        QVERIFY(frozen->isVisible());
        QCOMPARE(frozen->width(), table->columnWidth(VariantTableModel::Name));
        for (int column = 0; column < table->model()->columnCount(); ++column) {
            QCOMPARE(frozen->isColumnHidden(column), column != VariantTableModel::Name);
        }
        table->setColumnWidth(VariantTableModel::Name, 150);
        QCOMPARE(frozen->width(), 150);

        // The name column cannot be dragged away from the left.
        table->horizontalHeader()->moveSection(0, 3);
        QCOMPARE(table->horizontalHeader()->logicalIndex(0), int(VariantTableModel::Name));

        // A click on a name selects its row in the table and the variant everywhere.
        const QModelIndex third = frozen->model()->index(2, VariantTableModel::Name);
        QTest::mouseClick(frozen->viewport(), Qt::LeftButton, {},
                          frozen->visualRect(third).center());
        QVERIFY(table->selectionModel()->isRowSelected(2));
        QCOMPARE(selection.current(), third.data(VariantTableModel::NameRole).toString());

        // Sorting from the frozen header sorts the table.
        QTest::mouseClick(frozen->horizontalHeader()->viewport(), Qt::LeftButton, {},
                          QPoint(10, frozen->horizontalHeader()->height() / 2));
        QCOMPARE(table->horizontalHeader()->sortIndicatorSection(), int(VariantTableModel::Name));
        QCOMPARE(frozen->horizontalHeader()->sortIndicatorSection(), int(VariantTableModel::Name));
        auto* proxy = qobject_cast<QSortFilterProxyModel*>(table->model());
        QVERIFY(proxy != nullptr);
        QCOMPARE(proxy->sortColumn(), int(VariantTableModel::Name));
        // The frozen view shows the table's rows in the table's order.
        QCOMPARE(frozen->model(), table->model());
    }

    void aRefreshOfTheSameRunKeepsTheRowsSelected() {
        VariantSelection selection;
        TablesView view(&selection);
        view.resize(520, 360);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setInput({run_, nullptr});
        QCoreApplication::processEvents();  // the table lays its rows out
        QTableView* table = view.variantTable();
        table->selectionModel()->select(
            QItemSelection(table->model()->index(1, 0), table->model()->index(3, 0)),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        table->verticalScrollBar()->setValue(table->verticalScrollBar()->maximum());
        const int scrolled = table->verticalScrollBar()->value();
        QVERIFY(scrolled > 0);

        // The same run read again: another RunData of the same file and id.
        const auto again = std::make_shared<const RunData>(*run_);
        view.setInput({again, nullptr});
        QCOMPARE(table->selectionModel()->selectedRows().size(), 3);
        for (int row = 1; row <= 3; ++row) {
            QVERIFY(table->selectionModel()->isRowSelected(row));
        }
        QCOMPARE(table->verticalScrollBar()->value(), scrolled);
    }

  private:
    test::ScratchDir dir_;
    RunDataPtr run_;
};

}  // namespace costscope

QTEST_MAIN(costscope::FrozenColumnTest)
#include "FrozenColumnTest.moc"
