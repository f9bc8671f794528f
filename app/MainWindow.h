// The main window: the run browser dock, one tab per view, File menu (Open, Open Recent, Export
// Report, Record), Help menu (Documentation, About), drag and drop of recordings, the command
// line's files and options. It asks RecordingLoader for data and hands each view a ViewInput; it
// never reads a file itself. The title and the run browser name the runs on display.
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
class ExportReportTask;
class MachinesView;
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
    // Shows the runs side by side, one machine each, in this order: the Machines tab, and the
    // trade-off map and Compare overlaid with a colour per machine. One run is explored.
    void compareMachines(const std::vector<RunKey>& runs);
    // Brings the tab whose title starts with `name` (case-insensitive) to the front; false when
    // there is none. `costscope --view NAME` uses it.
    bool showTab(const QString& name);
    // The command line after the program's name: `[--view NAME] [FILE ... | --baseline BASE
    // FILE]`. Opens what it names; returns the message for stderr when it is wrong (nothing
    // opened then), empty when not. With `--view machines`, every run of the files is compared
    // as a machine once all are read (a file merged by costscope-merge: a run per machine).
    QString openArguments(QStringList arguments);
    // Opens the Record dialog; File ▸ Export Report (asks for a file name, then exportReportTo()).
    void record();
    void exportReportInteractively();
    // Writes the report of the runs on display to `path` without blocking the window, with a
    // progress dialog (Cancel stops it before the file is written); reportExported() follows.
    void exportReportTo(const QString& path);
    // File ▸ Export Timeline: the run on display (the candidate when two are compared) as a
    // Chrome trace for Perfetto, written off the GUI thread; timelineExported() follows, or an
    // error is shown.
    void exportTimelineInteractively();
    void exportTimelineTo(const QString& path);

    // Where Help ▸ Documentation looks for docs/gui.md: beside an installed costscope
    // (<prefix>/share/doc/costscope, installed with it), then in the source tree it was built
    // from. Empty when neither has it.
    static QString documentationPath();
    // The text of Help ▸ About costscope: the version, what it is, the Qt it runs on.
    static QString aboutText();

    // For tests and reports: what the views show now, the last error shown to the user.
    const ViewInput& viewInput() const { return input_; }
    const QString& lastError() const { return lastError_; }
    RecordingLoader* loader() const { return loader_; }
    QTabWidget* tabs() const { return tabs_; }
    RunBrowser* browser() const { return browser_; }
    TablesView* tables() const { return tables_; }
    MachinesView* machinesView() const { return machines_; }
    VariantSelection* selection() const { return selection_; }
    const std::vector<ChartView*>& charts() const { return charts_; }
    QMenu* recentMenu() const { return recentMenu_; }
    QMenu* helpMenu() const { return helpMenu_; }
    // The report being exported, with its progress; null when none is.
    ExportReportTask* exportTask() const;
    // The warnings the shown runs carry, one per line, as the banner above the tabs shows them
    // ("" and the banner hidden when there are none).
    QString warningBanner() const;

  signals:
    // The trace was written to `path`, or `error` says why not (then nothing was written).
    void timelineExported(const QString& path, const QString& error);
    // The views show a new input (after exploreRun/compareRuns finished loading).
    void inputShown();
    // An export started by exportReportTo() ended: `error` empty when `path` was written.
    void reportExported(const QString& path, const QString& error);

  protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    void buildMenus();
    void openDocumentation();
    void showAbout();
    void addRecent(const QString& path);
    void fillRecentMenu();
    void showError(const QString& title, const QString& message);
    void onFileOpened(const FileDataPtr& file);
    void onRunLoaded(const RunDataPtr& run);
    void onFileChanged(const QString& path);
    void addTab(QWidget* view, const QString& title);
    void showInput(bool newPair);
    void onFailed(const QString& path, const QString& message);
    // Drops what was waiting on `path` (a comparison, a run, machines, a recording to follow).
    void forget(const QString& path);
    // Compares every run of machineFiles_ as machines once each file is read or has failed.
    void compareMachineFilesWhenRead();

    RecordingLoader* loader_;
    VariantSelection* selection_;
    QTabWidget* tabs_;
    QMenu* recentMenu_ = nullptr;
    QMenu* helpMenu_ = nullptr;
    RecordingWatcher* watcher_;
    RunBrowser* browser_;
    std::vector<ChartView*> charts_;  // owned by the tabs
    TablesView* tables_;
    ComparisonView* comparison_;
    MachinesView* machines_;
    QLabel* warnings_;
    // A file whose newest run is shown when it is next read (a recording just started).
    QString follow_;
    // Files to compare once both are read (openComparison), and the runs read of them.
    QString compareBase_;
    QString compareCandidate_;
    std::map<QString, qint64> newestRun_;
    // --view machines: the files whose runs are all compared as machines, and those read so far.
    QStringList machineFiles_;
    std::map<QString, FileDataPtr> machineFilesRead_;
    // Files being read again because they changed: their failures go to the status bar.
    QSet<QString> refreshing_;
    QPointer<QDialog> recordDialog_;
    QPointer<ExportReportTask> exportTask_;
    // The command line chose the tab shown first: the first comparison does not switch to the
    // Compare runs tab.
    bool tabChosen_ = false;
    // The runs asked for, and what has arrived of them.
    struct Wanted {
        QString path;
        qint64 runId = 0;
        RunDataPtr data;
    };
    Wanted wantedRun_;
    Wanted wantedBaseline_;
    std::vector<Wanted> wantedMachines_;  // two or more when machines are compared
    ViewInput input_;
    QString lastError_;
};

}  // namespace costscope
