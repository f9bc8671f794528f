// `costscope --report OUT FLEET.sqlite --runs ...`: machines side by side and the choice per
// workload, in every format, and its bad arguments refused with nothing written.
#include <gtest/gtest.h>

#include <QFileInfo>

#include "app/report/ReportCommand.h"
#include "tests/gui/report/ReportTestSupport.h"

using namespace Qt::StringLiterals;

namespace costscope {
namespace {

using test::qpath;
using test::ScratchDir;

// Three runs of one file as three machines: the second twice as fast as the others.
std::filesystem::path writeFleet(const ScratchDir& dir, bool withCosts = false) {
    const auto file = dir.file("fleet.sqlite");
    test::FixtureOptions options;
    options.withCosts = withCosts;
    test::writeFixtureRun(file, options);
    options.timeScale = 0.5;
    options.seed = 2;
    test::writeFixtureRun(file, options);
    options.timeScale = 1.0;
    options.seed = 3;
    test::writeFixtureRun(file, options);
    return file;
}

QStringList column(const std::vector<QStringList>& records, const QString& table,
                   const QString& header) {
    const qsizetype at = records.at(0).indexOf(header);
    const qsizetype key = records.at(0).indexOf(u"table"_s);
    QStringList values;
    for (size_t i = 1; i < records.size(); ++i) {
        if (records[i].value(key) == table) {
            values << records[i].value(at);
        }
    }
    return values;
}

TEST(FleetReportTest, EveryRunIsAMachineAndTheFastestIsChosen) {
    ScratchDir dir;
    const auto file = writeFleet(dir);
    const std::string before = test::readBytes(file);
    const auto csv = dir.file("fleet.csv");

    const test::CliResult result =
        test::runCostscope({u"--report"_s, qpath(csv), qpath(file), u"--runs"_s, u"all"_s});

    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    EXPECT_EQ(test::readBytes(file), before);
    const auto records = test::parseCsv(QString::fromStdString(test::readBytes(csv)));
    const QStringList best = column(records, u"machines"_s, u"Best machine (fastest)"_s);
    ASSERT_FALSE(best.isEmpty());
    // Every timed variant's best is the run twice as fast, clearly ahead of the next.
    int second = 0;
    for (const QString& cell : best) {
        second +=
            cell.startsWith(
                u"fixture-host · Fixture CPU (synthetic) + Fixture GPU (synthetic) · run 2: 0.5"_s)
                ? 1
                : 0;
    }
    EXPECT_GT(second, int(best.size()) / 2) << best.join(u"\n"_s).toStdString();
    EXPECT_TRUE(best.join(u"\n"_s).contains(u"), faster"_s));
    const QStringList chosen = column(records, u"choice"_s, u"Machine"_s);
    ASSERT_FALSE(chosen.isEmpty());
    for (const QString& machine : chosen) {
        EXPECT_EQ(machine,
                  u"fixture-host · Fixture CPU (synthetic) + Fixture GPU (synthetic) · run 2"_s);
    }
    const QStringList why = column(records, u"choice"_s, u"Why none"_s);
    EXPECT_EQ(why.count(QString()), why.size()) << why.join(u"\n"_s).toStdString();

    const auto md = dir.file("fleet.md");
    ASSERT_EQ(
        test::runCostscope({u"--report"_s, qpath(md), qpath(file), u"--runs"_s, u"1,2"_s}).exitCode,
        0);
    const QString text = QString::fromStdString(test::readBytes(md));
    EXPECT_TRUE(text.contains(u"# costscope report: 2 machines"_s));
    EXPECT_TRUE(text.contains(u"## Which machine for which workload"_s));
    EXPECT_TRUE(text.contains(
        u"### Machine 2: fixture-host · Fixture CPU (synthetic) + Fixture GPU (synthetic) · run 2"_s));
    EXPECT_FALSE(text.contains(u"run 3"_s));
    EXPECT_FALSE(text.contains(u"What differs between the runs"_s));

    const auto html = dir.file("fleet.html");
    ASSERT_EQ(
        test::runCostscope({u"--report"_s, qpath(html), qpath(file), u"--runs=all"_s}).exitCode, 0);
    const QString page = QString::fromStdString(test::readBytes(html));
    EXPECT_TRUE(page.contains(u"<h2>Machines</h2>"_s));
    EXPECT_TRUE(page.contains(u"★"_s));
    // The charts that draw every machine: the trade-off maps and Compare, none of one run alone.
    EXPECT_TRUE(page.contains(u"Trade-off map"_s));
    EXPECT_TRUE(page.contains(u"Compare"_s));
    EXPECT_FALSE(page.contains(u"Roofline"_s));
    EXPECT_GE(page.count(u"data:image/png;base64,"_s), 3);
}

TEST(FleetReportTest, PricedRunsAreChosenByCostUnlessFastestIsAsked) {
    ScratchDir dir;
    const auto file = writeFleet(dir, true);
    const auto csv = dir.file("fleet.csv");
    ASSERT_EQ(test::runCostscope({u"--report"_s, qpath(csv), qpath(file), u"--runs"_s, u"all"_s})
                  .exitCode,
              0);
    auto records = test::parseCsv(QString::fromStdString(test::readBytes(csv)));
    EXPECT_FALSE(column(records, u"machines"_s, u"Best machine (cheapest)"_s).isEmpty());
    EXPECT_FALSE(column(records, u"choice"_s, u"Goal (USD per 1M calls)"_s).isEmpty());

    ASSERT_EQ(test::runCostscope({u"--report"_s, qpath(csv), qpath(file), u"--runs"_s, u"all"_s,
                                  u"--goal"_s, u"fastest"_s, u"--max-error"_s, u"50"_s})
                  .exitCode,
              0);
    records = test::parseCsv(QString::fromStdString(test::readBytes(csv)));
    EXPECT_FALSE(column(records, u"choice"_s, u"Goal (ms)"_s).isEmpty());
}

TEST(FleetReportTest, BadRunsAreRefusedAndNothingIsWritten) {
    ScratchDir dir;
    const auto file = writeFleet(dir);
    const auto single = dir.file("single.sqlite");
    test::writeFixtureRun(single);
    const auto out = dir.file("refused.html");
    const struct {
        std::filesystem::path input;
        QStringList arguments;
        QString words;
    } cases[] = {
        {file, {u"--runs"_s, u"1,9"_s}, u"has no run 9"_s},
        {single, {u"--runs"_s, u"all"_s}, u"needs two runs or more"_s},
    };
    for (const auto& bad : cases) {
        const test::CliResult result = test::runCostscope(
            QStringList{u"--report"_s, qpath(out), qpath(bad.input)} + bad.arguments);
        EXPECT_EQ(result.exitCode, 2) << result.err.toStdString();
        EXPECT_TRUE(result.err.contains(bad.words)) << result.err.toStdString();
        EXPECT_FALSE(std::filesystem::exists(out));
    }
    for (const QStringList& arguments : {
             QStringList{u"--runs"_s, u"1"_s},
             QStringList{u"--runs"_s, u"x"_s},
             QStringList{u"--runs"_s, u"1,,2"_s},
             QStringList{u"--runs"_s, u"all"_s, u"--baseline"_s, u"b.sqlite"_s},
             QStringList{u"--runs"_s, u"all"_s, u"--run"_s, u"2"_s},
             QStringList{u"--runs"_s, u"all"_s, u"--goal"_s, u"fast"_s},
             QStringList{u"--goal"_s, u"fastest"_s},
             QStringList{u"--max-error"_s, u"5"_s},
             QStringList{u"--runs"_s, u"all"_s, u"--max-error"_s, u"0"_s},
         }) {
        const ReportCommand command(QStringList{u"--report"_s, u"r.html"_s, u"a.sqlite"_s} +
                                    arguments);
        EXPECT_FALSE(command.error().isEmpty()) << arguments.join(u' ').toStdString();
    }
    const ReportCommand good(
        {u"--report"_s, u"r.html"_s, u"a.sqlite"_s, u"--runs"_s, u"3,1,3"_s, u"--goal=cheapest"_s});
    EXPECT_EQ(good.error(), QString());
    EXPECT_EQ(good.machineRuns(), (std::vector<int64_t>{3, 1}));
}

}  // namespace
}  // namespace costscope
