// The main window: the run browser dock, one tab per view, File menu (Open, Open Recent, Export
// Report, Record), drag and drop of recordings. It asks RecordingLoader for data and hands each
// view a ViewInput; it never reads a file itself.
#pragma once

#include <QMainWindow>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>
#include <map>
#include <vector>

#include "app/core/RunData.h"

class QDialog;
class QLabel;
class QMenu;
class QTabWidget;

namespace costscope {

class ChartView;
class ComparisonView;
class RecordingLoader;
class RecordingWatcher;
class RunBrowser;
class TablesView;
class VariantSelection;

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens recordings (as from the command line, File ▸ Open or a drop).
    void openFiles(const QStringList& paths);
    // Shows one run; or a candidate over its baseline.
    void exploreRun(const QString& path, qint64 runId);
    void compareRuns(const QString& basePath, qint64 baseRun, const QString& path, qint64 runId);
    // Opens both files and compares their newest runs, `basePath`'s as the baseline.
    void openComparison(const QString& basePath, const QString& path);
    // Brings the tab whose title starts with `name` (case-insensitive) to the front; false when
    // there is none. `costscope --view NAME` uses it.
    bool showTab(const QString& name);
    // Opens the Record dialog; File ▸ Export Report.
    void record();
    void exportReportInteractively();

    // For tests and reports: what the views show now, the last error shown to the user.
    const ViewInput& viewInput() const { return input_; }
    const QString& lastError() const { return lastError_; }
    RecordingLoader* loader() const { return loader_; }
    QTabWidget* tabs() const { return tabs_; }
    RunBrowser* browser() const { return browser_; }
    // The warnings the shown runs carry, one per line, as the banner above the tabs shows them
    // ("" and the banner hidden when there are none).
    QString warningBanner() const;

  signals:
    // The views show a new input (after exploreRun/compareRuns finished loading).
    void inputShown();

  protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    void buildMenus();
    void addRecent(const QString& path);
    void fillRecentMenu();
    void showError(const QString& title, const QString& message);
    void onFileOpened(const FileDataPtr& file);
    void onRunLoaded(const RunDataPtr& run);
    void onFileChanged(const QString& path);
    void addTab(QWidget* view, const QString& title);
    void showInput(bool newPair);
    void onFailed(const QString& path, const QString& message);
    // Drops what was waiting on `path` (a comparison, a run, a recording to follow).
    void forget(const QString& path);

    RecordingLoader* loader_;
    VariantSelection* selection_;
    QTabWidget* tabs_;
    QMenu* recentMenu_ = nullptr;
    RecordingWatcher* watcher_;
    RunBrowser* browser_;
    std::vector<ChartView*> charts_;  // owned by the tabs
    TablesView* tables_;
    ComparisonView* comparison_;
    QLabel* warnings_;
    // A file whose newest run is shown when it is next read (a recording just started).
    QString follow_;
    // Files to compare once both are read (openComparison), and the runs read of them.
    QString compareBase_;
    QString compareCandidate_;
    std::map<QString, qint64> newestRun_;
    // Files being read again because they changed: their failures go to the status bar.
    QSet<QString> refreshing_;
    QPointer<QDialog> recordDialog_;
    // The runs asked for, and what has arrived of them.
    struct Wanted {
        QString path;
        qint64 runId = 0;
        RunDataPtr data;
    };
    Wanted wantedRun_;
    Wanted wantedBaseline_;
    ViewInput input_;
    QString lastError_;
};

}  // namespace costscope
