// The run browser: every run of every open file with its state, Explore and Compare with the
// baseline chosen by picking order, and files added, refreshed and closed.
#include <QAbstractItemModelTester>
#include <QColor>
#include <QIcon>
#include <QItemSelectionModel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <memory>

#include "app/browser/RunBrowser.h"
#include "app/browser/RunListModel.h"
#include "app/core/RunLoader.h"
#include "app/tables/TableProxyModel.h"
#include "profiler/store/SqliteStore.h"
#include "tests/gui/support/FixtureRecording.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

FileDataPtr open(const std::filesystem::path& path) {
    return std::make_shared<const FileData>(loadFile(path));
}

RunInfo runInfo(const std::string& host, int64_t startedUnixNs) {
    RunInfo run;
    run.suite = "quick";
    run.suiteJson = R"({"name": "quick"})";
    run.commandLine = "costscope-record --suite quick";
    run.host = host;
    run.version = "0.1.0";
    run.startedUnixNs = startedUnixNs;
    return run;
}

DeviceInfo cpu() {
    DeviceInfo device;
    device.kind = "cpu";
    device.name = "Test CPU";
    device.details = "{}";
    return device;
}

}  // namespace

class RunBrowserTest : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        fixtures_ = QString::fromStdString(dir_.file("fixtures.sqlite").string());
        // seed 1 starts an hour before seed 2.
        early_ = test::writeFixtureRun(dir_.file("fixtures.sqlite"), {.seed = 1});
        late_ = test::writeFixtureRun(dir_.file("fixtures.sqlite"), {.seed = 2});
        cpuOnly_ =
            test::writeFixtureRun(dir_.file("fixtures.sqlite"), {.withGpu = false, .seed = 3});

        // A run stopped by the user, and one whose recorder vanished: still `running` in the
        // file, written on another host, so nothing can say it is alive.
        broken_ = QString::fromStdString(dir_.file("broken.sqlite").string());
        {
            SqliteStore store(dir_.file("broken.sqlite"));
            interrupted_ = store.beginRun(runInfo("here", 1'790'000'000'000'000'000));
            store.addDevice(cpu());
            store.endRun(RunStatus::Interrupted, "stopped by the user");
        }
        auto store = std::make_unique<SqliteStore>(dir_.file("broken.sqlite"));
        incomplete_ = store->beginRun(runInfo("gpu-server-far-away", 1'790'100'000'000'000'000));
        store->addDevice(cpu());
        brokenFile_ = open(dir_.file("broken.sqlite"));  // read while it is still `running`
        store.reset();                                   // (which ends it as interrupted)
        fixturesFile_ = open(dir_.file("fixtures.sqlite"));
    }

    void listsEveryRunOfEveryFile() {
        RunListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setResults({fixturesFile_, brokenFile_});
        QCOMPARE(model.rowCount(), 5);
        const auto text = [&model](int row, int column) {
            return model.index(row, column).data().toString();
        };
        QCOMPARE(text(0, RunListModel::File), u"fixtures.sqlite"_s);
        QCOMPARE(model.index(0, RunListModel::File).data(RunListModel::PathRole).toString(),
                 fixtures_);
        QCOMPARE(text(0, RunListModel::Run), QString::number(early_));
        QCOMPARE(text(0, RunListModel::Suite), u"fixture"_s);
        QCOMPARE(text(0, RunListModel::Host), u"fixture-host"_s);
        QCOMPARE(text(0, RunListModel::Cpu), u"Fixture CPU (synthetic)"_s);
        QCOMPARE(text(0, RunListModel::Gpu), u"Fixture GPU (synthetic)"_s);
        QCOMPARE(text(0, RunListModel::Status), u"complete"_s);
        QVERIFY(!model.index(0, RunListModel::Status).data(Qt::ForegroundRole).isValid());
        QCOMPARE(text(2, RunListModel::Gpu), QString());  // CPU only
        QCOMPARE(model.index(1, 0).data(RunListModel::RunIdRole).toLongLong(), late_);
        QVERIFY(model.index(1, RunListModel::Started).data(RunListModel::SortRole).toLongLong() >
                model.index(0, RunListModel::Started).data(RunListModel::SortRole).toLongLong());
        QVERIFY(text(0, RunListModel::Started).startsWith(u"2026-"_s));

        // The runs that did not finish say so: words, colour, icon and why in the tooltip.
        const int interrupted = model.rowOf(broken_, interrupted_);
        const int incomplete = model.rowOf(broken_, incomplete_);
        QCOMPARE(interrupted, 3);
        QCOMPARE(incomplete, 4);
        QCOMPARE(text(interrupted, RunListModel::Status), u"interrupted"_s);
        QCOMPARE(text(incomplete, RunListModel::Status), u"incomplete"_s);
        QCOMPARE(text(incomplete, RunListModel::Host), u"gpu-server-far-away"_s);
        for (const int row : {interrupted, incomplete}) {
            const QModelIndex status = model.index(row, RunListModel::Status);
            QVERIFY(status.data(Qt::ForegroundRole).value<QColor>().isValid());
            QVERIFY(!status.data(Qt::DecorationRole).value<QIcon>().isNull());
        }
        QVERIFY(model.index(interrupted, 0)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(u"stopped by the user"_s));
        QVERIFY(model.index(incomplete, 0)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(u"without closing the run"_s));
        QCOMPARE(model.index(incomplete, 0).data(RunListModel::StateRole).toInt(),
                 int(RunState::Incomplete));

        model.setResults({});
        QCOMPARE(model.rowCount(), 0);
    }

    void addsReplacesAndRemovesFiles() {
        RunBrowser browser;
        QAbstractItemModelTester tester(browser.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        browser.addFile(brokenFile_);
        browser.addFile(fixturesFile_);
        QCOMPARE(browser.model()->rowCount(), 5);
        QCOMPARE(browser.model()->fileAt(0)->path, brokenFile_->path);

        // The same path again (read anew after a run was added): replaced in place, with the
        // selection kept.
        const auto grown = dir_.file("grown.sqlite");
        test::writeFixtureRun(grown, {.seed = 1});
        browser.addFile(open(grown));
        QCOMPARE(browser.model()->rowCount(), 6);
        const QString grownPath = QString::fromStdString(grown.string());
        const qint64 firstGrown = browser.model()->runAt(5)->id;
        browser.pick(grownPath, firstGrown);
        test::writeFixtureRun(grown, {.seed = 2});
        browser.addFile(open(grown));
        QCOMPARE(browser.model()->rowCount(), 7);
        QCOMPARE(browser.model()->files().size(), size_t(3));
        QCOMPARE(browser.picked().size(), size_t(1));
        QCOMPARE(browser.picked().front().runId, firstGrown);

        browser.removeFile(broken_);
        QCOMPARE(browser.model()->rowCount(), 5);
        browser.removeFile(u"/not/open.sqlite"_s);
        QCOMPARE(browser.model()->rowCount(), 5);
        browser.removeFile(grownPath);
        QCOMPARE(browser.model()->rowCount(), 3);
        QVERIFY(browser.picked().empty());
        QVERIFY(!browser.exploreButton()->isEnabled());
    }

    void exploresOneRun() {
        RunBrowser browser;
        browser.addFile(fixturesFile_);
        browser.resize(900, 400);
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        QSignalSpy explore(&browser, &RunBrowser::exploreRequested);
        QSignalSpy compare(&browser, &RunBrowser::compareRequested);
        QVERIFY(!browser.exploreButton()->isEnabled());
        QVERIFY(!browser.compareButton()->isEnabled());

        // A click on a row, then Explore.
        QTableView* table = browser.table();
        const QRect second = table->visualRect(table->model()->index(1, RunListModel::Suite));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, second.center());
        QCOMPARE(browser.picked().size(), size_t(1));
        QVERIFY(browser.exploreButton()->isEnabled());
        QVERIFY(!browser.compareButton()->isEnabled());
        QTest::mouseClick(browser.exploreButton(), Qt::LeftButton);
        QCOMPARE(explore.size(), 1);
        QCOMPARE(explore.at(0).at(0).toString(), fixtures_);
        QCOMPARE(explore.at(0).at(1).toLongLong(), late_);

        // A double-click explores too (its first press picks the row, as a real one does).
        const QRect first = table->visualRect(table->model()->index(0, RunListModel::Host));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, first.center());
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, first.center());
        QCOMPARE(explore.size(), 2);
        QCOMPARE(explore.at(1).at(1).toLongLong(), early_);
        QCOMPARE(compare.size(), 0);
    }

    void comparesTwoRunsFirstPickedIsBaseline() {
        RunBrowser browser;
        browser.addFile(fixturesFile_);
        QSignalSpy compare(&browser, &RunBrowser::compareRequested);

        // The later run picked first, then the earlier one added (Ctrl+click): the first picked
        // is the baseline.
        browser.pick(fixtures_, late_);
        browser.pick(fixtures_, early_, true);
        QVERIFY(browser.compareButton()->isEnabled());
        QVERIFY(!browser.exploreButton()->isEnabled());
        QTest::mouseClick(browser.compareButton(), Qt::LeftButton);
        QCOMPARE(compare.size(), 1);
        QCOMPARE(compare.at(0), (QList<QVariant>{fixtures_, QVariant::fromValue(qint64(late_)),
                                                 fixtures_, QVariant::fromValue(qint64(early_))}));

        // Swap makes the other the baseline.
        QTest::mouseClick(browser.swapButton(), Qt::LeftButton);
        browser.compareSelected();
        QCOMPARE(compare.size(), 2);
        QCOMPARE(compare.at(1).at(1).toLongLong(), early_);
        QCOMPARE(compare.at(1).at(3).toLongLong(), late_);

        // A third run: neither Explore nor Compare.
        browser.pick(fixtures_, cpuOnly_, true);
        QVERIFY(!browser.compareButton()->isEnabled());
        QVERIFY(!browser.exploreButton()->isEnabled());
        browser.compareSelected();
        QCOMPARE(compare.size(), 2);

        // Deselecting the baseline leaves the other picked runs in their order.
        browser.table()->selectionModel()->select(
            browser.table()->model()->index(browser.model()->rowOf(fixtures_, early_), 0),
            QItemSelectionModel::Deselect | QItemSelectionModel::Rows);
        QCOMPARE(browser.picked().size(), size_t(2));
        QCOMPARE(browser.picked()[0].runId, late_);
        QCOMPARE(browser.picked()[1].runId, cpuOnly_);
    }

    void comparesMachinesInTheOrderPicked() {
        RunBrowser browser;
        browser.addFile(fixturesFile_);
        std::vector<std::vector<RunKey>> requested;
        connect(&browser, &RunBrowser::machinesRequested, this,
                [&requested](const std::vector<RunKey>& runs) { requested.push_back(runs); });
        QSignalSpy compare(&browser, &RunBrowser::compareRequested);
        QVERIFY(!browser.machinesButton()->isEnabled());

        browser.pick(fixtures_, late_);
        QVERIFY(!browser.machinesButton()->isEnabled());  // one run: Explore
        browser.pick(fixtures_, cpuOnly_, true);
        // Two: Compare as before, or Compare machines.
        QVERIFY(browser.compareButton()->isEnabled());
        QVERIFY(browser.machinesButton()->isEnabled());
        browser.pick(fixtures_, early_, true);
        QVERIFY(browser.machinesButton()->isEnabled());
        QVERIFY(!browser.compareButton()->isEnabled());
        QVERIFY(!browser.exploreButton()->isEnabled());
        QVERIFY(browser.pairText().startsWith(u"3 runs picked"_s));

        QTest::mouseClick(browser.machinesButton(), Qt::LeftButton);
        QCOMPARE(requested.size(), size_t(1));
        QCOMPARE(
            requested[0],
            (std::vector<RunKey>{{fixtures_, late_}, {fixtures_, cpuOnly_}, {fixtures_, early_}}));
        QCOMPARE(compare.size(), 0);

        // The machines shown are picked in their order, as by hand.
        const auto run = [this](int64_t id) {
            return std::make_shared<const RunData>(loadRun(dir_.file("fixtures.sqlite"), id));
        };
        const std::vector<RunDataPtr> machines = {run(cpuOnly_), run(early_), run(late_)};
        RunBrowser other;
        other.addFile(fixturesFile_);
        other.pickShown({machines.front(), nullptr, machines});
        QCOMPARE(
            other.picked(),
            (std::vector<RunKey>{{fixtures_, cpuOnly_}, {fixtures_, early_}, {fixtures_, late_}}));
    }

    void runsSelectedTogetherPutTheEarlierStartedFirst() {
        RunBrowser browser;
        browser.addFile(fixturesFile_);
        QSignalSpy compare(&browser, &RunBrowser::compareRequested);
        // Newest first in the table, then both rows selected in one go (Shift+click).
        browser.table()->sortByColumn(RunListModel::Started, Qt::DescendingOrder);
        QAbstractItemModel* shown = browser.table()->model();
        QCOMPARE(shown->index(0, 0).data(RunListModel::RunIdRole).toLongLong(), cpuOnly_);
        QCOMPARE(shown->index(1, 0).data(RunListModel::RunIdRole).toLongLong(), late_);
        QCOMPARE(shown->index(2, 0).data(RunListModel::RunIdRole).toLongLong(), early_);
        browser.table()->selectionModel()->select(
            QItemSelection(shown->index(1, 0), shown->index(2, RunListModel::ColumnCount - 1)),
            QItemSelectionModel::ClearAndSelect);
        browser.compareSelected();
        QCOMPARE(compare.size(), 1);
        QCOMPARE(compare.at(0).at(1).toLongLong(), early_);
        QCOMPARE(compare.at(0).at(3).toLongLong(), late_);
    }

  private:
    test::ScratchDir dir_;
    QString fixtures_;
    QString broken_;
    int64_t early_ = 0;
    int64_t late_ = 0;
    int64_t cpuOnly_ = 0;
    int64_t interrupted_ = 0;
    int64_t incomplete_ = 0;
    FileDataPtr fixturesFile_;
    FileDataPtr brokenFile_;
};

}  // namespace costscope

QTEST_MAIN(costscope::RunBrowserTest)
#include "RunBrowserTest.moc"
