// FrozenColumnTable: the overlaid view over column 0 and what keeps the two views in step.
#include "app/tables/FrozenColumnTable.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QScrollBar>

using namespace Qt::StringLiterals;

namespace costscope {

namespace {
constexpr int kFrozen = 0;  // the model column that stays in place
}  // namespace

FrozenColumnTable::FrozenColumnTable(QWidget* parent)
    : QTableView(parent), frozen_(new QTableView(this)) {
    frozen_->setObjectName(u"frozenColumn"_s);
    frozen_->setFocusPolicy(Qt::NoFocus);
    frozen_->setFrameShape(QFrame::NoFrame);
    frozen_->verticalHeader()->hide();
    frozen_->horizontalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    frozen_->horizontalHeader()->setHighlightSections(false);
    frozen_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    frozen_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Pixel scrolling in both, so that the rows of the two views line up at any position.
    for (QTableView* view : {static_cast<QTableView*>(this), frozen_}) {
        view->setHorizontalScrollMode(ScrollPerPixel);
        view->setVerticalScrollMode(ScrollPerPixel);
    }
    // Over the table's cells, under its scroll bars and frame.
    viewport()->stackUnder(frozen_);

    connect(horizontalHeader(), &QHeaderView::sectionResized, this,
            [this](int logical, int, int size) {
                if (logical == kFrozen) {
                    frozen_->setColumnWidth(kFrozen, size);
                    place();
                }
            });
    connect(verticalHeader(), &QHeaderView::sectionResized, this,
            [this](int logical, int, int size) { frozen_->setRowHeight(logical, size); });
    // The frozen column is drawn at the left: the table keeps it there when columns are moved.
    connect(horizontalHeader(), &QHeaderView::sectionMoved, this, [this] {
        if (horizontalHeader()->logicalIndex(0) != kFrozen) {
            horizontalHeader()->moveSection(horizontalHeader()->visualIndex(kFrozen), 0);
        }
    });
    connect(frozen_->verticalScrollBar(), &QAbstractSlider::valueChanged, verticalScrollBar(),
            &QAbstractSlider::setValue);
    connect(verticalScrollBar(), &QAbstractSlider::valueChanged, frozen_->verticalScrollBar(),
            &QAbstractSlider::setValue);
    // One sort for both: a click on the frozen header sorts the table, whose indicator both show.
    frozen_->horizontalHeader()->setSectionsClickable(true);
    frozen_->horizontalHeader()->setSortIndicatorShown(true);
    connect(frozen_->horizontalHeader(), &QHeaderView::sectionClicked, this,
            &FrozenColumnTable::sortFromFrozenHeader);
    connect(horizontalHeader(), &QHeaderView::sortIndicatorChanged, this,
            [this](int section, Qt::SortOrder order) {
                frozen_->horizontalHeader()->setSortIndicator(section, order);
            });
}

void FrozenColumnTable::setModel(QAbstractItemModel* model) {
    QTableView::setModel(model);
    frozen_->setModel(model);
    // One selection for both views; the frozen view's own, made by setModel(), goes.
    QItemSelectionModel* own = frozen_->selectionModel();
    frozen_->setSelectionModel(selectionModel());
    delete own;
    frozen_->setSelectionBehavior(selectionBehavior());
    frozen_->setSelectionMode(selectionMode());
    frozen_->setEditTriggers(editTriggers());
    frozen_->setAlternatingRowColors(alternatingRowColors());
    frozen_->setWordWrap(wordWrap());
    frozen_->setTextElideMode(textElideMode());
    frozen_->verticalHeader()->setDefaultSectionSize(verticalHeader()->defaultSectionSize());
    frozen_->horizontalHeader()->setSortIndicator(horizontalHeader()->sortIndicatorSection(),
                                                  horizontalHeader()->sortIndicatorOrder());
    if (model != nullptr) {
        connect(model, &QAbstractItemModel::modelReset, this,
                &FrozenColumnTable::showFrozenColumnOnly, Qt::UniqueConnection);
        connect(model, &QAbstractItemModel::columnsInserted, this,
                &FrozenColumnTable::showFrozenColumnOnly, Qt::UniqueConnection);
    }
    showFrozenColumnOnly();
}

void FrozenColumnTable::showFrozenColumnOnly() {
    const QAbstractItemModel* shown = model();
    for (int column = 0; shown != nullptr && column < shown->columnCount(); ++column) {
        frozen_->setColumnHidden(column, column != kFrozen);
    }
    frozen_->setColumnWidth(kFrozen, columnWidth(kFrozen));
    place();
}

void FrozenColumnTable::sortFromFrozenHeader(int section) {
    if (section != kFrozen || !isSortingEnabled()) {
        return;
    }
    const QHeaderView* header = horizontalHeader();
    const Qt::SortOrder order = header->sortIndicatorSection() == kFrozen &&
                                        header->sortIndicatorOrder() == Qt::AscendingOrder
                                    ? Qt::DescendingOrder
                                    : Qt::AscendingOrder;
    sortByColumn(kFrozen, order);
}

void FrozenColumnTable::place() {
    const bool shown = model() != nullptr && !isColumnHidden(kFrozen);
    frozen_->setVisible(shown);
    if (!shown) {
        return;
    }
    // Its header as tall as the table's (whose other columns may need two lines), so the rows
    // line up.
    frozen_->horizontalHeader()->setFixedHeight(horizontalHeader()->height());
    // Over the frozen column exactly: from the frame's inside edge, header included, down to the
    // horizontal scroll bar. Its width is the frozen view's own: the table's header reports a new
    // width (sectionResized) before columnWidth() answers with it.
    frozen_->setGeometry(
        verticalHeader()->isHidden() ? frameWidth() : verticalHeader()->width() + frameWidth(),
        frameWidth(), frozen_->columnWidth(kFrozen),
        viewport()->height() + horizontalHeader()->height());
}

void FrozenColumnTable::resizeEvent(QResizeEvent* event) {
    QTableView::resizeEvent(event);
    place();
}

void FrozenColumnTable::updateGeometries() {
    QTableView::updateGeometries();
    place();
}

QModelIndex FrozenColumnTable::moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers) {
    const QModelIndex current = QTableView::moveCursor(action, modifiers);
    // Moving left onto a cell under the frozen column: scroll it out from under it.
    const int under = columnWidth(kFrozen) - visualRect(current).left();
    if (action == MoveLeft && current.column() != kFrozen && under > 0) {
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - under);
    }
    return current;
}

void FrozenColumnTable::scrollTo(const QModelIndex& index, ScrollHint hint) {
    const int sideways = horizontalScrollBar()->value();
    QTableView::scrollTo(index, hint);
    if (!index.isValid()) {
        return;
    }
    if (index.column() == kFrozen) {
        horizontalScrollBar()->setValue(sideways);  // always in sight: only the rows scroll
        return;
    }
    const int under = columnWidth(kFrozen) - visualRect(index).left();
    if (under > 0) {
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - under);
    }
}

}  // namespace costscope
