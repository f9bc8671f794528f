// The main window end to end: opening recordings good and bad, exploring and comparing runs,
// following a recording while it is written; never a crash, never a write into a viewed file.
#include <sqlite3.h>

#include <QSignalSpy>
#include <QTabWidget>
#include <QtTest>
#include <fstream>

#include "app/MainWindow.h"
#include "app/core/RecordingLoader.h"
#include "profiler/store/SqliteStore.h"
#include "tests/gui/support/FixtureRecording.h"

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

}  // namespace

class MainWindowTest : public QObject {
    Q_OBJECT
  private slots:
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
};

}  // namespace costscope

QTEST_MAIN(costscope::MainWindowTest)
#include "MainWindowTest.moc"
