// ComparisonView: compareRuns() on the two runs, shown through ComparisonModel.
#include "app/comparison/ComparisonView.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "app/comparison/ComparisonModel.h"
#include "app/tables/NameFilterEdit.h"
#include "app/tables/TableCsv.h"
#include "app/tables/TableProxyModel.h"
#include "app/tables/VariantRowSync.h"

using namespace Qt::StringLiterals;

namespace costscope {

ComparisonView::ComparisonView(VariantSelection* selection, QWidget* parent)
    : QWidget(parent),
      model_(new ComparisonModel(this)),
      proxy_(new TableProxyModel(ComparisonModel::SortRole, ComparisonModel::Variant, this)),
      stack_(new QStackedWidget(this)),
      message_(new QLabel(this)),
      title_(new QLabel(this)),
      summary_(new QLabel(this)),
      filter_(new NameFilterEdit(this)),
      table_(makeSortableTable(this)),
      sync_(nullptr) {
    proxy_->setSourceModel(model_);
    table_->setModel(proxy_);
    filter_->addProxy(proxy_);
    sync_ = new VariantRowSync(table_, ComparisonModel::NameRole, selection);

    message_->setAlignment(Qt::AlignCenter);
    message_->setWordWrap(true);
    title_->setTextFormat(Qt::PlainText);
    title_->setWordWrap(true);
    summary_->setTextFormat(Qt::PlainText);
    summary_->setWordWrap(true);
    auto* copy = new QPushButton(u"Copy as CSV"_s, this);
    copy->setToolTip(u"Copies the selected rows, or every row shown, with the header"_s);

    auto* page = new QWidget(this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(filter_, 1);
    bar->addWidget(copy);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title_);
    layout->addWidget(summary_);
    layout->addLayout(bar);
    layout->addWidget(table_, 1);
    stack_->addWidget(message_);
    stack_->addWidget(page);
    auto* outer = new QVBoxLayout(this);
    outer->addWidget(stack_);
    connect(copy, &QPushButton::clicked, this, &ComparisonView::copyAsCsv);
    setInput({});
}

void ComparisonView::setInput(const ViewInput& input) {
    if (!input.run || !input.baseline) {
        model_->setResults({});
        message_->setText(u"Pick two runs in the run browser to compare them."_s);
        stack_->setCurrentWidget(message_);
        return;
    }
    model_->setResults(compareRuns(input.baseline, input.run));
    const RunComparison& comparison = model_->comparison();
    const bool device = comparison.hasDeviceTimes();
    for (int column = ComparisonModel::BaselineDeviceMs; column < ComparisonModel::ColumnCount;
         ++column) {
        table_->setColumnHidden(column, !device);
    }
    title_->setText(u"Baseline: "_s + input.baseline->label() + u"  →  Candidate: "_s +
                    input.run->label());
    summary_->setText(summary());
    fitColumnsToContents(*table_);
    stack_->setCurrentIndex(1);
    sync_->refresh();
}

QString ComparisonView::message() const {
    return stack_->currentWidget() == message_ ? message_->text() : QString();
}

QString ComparisonView::summary() const {
    const RunComparison& comparison = model_->comparison();
    if (!comparison.baseline) {
        return {};
    }
    QString text = QString::number(comparison.count(DiffVerdict::Faster)) + u" faster, "_s +
                   QString::number(comparison.count(DiffVerdict::Slower)) + u" slower, "_s +
                   QString::number(comparison.count(DiffVerdict::NoSignificantChange)) +
                   u" no significant change"_s;
    // The rows without a verdict, only when there are any.
    for (const DiffVerdict other : {DiffVerdict::TooFewSamples, DiffVerdict::NotMeasured,
                                    DiffVerdict::OnlyInBaseline, DiffVerdict::OnlyInCandidate}) {
        if (const int n = comparison.count(other); n > 0) {
            text += u", "_s + QString::number(n) + u' ' + toString(other);
        }
    }
    return text + u" (Mann-Whitney U, α = "_s + QString::number(comparison.alpha) + u')';
}

QString ComparisonView::csv() const {
    return tableToCsv(*table_);
}

void ComparisonView::copyAsCsv() {
    copyTableAsCsv(*table_);
}

}  // namespace costscope
