// exportReport() in process: what each format holds for two fixture runs, escaping of hostile
// names, the charts embedded, and files written whole or not at all.
#include <gtest/gtest.h>

#include <QFile>
#include <QImage>
#include <QRegularExpression>

#include "app/ChartViews.h"
#include "app/core/RunLoader.h"
#include "app/core/VariantSelection.h"
#include "app/report/ExportReport.h"
#include "app/report/ReportEscape.h"
#include "profiler/store/SqliteStore.h"
#include "tests/gui/report/ReportTestSupport.h"

using namespace Qt::StringLiterals;

namespace costscope {
namespace {

using test::qpath;
using test::ScratchDir;

const std::string kHostile = "<script>alert(1)</script>&\"'";

QString readText(const std::filesystem::path& path) {
    return QString::fromStdString(test::readBytes(path));
}

QString exported(const ReportInput& input, const std::filesystem::path& out) {
    const QString error = exportReport(input, qpath(out));
    EXPECT_TRUE(error.isEmpty()) << error.toStdString();
    return readText(out);
}

// Charts that draw something for this input: each must be embedded as one PNG.
int drawnCharts(const ReportInput& input) {
    VariantSelection selection;
    int drawn = 0;
    const ViewInput viewInput{input.candidate, input.baseline};
    for (const ReportChartView& chart : makeReportChartViews(&selection, viewInput)) {
        chart.view->setInput(viewInput);
        chart.view->waitUntilShown();
        drawn += chart.view->message().isEmpty() ? 1 : 0;
    }
    return drawn;
}

TEST(ReportExportTest, HtmlHoldsEveryVariantOfBothRunsAndTheVerdicts) {
    ScratchDir dir;
    const test::TwoRuns runs = test::writeTwoRuns(dir);
    const QString html = exported(runs.input, dir.file("report.html"));

    ASSERT_TRUE(html.startsWith(u"<!DOCTYPE html>"_s));
    for (const RunDataPtr& run : {runs.input.baseline, runs.input.candidate}) {
        ASSERT_GT(run->variants.size(), 20u);
        for (const VariantSummaryRow& variant : run->variants) {
            // Once in its run's summary, once in the comparison at least.
            EXPECT_GE(test::countOf(html, escapeHtml(QString::fromStdString(variant.name))), 3)
                << variant.name;
        }
        EXPECT_TRUE(html.contains(escapeHtml(run->label()))) << run->label().toStdString();
    }
    EXPECT_TRUE(html.contains(u"<h2>Comparison</h2>"_s));
    EXPECT_TRUE(html.contains(u"<th>95 % from</th>"_s));
    EXPECT_TRUE(html.contains(u"<th>95 % to</th>"_s));
    EXPECT_TRUE(html.contains(u"against ±2 %"_s));
    EXPECT_TRUE(html.contains(u"<th>p-value</th>"_s));
    EXPECT_TRUE(html.contains(u"<th>Ratio</th>"_s));

    // The candidate is 20 % faster everywhere: every measured variant reads faster, rows
    // marked so; skipped and failed ones are "not measured", never a zero.
    int measured = 0;
    for (const VariantSummaryRow& variant : runs.input.candidate->variants) {
        measured += variant.medianMs.has_value() ? 1 : 0;
    }
    static const QRegularExpression fasterRow(
        u"<tr class=\"better\"><td class=\"name\">[^<]+</td>(<td class=\"num\">[^<]*</td>){6}"
        u"<td>faster</td>"_s);
    EXPECT_EQ(html.count(fasterRow), measured);
    EXPECT_EQ(test::countOf(html, u"<td>not measured</td>"_s), 2);
    EXPECT_FALSE(html.contains(u"<td>slower</td>"_s));

    // The machines: devices with their ceilings, the host, the suite.
    EXPECT_TRUE(html.contains(u"Fixture CPU (synthetic)"_s));
    EXPECT_TRUE(html.contains(u"Fixture GPU (synthetic)"_s));
    EXPECT_TRUE(html.contains(u"132 SMs"_s));
    EXPECT_TRUE(html.contains(u"fixture-host"_s));
    // Kernel summary with the GPU's kernels.
    EXPECT_TRUE(html.contains(u"<h2>Kernel summary</h2>"_s));
    EXPECT_TRUE(html.contains(escapeHtml(u"void cusparse::csrmm_alg2_kernel<float, int>"_s)));
    // The failed variant is announced at the top of the page, once per run, by its reason.
    const QString failed = u"1 GPU variant failed: cudaMalloc: out of memory"_s;
    EXPECT_EQ(test::countOf(html, u"Candidate: "_s + failed), 1);
    EXPECT_EQ(test::countOf(html, u"Baseline: "_s + failed), 1);
    EXPECT_LT(html.indexOf(failed), html.indexOf(u"<h2>Comparison</h2>"_s));
    // The page opens with what differs and what won; the skipped and failed are in a table of
    // their own, each reason once.
    EXPECT_LT(html.indexOf(u"<h2>What differs between the runs</h2>"_s),
              html.indexOf(u"<h2>What won</h2>"_s));
    EXPECT_LT(html.indexOf(u"<h2>What won</h2>"_s), html.indexOf(u"<h2>Comparison</h2>"_s));
    EXPECT_EQ(test::countOf(html, u"<h3>Candidate: skipped and failed</h3>"_s), 1);
    EXPECT_EQ(
        test::countOf(html, u"<td>cudaMalloc: out of memory (2 GiB asked, 1.1 GiB free)</td>"_s),
        2);
}

TEST(ReportExportTest, HtmlEmbedsOnePngPerDrawnChart) {
    ScratchDir dir;
    const test::TwoRuns runs = test::writeTwoRuns(dir);
    const QString html = exported(runs.input, dir.file("report.html"));
    const int drawn = drawnCharts(runs.input);
    EXPECT_EQ(test::countOf(html, u"src=\"data:image/png;base64,"_s), drawn);
    // Views that load off the GUI thread were waited for, not caught half-way.
    EXPECT_FALSE(html.contains(u"Loading…"_s));
    // Nothing is fetched from elsewhere: one file is the whole report.
    EXPECT_FALSE(html.contains(u"src=\"http"_s));
    EXPECT_FALSE(html.contains(u"<link"_s));
    // Every chart has something to draw for a CPU+GPU run: both trade-off maps (models and
    // GEMMs), compare (in two parts: its rows would not fit one chart at the report's size),
    // sweeps (a part per pruning workload: the GEMM, the model at b1024), roofline and timeline.
    ASSERT_EQ(drawn, 8);
    EXPECT_EQ(test::countOf(html, u"<figcaption>Trade-off map: models</figcaption>"_s), 1);
    EXPECT_EQ(test::countOf(html, u"<figcaption>Trade-off map: GEMMs</figcaption>"_s), 1);
    EXPECT_EQ(test::countOf(html, u"<figcaption>Compare: "_s), 2);
    EXPECT_EQ(test::countOf(html, u"<figcaption>Sweeps: GEMM 1024×1024×1024</figcaption>"_s), 1);
    EXPECT_EQ(test::countOf(html, u"<figcaption>Sweeps: mlp b1024</figcaption>"_s), 1);
    // A static image asks for no mouse, and what a chart does not draw is listed under it whole.
    EXPECT_FALSE(html.contains(u"hover"_s, Qt::CaseInsensitive));
    EXPECT_TRUE(html.contains(u"<p class=\"note\">Not drawn in this chart:</p>"_s));
    EXPECT_TRUE(html.contains(u"<li>quantized/fp8/onednn/cpu/1024x1024x1024 — "_s) ||
                html.contains(u"<li>quantized/fp8/onednn/cpu"_s));
    static const QRegularExpression image(u"src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\""_s);
    const QRegularExpressionMatch match = image.match(html);
    ASSERT_TRUE(match.hasMatch());
    const QImage decoded =
        QImage::fromData(QByteArray::fromBase64(match.captured(1).toLatin1()), "PNG");
    ASSERT_FALSE(decoded.isNull());
    EXPECT_EQ(decoded.size(), QSize(960, 540));
    // A drawn chart is not one flat colour.
    const QRgb corner = decoded.pixel(0, 0);
    bool varied = false;
    for (int y = 0; y < decoded.height() && !varied; y += 7) {
        for (int x = 0; x < decoded.width() && !varied; x += 7) {
            varied = decoded.pixel(x, y) != corner;
        }
    }
    EXPECT_TRUE(varied) << "the embedded chart is blank";
}

TEST(ReportExportTest, HostileNamesStayInertInEveryFormat) {
    ScratchDir dir;
    const test::TwoRuns runs = test::writeTwoRuns(dir, kHostile);
    const QString hostile = QString::fromStdString(kHostile);
    // The fixture put the text into variant and kernel names.
    ASSERT_NE(runs.input.candidate->variants.front().name.find(kHostile), std::string::npos);
    ASSERT_FALSE(runs.input.candidate->kernels.empty());
    ASSERT_NE(runs.input.candidate->kernels.front().name.find(kHostile), std::string::npos);

    const QString html = exported(runs.input, dir.file("report.html"));
    EXPECT_FALSE(html.contains(u"<script"_s, Qt::CaseInsensitive));
    EXPECT_FALSE(html.contains(hostile));
    EXPECT_GT(test::countOf(html, escapeHtml(hostile)), 40);

    const QString markdown = exported(runs.input, dir.file("report.md"));
    // Every < is backslash-escaped: a literal, never a tag.
    EXPECT_FALSE(markdown.contains(QRegularExpression(u"(?<!\\\\)<"_s)));
    EXPECT_FALSE(markdown.contains(u"&lt;"_s));  // no HTML entities in Markdown
    EXPECT_GT(test::countOf(markdown, u"\\<script\\>alert(1)\\</script\\>\\&\"'"_s), 40);
    // Every row of a table has as many cells (unescaped pipes) as its header.
    int tables = 0;
    qsizetype expectedPipes = -1;
    for (const QString& line : markdown.split(u'\n')) {
        if (!line.startsWith(u'|')) {
            expectedPipes = -1;
            continue;
        }
        qsizetype pipes = 0;
        for (qsizetype i = 0; i < line.size(); ++i) {
            pipes += line[i] == u'|' && (i == 0 || line[i - 1] != u'\\') ? 1 : 0;
        }
        if (expectedPipes < 0) {
            expectedPipes = pipes;
            ++tables;
        }
        EXPECT_EQ(pipes, expectedPipes) << line.toStdString();
    }
    EXPECT_GE(tables, 10);  // headline, devices x2, comparison, summary x2, left out x2, kernels x2

    const QString csv = exported(runs.input, dir.file("report.csv"));
    const auto records = test::parseCsv(csv);
    ASSERT_GT(records.size(), 1u);
    const qsizetype variantColumn = records[0].indexOf(u"Variant"_s);
    ASSERT_GE(variantColumn, 0);
    int hostileRows = 0;
    for (const QStringList& record : records) {
        ASSERT_EQ(record.size(), records[0].size());
        // The name reads back exactly as recorded.
        hostileRows += record[variantColumn].contains(hostile) ? 1 : 0;
    }
    EXPECT_GT(hostileRows, 40);
}

TEST(ReportExportTest, CsvReadsBackAsOneTableOfSummariesAndComparison) {
    ScratchDir dir;
    const test::TwoRuns runs = test::writeTwoRuns(dir);
    const QString csv = exported(runs.input, dir.file("report.csv"));
    EXPECT_TRUE(csv.contains(u"\r\n"_s));
    const auto records = test::parseCsv(csv);
    ASSERT_GT(records.size(), 1u);
    const QStringList& header = records[0];
    EXPECT_EQ(header.mid(0, 3), (QStringList{u"table"_s, u"run"_s, u"Variant"_s}));
    const qsizetype ratio = header.indexOf(u"Ratio"_s);
    const qsizetype median = header.indexOf(u"Median (ms)"_s);
    const qsizetype verdict = header.indexOf(u"Verdict"_s);
    ASSERT_GE(ratio, 0);
    ASSERT_GE(median, 0);
    ASSERT_GE(verdict, 0);
    std::map<QString, int> rowsPerTable;
    for (size_t r = 1; r < records.size(); ++r) {
        const QStringList& record = records[r];
        ASSERT_EQ(record.size(), header.size()) << "row " << r;
        const QString key = record[0] + u"/"_s + record[1];
        ++rowsPerTable[key];
        if (record[0] == u"comparison" && record[verdict] == u"faster") {
            bool ok = false;
            EXPECT_NEAR(record[ratio].toDouble(&ok), 0.8, 0.05);
            EXPECT_TRUE(ok);
        }
        if (record[0] == u"summary" && !record[median].isEmpty()) {
            bool ok = false;
            EXPECT_GT(record[median].toDouble(&ok), 0.0);
            EXPECT_TRUE(ok) << record[median].toStdString();
        }
    }
    const int variants = int(runs.input.candidate->variants.size());
    // The measured variants in the summaries; the skipped one and the failed one (two reasons)
    // in the tables of those left out.
    EXPECT_EQ(rowsPerTable[u"summary/baseline"_s], variants - 2);
    EXPECT_EQ(rowsPerTable[u"summary/candidate"_s], variants - 2);
    EXPECT_EQ(rowsPerTable[u"left out/baseline"_s], 2);
    EXPECT_EQ(rowsPerTable[u"left out/candidate"_s], 2);
    EXPECT_EQ(rowsPerTable[u"comparison/"_s], variants);
    // The headline: per workload (GEMM 1024^3 and the mlp at 1024 images), CPU and GPU.
    EXPECT_EQ(rowsPerTable[u"headline/"_s], 4);
    // Two fixture runs differ in no setting.
    EXPECT_EQ(rowsPerTable.count(u"differences/"_s), 0u);
    EXPECT_EQ(rowsPerTable.size(), 6u);
}

TEST(ReportExportTest, MarkdownHoldsTheMachinesAndTables) {
    ScratchDir dir;
    const test::TwoRuns runs = test::writeTwoRuns(dir);
    const QString markdown = exported(runs.input, dir.file("report.md"));
    EXPECT_TRUE(markdown.startsWith(u"# costscope report: "_s));
    EXPECT_TRUE(markdown.contains(u"## Machines and suites"_s));
    EXPECT_TRUE(markdown.contains(u"Fixture GPU (synthetic)"_s));
    EXPECT_TRUE(markdown.contains(u"| 95 % from | 95 % to |"_s));
    EXPECT_FALSE(markdown.contains(u"data:image"_s));
    for (const VariantSummaryRow& variant : runs.input.candidate->variants) {
        EXPECT_GE(test::countOf(markdown, escapeMarkdown(QString::fromStdString(variant.name))), 3)
            << variant.name;
    }
}

TEST(ReportExportTest, EnergyAndPricesGetColumnsAndWhatWasNotMeasuredIsSaid) {
    ScratchDir dir;
    const auto path = dir.file("costs.sqlite");
    ReportInput input;
    input.candidate = std::make_shared<const RunData>(
        loadRun(path, test::writeFixtureRun(path, {.withCosts = true})));
    const QString csv = exported(input, dir.file("report.csv"));
    const auto records = test::parseCsv(csv);
    ASSERT_GT(records.size(), 1u);
    const qsizetype energy = records[0].indexOf(u"Energy (J/call)"_s);
    const qsizetype cost = records[0].indexOf(u"USD per 1M calls"_s);
    const qsizetype median = records[0].indexOf(u"Median (ms)"_s);
    const qsizetype device = records[0].indexOf(u"Device"_s);
    ASSERT_GE(energy, 0);
    ASSERT_GE(cost, 0);
    int checked = 0;
    for (const QStringList& record : records) {
        if (record[energy].isEmpty() || record[median].isEmpty() || record[0] != u"summary"_s) {
            continue;
        }
        // The fixture's power over the median call, and its price over the median call.
        const double ms = record[median].toDouble();
        const bool gpu = record[device] == u"gpu"_s;
        EXPECT_NEAR(record[energy].toDouble(), (gpu ? 300.0 : 65.0) * ms * 1e-3, 1e-6 * ms);
        EXPECT_NEAR(record[cost].toDouble(), ms / 3.6e6 * (gpu ? 3.6 : 0.48) * 1e6, 1e-6 * ms);
        ++checked;
    }
    EXPECT_GT(checked, 20);
    const QString html = exported(input, dir.file("report.html"));
    EXPECT_TRUE(html.contains(u"with the machine busy all the time it is paid for"_s));

    // A run that measured no energy and had no prices has neither column.
    const auto plainPath = dir.file("plain.sqlite");
    input.candidate =
        std::make_shared<const RunData>(loadRun(plainPath, test::writeFixtureRun(plainPath, {})));
    const QString plain = exported(input, dir.file("plain.csv"));
    EXPECT_FALSE(plain.contains(u"Energy (J/call)"_s));
    EXPECT_FALSE(plain.contains(u"per 1M calls"_s));
}

// Two runs with energy: the comparison table compares energy per call, a ratio without a
// verdict; a baseline without energy leaves its cells empty and the note says why.
TEST(ReportExportTest, TheComparisonComparesEnergyPerCallAndSaysWhyNotWhereMissing) {
    ScratchDir dir;
    const auto path = dir.file("costs.sqlite");
    ReportInput input;
    input.baseline = std::make_shared<const RunData>(
        loadRun(path, test::writeFixtureRun(path, {.withGpu = false, .withCosts = true})));
    input.candidate = std::make_shared<const RunData>(loadRun(
        path, test::writeFixtureRun(
                  path, {.timeScale = 0.8, .withGpu = false, .seed = 2, .withCosts = true})));
    const auto records = test::parseCsv(exported(input, dir.file("two.csv")));
    ASSERT_GT(records.size(), 1u);
    // One header line for all tables: the union of their columns.
    const QStringList& header = records[0];
    const qsizetype before = header.indexOf(u"Baseline (J/call)"_s),
                    after = header.indexOf(u"Candidate (J/call)"_s),
                    ratio = header.indexOf(u"Energy ratio"_s);
    ASSERT_GE(before, 0) << "no energy columns in the comparison";
    ASSERT_GE(after, 0);
    ASSERT_GE(ratio, 0);
    int checked = 0;
    for (auto record = records.begin() + 1; record != records.end(); ++record) {
        if (record->value(0) != u"comparison"_s || record->value(ratio).isEmpty()) {
            continue;
        }
        const double energyRatio = record->value(ratio).toDouble();
        EXPECT_NEAR(energyRatio, record->value(after).toDouble() / record->value(before).toDouble(),
                    1e-6);
        EXPECT_GT(energyRatio, 0.7);  // the candidate's calls take 0.8 of the time at 65 W
        EXPECT_LT(energyRatio, 0.9);
        ++checked;
    }
    EXPECT_GT(checked, 10);
    const QString html = exported(input, dir.file("two.html"));
    EXPECT_TRUE(html.contains(u"no interval, so no verdict"_s));

    // The baseline measured no energy: the candidate's figures stand, and the reason is given.
    const auto plain = dir.file("plain.sqlite");
    input.baseline = std::make_shared<const RunData>(
        loadRun(plain, test::writeFixtureRun(plain, {.withGpu = false, .seed = 3})));
    const QString markdown = exported(input, dir.file("plain.md"));
    EXPECT_TRUE(
        markdown.contains(u"Energy not measured: baseline: energy not measured in this run"_s))
        << markdown.toStdString().substr(0, 4000);
}

TEST(ReportExportTest, PdfIsWritten) {
    ScratchDir dir;
    const test::TwoRuns runs = test::writeTwoRuns(dir);
    const auto out = dir.file("report.pdf");
    ASSERT_EQ(exportReport(runs.input, qpath(out)), QString());
    const std::string pdf = test::readBytes(out);
    ASSERT_GT(pdf.size(), 20'000u);
    EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
    EXPECT_NE(pdf.find("%%EOF", pdf.size() - 16), std::string::npos);
    // Several pages: the tables alone do not fit on one.
    const QString text = QString::fromLatin1(pdf);
    EXPECT_GE(text.count(QRegularExpression(u"/Type\\s*/Page[^s]"_s)), 3);
    // Each drawn chart is in it as an image.
    EXPECT_EQ(text.count(QRegularExpression(u"/Subtype\\s*/Image"_s)), drawnCharts(runs.input));
}

TEST(ReportExportTest, ChartsWithNothingToDrawSayWhy) {
    ScratchDir dir;
    test::FixtureOptions options;
    options.withGpu = false;  // no timeline, no GPU variants
    const auto file = dir.file("cpu.sqlite");
    const int64_t runId = test::writeFixtureRun(file, options);
    ReportInput input;
    input.candidate = std::make_shared<const RunData>(loadRun(file, runId));
    const QString html = exported(input, dir.file("cpu.html"));

    VariantSelection selection;
    int sentences = 0;
    const ViewInput viewInput{input.candidate, nullptr};
    for (const ReportChartView& chart : makeReportChartViews(&selection, viewInput)) {
        chart.view->setInput(viewInput);
        chart.view->waitUntilShown();
        if (!chart.view->message().isEmpty()) {
            ++sentences;
            EXPECT_TRUE(html.contains(u"<h3>"_s + escapeHtml(chart.title) +
                                      u"</h3>\n<p class=\"chart-message\">"_s +
                                      escapeHtml(chart.view->message()) + u"</p>"_s))
                << chart.title.toStdString();
        }
    }
    EXPECT_EQ(test::countOf(html, u"<p class=\"chart-message\">"_s), sentences);
    EXPECT_EQ(test::countOf(html, u"src=\"data:image/png;base64,"_s), drawnCharts(input));
    // The timeline, at least, says in a sentence why a CPU-only run has nothing to draw.
    EXPECT_GE(sentences, 1);
}

TEST(ReportExportTest, OneRunHasNoComparison) {
    ScratchDir dir;
    const test::TwoRuns runs = test::writeTwoRuns(dir);
    ReportInput one;
    one.candidate = runs.input.candidate;
    const QString html = exported(one, dir.file("one.html"));
    EXPECT_FALSE(html.contains(u"<h2>Comparison</h2>"_s));
    EXPECT_TRUE(html.contains(u"<h3>Run: "_s));
    EXPECT_FALSE(html.contains(u"What differs between the runs"_s));
    EXPECT_TRUE(html.contains(u"<h2>What won</h2>"_s));
    const auto records = test::parseCsv(exported(one, dir.file("one.csv")));
    // The header, the measured variants, the two left out (two reasons) and the headline's four.
    ASSERT_EQ(records.size(), 1 + (runs.input.candidate->variants.size() - 2) + 2 + 4);
    EXPECT_FALSE(records[0].contains(u"Ratio"_s));
}

TEST(ReportExportTest, AnInterruptedRunIsAnnounced) {
    ScratchDir dir;
    const auto file = dir.file("interrupted.sqlite");
    int64_t runId = 0;
    {
        SqliteStore store(file);  // dropped without endRun: stored as interrupted
        RunInfo run;
        run.suite = "quick";
        runId = store.beginRun(run);
    }
    ReportInput input;
    input.candidate = std::make_shared<const RunData>(loadRun(file, runId));
    ASSERT_EQ(input.candidate->run.state, RunState::Interrupted);
    const QString html = exported(input, dir.file("report.html"));
    EXPECT_TRUE(
        html.contains(u"<div class=\"warning\" role=\"alert\"><strong>Warning:</strong> "
                      u"The run was interrupted before its suite finished"_s));
    // In the headline, before any table.
    EXPECT_LT(html.indexOf(u"was interrupted"_s), html.indexOf(u"<h2>Machines and suites</h2>"_s));
    const QString markdown = exported(input, dir.file("report.md"));
    EXPECT_TRUE(markdown.contains(u"> **Warning:** The run was interrupted before"_s));
}

TEST(ReportExportTest, FailuresLeaveNoFileAndRecordingsAreNeverOverwritten) {
    ScratchDir dir;
    const test::TwoRuns runs = test::writeTwoRuns(dir);
    const std::string before = test::readBytes(runs.candidateFile);

    // Over an input recording (a copy named like a report): refused, the recording intact.
    const auto copy = dir.file("recording.html");
    std::filesystem::copy_file(runs.candidateFile, copy);
    ReportInput overCopy = runs.input;
    overCopy.candidate =
        std::make_shared<const RunData>(loadRun(copy, runs.input.candidate->run.id));
    const QString overInput = exportReport(overCopy, qpath(copy));
    EXPECT_TRUE(overInput.contains(u"recording being reported"_s)) << overInput.toStdString();
    EXPECT_EQ(test::readBytes(copy), before);
    std::filesystem::remove(copy);

    // An unknown suffix: nothing written.
    const QString unknown = exportReport(runs.input, qpath(dir.file("report.docx")));
    EXPECT_TRUE(unknown.contains(u"'.docx' is not a report format"_s)) << unknown.toStdString();
    EXPECT_FALSE(std::filesystem::exists(dir.file("report.docx")));

    // A folder that does not exist: the error names the file, nothing appears.
    const auto missing = dir.file("no-such-folder") / "report.html";
    const QString error = exportReport(runs.input, qpath(missing));
    EXPECT_TRUE(error.contains(qpath(missing))) << error.toStdString();
    EXPECT_FALSE(std::filesystem::exists(dir.file("no-such-folder")));

    // Writing over an older report replaces it whole, and leaves no temporary file beside.
    const auto out = dir.file("report.md");
    test::writeBytes(out, std::string(1'000'000, 'x'));
    exported(runs.input, out);
    EXPECT_EQ(test::readBytes(out).find('x' + std::string(100, 'x')), std::string::npos);
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names,
              (std::vector<std::string>{"baseline.sqlite", "candidate.sqlite", "report.md"}));
    EXPECT_EQ(test::readBytes(runs.candidateFile), before);
}

}  // namespace
}  // namespace costscope
