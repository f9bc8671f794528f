// MainWindow: menus, docks, tabs, and the flow from a file name to what every view shows.
#include "app/MainWindow.h"

#include <QApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

#include "app/charts/ChartView.h"
#include "app/core/RecordingLoader.h"
#include "app/core/VariantSelection.h"

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
      watcher_(new QFileSystemWatcher(this)) {
    setWindowTitle(u"costscope"_s);
    setAcceptDrops(true);
    setCentralWidget(tabs_);
    resize(1280, 800);

    buildMenus();
    connect(loader_, &RecordingLoader::fileOpened, this, &MainWindow::onFileOpened);
    connect(loader_, &RecordingLoader::runLoaded, this, &MainWindow::onRunLoaded);
    connect(loader_, &RecordingLoader::failed, this,
            [this](const QString& path, const QString& message) {
                showError(u"Cannot open "_s + QFileInfo(path).fileName(), message);
            });
    connect(watcher_, &QFileSystemWatcher::fileChanged, this, &MainWindow::onFileChanged);
    statusBar()->showMessage(u"Open a recording: File ▸ Open, or drop a .sqlite file here."_s);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(u"&File"_s);
    file->addAction(u"&Open…"_s, QKeySequence::Open, this, [this] {
        const QStringList paths =
            QFileDialog::getOpenFileNames(this, u"Open recordings"_s, QString(),
                                          u"costscope recordings (*.sqlite *.db);;All files (*)"_s);
        openFiles(paths);
    });
    recentMenu_ = file->addMenu(u"Open &Recent"_s);
    fillRecentMenu();
    file->addSeparator();
    file->addAction(u"&Quit"_s, QKeySequence::Quit, qApp, &QApplication::closeAllWindows);
}

void MainWindow::openFiles(const QStringList& paths) {
    for (const QString& path : paths) {
        const QString absolute = QFileInfo(path).absoluteFilePath();
        statusBar()->showMessage(u"Reading "_s + absolute + u"…"_s);
        loader_->openFile(absolute);
    }
}

void MainWindow::onFileOpened(const FileDataPtr& file) {
    const QString path = QString::fromStdString(file->path);
    addRecent(path);
    if (!watcher_->files().contains(path)) {
        watcher_->addPath(path);
    }
    if (file->runs.empty()) {
        showError(u"Nothing to show"_s,
                  path +
                      u" is a costscope recording with no run in it yet. Record one with "
                      u"File ▸ Record, or costscope-record --out "_s +
                      path + u"."_s);
        return;
    }
    statusBar()->showMessage(path + u": "_s + QString::number(file->runs.size()) + u" runs"_s);
    if (!input_.run && wantedRun_.path.isEmpty()) {
        exploreRun(path, file->runs.back().id);
    }
}

void MainWindow::exploreRun(const QString& path, qint64 runId) {
    wantedRun_ = {path, runId, nullptr};
    wantedBaseline_ = {};
    loader_->loadRun(path, runId);
}

void MainWindow::compareRuns(const QString& basePath, qint64 baseRun, const QString& path,
                             qint64 runId) {
    wantedRun_ = {path, runId, nullptr};
    wantedBaseline_ = {basePath, baseRun, nullptr};
    loader_->loadRun(path, runId);
    loader_->loadRun(basePath, baseRun);
}

void MainWindow::onRunLoaded(const RunDataPtr& run) {
    const QString path = QString::fromStdString(run->path);
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
    input_ = ViewInput{wantedRun_.data, wantedBaseline_.data};
    showInput();
}

void MainWindow::showInput() {
    for (ChartView* chart : charts_) {
        chart->setInput(input_);
    }
    QString title = u"costscope — "_s + input_.run->label();
    if (input_.baseline) {
        title += u" vs "_s + input_.baseline->label();
    }
    setWindowTitle(title);
    statusBar()->showMessage(QString::number(input_.run->variants.size()) + u" variants"_s);
    emit inputShown();
}

void MainWindow::onFileChanged(const QString& path) {
    // A recording being written grows: read the shown run again so the views follow it.
    if (input_.run && QString::fromStdString(input_.run->path) == path) {
        loader_->loadRun(path, input_.run->run.id);
        wantedRun_ = {path, input_.run->run.id, nullptr};
        if (input_.baseline) {
            wantedBaseline_.data = input_.baseline;
        }
    }
    if (!watcher_->files().contains(path) && QFileInfo::exists(path)) {
        watcher_->addPath(path);  // replaced files drop out of the watch list
    }
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
