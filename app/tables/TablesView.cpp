// TablesView: the variant and kernel tables behind their proxies, the filter, Copy as CSV, and
// the shared variant selection.
#include "app/tables/TablesView.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "app/tables/CopyTableModel.h"
#include "app/tables/FrozenColumnTable.h"
#include "app/tables/KernelTableModel.h"
#include "app/tables/NameFilterEdit.h"
#include "app/tables/TableCsv.h"
#include "app/tables/TableProxyModel.h"
#include "app/tables/TableState.h"
#include "app/tables/VariantRowSync.h"
#include "app/tables/VariantTableModel.h"

using namespace Qt::StringLiterals;

namespace costscope {

TablesView::TablesView(VariantSelection* selection, QWidget* parent)
    : QWidget(parent),
      variantModel_(new VariantTableModel(this)),
      kernelModel_(new KernelTableModel(this)),
      variantProxy_(
          new TableProxyModel(VariantTableModel::SortRole, VariantTableModel::Name, this)),
      kernelProxy_(new TableProxyModel(KernelTableModel::SortRole, KernelTableModel::Name, this)),
      tabs_(new QTabWidget(this)),
      filter_(new NameFilterEdit(this)),
      // The variant's name stays in sight while the two dozen columns of figures scroll by.
      variantTable_(setUpSortableTable(new FrozenColumnTable(this))),
      kernelTable_(makeSortableTable(this)),
      kernelStack_(new QStackedWidget(this)),
      kernelMessage_(new QLabel(this)),
      copyModel_(new CopyTableModel(this)),
      copyProxy_(new TableProxyModel(CopyTableModel::SortRole, CopyTableModel::Operation, this)),
      copyTable_(makeSortableTable(this)),
      copyStack_(new QStackedWidget(this)),
      copyMessage_(new QLabel(this)),
      sync_(nullptr) {
    variantProxy_->setSourceModel(variantModel_);
    kernelProxy_->setSourceModel(kernelModel_);
    variantTable_->setModel(variantProxy_);
    kernelTable_->setModel(kernelProxy_);
    kernelTable_->horizontalHeader()->setStretchLastSection(true);
    filter_->addProxy(variantProxy_);
    filter_->addProxy(kernelProxy_);
    copyProxy_->setSourceModel(copyModel_);
    copyTable_->setModel(copyProxy_);
    copyTable_->horizontalHeader()->setStretchLastSection(true);
    filter_->addProxy(copyProxy_);
    sync_ = new VariantRowSync(variantTable_, VariantTableModel::NameRole, selection);

    auto* copy = new QPushButton(u"Copy as CSV"_s, this);
    copy->setToolTip(u"Copies the selected rows, or every row shown, with the header"_s);
    kernelMessage_->setAlignment(Qt::AlignCenter);
    kernelMessage_->setWordWrap(true);
    kernelStack_->addWidget(kernelTable_);
    kernelStack_->addWidget(kernelMessage_);
    tabs_->addTab(variantTable_, u"Variants"_s);
    tabs_->addTab(kernelStack_, u"Kernels"_s);
    copyMessage_->setAlignment(Qt::AlignCenter);
    copyMessage_->setWordWrap(true);
    copyStack_->addWidget(copyTable_);
    copyStack_->addWidget(copyMessage_);
    tabs_->addTab(copyStack_, u"Copies"_s);

    auto* bar = new QHBoxLayout;
    bar->addWidget(filter_, 1);
    bar->addWidget(copy);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(tabs_, 1);
    connect(copy, &QPushButton::clicked, this, &TablesView::copyAsCsv);
    setInput({});
}

void TablesView::setInput(const ViewInput& input) {
    const bool refresh = isRefreshOf(input, input_);
    input_ = input;
    const TableState variantRows(*variantTable_, VariantTableModel::Name);
    const TableState kernelRows(*kernelTable_, KernelTableModel::Name);
    variantModel_->setResults(input.run);
    kernelModel_->setResults(input.run);
    const bool kernels = input.run && !input.run->kernels.empty();
    tabs_->setTabText(1, kernels ? u"Kernels (%1)"_s.arg(input.run->kernels.size()) : u"Kernels"_s);
    QString message;
    if (!input.run) {
        message = u"Open a recording to see its kernels."_s;
    } else if (!kernels) {
        message = input.run->device("gpu") ? u"No GPU kernel was recorded in this run."_s
                                           : u"No GPU kernels: this run measured the CPU only."_s;
    }
    kernelMessage_->setText(message);
    kernelStack_->setCurrentWidget(message.isEmpty() ? static_cast<QWidget*>(kernelTable_)
                                                     : kernelMessage_);
    const TableState copyRows(*copyTable_, CopyTableModel::Operation);
    copyModel_->setResults(input.run);
    const bool copies = input.run && !input.run->copies.empty();
    tabs_->setTabText(2, copies ? u"Copies (%1)"_s.arg(input.run->copies.size()) : u"Copies"_s);
    const QString noCopies = !input.run ? u"Open a recording to see its copies and memsets."_s
                             : copies   ? QString()
                                        : u"No copy or memset on a GPU was recorded in this run."_s;
    copyMessage_->setText(noCopies);
    copyStack_->setCurrentWidget(noCopies.isEmpty() ? static_cast<QWidget*>(copyTable_)
                                                    : copyMessage_);
    fitColumnsToContents(*variantTable_);
    fitColumnsToContents(*kernelTable_, 640);
    fitColumnsToContents(*copyTable_, 320);
    if (refresh) {
        variantRows.restore(*variantTable_);
        kernelRows.restore(*kernelTable_);
        copyRows.restore(*copyTable_);
    } else {
        sync_->refresh();
    }
}

QString TablesView::kernelMessage() const {
    return kernelStack_->currentWidget() == kernelMessage_ ? kernelMessage_->text() : QString();
}

QString TablesView::copyMessage() const {
    return copyStack_->currentWidget() == copyMessage_ ? copyMessage_->text() : QString();
}

QTableView* TablesView::currentTable() const {
    switch (tabs_->currentIndex()) {
        case 0:
            return variantTable_;
        case 1:
            return kernelTable_;
        default:
            return copyTable_;
    }
}

QString TablesView::csv() const {
    return tableToCsv(*currentTable());
}

void TablesView::copyAsCsv() {
    copyTableAsCsv(*currentTable());
}

}  // namespace costscope
