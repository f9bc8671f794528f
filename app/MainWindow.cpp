// MainWindow: menus, docks, tabs, and the flow from a file name to what every view shows.
#include "app/MainWindow.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <qcustomplot.h>
#include <QApplication>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressDialog>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <algorithm>
#include <utility>

#include "app/ChartViews.h"
#include "app/ExportReportTask.h"
#include "app/browser/RunBrowser.h"
#include "app/comparison/ComparisonView.h"
#include "app/core/FleetRuns.h"
#include "app/core/RecordingLoader.h"
#include "app/core/VariantSelection.h"
#include "app/machines/MachinesView.h"
#include "app/record/RecordDialog.h"
#include "app/record/RecordingWatcher.h"
#include "app/report/ReportCommand.h"
#include "app/tables/TablesView.h"
#include "app/trace/TraceExport.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {
constexpr int kMaxRecent = 10;
const auto kRecentKey = u"recentFiles"_s;
}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      loader_(new RecordingLoader(this)),
      selection_(new VariantSelection(this)),
      tabs_(new QTabWidget(this)),
      watcher_(new RecordingWatcher(this)),
      browser_(new RunBrowser(this)),
      tables_(new TablesView(selection_)),
      comparison_(new ComparisonView(selection_)),
      machines_(new MachinesView(selection_)),
      warnings_(new QLabel) {
    setWindowTitle(u"costscope"_s);
    setAcceptDrops(true);
    // What the shown runs must be read with (an old OpenBLAS kernel family ...), above every tab.
    warnings_->setObjectName(u"runWarnings"_s);
    warnings_->setTextFormat(Qt::PlainText);
    warnings_->setWordWrap(true);
    warnings_->setMargin(6);
    warnings_->setStyleSheet(
        u"background: #fff4ce; color: #5c4400; border-bottom: 1px solid #e0c36c;"_s);
    warnings_->hide();
    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(warnings_);
    layout->addWidget(tabs_, 1);
    setCentralWidget(central);
    resize(1400, 860);

    for (std::unique_ptr<ChartView>& chart : makeChartViews(selection_)) {
        charts_.push_back(chart.get());
        addTab(chart.release(), charts_.back()->title());
    }
    addTab(tables_, u"Tables"_s);
    addTab(comparison_, u"Compare runs"_s);
    addTab(machines_, u"Machines"_s);

    auto* dock = new QDockWidget(u"Runs"_s, this);
    dock->setObjectName(u"runs"_s);
    dock->setWidget(browser_);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    resizeDocks({dock}, {380}, Qt::Horizontal);
    connect(browser_, &RunBrowser::exploreRequested, this, &MainWindow::exploreRun);
    connect(browser_, &RunBrowser::compareRequested, this, &MainWindow::compareRuns);
    connect(browser_, &RunBrowser::machinesRequested, this, &MainWindow::compareMachines);

    buildMenus();
    connect(loader_, &RecordingLoader::fileOpened, this, &MainWindow::onFileOpened);
    connect(loader_, &RecordingLoader::runLoaded, this, &MainWindow::onRunLoaded);
    connect(loader_, &RecordingLoader::failed, this, &MainWindow::onFailed);
    connect(watcher_, &RecordingWatcher::changed, this, &MainWindow::onFileChanged);
    statusBar()->showMessage(u"Open a recording: File ▸ Open, or drop a .sqlite file here."_s);
}

MainWindow::~MainWindow() {
    // The views hold the selection: they go first (children are deleted in creation order).
    delete takeCentralWidget();
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(u"&File"_s);
    file->addAction(u"&Open…"_s, QKeySequence::Open, this, [this] {
        const QStringList paths = QFileDialog::getOpenFileNames(
            this, u"Open recordings or Nsight Systems exports"_s, QString(),
            u"Recordings and Nsight Systems exports (*.sqlite *.db);;All files (*)"_s);
        openFiles(paths);
    });
    recentMenu_ = file->addMenu(u"Open &Recent"_s);
    fillRecentMenu();
    file->addSeparator();
    file->addAction(u"&Record…"_s, QKeySequence(u"Ctrl+R"_s), this, &MainWindow::record);
    file->addAction(u"&Export Report…"_s, QKeySequence(u"Ctrl+E"_s), this,
                    &MainWindow::exportReportInteractively);
    file->addAction(u"Export &Timeline…"_s, this, &MainWindow::exportTimelineInteractively);
    file->addSeparator();
    file->addAction(u"&Quit"_s, QKeySequence::Quit, qApp, &QApplication::closeAllWindows);

    helpMenu_ = menuBar()->addMenu(u"&Help"_s);
    helpMenu_->addAction(u"&Documentation"_s, QKeySequence::HelpContents, this,
                         &MainWindow::openDocumentation);
    helpMenu_->addAction(u"&About costscope"_s, this, &MainWindow::showAbout);
}

QString MainWindow::documentationPath() {
    // No network: the pages that come with costscope. An installed costscope has them under its
    // prefix (see the install rules in CMakeLists.txt); one run from a build tree, or a copy
    // that was never installed, reads them in the checkout it was built from.
    const QDir bin(QCoreApplication::applicationDirPath());
    const QStringList candidates = {
        bin.filePath(u"../share/doc/costscope/docs/gui.md"_s),
        QStringLiteral(COSTSCOPE_SOURCE_DIR) + u"/docs/gui.md"_s,
    };
    for (const QString& candidate : candidates) {
        if (QFileInfo(candidate).isFile()) {
            return QFileInfo(candidate).canonicalFilePath();
        }
    }
    return {};
}

void MainWindow::openDocumentation() {
    const QString path = documentationPath();
    if (path.isEmpty()) {
        showError(u"Documentation"_s,
                  u"The documentation was not found: neither beside costscope ("_s +
                      QDir(QCoreApplication::applicationDirPath())
                          .absoluteFilePath(u"../share/doc/costscope"_s) +
                      u") nor in the sources it was built from ("_s +
                      QStringLiteral(COSTSCOPE_SOURCE_DIR) +
                      u"). It is README.md and docs/ of the costscope sources."_s);
        return;
    }
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(path))) {
        showError(u"Documentation"_s, u"No application opened "_s + path +
                                          u". Open it with a text editor or a Markdown viewer."_s);
    }
}

QString MainWindow::aboutText() {
    return ReportCommand::version().trimmed() +
           u"\n\nMeasures what GPUs, pruning, quantization and distillation really cost and "
           u"gain: recordings made by costscope-record, shown as a trade-off map, comparisons, "
           u"sweeps, a roofline, a timeline and tables, with two runs compared by a verdict on "
           u"each variant.\n\nQt "_s +
           QString::fromLatin1(qVersion()) + u" (built with "_s + QStringLiteral(QT_VERSION_STR) +
           u"), QCustomPlot "_s + QStringLiteral(QCUSTOMPLOT_VERSION_STR) + u"."_s;
}

void MainWindow::showAbout() {
    // Window-modal and non-blocking, as every dialog here.
    auto* box = new QMessageBox(QMessageBox::Information, u"About costscope"_s, aboutText(),
                                QMessageBox::Ok, this);
    box->setObjectName(u"about"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::addTab(QWidget* view, const QString& title) {
    view->setObjectName(title);
    tabs_->addTab(view, title);
}

bool MainWindow::showTab(const QString& name) {
    for (int i = 0; i < tabs_->count(); ++i) {
        if (tabs_->tabText(i).startsWith(name, Qt::CaseInsensitive)) {
            tabs_->setCurrentIndex(i);
            return true;
        }
    }
    return false;
}

QString MainWindow::warningBanner() const {
    return warnings_->isVisibleTo(this) ? warnings_->text() : QString();
}

QString MainWindow::openArguments(QStringList arguments) {
    // --view NAME: the tab shown first ("trade-off", "timeline", ...).
    const qsizetype view = arguments.indexOf(u"--view"_s);
    if (view >= 0) {
        if (view + 1 >= arguments.size()) {
            return u"costscope: --view takes the name of a view"_s;
        }
        const QString name = arguments.takeAt(view + 1);
        arguments.removeAt(view);
        if (!showTab(name)) {
            return u"costscope: no view named "_s + name;
        }
        tabChosen_ = true;
    }
    const bool machines = view >= 0 && tabs_->currentWidget() == machines_;
    // --baseline BASE.sqlite FILE.sqlite: compare FILE's newest run with BASE's, as picking the
    // two in the run browser (BASE first) and Compare does.
    const qsizetype baseline = arguments.indexOf(u"--baseline"_s);
    if (baseline >= 0) {
        if (baseline + 1 >= arguments.size() || arguments.size() != 3) {
            return u"costscope: --baseline BASE.sqlite takes one other file"_s;
        }
        const QString base = arguments.takeAt(baseline + 1);
        arguments.removeAt(baseline);
        openComparison(base, arguments.first());
    } else {
        if (machines) {
            for (const QString& path : arguments) {
                machineFiles_ << QFileInfo(path).absoluteFilePath();
            }
        }
        openFiles(arguments);
    }
    return {};
}

void MainWindow::openFiles(const QStringList& paths) {
    for (const QString& path : paths) {
        const QString absolute = QFileInfo(path).absoluteFilePath();
        statusBar()->showMessage(u"Reading "_s + absolute + u"…"_s);
        loader_->openFile(absolute);
    }
}

void MainWindow::openComparison(const QString& basePath, const QString& path) {
    compareBase_ = QFileInfo(basePath).absoluteFilePath();
    compareCandidate_ = QFileInfo(path).absoluteFilePath();
    openFiles({basePath, path});
}

void MainWindow::onFileOpened(const FileDataPtr& file) {
    const QString path = QString::fromStdString(file->path);
    if (!file->runs.empty()) {
        newestRun_[path] = file->runs.back().id;
    }
    if (!compareBase_.isEmpty() && newestRun_.count(compareBase_) != 0 &&
        newestRun_.count(compareCandidate_) != 0) {
        const QString base = std::exchange(compareBase_, QString());
        const QString candidate = std::exchange(compareCandidate_, QString());
        compareRuns(base, newestRun_[base], candidate, newestRun_[candidate]);
    }
    addRecent(path);
    browser_->addFile(file);
    if (machineFiles_.contains(path)) {
        machineFilesRead_[path] = file;
        compareMachineFilesWhenRead();
        if (!watcher_->isWatching(path)) {
            watcher_->watch(path);
        }
        refreshing_.remove(path);
        return;
    }
    if (!watcher_->isWatching(path)) {
        watcher_->watch(path);
    }
    const bool refresh = refreshing_.remove(path);
    if (file->runs.empty() && (follow_ == path || refresh)) {
        statusBar()->showMessage(path + u": waiting for the recorder's first run…"_s);
        return;
    }
    if (file->runs.empty()) {
        forget(path);
        showError(u"Nothing to show"_s,
                  path +
                      u" is a costscope recording with no run in it yet. Record one with "
                      u"File ▸ Record, or costscope-record --out "_s +
                      path + u"."_s);
        return;
    }
    statusBar()->showMessage(path + u": "_s + QString::number(file->runs.size()) + u" runs"_s);
    if ((!input_.run && wantedRun_.path.isEmpty() && compareBase_.isEmpty()) || follow_ == path) {
        follow_.clear();
        exploreRun(path, file->runs.back().id);
    }
}

void MainWindow::compareMachineFilesWhenRead() {
    for (const QString& path : machineFiles_) {
        if (machineFilesRead_.count(path) == 0) {
            return;
        }
    }
    // Each file's runs oldest first, the files in the order named.
    std::vector<RunKey> runs;
    for (const QString& path : std::exchange(machineFiles_, {})) {
        for (const RunRow& run : machineFilesRead_[path]->runs) {
            runs.push_back({path, run.id});
        }
    }
    machineFilesRead_.clear();
    if (runs.size() == 1) {
        exploreRun(runs.front().path, runs.front().runId);
    } else if (!runs.empty()) {
        compareMachines(runs);
    }
}

void MainWindow::onFailed(const QString& path, const QString& message) {
    forget(path);
    if (refreshing_.remove(path)) {
        // A file that changed under a refresh (a recorder mid-write): say so quietly, once per
        // change, rather than a dialog every few seconds.
        statusBar()->showMessage(message);
        lastError_ = message;
        return;
    }
    showError(u"Cannot open "_s + QFileInfo(path).fileName(), message);
}

void MainWindow::forget(const QString& path) {
    // A file that cannot be shown must not hold back what is opened next.
    if (compareBase_ == path || compareCandidate_ == path) {
        compareBase_.clear();
        compareCandidate_.clear();
    }
    for (Wanted* slot : {&wantedRun_, &wantedBaseline_}) {
        if (slot->path == path && !slot->data) {
            *slot = {};
        }
    }
    // Machines wait for every run: one that cannot be read ends the wait for all.
    if (std::any_of(wantedMachines_.begin(), wantedMachines_.end(),
                    [&path](const Wanted& slot) { return slot.path == path && !slot.data; })) {
        wantedMachines_.clear();
    }
    if (machineFiles_.removeAll(path) > 0) {
        compareMachineFilesWhenRead();
    }
    if (follow_ == path) {
        follow_.clear();
    }
}

void MainWindow::exploreRun(const QString& path, qint64 runId) {
    wantedRun_ = {path, runId, nullptr};
    wantedBaseline_ = {};
    wantedMachines_.clear();
    loader_->loadRun(path, runId);
}

void MainWindow::compareRuns(const QString& basePath, qint64 baseRun, const QString& path,
                             qint64 runId) {
    wantedRun_ = {path, runId, nullptr};
    wantedBaseline_ = {basePath, baseRun, nullptr};
    wantedMachines_.clear();
    loader_->loadRun(path, runId);
    loader_->loadRun(basePath, baseRun);
}

void MainWindow::compareMachines(const std::vector<RunKey>& runs) {
    if (runs.size() == 1) {
        exploreRun(runs.front().path, runs.front().runId);
        return;
    }
    if (runs.empty()) {
        return;
    }
    wantedRun_ = {};
    wantedBaseline_ = {};
    wantedMachines_.clear();
    for (const RunKey& run : runs) {
        wantedMachines_.push_back({run.path, run.runId, nullptr});
    }
    for (const RunKey& run : runs) {
        loader_->loadRun(run.path, run.runId);
    }
}

void MainWindow::onRunLoaded(const RunDataPtr& run) {
    const QString path = QString::fromStdString(run->path);
    if (!wantedMachines_.empty()) {
        bool wanted = false;
        for (Wanted& slot : wantedMachines_) {
            if (slot.path == path && slot.runId == run->run.id) {
                slot.data = run;
                wanted = true;
            }
        }
        if (!wanted || std::any_of(wantedMachines_.begin(), wantedMachines_.end(),
                                   [](const Wanted& slot) { return !slot.data; })) {
            return;
        }
        ViewInput next;
        for (const Wanted& slot : wantedMachines_) {
            next.machines.push_back(slot.data);
        }
        next.run = next.machines.front();
        const bool newMachines = !isRefreshOf(next, input_);
        input_ = std::move(next);
        showInput(newMachines);
        return;
    }
    bool wanted = false;
    for (Wanted* slot : {&wantedRun_, &wantedBaseline_}) {
        if (slot->path == path && slot->runId == run->run.id) {
            slot->data = run;
            wanted = true;
        }
    }
    if (!wanted || !wantedRun_.data || (!wantedBaseline_.path.isEmpty() && !wantedBaseline_.data)) {
        return;
    }
    // A refresh of the runs shown keeps the tab; a new pair of runs to compare shows the diff.
    ViewInput next{wantedRun_.data, wantedBaseline_.data};
    const bool newPair = !isRefreshOf(next, input_);
    input_ = std::move(next);
    showInput(newPair);
}

void MainWindow::showInput(bool newPair) {
    for (ChartView* chart : charts_) {
        chart->setInput(input_);
    }
    tables_->setInput(input_);
    comparison_->setInput(input_);
    machines_->setInput(input_);
    const bool tabChosen = std::exchange(tabChosen_, false);
    if (newPair && input_.baseline && !tabChosen && tabs_->currentWidget() != comparison_) {
        tabs_->setCurrentWidget(comparison_);
    }
    if (newPair && !input_.machines.empty() && !tabChosen) {
        tabs_->setCurrentWidget(machines_);
    }
    // The runs on display are the runs selected, with their roles. A refresh leaves the browser
    // alone: the user may be picking the next runs.
    if (newPair) {
        browser_->pickShown(input_);
    }
    // Each run's warnings, said of the run they belong to when several are shown.
    const std::vector<FleetRun> fleet = fleetRunsOf(input_.machines);
    std::vector<std::pair<RunDataPtr, QString>> shown;
    for (size_t i = 0; i < fleet.size(); ++i) {
        shown.emplace_back(input_.machines[i], QString::fromStdString(fleet[i].machine) + u": "_s);
    }
    if (fleet.empty()) {
        shown = {{input_.run, QString()}, {input_.baseline, u"Baseline: "_s}};
    }
    QStringList warnings;
    for (const auto& [run, whose] : shown) {
        if (!run) {
            continue;
        }
        for (const RunWarning& warning : run->run.info.warnings) {
            warnings << u"⚠ "_s + whose + QString::fromStdString(warning.message);
        }
    }
    warnings_->setText(warnings.join(u'\n'));
    warnings_->setVisible(!warnings.isEmpty());
    QStringList machines;
    for (const FleetRun& run : fleet) {
        machines << QString::fromStdString(run.machine);
    }
    setWindowTitle(!machines.isEmpty()
                       ? QString(u"costscope — Machines: "_s + machines.join(u" | "_s))
                   : input_.baseline ? QString(u"costscope — Candidate "_s + input_.run->label() +
                                               u" vs Baseline "_s + input_.baseline->label())
                                     : QString(u"costscope — "_s + input_.run->label()));
    statusBar()->showMessage(
        machines.isEmpty() ? QString(QString::number(input_.run->variants.size()) + u" variants"_s)
                           : QString(QString::number(machines.size()) + u" machines"_s));
    emit inputShown();
}

void MainWindow::onFileChanged(const QString& path) {
    // A recording being written grows: read its runs (new ones appear in the browser) and the
    // shown run again, so the views follow it.
    if (loader_->pending() > 0) {
        return;  // still reading: the watcher reports the next change, and reads never pile up
    }
    refreshing_.insert(path);
    loader_->openFile(path);
    // Machines shown as asked for: those of this file are read again, the others kept.
    if (!wantedMachines_.empty()) {
        bool shownAreWanted = wantedMachines_.size() == input_.machines.size();
        for (size_t i = 0; shownAreWanted && i < wantedMachines_.size(); ++i) {
            shownAreWanted = wantedMachines_[i].data == input_.machines[i];
        }
        if (shownAreWanted) {
            for (Wanted& slot : wantedMachines_) {
                if (slot.path == path) {
                    slot.data = nullptr;
                }
            }
            for (const Wanted& slot : wantedMachines_) {
                if (!slot.data) {
                    loader_->loadRun(slot.path, slot.runId);
                }
            }
        }
        return;
    }
    // Only when the user has not asked for another run meanwhile.
    const bool shownIsWanted = wantedRun_.data != nullptr && wantedRun_.data == input_.run;
    if (shownIsWanted && QString::fromStdString(input_.run->path) == path) {
        wantedRun_ = {path, input_.run->run.id, nullptr};
        wantedBaseline_ = input_.baseline ? Wanted{QString::fromStdString(input_.baseline->path),
                                                   input_.baseline->run.id, input_.baseline}
                                          : Wanted{};
        loader_->loadRun(path, input_.run->run.id);
    }
}

void MainWindow::record() {
    // One recording at a time: two recorders on one machine skew each other's timings.
    if (recordDialog_ != nullptr) {
        recordDialog_->show();
        recordDialog_->raise();
        recordDialog_->activateWindow();
        return;
    }
    auto* dialog = new RecordDialog(this);
    recordDialog_ = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RecordDialog::recordingStarted, this, [this](const QString& path) {
        follow_ = QFileInfo(path).absoluteFilePath();
        openFiles({path});
    });
    connect(dialog, &RecordDialog::recordingFinished, this, [this](const QString& path) {
        follow_ = QFileInfo(path).absoluteFilePath();
        openFiles({path});
    });
    dialog->show();
}

void MainWindow::exportReportInteractively() {
    if (!input_.run) {
        showError(u"Export Report"_s, u"Open a recording first: there is no run to report."_s);
        return;
    }
    const QString path = QFileDialog::getSaveFileName(
        this, u"Export Report"_s, QFileInfo(QString::fromStdString(input_.run->path)).baseName(),
        u"HTML (*.html);;PDF (*.pdf);;Markdown (*.md);;CSV (*.csv)"_s);
    if (!path.isEmpty()) {
        exportReportTo(path);
    }
}

void MainWindow::exportTimelineInteractively() {
    if (!input_.run) {
        showError(u"Export Timeline"_s,
                  u"Open a recording first: there is no timeline to export."_s);
        return;
    }
    const QString path = QFileDialog::getSaveFileName(
        this, u"Export Timeline"_s,
        QFileInfo(QString::fromStdString(input_.run->path)).baseName() + u".json"_s,
        u"Chrome trace for Perfetto (*.json)"_s);
    if (!path.isEmpty()) {
        exportTimelineTo(path);
    }
}

void MainWindow::exportTimelineTo(const QString& path) {
    if (!input_.run) {
        showError(u"Export Timeline"_s,
                  u"Open a recording first: there is no timeline to export."_s);
        return;
    }
    statusBar()->showMessage(u"Writing the timeline to "_s + path + u"…"_s);
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        const QString error = watcher->result();
        if (error.isEmpty()) {
            statusBar()->showMessage(u"Timeline written to "_s + path +
                                     u": open it in ui.perfetto.dev or chrome://tracing"_s);
        } else {
            showError(u"Export Timeline"_s, error);
        }
        emit timelineExported(path, error);
    });
    const RunDataPtr run = input_.run;  // the worker keeps the run alive
    watcher->setFuture(QtConcurrent::run([run, path] { return exportRunTrace(*run, path); }));
}

ExportReportTask* MainWindow::exportTask() const {
    return exportTask_;
}

void MainWindow::exportReportTo(const QString& path) {
    if (exportTask_ != nullptr) {
        showError(u"Export Report"_s, u"A report is being written to "_s + exportTask_->outPath() +
                                          u": wait for it to finish, or cancel it."_s);
        return;
    }
    if (!input_.run) {
        showError(u"Export Report"_s, u"Open a recording first: there is no run to report."_s);
        return;
    }
    // The report judges a comparison with the band the Compare runs tab shows, and chooses
    // machines by the goal and budget the Machines tab shows.
    const QualityBudget budget = machines_->budget();
    ReportInput report{.candidate = input_.run,
                       .baseline = input_.baseline,
                       .equivalence = comparison_->equivalence(),
                       .machines = input_.machines};
    if (!input_.machines.empty()) {
        report.accuracyLoss = budget.accuracyLossPoints;
        report.goal = machines_->goal();
        report.maxError = budget.maxError;
    }
    auto* task = new ExportReportTask(std::move(report), path, this);
    exportTask_ = task;
    auto* progress = new QProgressDialog(u"Exporting the report…"_s, u"Cancel"_s, 0, 1, this);
    progress->setObjectName(u"exportProgress"_s);
    progress->setWindowTitle(u"Export Report"_s);
    progress->setWindowModality(Qt::WindowModal);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    progress->setMinimumDuration(0);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    connect(progress, &QProgressDialog::canceled, task, &ExportReportTask::cancel);
    connect(task, &ExportReportTask::progressed, progress,
            [progress, task](int done, int total, const QString& step) {
                progress->setMaximum(total);
                progress->setValue(done);
                progress->setLabelText(step);
                if (task->writing()) {
                    progress->setCancelButtonText(QString());  // a file half written: never
                }
            });
    connect(task, &ExportReportTask::finished, this,
            [this, task, progress, path](const QString& error) {
                progress->disconnect(task);
                progress->close();
                task->deleteLater();
                exportTask_ = nullptr;
                if (!error.isEmpty()) {
                    showError(u"Export Report"_s, error);
                } else {
                    statusBar()->showMessage(u"Report written: "_s + path);
                }
                emit reportExported(path, error);
            });
    statusBar()->showMessage(u"Exporting the report to "_s + path + u"…"_s);
    progress->show();
    task->start();
}

void MainWindow::showError(const QString& title, const QString& message) {
    lastError_ = message;
    statusBar()->showMessage(message);
    // Window-modal and non-blocking: a test or a second error never waits on a nested loop.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::addRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value(kRecentKey).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent) {
        recent.removeLast();
    }
    settings.setValue(kRecentKey, recent);
    fillRecentMenu();
}

void MainWindow::fillRecentMenu() {
    recentMenu_->clear();
    const QStringList recent = QSettings().value(kRecentKey).toStringList();
    for (const QString& path : recent) {
        recentMenu_->addAction(path, this, [this, path] { openFiles({path}); });
    }
    recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) {
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile()) {
            paths << url.toLocalFile();
        }
    }
    openFiles(paths);
    event->acceptProposedAction();
}

}  // namespace costscope
