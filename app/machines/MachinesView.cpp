// MachinesView: the goal and budget controls over FleetChoiceModel and FleetTableModel.
#include "app/machines/MachinesView.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

#include "app/charts/ChartStyle.h"
#include "app/core/FleetRuns.h"
#include "app/machines/FleetChoiceModel.h"
#include "app/machines/FleetTableModel.h"
#include "app/tables/NameFilterEdit.h"
#include "app/tables/TableCsv.h"
#include "app/tables/TableProxyModel.h"
#include "app/tables/TableState.h"
#include "app/tables/VariantRowSync.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

const QString kHowToPick =
    u"Pick two or more runs in the run browser (Ctrl+click or Shift+click them) and press "
    u"Compare machines: each run is a machine, and this tab sets them side by side, says which "
    u"machine and variant to choose for each workload, and marks the best machine of every "
    u"variant. A file merged by costscope-merge holds a run per machine: "
    u"costscope --view machines FILE opens all of its runs here."_s;

QLabel* sectionTitle(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    return label;
}

}  // namespace

MachinesView::MachinesView(VariantSelection* selection, QWidget* parent)
    : QWidget(parent),
      tableModel_(new FleetTableModel(this)),
      choiceModel_(new FleetChoiceModel(this)),
      tableProxy_(new TableProxyModel(FleetTableModel::SortRole, FleetTableModel::Variant, this)),
      choiceProxy_(
          new TableProxyModel(FleetChoiceModel::SortRole, FleetChoiceModel::Workload, this)),
      stack_(new QStackedWidget(this)),
      message_(new QLabel(this)),
      machines_(new QLabel(this)),
      tableTitle_(sectionTitle({}, this)),
      goalBox_(new QComboBox(this)),
      lossBox_(new QDoubleSpinBox(this)),
      errorBox_(new QDoubleSpinBox(this)),
      filter_(new NameFilterEdit(this)),
      table_(makeSortableTable(this)),
      choiceTable_(makeSortableTable(this)),
      splitter_(new QSplitter(Qt::Vertical, this)),
      tableSync_(nullptr),
      choiceSync_(nullptr) {
    tableProxy_->setSourceModel(tableModel_);
    table_->setModel(tableProxy_);
    table_->setObjectName(u"fleetTable"_s);
    choiceProxy_->setSourceModel(choiceModel_);
    choiceTable_->setModel(choiceProxy_);
    choiceTable_->setObjectName(u"fleetChoices"_s);
    choiceTable_->horizontalHeader()->setStretchLastSection(true);
    filter_->addProxy(tableProxy_);
    // A row of either table selects its variant in every view.
    tableSync_ = new VariantRowSync(table_, FleetTableModel::NameRole, selection);
    choiceSync_ = new VariantRowSync(choiceTable_, FleetChoiceModel::NameRole, selection);

    message_->setObjectName(u"machinesMessage"_s);
    message_->setAlignment(Qt::AlignCenter);
    message_->setWordWrap(true);
    message_->setMargin(24);
    machines_->setObjectName(u"machines"_s);
    machines_->setTextFormat(Qt::RichText);
    machines_->setWordWrap(true);
    machines_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    goalBox_->setObjectName(u"fleetGoal"_s);
    goalBox_->addItem(u"fastest"_s, int(FleetGoal::Fastest));
    goalBox_->addItem(u"cheapest"_s, int(FleetGoal::Cheapest));
    goalBox_->setToolTip(
        u"Fastest: the shortest median call. Cheapest: the lowest cost of a million calls at "
        u"each machine's hourly price (costscope-record --prices), the machine busy all the time "
        u"it is paid for."_s);
    const QualityBudget defaults;
    lossBox_->setObjectName(u"accuracyLoss"_s);
    lossBox_->setRange(0, 100);
    lossBox_->setSingleStep(0.5);
    lossBox_->setDecimals(1);
    lossBox_->setSuffix(u" points"_s);
    lossBox_->setValue(defaults.accuracyLossPoints);
    lossBox_->setToolTip(
        u"A model qualifies when its test accuracy is at most this many percentage points below "
        u"the dense FP32 model's (the teacher) on the same machine and device."_s);
    errorBox_->setObjectName(u"maxError"_s);
    errorBox_->setRange(0.001, 100);
    errorBox_->setSingleStep(0.5);
    errorBox_->setDecimals(3);
    errorBox_->setSuffix(u" %"_s);
    errorBox_->setValue(defaults.maxError * 100);
    errorBox_->setToolTip(
        u"A GEMM qualifies when its relative error against FP64 of the dense operands "
        u"(approx_error) is at most this; the dense FP32 product's own is about 1e-7."_s);

    // Short labels, the sentences in the tooltips: the tab must fit beside the run browser.
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(u"Choose the"_s, this));
    controls->addWidget(goalBox_);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(u"Models: accuracy loss up to"_s, this));
    controls->addWidget(lossBox_);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(u"GEMMs: error up to"_s, this));
    controls->addWidget(errorBox_);
    controls->addStretch(1);

    auto* copyChoices = new QPushButton(u"Copy as CSV"_s, this);
    copyChoices->setToolTip(u"Copies the selected rows, or every row, with the header"_s);
    auto* copyTable = new QPushButton(u"Copy as CSV"_s, this);
    copyTable->setToolTip(copyChoices->toolTip());
    connect(copyChoices, &QPushButton::clicked, this, [this] { copyTableAsCsv(*choiceTable_); });
    connect(copyTable, &QPushButton::clicked, this, [this] { copyTableAsCsv(*table_); });

    auto* choices = new QWidget(this);
    auto* choicesBar = new QHBoxLayout;
    choicesBar->addWidget(sectionTitle(u"<b>Which machine for which workload</b>"_s, this), 1);
    choicesBar->addWidget(copyChoices);
    auto* choicesLayout = new QVBoxLayout(choices);
    choicesLayout->setContentsMargins(0, 0, 0, 0);
    choicesLayout->addLayout(choicesBar);
    choicesLayout->addWidget(choiceTable_, 1);

    auto* variants = new QWidget(this);
    auto* variantsBar = new QHBoxLayout;
    variantsBar->addWidget(tableTitle_, 1);
    variantsBar->addWidget(filter_);
    variantsBar->addWidget(copyTable);
    auto* variantsLayout = new QVBoxLayout(variants);
    variantsLayout->setContentsMargins(0, 0, 0, 0);
    variantsLayout->addLayout(variantsBar);
    variantsLayout->addWidget(table_, 1);

    splitter_->addWidget(choices);
    splitter_->addWidget(variants);
    splitter_->setStretchFactor(0, 1);
    splitter_->setStretchFactor(1, 3);

    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(machines_);
    layout->addLayout(controls);
    layout->addWidget(splitter_, 1);
    stack_->addWidget(message_);
    stack_->addWidget(page);
    auto* outer = new QVBoxLayout(this);
    outer->addWidget(stack_);

    const auto changed = [this] {
        rebuild(true);
        emit settingsChanged();
    };
    connect(goalBox_, &QComboBox::activated, this, [this] { goalPicked_ = true; });
    connect(goalBox_, &QComboBox::currentIndexChanged, this, changed);
    connect(lossBox_, &QDoubleSpinBox::valueChanged, this, changed);
    connect(errorBox_, &QDoubleSpinBox::valueChanged, this, changed);
    setInput({});
}

FleetGoal MachinesView::goal() const {
    return FleetGoal(goalBox_->currentData().toInt());
}

void MachinesView::setGoal(FleetGoal goal) {
    goalPicked_ = true;
    goalBox_->setCurrentIndex(goalBox_->findData(int(goal)));
}

QualityBudget MachinesView::budget() const {
    return {.accuracyLossPoints = lossBox_->value(), .maxError = errorBox_->value() / 100};
}

void MachinesView::setBudget(const QualityBudget& budget) {
    lossBox_->setValue(budget.accuracyLossPoints);
    errorBox_->setValue(budget.maxError * 100);
}

void MachinesView::setInput(const ViewInput& input) {
    const bool refresh = isRefreshOf(input, input_);
    input_ = input;
    rebuild(refresh);
}

void MachinesView::rebuild(bool keep) {
    const TableState tableState(*table_, FleetTableModel::Variant);
    const TableState choiceState(*choiceTable_, FleetChoiceModel::Workload);
    if (input_.machines.size() < 2) {
        tableModel_->setResults({}, goal());
        choiceModel_->setResults({}, goal(), budget());
        const QString shown = !input_.run ? QString()
                              : input_.baseline
                                  ? u"Two runs are compared now, as a baseline and a candidate. "_s
                                  : u"One run is shown now: "_s + input_.run->label() + u". "_s;
        message_->setText(shown + kHowToPick);
        stack_->setCurrentWidget(message_);
        return;
    }
    // Machines new to the view are chosen by money when they were priced, unless the user chose.
    if (!keep && !goalPicked_) {
        const QSignalBlocker blocker(goalBox_);
        goalBox_->setCurrentIndex(goalBox_->findData(int(defaultGoal(input_.machines))));
    }
    tableModel_->setResults(input_.machines, goal());
    choiceModel_->setResults(input_.machines, goal(), budget());

    QStringList lines;
    for (size_t i = 0; i < tableModel_->machines().size(); ++i) {
        lines << u"<span style=\"color:"_s + machineColor(i).name() + u"\">■</span> "_s +
                     tableModel_->machines()[i].toHtmlEscaped();
    }
    machines_->setText(
        u"<b>Machines</b> (one run each, in the order picked; their colours in "
        u"the trade-off map and Compare):<br>"_s +
        lines.join(u"<br>"_s));
    tableTitle_->setText(u"<b>Every variant on every machine</b> — ★ the "_s +
                         (goal() == FleetGoal::Fastest ? u"fastest"_s : u"cheapest"_s) +
                         u" machine of each variant (hover a cell for why)"_s);
    // The variant names say their workload (its shape, its batch): the column would only take
    // room from the machines'. It stays in the model, for sorting and filtering by it elsewhere.
    table_->setColumnHidden(FleetTableModel::Workload, true);
    fitColumnsToContents(*table_);
    fitColumnsToContents(*choiceTable_);
    stack_->setCurrentIndex(1);
    if (keep) {
        tableState.restore(*table_);
        choiceState.restore(*choiceTable_);
    } else {
        tableSync_->refresh();
        choiceSync_->refresh();
        fitPending_ = true;
        fitChoices();
    }
}

void MachinesView::fitChoices() {
    // A hidden splitter's height is not the one it will have: fitted when shown.
    if (!fitPending_ || !splitter_->isVisible() || splitter_->height() <= 0) {
        return;
    }
    fitPending_ = false;
    // The choices take the room their rows need (a few workloads), the variants the rest.
    const int choices =
        choiceTable_->horizontalHeader()->sizeHint().height() +
        choiceModel_->rowCount() * choiceTable_->verticalHeader()->defaultSectionSize() +
        choiceTable_->horizontalScrollBar()->sizeHint().height() + 2 * choiceTable_->frameWidth() +
        36;  // and the title line
    const int total = splitter_->height();
    const int shown = std::clamp(choices, total / 5, total / 2);
    splitter_->setSizes({shown, total - shown});
}

void MachinesView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    fitChoices();
}

QString MachinesView::message() const {
    return stack_->currentWidget() == message_ ? message_->text() : QString();
}

QString MachinesView::machinesText() const {
    if (stack_->currentWidget() == message_) {
        return {};
    }
    QStringList names;
    for (const QString& machine : tableModel_->machines()) {
        names << u"■ "_s + machine;
    }
    return u"Machines: "_s + names.join(u" · "_s);
}

}  // namespace costscope
