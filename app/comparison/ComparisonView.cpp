// ComparisonView: compareRuns() on the two runs, shown through ComparisonModel.
#include "app/comparison/ComparisonView.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "app/comparison/ComparisonModel.h"
#include "app/core/Format.h"
#include "app/headline/Headline.h"
#include "app/tables/NameFilterEdit.h"
#include "app/tables/TableCsv.h"
#include "app/tables/TableProxyModel.h"
#include "app/tables/TableState.h"
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
      differences_(new QLabel(this)),
      filter_(new NameFilterEdit(this)),
      band_(new QDoubleSpinBox(this)),
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
    differences_->setObjectName(u"differences"_s);
    differences_->setTextFormat(Qt::RichText);
    differences_->setWordWrap(true);
    band_->setObjectName(u"equivalenceBand"_s);
    band_->setRange(0.1, 50.0);
    band_->setDecimals(1);
    band_->setSingleStep(0.5);
    band_->setPrefix(u"same within ±"_s);
    band_->setSuffix(u" %"_s);
    band_->setValue(kDefaultEquivalence * 100);
    band_->setToolTip(
        u"The band of practical equivalence: a change whose 95 % interval lies wholly inside it "
        u"is \"same\", wholly outside it \"faster\" or \"slower\", across an edge "
        u"\"inconclusive\""_s);
    auto* copy = new QPushButton(u"Copy as CSV"_s, this);
    copy->setToolTip(u"Copies the selected rows, or every row shown, with the header"_s);

    auto* page = new QWidget(this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(filter_, 1);
    bar->addWidget(band_);
    bar->addWidget(copy);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title_);
    layout->addWidget(differences_);
    layout->addWidget(summary_);
    layout->addLayout(bar);
    layout->addWidget(table_, 1);
    stack_->addWidget(message_);
    stack_->addWidget(page);
    auto* outer = new QVBoxLayout(this);
    outer->addWidget(stack_);
    connect(copy, &QPushButton::clicked, this, &ComparisonView::copyAsCsv);
    connect(band_, &QDoubleSpinBox::valueChanged, this, [this] { rebuild(true); });
    setInput({});
}

double ComparisonView::equivalence() const {
    return band_->value() / 100.0;
}

void ComparisonView::setEquivalence(double fraction) {
    band_->setValue(fraction * 100.0);
}

void ComparisonView::setInput(const ViewInput& input) {
    const bool refresh = isRefreshOf(input, input_);
    input_ = input;
    rebuild(refresh);
}

void ComparisonView::rebuild(bool keep) {
    const ViewInput& input = input_;
    const TableState state(*table_, ComparisonModel::Variant);
    if (!input.run || !input.baseline) {
        model_->setResults({});
        message_->setText(u"Pick two runs in the run browser to compare them."_s);
        stack_->setCurrentWidget(message_);
        return;
    }
    model_->setResults(compareRuns(input.baseline, input.run, equivalence()));
    const RunComparison& comparison = model_->comparison();
    const bool device = comparison.hasDeviceTimes(), energy = comparison.hasEnergy(),
               imported = comparison.hasImported();
    for (int column = ComparisonModel::BaselineDeviceMs; column < ComparisonModel::ColumnCount;
         ++column) {
        table_->setColumnHidden(column, ComparisonModel::isTotalsColumn(column)   ? !imported
                                        : ComparisonModel::isEnergyColumn(column) ? !energy
                                                                                  : !device);
    }
    const auto [baselineLabel, candidateLabel] = distinctLabels(*input.baseline, *input.run);
    title_->setText(u"Baseline: "_s + baselineLabel + u"  →  Candidate: "_s + candidateLabel);
    QStringList rows;
    for (const SettingDiff& diff : settingDiffs(*input.baseline, *input.run)) {
        rows << u"<tr><td>"_s + diff.setting.toHtmlEscaped() + u"</td><td>"_s +
                    diff.baseline.toHtmlEscaped() + u"</td><td>"_s +
                    diff.candidate.toHtmlEscaped() + u"</td><td align=\"right\">"_s +
                    (diff.ratio ? u"×"_s + formatNumber(*diff.ratio) : QString()) + u"</td></tr>"_s;
    }
    differences_->setText(
        rows.isEmpty()
            ? u"<i>The two runs' machines and settings are recorded the same.</i>"_s
            : u"<b>What differs between the runs</b><table cellspacing=\"0\" cellpadding=\"2\">"
              u"<tr><th align=\"left\">Setting</th><th align=\"left\">Baseline</th>"
              u"<th align=\"left\">Candidate</th><th>Candidate / baseline</th></tr>"_s +
                  rows.join(QString()) + u"</table>"_s);
    const QString oneWay = comparison.oneWayNote();
    summary_->setText(oneWay.isEmpty() ? summary() : summary() + u'\n' + oneWay);
    fitColumnsToContents(*table_);
    stack_->setCurrentIndex(1);
    if (keep) {
        state.restore(*table_);
    } else {
        sync_->refresh();
    }
}

QString ComparisonView::message() const {
    return stack_->currentWidget() == message_ ? message_->text() : QString();
}

QString ComparisonView::differences() const {
    return differences_->text();
}

QString ComparisonView::summary() const {
    return model_->comparison().summary();
}

QString ComparisonView::csv() const {
    return tableToCsv(*table_);
}

void ComparisonView::copyAsCsv() {
    copyTableAsCsv(*table_);
}

}  // namespace costscope
