// The escapers: recorded text can neither run nor break the layout of any format.
#include <gtest/gtest.h>

#include "app/report/ReportEscape.h"
#include "app/tables/TableCsv.h"
#include "tests/gui/report/ReportTestSupport.h"

using namespace Qt::StringLiterals;

namespace costscope {
namespace {

const QString kHostile = u"<script>alert(1)</script>&\"'"_s;

TEST(ReportEscapeTest, HtmlTurnsEveryMarkupCharacterIntoAnEntity) {
    EXPECT_EQ(escapeHtml(kHostile), u"&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"_s);
    EXPECT_EQ(escapeHtml(u"gemm/fp32/openblas/cpu/1024x1024x1024"_s),
              u"gemm/fp32/openblas/cpu/1024x1024x1024"_s);
    EXPECT_EQ(escapeHtml(u"&amp;"_s), u"&amp;amp;"_s) << "entities in the text are text too";
}

TEST(ReportEscapeTest, MarkdownKeepsCellsInTheirColumnAndHtmlInert) {
    const QString cell = escapeMarkdown(u"a|b`c`"_s + kHostile);
    // Every < and & is backslash-escaped: a literal in Markdown, never a tag or an entity.
    for (qsizetype i = 0; i < cell.size(); ++i) {
        if (cell[i] == u'<' || cell[i] == u'&') {
            ASSERT_GT(i, 0);
            EXPECT_EQ(cell[i - 1], u'\\') << cell.toStdString();
        }
    }
    EXPECT_TRUE(cell.contains(u"\\<script\\>"_s)) << cell.toStdString();
    EXPECT_FALSE(cell.contains(u"&lt;"_s));
    EXPECT_TRUE(cell.contains(u"a\\|b\\`c\\`"_s)) << cell.toStdString();
    // A pipe that is not backslash-escaped would end the cell.
    for (qsizetype i = 0; i < cell.size(); ++i) {
        if (cell[i] == u'|') {
            ASSERT_GT(i, 0);
            EXPECT_EQ(cell[i - 1], u'\\');
        }
    }
    EXPECT_EQ(escapeMarkdown(u"# not a heading"_s), u"\\# not a heading"_s);
    EXPECT_EQ(escapeMarkdown(u"C# and F#"_s), u"C# and F#"_s);
    EXPECT_EQ(escapeMarkdown(u"two\nlines\r\n- item"_s), u"two lines  - item"_s);
    EXPECT_EQ(escapeMarkdown(u"void f<float>(int*, int*)"_s),
              u"void f\\<float\\>(int\\*, int\\*)"_s);
    EXPECT_EQ(escapeMarkdown(u"> quoted & more"_s), u"\\> quoted \\& more"_s);
    EXPECT_EQ(escapeMarkdown(u"csrmm_alg2_kernel [x]"_s), u"csrmm\\_alg2\\_kernel \\[x\\]"_s);
}

TEST(ReportEscapeTest, CsvQuotesOnlyWhatRfc4180Requires) {
    EXPECT_EQ(csvField(u"plain"_s), u"plain"_s);
    EXPECT_EQ(csvField(u"a,b"_s), u"\"a,b\""_s);
    EXPECT_EQ(csvField(u"say \"hi\""_s), u"\"say \"\"hi\"\"\""_s);
    EXPECT_EQ(csvField(u"two\nlines"_s), u"\"two\nlines\""_s);
    const QString line = csvField(kHostile) + u","_s + csvField(u"x,y"_s) + u"\r\n"_s;
    const auto records = test::parseCsv(line);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0], (QStringList{kHostile, u"x,y"_s}));
}

TEST(ReportEscapeTest, CsvMakesFormulasTextAndLeavesNumbers) {
    // OWASP's list: = + - @, a tab or a CR first. The quote makes the cell text.
    EXPECT_EQ(csvField(u"=HYPERLINK(\"http://x\",\"y\")"_s),
              u"\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""_s);
    EXPECT_EQ(csvField(u"+1+cmd|' /C calc'!A0"_s), u"'+1+cmd|' /C calc'!A0"_s);
    EXPECT_EQ(csvField(u"@SUM(1)"_s), u"'@SUM(1)"_s);
    EXPECT_EQ(csvField(u"-2+3"_s), u"'-2+3"_s);
    EXPECT_EQ(csvField(u"\tx"_s), u"'\tx"_s);
    EXPECT_EQ(csvField(u"\rx"_s), u"\"'\rx\""_s);
    EXPECT_EQ(csvField(u"="_s), u"'="_s);
    EXPECT_EQ(csvField(u"-"_s), u"'-"_s);
    EXPECT_EQ(csvField(u"-inf"_s), u"'-inf"_s);
    EXPECT_EQ(csvField(u"1e5-"_s), u"1e5-"_s) << "only the first character opens a formula";
    EXPECT_EQ(csvField(u"a=b"_s), u"a=b"_s);
    // A number, signed or not, stays a number.
    for (const QString& number : {u"-1.5"_s, u"+3"_s, u"-2e-05"_s, u"-0"_s, u"-.5"_s, u"+7."_s,
                                  u"-1E+300"_s, u"12"_s, u"0.25"_s}) {
        EXPECT_EQ(csvField(number), number);
    }
    for (const QString& formula : {u"-1.5.2"_s, u"-e5"_s, u"-1e"_s, u"+1 "_s, u"-1,5"_s}) {
        EXPECT_TRUE(csvField(formula).startsWith(u"'"_s) || csvField(formula).startsWith(u"\"'"_s))
            << formula.toStdString();
    }
    // Read back, each is the text with the quote before it.
    const auto records = test::parseCsv(csvField(u"=1+1"_s) + u","_s + csvField(u"\rx"_s) + u","_s +
                                        csvField(u"-7"_s) + u"\r\n"_s);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0], (QStringList{u"'=1+1"_s, u"'\rx"_s, u"-7"_s}));
}

}  // namespace
}  // namespace costscope
