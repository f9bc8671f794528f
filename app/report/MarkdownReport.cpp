// markdownReport(): headings, bullet facts, warnings as quotes, pipe tables.
#include "app/report/MarkdownReport.h"

#include "app/report/ReportEscape.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

void table(QString& out, const ReportTable& table) {
    if (table.empty()) {
        return;
    }
    QString head = u"|"_s;
    QString rule = u"|"_s;
    for (qsizetype c = 0; c < table.headers.size(); ++c) {
        head += u" "_s + escapeMarkdown(table.headers[c]) + u" |"_s;
        const bool numeric = size_t(c) < table.numeric.size() && table.numeric[size_t(c)];
        rule += numeric ? u" ---: |"_s : u" --- |"_s;
    }
    out += head + u"\n"_s + rule + u"\n"_s;
    for (const QStringList& cells : table.rows) {
        QString row = u"|"_s;
        for (const QString& cell : cells) {
            row += u" "_s + escapeMarkdown(cell) + u" |"_s;
        }
        out += row + u"\n"_s;
    }
    out += u"\n"_s;
}

void paragraph(QString& out, const QString& text) {
    if (!text.isEmpty()) {
        out += escapeMarkdown(text) + u"\n\n"_s;
    }
}

void heading(QString& out, int level, const QString& text) {
    out += QString(level, u'#') + u" "_s + escapeMarkdown(text) + u"\n\n"_s;
}

}  // namespace

QByteArray markdownReport(const ReportDocument& document) {
    QString out;
    heading(out, 1, document.title);
    paragraph(out,
              document.subtitle + u" Generated "_s + document.generatedAt + u" by costscope."_s);
    for (const ReportRun& run : document.runs) {
        for (const QString& warning : run.warnings) {
            out += u"> **Warning:** "_s + escapeMarkdown(warning) + u"\n\n"_s;
        }
    }

    heading(out, 2, u"Machines and suites"_s);
    for (const ReportRun& run : document.runs) {
        heading(out, 3, run.role + u": "_s + run.label);
        for (const ReportFact& fact : run.facts) {
            out += u"- **"_s + escapeMarkdown(fact.label) + u":** "_s + escapeMarkdown(fact.value) +
                   u"\n"_s;
        }
        out += u"\n"_s;
        table(out, run.devices);
    }

    if (!document.comparison.empty()) {
        heading(out, 2, u"Comparison"_s);
        paragraph(out, document.comparisonNote);
        table(out, document.comparison);
    }

    heading(out, 2, u"Variant summary"_s);
    for (const ReportRun& run : document.runs) {
        heading(out, 3, run.role + u": "_s + run.label);
        table(out, run.summary);
    }

    heading(out, 2, u"Kernel summary"_s);
    for (const ReportRun& run : document.runs) {
        heading(out, 3, run.role + u": "_s + run.label);
        paragraph(out, run.kernelsNote);
        table(out, run.kernels);
    }
    paragraph(out, u"The charts are in the HTML and PDF reports (costscope --report OUT.html)."_s);
    return out.toUtf8();
}

}  // namespace costscope
