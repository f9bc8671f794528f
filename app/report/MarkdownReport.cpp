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
    if (!table.caption.isEmpty()) {
        out += escapeMarkdown(table.caption) + u"\n\n"_s;
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

void list(QString& out, const QStringList& items) {
    for (const QString& item : items) {
        out += u"- "_s + escapeMarkdown(item) + u"\n"_s;
    }
    if (!items.isEmpty()) {
        out += u"\n"_s;
    }
}

// What differs between two runs, what won, and every warning once.
void headline(QString& out, const ReportDocument& document) {
    if (document.runs.size() == 2 && document.machines.empty()) {
        heading(out, 2, u"What differs between the runs"_s);
        if (document.differences.empty()) {
            paragraph(out,
                      u"Nothing in the machine and settings records: the same machine, "
                      u"libraries and settings."_s);
        }
        table(out, document.differences);
    }
    const ReportHeadline& top = document.headline;
    heading(out, 2, u"What won"_s);
    list(out, top.comparison);
    table(out, top.winners);
    if (!top.withinLoss.isEmpty()) {
        paragraph(out, u"The fastest model within "_s + top.accuracyLoss +
                           u" of the dense model's accuracy:"_s);
        list(out, top.withinLoss);
    }
    if (!top.pruning.isEmpty()) {
        paragraph(out, u"Where unstructured pruning pays, against the fastest dense FP32:"_s);
        list(out, top.pruning);
    }
    for (const QString& warning : document.warnings) {
        out += u"> **Warning:** "_s + escapeMarkdown(warning) + u"\n\n"_s;
    }
}

}  // namespace

QByteArray markdownReport(const ReportDocument& document) {
    QString out;
    heading(out, 1, document.title);
    paragraph(out,
              document.subtitle + u" Generated "_s + document.generatedAt + u" by costscope."_s);
    headline(out, document);
    if (!document.machines.empty()) {
        heading(out, 2, u"Machines"_s);
        paragraph(out, document.machinesNote);
        table(out, document.machines);
        heading(out, 2, u"Which machine for which workload"_s);
        paragraph(out, document.choicesNote);
        table(out, document.choices);
    }
    if (!document.comparison.empty()) {
        heading(out, 2, u"Comparison"_s);
        paragraph(out, document.comparisonNote);
        table(out, document.comparison);
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

    heading(out, 2, u"Variant summary"_s);
    for (const ReportRun& run : document.runs) {
        heading(out, 3, run.role + u": "_s + run.label);
        table(out, run.summary);
        if (!run.leftOut.empty()) {
            heading(out, 3, run.role + u": skipped and failed"_s);
            table(out, run.leftOut);
        }
    }

    heading(out, 2, u"Kernel summary"_s);
    for (const ReportRun& run : document.runs) {
        heading(out, 3, run.role + u": "_s + run.label);
        paragraph(out, run.kernelsNote);
        table(out, run.kernels);
        if (!run.copies.empty()) {
            table(out, run.copies);
        }
    }
    paragraph(out, u"The charts are in the HTML and PDF reports (costscope --report OUT.html)."_s);
    return out.toUtf8();
}

}  // namespace costscope
