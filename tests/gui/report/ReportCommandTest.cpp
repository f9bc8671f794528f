// `costscope --report` as users run it: the built executable as a child process with no display
// and no QT_QPA_PLATFORM, its exit codes and messages for every bad input, and inputs left
// byte-identical.
#include <gtest/gtest.h>
#include <unistd.h>

#include <QCryptographicHash>
#include <QFileInfo>

#include "app/report/ReportCommand.h"
#include "profiler/store/RecordingFormat.h"
#include "profiler/store/SqliteStore.h"
#include "tests/gui/report/ReportTestSupport.h"
#include "tests/support/HostileRecording.h"

using namespace Qt::StringLiterals;

namespace costscope {
namespace {

using test::qpath;
using test::ScratchDir;

// Runs `costscope --report out file...` on a bad input and checks the refusal: exit 2, a message
// naming the file with `words` in it, no report written, the input unchanged.
void expectRefused(const ScratchDir& dir, const std::filesystem::path& input, const QString& words,
                   const QStringList& extra = {}) {
    const std::string before = test::readBytes(input);
    const auto out = dir.file("refused.html");
    const test::CliResult result =
        test::runCostscope(QStringList{u"--report"_s, qpath(out), qpath(input)} + extra);
    EXPECT_FALSE(result.crashed);
    EXPECT_EQ(result.exitCode, 2) << result.err.toStdString();
    EXPECT_TRUE(result.err.startsWith(u"costscope: "_s)) << result.err.toStdString();
    EXPECT_TRUE(result.err.contains(qpath(input))) << result.err.toStdString();
    EXPECT_TRUE(result.err.contains(words)) << result.err.toStdString();
    EXPECT_TRUE(result.out.isEmpty()) << result.out.toStdString();
    EXPECT_FALSE(std::filesystem::exists(out)) << "a report was written for a bad input";
    EXPECT_EQ(test::readBytes(input), before) << "the input was modified";
}

TEST(ReportCommandTest, ATwoRunHtmlReportIsWrittenWithoutADisplay) {
    ScratchDir dir;
    const test::TwoRuns runs = test::writeTwoRuns(dir);
    const std::string baselineBefore = test::readBytes(runs.baselineFile);
    const std::string candidateBefore = test::readBytes(runs.candidateFile);
    const auto out = dir.file("two runs.html");
    // No QT_QPA_PLATFORM and no display: without offscreen chosen by costscope itself, Qt
    // would abort for want of a display.
    const test::CliResult result =
        test::runCostscope({u"--report"_s, qpath(out), qpath(runs.candidateFile), u"--baseline"_s,
                            qpath(runs.baselineFile)});
    ASSERT_FALSE(result.crashed);
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    EXPECT_EQ(result.out.trimmed(), QFileInfo(qpath(out)).absoluteFilePath());
    const QString html = QString::fromStdString(test::readBytes(out));
    EXPECT_TRUE(html.contains(u"<h2>Comparison</h2>"_s));
    EXPECT_TRUE(html.contains(u"<td>faster</td>"_s));
    for (const VariantSummaryRow& variant : runs.input.baseline->variants) {
        EXPECT_TRUE(html.contains(QString::fromStdString(variant.name))) << variant.name;
    }
    EXPECT_EQ(test::readBytes(runs.baselineFile), baselineBefore);
    EXPECT_EQ(test::readBytes(runs.candidateFile), candidateBefore);
    // Nothing beside them either (no journal, no temporary file): only the report appeared.
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names,
              (std::vector<std::string>{"baseline.sqlite", "candidate.sqlite", "two runs.html"}));
}

TEST(ReportCommandTest, EveryFormatAndRunSelection) {
    ScratchDir dir;
    const auto file = dir.file("two runs in one.sqlite");
    test::FixtureOptions options;
    const int64_t first = test::writeFixtureRun(file, options);
    options.timeScale = 0.8;
    options.seed = 2;
    options.suite = "second";
    const int64_t second = test::writeFixtureRun(file, options);
    const std::string before = test::readBytes(file);

    // The same file as baseline: its newest other run is the baseline.
    const auto md = dir.file("r.md");
    auto result =
        test::runCostscope({u"--report"_s, qpath(md), qpath(file), u"--baseline"_s, qpath(file)});
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    QString text = QString::fromStdString(test::readBytes(md));
    EXPECT_TRUE(text.contains(u"### Baseline: fixture #"_s + QString::number(first)));
    EXPECT_TRUE(text.contains(u"### Candidate: second #"_s + QString::number(second)));

    // --run and --baseline-run pick the runs the other way round.
    const auto csv = dir.file("r.csv");
    result = test::runCostscope({u"--report="_s + qpath(csv), qpath(file), u"--run"_s,
                                 QString::number(first), u"--baseline"_s, qpath(file),
                                 u"--baseline-run"_s, QString::number(second)});
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    const auto records = test::parseCsv(QString::fromStdString(test::readBytes(csv)));
    const qsizetype verdict = records.at(0).indexOf(u"Verdict"_s);
    ASSERT_GE(verdict, 0);
    int slower = 0;
    for (const QStringList& record : records) {
        slower += record.value(verdict) == u"slower" ? 1 : 0;
    }
    EXPECT_GT(slower, 20) << "run " << first << " is the slower one";

    const auto pdf = dir.file("r.pdf");
    result = test::runCostscope({u"--report"_s, qpath(pdf), qpath(file)});
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    EXPECT_EQ(test::readBytes(pdf).substr(0, 5), "%PDF-");
    EXPECT_EQ(test::readBytes(file), before);
}

TEST(ReportCommandTest, ATextFileIsRefused) {
    ScratchDir dir;
    const auto file = dir.file("notes.sqlite");
    std::string text;
    for (int i = 0; i < 100; ++i) {
        text += "line " + std::to_string(i) + ": my notes, not a recording\n";
    }
    test::writeBytes(file, text);
    expectRefused(dir, file, u"not an SQLite database"_s);
}

TEST(ReportCommandTest, ATruncatedRecordingIsRefused) {
    ScratchDir dir;
    const auto whole = dir.file("whole.sqlite");
    test::writeFixtureRun(whole);
    const auto file = dir.file("truncated.sqlite");
    test::writeBytes(file, test::readBytes(whole).substr(0, 2000));
    expectRefused(dir, file, u"is incomplete or damaged"_s);
    // In words a person can act on, not SQLite's.
    const test::CliResult result =
        test::runCostscope({u"--report"_s, qpath(dir.file("refused.html")), qpath(file)});
    EXPECT_TRUE(result.err.contains(u"Record it again, or restore it"_s))
        << result.err.toStdString();
    EXPECT_FALSE(result.err.contains(u"malformed"_s)) << result.err.toStdString();
    EXPECT_FALSE(result.err.contains(u"while running"_s)) << result.err.toStdString();
}

TEST(ReportCommandTest, AnotherProgramsDatabaseIsRefused) {
    ScratchDir dir;
    const auto file = dir.file("contacts.db");
    test::rawExec(file,
                  "CREATE TABLE people (name TEXT, email TEXT);"
                  "INSERT INTO people VALUES ('Ada', 'ada@example.org');");
    expectRefused(dir, file, u"not a costscope recording"_s);
}

TEST(ReportCommandTest, ANewerFormatIsRefused) {
    ScratchDir dir;
    const auto file = dir.file("future.sqlite");
    test::writeFixtureRun(file);
    test::rawExec(file,
                  "PRAGMA user_version = " + std::to_string(RecordingFormat::kSchemaVersion + 1));
    expectRefused(dir, file, u"Update costscope"_s);
}

TEST(ReportCommandTest, ARunStillBeingRecordedIsRefused) {
    ScratchDir dir;
    const auto file = dir.file("live.sqlite");
    test::writeFixtureRun(file);  // run 1, complete
    SqliteStore live(file);       // run 2, still open in this (live) process
    RunInfo run;
    run.suite = "quick";
    const int64_t liveRun = live.beginRun(run);
    const auto out = dir.file("live.html");
    auto result = test::runCostscope({u"--report"_s, qpath(out), qpath(file)});
    EXPECT_EQ(result.exitCode, 2) << result.err.toStdString();
    EXPECT_TRUE(result.err.contains(qpath(file)));
    EXPECT_TRUE(
        result.err.contains(u"run "_s + QString::number(liveRun) + u" is still being recorded"_s))
        << result.err.toStdString();
    EXPECT_TRUE(result.err.contains(u"process "_s + QString::number(::getpid())));
    EXPECT_TRUE(result.err.contains(u"--run (1)"_s)) << result.err.toStdString();
    EXPECT_FALSE(std::filesystem::exists(out));
    // Named with --run, the same; the finished run can be reported meanwhile.
    result = test::runCostscope(
        {u"--report"_s, qpath(out), qpath(file), u"--run"_s, QString::number(liveRun)});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(result.err.contains(u"still being recorded"_s)) << result.err.toStdString();
    result = test::runCostscope({u"--report"_s, qpath(out), qpath(file), u"--run"_s, u"1"_s});
    EXPECT_EQ(result.exitCode, 0) << result.err.toStdString();
}

TEST(ReportCommandTest, ARecordingWithoutARunIsRefused) {
    ScratchDir dir;
    const auto file = dir.file("empty.sqlite");
    { SqliteStore store(file); }
    expectRefused(dir, file, u"no run in it yet"_s);
}

TEST(ReportCommandTest, AZeroByteFileIsRefused) {
    ScratchDir dir;
    const auto file = dir.file("zero.sqlite");
    test::writeBytes(file, "");
    expectRefused(dir, file, u"not a costscope recording"_s);
}

TEST(ReportCommandTest, AMissingFileOrRunIsRefused) {
    ScratchDir dir;
    const auto missing = dir.file("missing.sqlite");
    const test::CliResult result =
        test::runCostscope({u"--report"_s, qpath(dir.file("r.html")), qpath(missing)});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(result.err.contains(qpath(missing))) << result.err.toStdString();
    EXPECT_FALSE(std::filesystem::exists(missing));

    const auto file = dir.file("one.sqlite");
    test::writeFixtureRun(file);
    expectRefused(dir, file, u"has no run 42. Its runs are: 1 (fixture, complete)"_s,
                  {u"--run"_s, u"42"_s});
    expectRefused(dir, file, u"--baseline-run"_s,
                  {u"--baseline"_s, qpath(file), u"--baseline-run"_s, u"7"_s});
    // Its only run cannot be its own baseline.
    expectRefused(dir, file, u"no other run to compare"_s, {u"--baseline"_s, qpath(file)});
}

TEST(ReportCommandTest, AnUnknownSuffixOrUnwritableOutputIsRefused) {
    ScratchDir dir;
    const auto file = dir.file("run.sqlite");
    test::writeFixtureRun(file);
    const std::string before = test::readBytes(file);

    auto refused = [&](const QString& out, const QString& words) {
        const test::CliResult result = test::runCostscope({u"--report"_s, out, qpath(file)});
        EXPECT_EQ(result.exitCode, 2) << out.toStdString();
        EXPECT_TRUE(result.err.contains(out)) << result.err.toStdString();
        EXPECT_TRUE(result.err.contains(words)) << result.err.toStdString();
        EXPECT_FALSE(QFileInfo::exists(out));
    };
    refused(qpath(dir.file("report.txt")), u"'.txt' is not a report format"_s);
    refused(qpath(dir.file("report")), u"no suffix"_s);
    refused(qpath(dir.file("no-such-folder") / "report.html"), u"does not exist"_s);
    // A folder nobody can create files in, not even root.
    if (QFileInfo(u"/proc/self"_s).isDir()) {
        refused(u"/proc/costscope-report.html"_s, u"Could not write the report"_s);
    }
    if (::geteuid() != 0) {
        const auto locked = dir.file("locked");
        std::filesystem::create_directory(locked);
        std::filesystem::permissions(
            locked, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
        refused(qpath(locked / "report.html"), u"Could not write the report"_s);
        std::filesystem::permissions(locked, std::filesystem::perms::owner_all);
    }
    // Over the recording itself: refused, the recording intact.
    const test::CliResult over =
        test::runCostscope({u"--report"_s, qpath(dir.file("run.html")), qpath(file)});
    EXPECT_EQ(over.exitCode, 0);
    std::filesystem::copy_file(file, dir.file("copy.html"));
    const std::string copyBefore = test::readBytes(dir.file("copy.html"));
    const test::CliResult self = test::runCostscope(
        {u"--report"_s, qpath(dir.file("copy.html")), qpath(dir.file("copy.html"))});
    EXPECT_EQ(self.exitCode, 2);
    EXPECT_TRUE(self.err.contains(u"recording being reported"_s)) << self.err.toStdString();
    EXPECT_EQ(test::readBytes(dir.file("copy.html")), copyBefore);
    EXPECT_EQ(test::readBytes(file), before);
}

TEST(ReportCommandTest, WrongArgumentsAreRefusedWithUsage) {
    for (const QStringList& arguments :
         {QStringList{u"--report"_s}, QStringList{u"--report"_s, u"r.html"_s},
          QStringList{u"--report"_s, u"r.html"_s, u"a.sqlite"_s, u"b.sqlite"_s},
          QStringList{u"--report"_s, u"r.html"_s, u"a.sqlite"_s, u"--run"_s, u"abc"_s},
          QStringList{u"--report"_s, u"r.html"_s, u"a.sqlite"_s, u"--frobnicate"_s},
          QStringList{u"--report"_s, u"r.html"_s, u"a.sqlite"_s, u"--baseline-run"_s, u"1"_s},
          QStringList{u"--report"_s, u"r.html"_s, u"a.sqlite"_s, u"--accuracy-loss"_s, u"-1"_s},
          QStringList{u"--report"_s, u"r.html"_s, u"a.sqlite"_s, u"--accuracy-loss=x"_s}}) {
        const ReportCommand command(arguments);
        EXPECT_FALSE(command.error().isEmpty()) << arguments.join(u' ').toStdString();
    }
    const ReportCommand good({u"--report"_s, u"r.pdf"_s, u"a.sqlite"_s, u"--run=3"_s,
                              u"--baseline"_s, u"b.sqlite"_s, u"--baseline-run"_s, u"2"_s});
    EXPECT_EQ(good.error(), QString());
    EXPECT_EQ(good.output(), u"r.pdf"_s);
    EXPECT_EQ(good.recording(), u"a.sqlite"_s);
    EXPECT_EQ(good.baseline(), u"b.sqlite"_s);
    EXPECT_EQ(good.runId(), 3);
    EXPECT_EQ(good.baselineRunId(), 2);
    const ReportCommand loss(
        {u"--report"_s, u"r.md"_s, u"a.sqlite"_s, u"--accuracy-loss"_s, u"2.5"_s});
    EXPECT_EQ(loss.error(), QString());

    const test::CliResult result =
        test::runCostscope({u"--report"_s, u"r.html"_s, u"--run"_s, u"abc"_s, u"a.sqlite"_s});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(result.err.contains(u"--run needs a run id"_s)) << result.err.toStdString();
    EXPECT_TRUE(result.err.contains(u"costscope --help"_s));
}

TEST(ReportCommandTest, HelpDocumentsTheExitCodes) {
    const test::CliResult help = test::runCostscope({u"--help"_s});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(help.out.contains(u"costscope --report OUT RUN.sqlite"_s));
    EXPECT_TRUE(help.out.contains(u"Exit status of --report:"_s));
    EXPECT_TRUE(help.out.contains(u"  2  bad input"_s));
    EXPECT_TRUE(help.out.contains(u"--baseline-run ID"_s));
    const test::CliResult version = test::runCostscope({u"--version"_s});
    EXPECT_EQ(version.exitCode, 0);
    EXPECT_TRUE(version.out.startsWith(u"costscope "_s));
}

QByteArray sha256(const std::filesystem::path& file) {
    return QCryptographicHash::hash(QByteArray::fromStdString(test::readBytes(file)),
                                    QCryptographicHash::Sha256);
}

// Recorded names that a spreadsheet would run reach the CSV report as text; figures, negative
// ones too, stay numbers.
TEST(ReportCommandTest, FormulasInRecordedNamesReachTheCsvAsText) {
    ScratchDir dir;
    const auto file = dir.file("formulas.sqlite");
    test::writeFixtureRun(file, {.variantNames = test::kFormulaNames});
    const auto csv = dir.file("formulas.csv");
    const test::CliResult result = test::runCostscope({u"--report"_s, qpath(csv), qpath(file)});
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    const auto records = test::parseCsv(QString::fromStdString(test::readBytes(csv)));
    ASSERT_GT(records.size(), 1u);
    const qsizetype variant = records[0].indexOf(u"Variant"_s);
    ASSERT_GE(variant, 0);
    QStringList variants;
    for (const QStringList& record : records) {
        variants << record.value(variant);
    }
    for (const std::string& name : test::kFormulaNames) {
        EXPECT_TRUE(variants.contains(u"'"_s + QString::fromStdString(name))) << name;
    }
    // No cell opens a formula; those that begin with a sign are numbers.
    int signedNumbers = 0;
    for (const QStringList& record : records) {
        for (const QString& cell : record) {
            if (cell.isEmpty() || !u"=+-@\t\r"_s.contains(cell.front())) {
                continue;
            }
            bool number = false;
            cell.toDouble(&number);
            EXPECT_TRUE(number) << cell.toStdString();
            signedNumbers += number ? 1 : 0;
        }
    }
    EXPECT_GT(signedNumbers, 0) << "no negative figure in the report to check";
}

// A recording whose views and triggers were rewritten to act: the report reads through
// costscope's own views, so it is the untouched copy's, and nothing in the file runs or changes.
// runCostscope() kills a report that takes over 60 s: a view that never ended fails the test.
TEST(ReportCommandTest, AHostileRecordingRunsNothing) {
    ScratchDir dir;
    const auto clean = dir.file("clean.sqlite");
    test::writeFixtureRun(clean);
    const auto file = dir.file("hostile.sqlite");
    std::filesystem::copy_file(clean, file);
    test::makeHostile(file, test::Hostility::Views);
    const auto marker = test::armMarker(dir.path());
    const QByteArray before = sha256(file);

    const auto expected = dir.file("clean.csv");
    test::CliResult result = test::runCostscope({u"--report"_s, qpath(expected), qpath(clean)});
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    const auto csv = dir.file("hostile.csv");
    result = test::runCostscope({u"--report"_s, qpath(csv), qpath(file)});
    EXPECT_FALSE(result.crashed);
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    EXPECT_EQ(test::readBytes(csv), test::readBytes(expected));

    EXPECT_EQ(sha256(file), before) << "the file was modified";
    EXPECT_FALSE(std::filesystem::exists(marker)) << "the hostile extension was loaded";
}

TEST(ReportCommandTest, AViewInPlaceOfATableIsRefused) {
    ScratchDir dir;
    const auto file = dir.file("hostile.sqlite");
    test::writeFixtureRun(file);
    test::makeHostile(file, test::Hostility::ViewForTable);
    const QByteArray before = sha256(file);
    expectRefused(dir, file, u"its run_warnings is a view, not costscope's table"_s);
    EXPECT_EQ(sha256(file), before);
}

}  // namespace
}  // namespace costscope
