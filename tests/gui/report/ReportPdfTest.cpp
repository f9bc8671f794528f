// The PDF's layout, read back through poppler's tools: a chart's heading on the page of its chart,
// tables that repeat their header on every page and never leave it alone at a page's foot, on A4
// and on Letter.
#include <gtest/gtest.h>

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

#include "app/core/RunLoader.h"
#include "app/report/PdfReport.h"
#include "app/report/ReportDocument.h"
#include "tests/gui/report/ReportTestSupport.h"

using namespace Qt::StringLiterals;

namespace costscope {
namespace {

using test::qpath;
using test::ScratchDir;

// A poppler tool's output; fails the test when the tool is missing or fails.
QString poppler(const QString& tool, const QStringList& arguments) {
    if (QStandardPaths::findExecutable(tool).isEmpty()) {
        ADD_FAILURE() << tool.toStdString()
                      << " is missing: install poppler-utils (scripts/test.sh does)";
        return {};
    }
    QProcess process;
    process.start(tool, arguments);
    EXPECT_TRUE(process.waitForFinished(60'000)) << tool.toStdString();
    EXPECT_EQ(process.exitCode(), 0) << process.readAllStandardError().toStdString();
    return QString::fromUtf8(process.readAllStandardOutput());
}

// A table's header line: its first column's title, then the next column's, on one line (they
// never wrap: the first column is the widest). The summary and the comparison start with
// "Variant", the skipped and failed with "Status", the headline with "Workload".
bool hasHeader(const QString& line) {
    static const QRegularExpression header(u"^\\s*(Variant|Status|Workload)\\s{2,}\\S"_s);
    return header.match(line).hasMatch();
}

// pdftotext writes the ligatures the PDF's font has ("Trade-oﬀ map").
QString withoutLigatures(QString text) {
    return text.replace(u"ﬀ"_s, u"ff"_s).replace(u"ﬁ"_s, u"fi"_s).replace(u"ﬂ"_s, u"fl"_s);
}

class ReportPdfTest : public ::testing::TestWithParam<QPageSize::PageSizeId> {};

TEST_P(ReportPdfTest, HeadingsStayWithTheirChartsAndTablesRepeatTheirHeader) {
    ScratchDir dir;
    const test::TwoRuns runs = test::writeTwoRuns(dir);
    const ReportDocument document = makeReportDocument(runs.input, ReportCharts::Render);
    const QByteArray pdf = pdfReport(document, GetParam());
    ASSERT_FALSE(pdf.isEmpty());
    const auto file = dir.file("report.pdf");
    test::writeBytes(file, pdf.toStdString());

    // The page size asked for, landscape.
    const QString info = poppler(u"pdfinfo"_s, {qpath(file)});
    EXPECT_TRUE(info.contains(GetParam() == QPageSize::Letter ? u"792 x 612 pts (letter)"_s
                                                              : u"842 x 595 pts (A4)"_s))
        << info.toStdString();

    const QStringList pages =
        withoutLigatures(poppler(u"pdftotext"_s, {u"-layout"_s, qpath(file), u"-"_s})).split(u'\f');
    ASSERT_GE(pages.size(), 5);
    // The pages each image is on, from pdfimages' list (after its two header lines).
    std::vector<int> imagePages;
    for (const QString& line : poppler(u"pdfimages"_s, {u"-list"_s, qpath(file)})
                                   .split(u'\n', Qt::SkipEmptyParts)
                                   .mid(2)) {
        imagePages.push_back(line.simplified().section(u' ', 0, 0).toInt());
    }

    QStringList measured;
    for (const VariantSummaryRow& variant : runs.input.candidate->variants) {
        if (variant.medianMs) {
            measured << QString::fromStdString(variant.name);
        }
    }
    const auto namesAVariant = [&](const QString& line) {
        for (const QString& name : measured) {
            if (line.contains(name)) {
                return true;
            }
        }
        return false;
    };

    int chartPages = 0;
    for (qsizetype p = 0; p < pages.size(); ++p) {
        const QStringList lines = pages[p].split(u'\n', Qt::SkipEmptyParts);
        if (lines.isEmpty()) {
            continue;
        }
        // The first chart follows the section's heading at the top of its page.
        const QString first =
            (lines.front().trimmed() == u"Charts"_s && lines.size() > 1 ? lines[1] : lines.front())
                .trimmed();
        bool chart = false;
        for (const ReportChart& drawn : document.charts) {
            if (!drawn.image.isNull() && first == drawn.title) {
                chart = true;
                // Its heading opens the page, and its image is on that page.
                EXPECT_NE(std::find(imagePages.begin(), imagePages.end(), int(p) + 1),
                          imagePages.end())
                    << "the chart " << drawn.title.toStdString() << " is not on page " << p + 1
                    << ", its heading's";
            }
        }
        if (chart) {
            ++chartPages;
            continue;
        }
        // A page with a row that names a variant has the header of that row's table.
        bool header = false;
        qsizetype lastHeader = -1;
        bool rows = false;
        for (qsizetype l = 0; l < lines.size(); ++l) {
            if (hasHeader(lines[l])) {
                header = true;
                lastHeader = l;
            }
            rows = rows || (namesAVariant(lines[l]) &&
                            lines[l].contains(QRegularExpression(u"\\d\\.\\d"_s)));
        }
        if (rows) {
            EXPECT_TRUE(header) << "page " << p + 1 << " has table rows but no header:\n"
                                << pages[p].toStdString();
        }
        // No header is the last thing on its page.
        if (lastHeader >= 0) {
            bool rowAfter = false;
            for (qsizetype l = lastHeader + 1; l < lines.size(); ++l) {
                rowAfter = rowAfter || namesAVariant(lines[l]) ||
                           lines[l].contains(QRegularExpression(u"\\d"_s));
            }
            EXPECT_TRUE(rowAfter) << "page " << p + 1 << " ends with a table's header alone:\n"
                                  << pages[p].toStdString();
        }
    }
    int drawn = 0;
    for (const ReportChart& chart : document.charts) {
        drawn += chart.image.isNull() ? 0 : 1;
    }
    EXPECT_EQ(chartPages, drawn);
    EXPECT_EQ(int(imagePages.size()), drawn);
}

INSTANTIATE_TEST_SUITE_P(PageSizes, ReportPdfTest,
                         ::testing::Values(QPageSize::A4, QPageSize::Letter),
                         [](const auto& parameter) {
                             return parameter.param == QPageSize::A4 ? std::string("A4")
                                                                     : std::string("Letter");
                         });

TEST(ReportPdfMetadataTest, ASuiteNameMadeOfPdfSyntaxIsTheTitleAndNothingElse) {
    // The report's title names the run, so a recording's suite name reaches the PDF's document
    // information. Written as PDF syntax it must stay a string: the title reads back whole, and
    // the file gains no action, script or launch.
    ScratchDir dir;
    const auto path = dir.file("hostile-title.sqlite");
    const std::string hostile =
        "x) /OpenAction << /S /JavaScript /JS (app.alert(1)) >> /Launch << /F (calc) >> "
        "/Title (y <script>alert(1)</script> ";
    ReportInput input;
    input.candidate = std::make_shared<const RunData>(
        loadRun(path, test::writeFixtureRun(path, {.suite = hostile, .withGpu = false})));
    const ReportDocument document = makeReportDocument(input, ReportCharts::Skip);
    ASSERT_TRUE(document.title.contains(QString::fromStdString(hostile)));
    const QByteArray pdf = pdfReport(document, QPageSize::A4);
    const auto file = dir.file("report.pdf");
    test::writeBytes(file, pdf.toStdString());

    const QString info = poppler(u"pdfinfo"_s, {qpath(file)});
    QString title;
    for (const QString& line : info.split(u'\n')) {
        if (line.startsWith(u"Title:"_s)) {
            title = line.mid(6).trimmed();
        }
        if (line.startsWith(u"JavaScript:"_s)) {
            EXPECT_EQ(line.mid(11).trimmed(), u"no"_s);
        }
    }
    EXPECT_EQ(title, document.title.trimmed());
    for (const char* key : {"/OpenAction", "/JavaScript", "/JS", "/Launch", "/AA", "/URI"}) {
        EXPECT_FALSE(pdf.contains(key)) << key;
    }
}

}  // namespace
}  // namespace costscope
