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

}  // namespace
}  // namespace costscope
