// RunBrowser: the run list, the order runs were picked in, and the Explore / Compare / Compare
// machines buttons.
#include "app/browser/RunBrowser.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

#include "app/browser/RunListModel.h"
#include "app/tables/TableCsv.h"
#include "app/tables/TableProxyModel.h"

using namespace Qt::StringLiterals;

namespace costscope {

RunBrowser::RunBrowser(QWidget* parent)
    : QWidget(parent),
      model_(new RunListModel(this)),
      proxy_(new TableProxyModel(RunListModel::SortRole, RunListModel::File, this)),
      table_(makeSortableTable(this)),
      explore_(new QPushButton(u"Explore"_s, this)),
      compare_(new QPushButton(u"Compare (first = baseline)"_s, this)),
      swap_(new QPushButton(u"Swap"_s, this)),
      machines_(new QPushButton(u"Compare machines"_s, this)),
      pairLabel_(new QLabel(this)) {
    proxy_->setSourceModel(model_);
    table_->setModel(proxy_);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    explore_->setToolTip(u"Shows the selected run in every view (or double-click a run)"_s);
    compare_->setToolTip(
        u"Compares the two selected runs: the one picked first is the baseline; picked "
        u"together, the one started first"_s);
    swap_->setToolTip(u"Makes the candidate the baseline and the baseline the candidate"_s);
    machines_->setObjectName(u"compareMachines"_s);
    machines_->setToolTip(
        u"Sets the selected runs (two or more: Ctrl+click or Shift+click) side by side, one "
        u"machine each, in the Machines tab: the best machine per variant, and which machine to "
        u"choose for each workload"_s);
    pairLabel_->setTextFormat(Qt::PlainText);
    pairLabel_->setWordWrap(true);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(explore_);
    buttons->addWidget(compare_);
    buttons->addWidget(swap_);
    buttons->addWidget(machines_);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(table_, 1);
    layout->addWidget(pairLabel_);
    layout->addLayout(buttons);

    connect(explore_, &QPushButton::clicked, this, &RunBrowser::exploreSelected);
    connect(compare_, &QPushButton::clicked, this, &RunBrowser::compareSelected);
    connect(swap_, &QPushButton::clicked, this, &RunBrowser::swapBaseline);
    connect(machines_, &QPushButton::clicked, this, &RunBrowser::compareMachinesSelected);
    connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const RunKey key = keyAt(index);
        if (!key.path.isEmpty()) {
            emit exploreRequested(key.path, key.runId);
        }
    });
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RunBrowser::selectionChanged);
    updateControls();
}

void RunBrowser::addFile(FileDataPtr file) {
    if (!file) {
        return;
    }
    std::vector<FileDataPtr> files = model_->files();
    const auto same = std::find_if(files.begin(), files.end(), [&file](const FileDataPtr& open) {
        return open->path == file->path;
    });
    if (same != files.end()) {
        *same = std::move(file);  // a file read again (new runs) keeps its place
    } else {
        files.push_back(std::move(file));
    }
    setFiles(std::move(files));
}

void RunBrowser::removeFile(const QString& path) {
    std::vector<FileDataPtr> files = model_->files();
    const std::string wanted = path.toStdString();
    std::erase_if(files, [&wanted](const FileDataPtr& open) { return open->path == wanted; });
    if (files.size() != model_->files().size()) {
        setFiles(std::move(files));
    }
}

void RunBrowser::setFiles(std::vector<FileDataPtr> files) {
    // Resetting the model clears the selection; pick the runs that remain again, in the
    // order they were picked, so a file growing while it records keeps the user's choice.
    std::vector<RunKey> kept = picked_;
    restoringSelection_ = true;
    model_->setResults(std::move(files));
    picked_.clear();
    std::erase_if(kept,
                  [this](const RunKey& key) { return model_->rowOf(key.path, key.runId) < 0; });
    for (const RunKey& key : kept) {
        pick(key.path, key.runId, true);
    }
    picked_ = std::move(kept);
    restoringSelection_ = false;
    updateControls();
}

void RunBrowser::pick(const QString& path, qint64 runId, bool add) {
    const int row = model_->rowOf(path, runId);
    if (row < 0) {
        return;
    }
    const QModelIndex index = proxy_->mapFromSource(model_->index(row, 0));
    QItemSelectionModel* selection = table_->selectionModel();
    selection->select(index,
                      (add ? QItemSelectionModel::Select : QItemSelectionModel::ClearAndSelect) |
                          QItemSelectionModel::Rows);
    selection->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
}

void RunBrowser::pickShown(const ViewInput& input) {
    if (!input.run) {
        return;
    }
    const std::vector<RunDataPtr> shown = input.machines.empty()
                                              ? std::vector<RunDataPtr>{input.baseline, input.run}
                                              : input.machines;
    // One at a time, so that the picking order is the order shown (machines keep theirs).
    bool add = false;
    for (const RunDataPtr& run : shown) {
        const QString path = run ? QString::fromStdString(run->path) : QString();
        if (run && model_->rowOf(path, run->run.id) >= 0) {
            pick(path, run->run.id, add);
            add = true;
        }
    }
    const int row = model_->rowOf(QString::fromStdString(input.run->path), input.run->run.id);
    if (row >= 0) {
        table_->scrollTo(proxy_->mapFromSource(model_->index(row, 0)));
    }
}

QString RunBrowser::pairText() const {
    return pairLabel_->text();
}

RunBrowser::RunKey RunBrowser::keyAt(const QModelIndex& proxyIndex) const {
    if (!proxyIndex.isValid()) {
        return {};
    }
    return {proxyIndex.data(RunListModel::PathRole).toString(),
            proxyIndex.data(RunListModel::RunIdRole).toLongLong()};
}

qint64 RunBrowser::startedNs(const RunKey& key) const {
    const int row = model_->rowOf(key.path, key.runId);
    const RunRow* run = model_->runAt(row);
    return run ? run->info.startedUnixNs : 0;
}

void RunBrowser::selectionChanged() {
    if (restoringSelection_) {
        return;
    }
    std::vector<RunKey> selected;
    for (const QModelIndex& index : table_->selectionModel()->selectedRows()) {
        selected.push_back(keyAt(index));
    }
    // Runs no longer selected leave the picking order; the others keep their place.
    std::erase_if(picked_, [&selected](const RunKey& key) {
        return std::find(selected.begin(), selected.end(), key) == selected.end();
    });
    // Runs selected in one go (Shift+click, select all) have no order of their own: the
    // earlier started comes first, the usual baseline.
    std::vector<RunKey> added;
    for (const RunKey& key : selected) {
        if (std::find(picked_.begin(), picked_.end(), key) == picked_.end()) {
            added.push_back(key);
        }
    }
    std::stable_sort(added.begin(), added.end(), [this](const RunKey& a, const RunKey& b) {
        return startedNs(a) < startedNs(b);
    });
    picked_.insert(picked_.end(), added.begin(), added.end());
    updateControls();
}

void RunBrowser::updateControls() {
    explore_->setEnabled(picked_.size() == 1);
    compare_->setEnabled(picked_.size() == 2);
    swap_->setEnabled(picked_.size() == 2);
    machines_->setEnabled(picked_.size() >= 2);
    if (picked_.size() != 2) {
        pairLabel_->setText(picked_.size() > 2
                                ? QString::number(picked_.size()) +
                                      u" runs picked: Compare machines sets them side by side, "
                                      u"one machine each (one run to explore, two to compare)."_s
                                : QString());
        return;
    }
    const auto name = [this](const RunKey& key) -> QString {
        const int row = model_->rowOf(key.path, key.runId);
        const RunRow* run = model_->runAt(row);
        return QString::fromStdString(run ? run->info.suite : std::string()) + u" #"_s +
               QString::number(key.runId) + u" ("_s +
               QString::fromStdString(model_->fileAt(row) ? model_->fileAt(row)->path
                                                          : std::string())
                   .section(u'/', -1) +
               u')';
    };
    pairLabel_->setText(u"Baseline: "_s + name(picked_[0]) + u"\nCandidate: "_s + name(picked_[1]));
}

void RunBrowser::exploreSelected() {
    if (picked_.size() == 1) {
        emit exploreRequested(picked_[0].path, picked_[0].runId);
    }
}

void RunBrowser::compareSelected() {
    if (picked_.size() == 2) {
        emit compareRequested(picked_[0].path, picked_[0].runId, picked_[1].path, picked_[1].runId);
    }
}

void RunBrowser::compareMachinesSelected() {
    if (picked_.size() >= 2) {
        emit machinesRequested(picked_);
    }
}

void RunBrowser::swapBaseline() {
    if (picked_.size() == 2) {
        std::swap(picked_[0], picked_[1]);
        updateControls();
    }
}

}  // namespace costscope
