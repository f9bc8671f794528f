// The run browser dock: the runs of every open file. One run selected: Explore it. Two: compare
// them, the first picked (or, picked together, the earlier started) as the baseline. Two or more:
// compare their machines, side by side in the order picked.
#pragma once

#include <QString>
#include <QWidget>
#include <vector>

#include "app/core/RunData.h"

class QLabel;
class QModelIndex;
class QPushButton;
class QTableView;

namespace costscope {

class RunListModel;
class TableProxyModel;

class RunBrowser : public QWidget {
    Q_OBJECT
  public:
    explicit RunBrowser(QWidget* parent = nullptr);

    // Lists the runs of `file`, replacing a file already listed with the same path.
    void addFile(FileDataPtr file);
    // Stops listing the file at `path` (no-op when not listed).
    void removeFile(const QString& path);

    // A run as the browser names it: its file and id.
    using RunKey = costscope::RunKey;
    // The runs selected, in the order they were picked (two: baseline first).
    const std::vector<RunKey>& picked() const { return picked_; }
    // Selects the run (adds it to the selection when `add`), as a click would.
    void pick(const QString& path, qint64 runId, bool add = false);
    // Selects the runs on display as picking them by hand would: the baseline first (when there
    // is one), then the run or candidate, or every machine in its order; and scrolls to them.
    // Runs not listed are left out.
    void pickShown(const ViewInput& input);
    // "Baseline: fixture #1 (base.sqlite)\nCandidate: ..." when two runs are picked; else empty
    // or a hint.
    QString pairText() const;

    RunListModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    QPushButton* exploreButton() const { return explore_; }
    QPushButton* compareButton() const { return compare_; }
    QPushButton* swapButton() const { return swap_; }
    QPushButton* machinesButton() const { return machines_; }

  public slots:
    // Emits exploreRequested for the one run selected.
    void exploreSelected();
    // Emits compareRequested for the two runs selected, baseline first.
    void compareSelected();
    // Makes the candidate the baseline and the baseline the candidate.
    void swapBaseline();
    // Emits machinesRequested for the runs selected (two or more), in the order picked.
    void compareMachinesSelected();

  signals:
    void exploreRequested(const QString& path, qint64 runId);
    void compareRequested(const QString& basePath, qint64 baseRun, const QString& path,
                          qint64 runId);
    // Each run is a machine: the Machines view sets them side by side, in this order.
    void machinesRequested(const std::vector<costscope::RunKey>& runs);

  private:
    void setFiles(std::vector<FileDataPtr> files);
    void selectionChanged();
    void updateControls();
    RunKey keyAt(const QModelIndex& proxyIndex) const;
    qint64 startedNs(const RunKey& key) const;

    RunListModel* model_;
    TableProxyModel* proxy_;
    QTableView* table_;
    QPushButton* explore_;
    QPushButton* compare_;
    QPushButton* swap_;
    QPushButton* machines_;
    QLabel* pairLabel_;
    std::vector<RunKey> picked_;
    bool restoringSelection_ = false;
};

}  // namespace costscope
