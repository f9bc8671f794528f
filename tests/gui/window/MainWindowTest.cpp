// The main window end to end: opening recordings good and bad (the command line, Open Recent,
// a drop), exploring and comparing runs as the title and the run browser name them, following a
// recording while it is written without losing the zoom or the selection, the Help menu, and
// Export Report with its progress; never a crash, never a write into a viewed file.
#include <qcustomplot.h>
#include <sqlite3.h>

#include <QDesktopServices>
#include <QFile>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QtTest>
#include <fstream>

#include "app/ExportReportTask.h"
#include "app/MainWindow.h"
#include "app/browser/RunBrowser.h"
#include "app/charts/ChartView.h"
#include "app/compare/CompareView.h"
#include "app/core/FleetRuns.h"
#include "app/core/RecordingLoader.h"
#include "app/core/VariantSelection.h"
#include "app/machines/FleetChoiceModel.h"
#include "app/machines/MachinesView.h"
#include "app/tables/TablesView.h"
#include "app/tables/VariantTableModel.h"
#include "app/tradeoff/TradeOffView.h"
#include "profiler/store/SqliteStore.h"
#include "tests/gui/support/FixtureRecording.h"
#include "tests/gui/support/FleetFixture.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

QString qpath(const std::filesystem::path& path) {
    return QString::fromStdString(path.string());
}

std::string bytesOf(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// Opens `path` in a fresh window and waits until the loader is done; returns the error shown.
QString openAndWait(MainWindow& window, const std::filesystem::path& path) {
    QSignalSpy idle(window.loader(), &RecordingLoader::idle);
    window.openFiles({qpath(path)});
    if (!idle.wait(10'000)) {
        return u"(timed out)"_s;
    }
    // A run requested by the file's arrival is read next.
    if (window.loader()->pending() > 0 && !idle.wait(10'000)) {
        return u"(timed out)"_s;
    }
    return window.lastError();
}

// Collects the URLs QDesktopServices is asked to open, instead of starting an application.
class UrlCatcher : public QObject {
    Q_OBJECT
  public:
    QList<QUrl> urls;
  public slots:
    void open(const QUrl& url) { urls << url; }
};

QAction* actionNamed(QMenu* menu, const QString& text) {
    for (QAction* action : menu->actions()) {
        if (action->text().remove(u'&') == text) {
            return action;
        }
    }
    return nullptr;
}

// A recording being written, as costscope-record leaves it between two variants.
class LiveRecording {
  public:
    explicit LiveRecording(const std::filesystem::path& path) : store_(path) {
        RunInfo run;
        run.suite = "live";
        store_.beginRun(run);  // this host and process: reads as running, not incomplete
    }
    void addGemm(int64_t size, double ms) {
        VariantRecord variant;
        variant.spec = {.family = "gemm",
                        .device = "cpu",
                        .backend = "openblas",
                        .precision = "fp32",
                        .structure = "dense",
                        .m = size,
                        .n = size,
                        .k = size};
        const auto ns = int64_t(ms * 1e6);
        variant.samples = {Sample{1'000, ns, -1}, Sample{3'000'000, ns + ns / 20, -1},
                           Sample{6'000'000, ns - ns / 20, -1}};
        variant.stats = SampleStats::from(std::vector<int64_t>{ns, ns + ns / 20, ns - ns / 20});
        store_.addVariant(variant);
    }
    void end() { store_.endRun(RunStatus::Complete, ""); }

  private:
    SqliteStore store_;
};

}  // namespace

class MainWindowTest : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
        // Open Recent keeps its list in the settings: the test's own, not the user's.
        QStandardPaths::setTestModeEnabled(true);
    }

    void init() { QCoreApplication::setApplicationName(u"costscope-test"_s); }

    void opensAFileAndShowsItsNewestRunInEveryView() {
        test::ScratchDir dir;
        const auto path = dir.file("two.sqlite");
        test::writeFixtureRun(path, {.seed = 1});
        const int64_t newest = test::writeFixtureRun(path, {.seed = 2});
        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::inputShown);
        QVERIFY(openAndWait(window, path).isEmpty());
        QVERIFY(shown.count() == 1 || shown.wait(5'000));
        QVERIFY(window.viewInput().run != nullptr);
        QCOMPARE(window.viewInput().run->run.id, newest);
        QVERIFY(window.viewInput().baseline == nullptr);
        QVERIFY(window.tabs()->count() >= 7);
        QVERIFY(window.showTab(u"timeline"_s));
        QVERIFY(!window.showTab(u"no such view"_s));
    }

    void exportsTheTimelineOfTheRunShown() {
        test::ScratchDir dir;
        const auto path = dir.file("run.sqlite");
        test::writeFixtureRun(path, {.seed = 1});
        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::inputShown);
        QVERIFY(openAndWait(window, path).isEmpty());
        QVERIFY(shown.count() == 1 || shown.wait(5'000));
        QSignalSpy exported(&window, &MainWindow::timelineExported);
        const QString trace = QString::fromStdString(dir.file("run.json").string());
        window.exportTimelineTo(trace);
        QVERIFY(exported.wait(10'000));
        QCOMPARE(exported.at(0).at(1).toString(), QString());
        QFile file(trace);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.startsWith("{\"displayTimeUnit\":\"ns\""));
        QVERIFY(text.contains("\"cat\":\"kernel\""));
        QVERIFY(window.statusBar()->currentMessage().contains(u"perfetto"_s));

        // Into a folder that does not exist: the error is shown, nothing is written.
        const QString nowhere = QString::fromStdString(dir.file("gone/run.json").string());
        window.exportTimelineTo(nowhere);
        QVERIFY(exported.wait(10'000));
        QVERIFY(exported.at(1).at(1).toString().contains(nowhere));
        QVERIFY(window.lastError().contains(nowhere));
        QVERIFY(!QFile::exists(nowhere));
    }

    void comparesTwoFilesAndShowsTheDiff() {
        test::ScratchDir dir;
        const auto base = dir.file("base.sqlite");
        const auto candidate = dir.file("candidate.sqlite");
        test::writeFixtureRun(base, {.seed = 1});
        test::writeFixtureRun(candidate, {.timeScale = 0.8, .seed = 2});
        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::inputShown);
        window.openComparison(qpath(base), qpath(candidate));
        QVERIFY(shown.wait(10'000));
        QVERIFY(window.viewInput().baseline != nullptr);
        QCOMPARE(QString::fromStdString(window.viewInput().baseline->path), qpath(base));
        QCOMPARE(window.tabs()->tabText(window.tabs()->currentIndex()), u"Compare runs"_s);
    }

    void badFilesGiveAMessageNamingTheFileAndStayUntouched_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("text") << u"text"_s << u"not"_s;
        QTest::newRow("truncated") << u"truncated"_s << u"incomplete or damaged"_s;
        QTest::newRow("foreign") << u"foreign"_s << u"not"_s;
        QTest::newRow("newer") << u"newer"_s << u"newer"_s;
        QTest::newRow("zero bytes") << u"empty"_s << u""_s;
        QTest::newRow("missing") << u"missing"_s << u""_s;
    }

    void badFilesGiveAMessageNamingTheFileAndStayUntouched() {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        test::ScratchDir dir;
        const auto path = dir.file("bad.sqlite");
        if (kind == u"text") {
            std::ofstream(path) << "name,median\nx,1\n";
        } else if (kind == u"truncated") {
            const auto good = dir.file("good.sqlite");
            test::writeFixtureRun(good);
            std::ofstream(path, std::ios::binary) << bytesOf(good).substr(0, 2000);
        } else if (kind == u"foreign") {
            sqlite3* db = nullptr;
            QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
            sqlite3_exec(db, "CREATE TABLE invoices(id INTEGER, total REAL)", nullptr, nullptr,
                         nullptr);
            sqlite3_close(db);
        } else if (kind == u"newer") {
            test::writeFixtureRun(path);
            sqlite3* db = nullptr;
            QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
            sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
            sqlite3_close(db);
        } else if (kind == u"empty") {
            std::ofstream(path).flush();
        }
        const bool exists = std::filesystem::exists(path);
        const std::string before = exists ? bytesOf(path) : std::string();

        MainWindow window;
        const QString error = openAndWait(window, path);
        QVERIFY2(error.contains(qpath(path)), qPrintable(error));
        QVERIFY2(error.contains(expected, Qt::CaseInsensitive), qPrintable(error));
        QVERIFY(window.viewInput().run == nullptr);
        QCOMPARE(std::filesystem::exists(path), exists);
        if (exists) {
            QVERIFY(bytesOf(path) == before);
        }
        QStringList entries;
        for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
            entries << QString::fromStdString(entry.path().filename().string());
        }
        QVERIFY2(!entries.join(u" "_s).contains(u"-wal"_s), qPrintable(entries.join(u" "_s)));
    }

    void aBadFileDoesNotHoldBackTheNextOne() {
        test::ScratchDir dir;
        const auto bad = dir.file("bad.sqlite");
        std::ofstream(bad) << "not a database";
        const auto good = dir.file("good.sqlite");
        test::writeFixtureRun(good);
        MainWindow window;
        QVERIFY(!openAndWait(window, bad).isEmpty());
        openAndWait(window, good);
        QVERIFY(window.viewInput().run != nullptr);
    }

    void followsARecordingWhileItIsWritten() {
        test::ScratchDir dir;
        const auto path = dir.file("live.sqlite");
        SqliteStore store(path);
        RunInfo run;
        run.suite = "live";
        store.beginRun(run);  // this host and process: reads as running, not incomplete
        VariantRecord variant;
        variant.spec = {.family = "gemm",
                        .device = "cpu",
                        .backend = "openblas",
                        .precision = "fp32",
                        .structure = "dense",
                        .m = 64,
                        .n = 64,
                        .k = 64};
        variant.samples = {Sample{1'000, 2'000'000, -1}, Sample{3'000'000, 2'100'000, -1}};
        variant.stats = SampleStats::from(std::vector<int64_t>{2'000'000, 2'100'000});
        store.addVariant(variant);

        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::inputShown);
        openAndWait(window, path);
        QVERIFY(shown.count() >= 1 || shown.wait(5'000));
        QCOMPARE(window.viewInput().run->variants.size(), size_t(1));
        QCOMPARE(window.viewInput().run->run.state, RunState::Running);

        variant.spec.m = 128;
        store.addVariant(variant);
        // The watcher polls the file and its -wal; the window reads the run again.
        QTRY_COMPARE_WITH_TIMEOUT(window.viewInput().run->variants.size(), size_t(2), 10'000);
        store.endRun(RunStatus::Complete, "");
        QTRY_COMPARE_WITH_TIMEOUT(window.viewInput().run->run.state, RunState::Complete, 10'000);
    }

    void theTitleAndTheRunBrowserNameTheRunOnDisplay() {
        test::ScratchDir dir;
        const auto path = dir.file("two.sqlite");
        const int64_t older = test::writeFixtureRun(path, {.suite = "quick", .seed = 1});
        const int64_t newest = test::writeFixtureRun(path, {.suite = "quick", .seed = 2});
        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::inputShown);
        QVERIFY(openAndWait(window, path).isEmpty());
        QVERIFY(shown.count() == 1 || shown.wait(5'000));
        QCOMPARE(window.windowTitle(), u"costscope — "_s + window.viewInput().run->label());
        QVERIFY(
            window.windowTitle().startsWith(u"costscope — quick #"_s + QString::number(newest)));
        const RunBrowser::RunKey newestKey{qpath(path), newest};
        QCOMPARE(window.browser()->picked(), std::vector<RunBrowser::RunKey>{newestKey});

        // Explored from the browser: the title follows, and the run stays the one selected.
        window.browser()->pick(qpath(path), older);
        window.browser()->exploreSelected();
        QVERIFY(shown.wait(5'000));
        QCOMPARE(window.viewInput().run->run.id, older);
        QVERIFY(window.windowTitle().startsWith(u"costscope — quick #"_s + QString::number(older)));
        const RunBrowser::RunKey olderKey{qpath(path), older};
        QCOMPARE(window.browser()->picked(), std::vector<RunBrowser::RunKey>{olderKey});
    }

    void baselineOnTheCommandLineIsPickedAsByHand() {
        test::ScratchDir dir;
        const auto base = dir.file("base.sqlite");
        const auto candidate = dir.file("candidate.sqlite");
        const int64_t baseRun = test::writeFixtureRun(base, {.seed = 1});
        const int64_t candidateRun =
            test::writeFixtureRun(candidate, {.timeScale = 0.8, .seed = 2});

        MainWindow fromArguments;
        QSignalSpy shown(&fromArguments, &MainWindow::inputShown);
        QVERIFY(fromArguments.openArguments({u"--baseline"_s, qpath(base), qpath(candidate)})
                    .isEmpty());
        QVERIFY(shown.wait(10'000));
        const std::vector<RunBrowser::RunKey> roles{{qpath(base), baseRun},
                                                    {qpath(candidate), candidateRun}};
        QCOMPARE(fromArguments.browser()->picked(), roles);
        const QString pair = fromArguments.browser()->pairText();
        QVERIFY2(pair.startsWith(u"Baseline: fixture #"_s + QString::number(baseRun) +
                                 u" (base.sqlite)"_s),
                 qPrintable(pair));
        QVERIFY2(pair.contains(u"Candidate: fixture #"_s + QString::number(candidateRun) +
                               u" (candidate.sqlite)"_s),
                 qPrintable(pair));
        QCOMPARE(fromArguments.browser()->compareButton()->isEnabled(), true);
        QCOMPARE(fromArguments.windowTitle(),
                 u"costscope — Candidate "_s + fromArguments.viewInput().run->label() +
                     u" vs Baseline "_s + fromArguments.viewInput().baseline->label());

        // Picked by hand, the baseline first, then Compare: the same roles, words and title.
        MainWindow byHand;
        QSignalSpy handShown(&byHand, &MainWindow::inputShown);
        openAndWait(byHand, base);
        openAndWait(byHand, candidate);
        QVERIFY(handShown.count() >= 1 || handShown.wait(5'000));
        handShown.clear();
        byHand.browser()->pick(qpath(base), baseRun);
        byHand.browser()->pick(qpath(candidate), candidateRun, true);
        byHand.browser()->compareSelected();
        QVERIFY(handShown.wait(10'000));
        QCOMPARE(byHand.browser()->picked(), roles);
        QCOMPARE(byHand.browser()->pairText(), pair);
        QCOMPARE(byHand.windowTitle(), fromArguments.windowTitle());

        // And the arguments say so when they are wrong.
        MainWindow wrong;
        QVERIFY(wrong.openArguments({u"--baseline"_s, qpath(base)}).contains(u"--baseline"_s));
    }

    void viewOptionShowsThatViewFirst() {
        test::ScratchDir dir;
        const auto base = dir.file("base.sqlite");
        const auto candidate = dir.file("candidate.sqlite");
        test::writeFixtureRun(base, {.seed = 1});
        test::writeFixtureRun(candidate, {.seed = 2});

        MainWindow one;
        QVERIFY(one.openArguments({u"--view"_s, u"roof"_s, qpath(candidate)}).isEmpty());
        QCOMPARE(one.tabs()->tabText(one.tabs()->currentIndex()), u"Roofline"_s);
        QSignalSpy shown(&one, &MainWindow::inputShown);
        QVERIFY(shown.wait(10'000));
        QCOMPARE(one.tabs()->tabText(one.tabs()->currentIndex()), u"Roofline"_s);

        // Comparing switches to the diff, unless the command line chose a view.
        MainWindow two;
        QSignalSpy twoShown(&two, &MainWindow::inputShown);
        QVERIFY(two.openArguments(
                       {u"--view"_s, u"Tables"_s, u"--baseline"_s, qpath(base), qpath(candidate)})
                    .isEmpty());
        QVERIFY(twoShown.wait(10'000));
        QVERIFY(two.viewInput().baseline != nullptr);
        QCOMPARE(two.tabs()->tabText(two.tabs()->currentIndex()), u"Tables"_s);

        MainWindow wrong;
        QVERIFY(wrong.openArguments({u"--view"_s, u"no such view"_s, qpath(candidate)})
                    .contains(u"no view named no such view"_s));
    }

    void comparesMachinesPickedInTheBrowser() {
        test::ScratchDir dir;
        const auto path = dir.file("fleet.sqlite");
        const test::FleetFixture fleet = test::writeFleetFixture(path);
        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::inputShown);
        QVERIFY(openAndWait(window, path).isEmpty());
        QVERIFY(shown.count() == 1 || shown.wait(5'000));
        shown.clear();
        QVERIFY(!window.viewInput().run || window.viewInput().machines.empty());
        QVERIFY(!window.machinesView()->message().isEmpty());  // says how to pick machines

        // Picked in the order node-b, node-a, node-c; Compare machines.
        RunBrowser* browser = window.browser();
        browser->pick(fleet.keys[1].path, fleet.keys[1].runId);
        browser->pick(fleet.keys[0].path, fleet.keys[0].runId, true);
        browser->pick(fleet.keys[2].path, fleet.keys[2].runId, true);
        QVERIFY(browser->machinesButton()->isEnabled());
        browser->compareMachinesSelected();
        QVERIFY(shown.wait(10'000));
        const ViewInput& input = window.viewInput();
        QCOMPARE(input.machines.size(), size_t(3));
        QCOMPARE(input.machines[0]->run.info.host, std::string("node-b"));
        QCOMPARE(input.machines[1]->run.info.host, std::string("node-a"));
        QCOMPARE(input.machines[2]->run.info.host, std::string("node-c"));
        QCOMPARE(input.run, input.machines[0]);
        QVERIFY(input.baseline == nullptr);
        QCOMPARE(window.tabs()->currentWidget(), window.machinesView());
        QCOMPARE(window.tabs()->tabText(window.tabs()->currentIndex()), u"Machines"_s);
        QVERIFY(window.machinesView()->message().isEmpty());
        QCOMPARE(window.machinesView()->choiceModel()->rowCount(), 2);
        QVERIFY(window.windowTitle().startsWith(
            u"costscope — Machines: "_s +
            QString::fromStdString(fleetRunsOf(input.machines)[0].machine)));
        QCOMPARE(browser->picked(),
                 (std::vector<RunKey>{fleet.keys[1], fleet.keys[0], fleet.keys[2]}));
        // The trade-off map and Compare overlay the three machines.
        auto* tradeOff = qobject_cast<TradeOffView*>(window.charts()[0]);
        auto* compare = qobject_cast<CompareView*>(window.charts()[1]);
        QVERIFY(tradeOff != nullptr && compare != nullptr);
        QCOMPARE(tradeOff->series().machines().size(), size_t(3));
        QCOMPARE(compare->series()->machines().size(), size_t(3));

        // A report exported from here is the machines' report, by the tab's goal.
        window.machinesView()->setGoal(FleetGoal::Fastest);
        QSignalSpy exported(&window, &MainWindow::reportExported);
        const QString report = qpath(dir.file("fleet.md"));
        window.exportReportTo(report);
        QVERIFY(exported.wait(20'000));
        QCOMPARE(exported.at(0).at(1).toString(), QString());
        QFile markdown(report);
        QVERIFY(markdown.open(QIODevice::ReadOnly));
        const QString written = QString::fromUtf8(markdown.readAll());
        QVERIFY(written.contains(u"## Which machine for which workload"_s));
        QVERIFY(written.contains(u"Best machine (fastest)"_s));
        QVERIFY(written.contains(QString::fromStdString(fleetRunsOf(input.machines)[2].machine)));

        // One run explored again: the machines are gone from every view.
        browser->pick(fleet.keys[2].path, fleet.keys[2].runId);
        browser->exploreSelected();
        QVERIFY(shown.wait(10'000));
        QVERIFY(window.viewInput().machines.empty());
        QVERIFY(tradeOff->series().machines().empty());
        QVERIFY(window.machinesView()->message().startsWith(u"One run is shown now"_s));
    }

    void viewMachinesOpensEveryRunOfAMergedFile() {
        test::ScratchDir dir;
        const auto path = dir.file("fleet.sqlite");
        const test::FleetFixture fleet = test::writeFleetFixture(path);
        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::inputShown);
        QVERIFY(window.openArguments({u"--view"_s, u"machines"_s, qpath(path)}).isEmpty());
        QVERIFY(shown.wait(10'000));
        QCOMPARE(window.viewInput().machines.size(), size_t(3));
        QCOMPARE(window.tabs()->currentWidget(), window.machinesView());
        QCOMPARE(window.browser()->picked(), fleet.keys);  // the file's runs, oldest first
        QCOMPARE(shown.count(), 1);                        // not the newest run explored first

        // A file of one run: explored, the Machines tab saying how to pick more.
        const auto single = dir.file("single.sqlite");
        test::writeFixtureRun(single, {.seed = 4});
        MainWindow one;
        QSignalSpy oneShown(&one, &MainWindow::inputShown);
        QVERIFY(one.openArguments({u"--view"_s, u"machines"_s, qpath(single)}).isEmpty());
        QVERIFY(oneShown.wait(10'000));
        QVERIFY(one.viewInput().machines.empty());
        QVERIFY(!one.machinesView()->message().isEmpty());
        QCOMPARE(one.tabs()->currentWidget(), one.machinesView());
    }

    void helpMenuOpensTheDocumentationAndSaysWhatThisIs() {
        MainWindow window;
        QVERIFY(window.helpMenu() != nullptr);
        QAction* documentation = actionNamed(window.helpMenu(), u"Documentation"_s);
        QAction* about = actionNamed(window.helpMenu(), u"About costscope"_s);
        QVERIFY(documentation != nullptr);
        QVERIFY(about != nullptr);

        // From a build tree, the checkout's docs/gui.md.
        const QString path = MainWindow::documentationPath();
        QVERIFY2(path.endsWith(u"/docs/gui.md"_s), qPrintable(path));
        QVERIFY(QFileInfo(path).isFile());
        UrlCatcher catcher;
        QDesktopServices::setUrlHandler(u"file"_s, &catcher, "open");
        documentation->trigger();
        QDesktopServices::unsetUrlHandler(u"file"_s);
        QCOMPARE(catcher.urls.size(), 1);
        QCOMPARE(catcher.urls.first().toLocalFile(), path);

        about->trigger();
        auto* box = window.findChild<QMessageBox*>(u"about"_s);
        QVERIFY(box != nullptr);
        QVERIFY(box->isVisible());
        QVERIFY2(box->text().contains(u"costscope 0."_s), qPrintable(box->text()));
        QVERIFY(box->text().contains(u"Qt "_s + QString::fromLatin1(qVersion())));
        QVERIFY(box->text().contains(u"trade-off map"_s));
        box->close();
    }

    void aLiveRefreshKeepsTheZoomAndTheSelection() {
        test::ScratchDir dir;
        const auto path = dir.file("live.sqlite");
        LiveRecording recording(path);
        recording.addGemm(64, 2.0);
        recording.addGemm(96, 5.0);

        MainWindow window;
        window.resize(1300, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy shown(&window, &MainWindow::inputShown);
        openAndWait(window, path);
        QVERIFY(shown.count() >= 1 || shown.wait(5'000));
        QCOMPARE(window.viewInput().run->variants.size(), size_t(2));

        // The Compare chart zoomed with the wheel, as a user does.
        QVERIFY(window.showTab(u"Compare"_s));
        auto* compare = qobject_cast<CompareView*>(window.tabs()->currentWidget());
        QVERIFY(compare != nullptr);
        QCustomPlot* plot = compare->plot();
        plot->replot();
        const QCPRange fittedX = plot->xAxis->range();
        QVERIFY(!compare->zoomed());
        const QPointF centre = plot->axisRect()->rect().center();
        QWheelEvent wheel(centre, plot->mapToGlobal(centre), QPoint(), QPoint(0, 240), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(plot, &wheel);
        const QCPRange zoomedX = plot->xAxis->range();
        const QCPRange zoomedY = plot->yAxis->range();
        QVERIFY2(zoomedX != fittedX, "the wheel did not zoom");
        QVERIFY(compare->zoomed());

        // A variant selected in the table, and so everywhere.
        QTableView* table = window.tables()->variantTable();
        table->selectRow(1);
        const QString selected = window.selection()->current();
        QVERIFY(!selected.isEmpty());

        // The recorder adds a variant: the window reads the same run again.
        recording.addGemm(128, 9.0);
        QTRY_COMPARE_WITH_TIMEOUT(window.viewInput().run->variants.size(), size_t(3), 10'000);
        QCOMPARE(compare->input().run->variants.size(), size_t(3));
        QCOMPARE(plot->xAxis->range(), zoomedX);
        QCOMPARE(plot->yAxis->range(), zoomedY);
        QCOMPARE(window.selection()->current(), selected);
        const QModelIndexList rows = table->selectionModel()->selectedRows();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().data(VariantTableModel::NameRole).toString(), selected);
        QCOMPARE(window.tabs()->currentWidget(), compare);

        // After Reset zoom the chart is fitted again, and a later refresh fits the new data.
        QAction* reset = nullptr;
        for (QAction* action : compare->findChildren<QAction*>()) {
            reset = action->text() == u"Reset zoom"_s ? action : reset;
        }
        QVERIFY(reset != nullptr);
        reset->trigger();
        QVERIFY(!compare->zoomed());
        const QCPRange refitted = plot->xAxis->range();
        recording.addGemm(256, 40.0);
        QTRY_COMPARE_WITH_TIMEOUT(window.viewInput().run->variants.size(), size_t(4), 10'000);
        QVERIFY(plot->xAxis->range().upper > refitted.upper);  // the new, slower variant in view
        QVERIFY(!compare->zoomed());
        QCOMPARE(window.selection()->current(), selected);
        recording.end();
    }

    void exportReportShowsItsProgressAndWritesTheFile() {
        test::ScratchDir dir;
        const auto path = dir.file("run.sqlite");
        test::writeFixtureRun(path, {.seed = 1});
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy shown(&window, &MainWindow::inputShown);
        openAndWait(window, path);
        QVERIFY(shown.count() >= 1 || shown.wait(5'000));

        const auto report = dir.file("report.html");
        QSignalSpy exported(&window, &MainWindow::reportExported);
        window.exportReportTo(qpath(report));
        // Not written on the spot: the window keeps answering while it is.
        QVERIFY(window.exportTask() != nullptr);
        QVERIFY(!std::filesystem::exists(report));
        auto* progress = window.findChild<QProgressDialog*>(u"exportProgress"_s);
        QVERIFY(progress != nullptr);
        QVERIFY(progress->isVisible());
        QSignalSpy steps(window.exportTask(), &ExportReportTask::progressed);
        QVERIFY(exported.wait(60'000));
        QCOMPARE(exported.first().at(0).toString(), qpath(report));
        QVERIFY2(exported.first().at(1).toString().isEmpty(),
                 qPrintable(exported.first().at(1).toString()));
        // A step per chart, the tables, the file, each reported as it went.
        QVERIFY2(steps.size() >= 7, qPrintable(QString::number(steps.size())));
        QCOMPARE(steps.last().at(0).toInt(), steps.last().at(1).toInt());
        QVERIFY(std::filesystem::file_size(report) > 10'000);
        const std::string html = bytesOf(report);
        QVERIFY(html.find("data:image/png;base64,") != std::string::npos);
        QTRY_VERIFY(window.findChild<QProgressDialog*>(u"exportProgress"_s) == nullptr);
        QVERIFY(window.exportTask() == nullptr);

        // Cancelled while the charts are drawn: no file at all.
        const auto cancelled = dir.file("cancelled.pdf");
        exported.clear();
        window.exportReportTo(qpath(cancelled));
        auto* cancelling = window.findChild<QProgressDialog*>(u"exportProgress"_s);
        QVERIFY(cancelling != nullptr);
        cancelling->findChild<QPushButton*>()->click();
        QVERIFY(exported.count() == 1 || exported.wait(10'000));
        QVERIFY(exported.first().at(1).toString().contains(u"cancelled"_s));
        QVERIFY(!std::filesystem::exists(cancelled));

        // Markdown draws no chart: shaped and written off the GUI thread alone.
        const auto markdown = dir.file("report.md");
        exported.clear();
        window.exportReportTo(qpath(markdown));
        QVERIFY(exported.wait(30'000));
        QVERIFY(exported.first().at(1).toString().isEmpty());
        QVERIFY(std::filesystem::file_size(markdown) > 100);

        // PDF: its pages laid out on the worker too.
        const auto pdf = dir.file("report.pdf");
        exported.clear();
        window.exportReportTo(qpath(pdf));
        QVERIFY(exported.wait(60'000));
        QVERIFY2(exported.first().at(1).toString().isEmpty(),
                 qPrintable(exported.first().at(1).toString()));
        QCOMPARE(bytesOf(pdf).substr(0, 5), std::string("%PDF-"));
    }

    void openRecentReopensAFile() {
        test::ScratchDir dir;
        const auto path = dir.file("recent.sqlite");
        const int64_t run = test::writeFixtureRun(path, {.seed = 4});
        {
            MainWindow first;
            QVERIFY(openAndWait(first, path).isEmpty());
        }
        MainWindow window;
        QAction* recent = actionNamed(window.recentMenu(), qpath(path));
        QVERIFY2(recent != nullptr, "the file is not listed under Open Recent");
        QVERIFY(window.recentMenu()->isEnabled());
        QCOMPARE(window.recentMenu()->actions().first(), recent);  // the latest first
        QSignalSpy shown(&window, &MainWindow::inputShown);
        recent->trigger();
        QVERIFY(shown.wait(10'000));
        QCOMPARE(QString::fromStdString(window.viewInput().run->path), qpath(path));
        QCOMPARE(window.viewInput().run->run.id, run);
    }

    void aRecordingDroppedOnTheWindowOpens() {
        test::ScratchDir dir;
        const auto path = dir.file("dropped.sqlite");
        const int64_t run = test::writeFixtureRun(path, {.seed = 5});
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(qpath(path))});
        const QPoint at = window.rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QSignalSpy shown(&window, &MainWindow::inputShown);
        QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QVERIFY(drop.isAccepted());
        QVERIFY(shown.wait(10'000));
        QCOMPARE(QString::fromStdString(window.viewInput().run->path), qpath(path));
        QCOMPARE(window.viewInput().run->run.id, run);
        QCOMPARE(window.browser()->picked().size(), size_t(1));
    }
};

}  // namespace costscope

QTEST_MAIN(costscope::MainWindowTest)
#include "MainWindowTest.moc"
