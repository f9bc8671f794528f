// htmlReport(): the document laid out as HTML, recorded strings escaped by escapeHtml().
#include "app/report/HtmlReport.h"

#include <QBuffer>

#include "app/report/ReportEscape.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

// Browsers get the full style sheet; QTextDocument reads a subset of it and the table
// attributes, so both are written.
const QString kStyle =
    uR"(
body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
       font-size: 14px; color: #1d1d1f; margin: 24px auto; max-width: 1280px; padding: 0 16px; }
h1 { font-size: 22px; margin-bottom: 4px; }
h2 { font-size: 18px; margin-top: 28px; border-bottom: 1px solid #ccc; padding-bottom: 4px; }
h3 { font-size: 15px; margin-top: 18px; }
p.meta { color: #555; margin-top: 0; }
p.note { color: #444; }
div.warning { background: #fff3cd; border: 1px solid #e0b84c; border-left: 6px solid #d39e00;
              padding: 8px 12px; margin: 8px 0; }
table.data { border-collapse: collapse; margin: 8px 0 16px 0; font-size: 12px; }
table.data th, table.data td { border: 1px solid #ccc; padding: 3px 6px; vertical-align: top; }
table.data th { background: #f0f0f0; text-align: left; }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.data td.name { word-break: break-all; max-width: 520px; }
tr.better td { background: #e3f4e1; }
tr.worse td { background: #fbe3e1; }
tr.muted td { color: #777; }
table.facts td { padding: 1px 12px 1px 0; vertical-align: top; font-size: 13px; }
table.facts td.label { color: #555; white-space: nowrap; }
figure { margin: 16px 0 24px 0; }
figure img { border: 1px solid #ddd; max-width: 100%; height: auto; }
figcaption { font-weight: 600; margin-bottom: 6px; }
p.chart-message { border: 1px dashed #bbb; padding: 16px; color: #555; }
pre { background: #f6f6f6; padding: 8px; overflow-x: auto; font-size: 12px; }
)"_s;

// QTextDocument prints at the PDF writer's resolution, where CSS pixels come out tiny: sizes in
// points only, spacing through the table attributes.
const QString kQTextDocumentStyle =
    uR"(
body { font-size: 8pt; color: #1d1d1f; }
h1 { font-size: 15pt; }
h2 { font-size: 12pt; }
h3 { font-size: 9.5pt; }
p.meta { color: #555555; }
table.data { font-size: 7pt; }
th { background-color: #f0f0f0; }
table.facts { font-size: 8pt; }
td.label { color: #555555; }
)"_s;

QString trClass(RowTone tone, bool forQt) {
    switch (tone) {
        case RowTone::Better:
            return forQt ? u" bgcolor=\"#e3f4e1\""_s : u" class=\"better\""_s;
        case RowTone::Worse:
            return forQt ? u" bgcolor=\"#fbe3e1\""_s : u" class=\"worse\""_s;
        case RowTone::Muted:
            return forQt ? u" style=\"color: #777777\""_s : u" class=\"muted\""_s;
        case RowTone::Neutral:
            break;
    }
    return {};
}

class Page {
  public:
    explicit Page(const HtmlReportOptions& options) : options_(options) {}

    void line(const QString& html) {
        out_ += html;
        out_ += u'\n';
    }
    void heading(int level, const QString& text) {
        const QString tag = u"h"_s + QString::number(level);
        line(u"<"_s + tag + u">"_s + escapeHtml(text) + u"</"_s + tag + u">"_s);
    }
    void paragraph(const QString& text, const QString& cssClass = u"note"_s) {
        if (!text.isEmpty()) {
            line(u"<p class=\""_s + cssClass + u"\">"_s + escapeHtml(text) + u"</p>"_s);
        }
    }
    void warning(const QString& text) {
        if (options_.forQTextDocument) {
            line(
                u"<table width=\"100%\" cellpadding=\"6\" cellspacing=\"0\" border=\"1\" "
                u"bgcolor=\"#fff3cd\"><tr><td><b>Warning:</b> "_s +
                escapeHtml(text) + u"</td></tr></table>"_s);
        } else {
            line(u"<div class=\"warning\" role=\"alert\"><strong>Warning:</strong> "_s +
                 escapeHtml(text) + u"</div>"_s);
        }
    }
    void facts(const std::vector<ReportFact>& facts) {
        line(u"<table class=\"facts\">"_s);
        for (const ReportFact& fact : facts) {
            line(u"<tr><td class=\"label\">"_s + escapeHtml(fact.label) + u"</td><td>"_s +
                 escapeHtml(fact.value) + u"</td></tr>"_s);
        }
        line(u"</table>"_s);
    }
    void list(const QStringList& items) {
        if (items.isEmpty()) {
            return;
        }
        line(u"<ul>"_s);
        for (const QString& item : items) {
            line(u"<li>"_s + escapeHtml(item) + u"</li>"_s);
        }
        line(u"</ul>"_s);
    }
    void table(const ReportTable& table) {
        if (table.empty()) {
            return;
        }
        paragraph(table.caption);
        const bool forQt = options_.forQTextDocument;
        // QTextDocument spreads a full-width table evenly; the names need the room.
        line(u"<table class=\"data\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\""_s +
             (forQt ? u" width=\"100%\">"_s : u">"_s));
        QString head = u"<tr>"_s;
        for (qsizetype c = 0; c < table.headers.size(); ++c) {
            head +=
                (forQt && c == 0 && table.key != u"devices" ? u"<th width=\"24%\">"_s : u"<th>"_s) +
                escapeHtml(table.headers[c]) + u"</th>"_s;
        }
        // <thead>: browsers and QTextDocument repeat it on every printed page.
        line(u"<thead>"_s + head + u"</tr></thead><tbody>"_s);
        for (size_t r = 0; r < table.rows.size(); ++r) {
            QString row = u"<tr"_s + trClass(table.tones[r], options_.forQTextDocument) + u">"_s;
            const QStringList& cells = table.rows[r];
            for (qsizetype c = 0; c < cells.size(); ++c) {
                const bool numeric = size_t(c) < table.numeric.size() && table.numeric[size_t(c)];
                // Numbers never wrap (a PDF cell would break "1.00e-07" in two); names do.
                row += numeric ? (options_.forQTextDocument ? u"<td align=\"right\" nowrap>"_s
                                                            : u"<td class=\"num\">"_s)
                               : (c == 0 ? u"<td class=\"name\">"_s : u"<td>"_s);
                row += escapeHtml(cells[c]) + u"</td>"_s;
            }
            line(row + u"</tr>"_s);
        }
        line(u"</tbody></table>"_s);
    }
    void chart(const ReportChart& chart, size_t index) {
        // In a PDF every chart starts a page, so that its heading never parts from it (the first
        // under the section's heading, which starts the page).
        const QString heading = options_.forQTextDocument && index > 0
                                    ? u"<h3 style=\"page-break-before: always\">"_s
                                    : u"<h3>"_s;
        if (chart.image.isNull()) {
            line(heading + escapeHtml(chart.title) + u"</h3>"_s);
            paragraph(chart.message, u"chart-message"_s);
            notDrawn(chart);
            return;
        }
        const int width = options_.chartWidth;
        const int height = chart.image.width() > 0
                               ? int(double(width) * chart.image.height() / chart.image.width())
                               : width;
        QString source;
        if (options_.forQTextDocument) {
            source = chartResourceName(index);
        } else {
            QByteArray png;
            QBuffer buffer(&png);
            buffer.open(QIODevice::WriteOnly);
            chart.image.save(&buffer, "PNG");
            source = u"data:image/png;base64,"_s + QString::fromLatin1(png.toBase64());
        }
        const QString size = u" width=\""_s + QString::number(width) + u"\" height=\""_s +
                             QString::number(height) + u"\""_s;
        if (options_.forQTextDocument) {
            line(heading + escapeHtml(chart.title) + u"</h3>"_s);
            line(u"<p><img src=\""_s + source + u"\""_s + size + u"></p>"_s);
        } else {
            line(u"<figure><figcaption>"_s + escapeHtml(chart.title) +
                 u"</figcaption><img src=\""_s + source + u"\" alt=\""_s + escapeHtml(chart.title) +
                 u"\""_s + size + u"></figure>"_s);
        }
        notDrawn(chart);
    }
    // What the chart could not draw, whole, under it.
    void notDrawn(const ReportChart& chart) {
        if (!chart.notDrawn.isEmpty()) {
            paragraph(u"Not drawn in this chart:"_s);
            list(chart.notDrawn);
        }
    }

    QString take() { return std::move(out_); }

  private:
    const HtmlReportOptions& options_;
    QString out_;
};

// The top of the report: what differs between two runs, what won, and every warning once.
void headline(Page& page, const ReportDocument& document) {
    if (!document.differences.empty()) {
        page.heading(2, u"What differs between the runs"_s);
        page.table(document.differences);
    } else if (document.runs.size() == 2 && document.machines.empty()) {
        page.heading(2, u"What differs between the runs"_s);
        page.paragraph(
            u"Nothing in the machine and settings records: the same machine, "
            u"libraries and settings."_s);
    }
    const ReportHeadline& top = document.headline;
    page.heading(2, u"What won"_s);
    page.list(top.comparison);
    page.table(top.winners);
    if (!top.withinLoss.isEmpty()) {
        page.paragraph(u"The fastest model within "_s + top.accuracyLoss +
                       u" of the dense model's accuracy:"_s);
        page.list(top.withinLoss);
    }
    if (!top.pruning.isEmpty()) {
        page.paragraph(u"Where unstructured pruning pays, against the fastest dense FP32:"_s);
        page.list(top.pruning);
    }
    for (const QString& warning : document.warnings) {
        page.warning(warning);
    }
}

}  // namespace

QString chartResourceName(size_t index) {
    return u"chart-"_s + QString::number(index) + u".png"_s;
}

QByteArray htmlReport(const ReportDocument& document, const HtmlReportOptions& options) {
    Page page(options);
    page.line(u"<!DOCTYPE html>"_s);
    page.line(u"<html lang=\"en\"><head><meta charset=\"utf-8\">"_s);
    // No script may run and nothing may load from elsewhere: the page is inert by policy too.
    page.line(
        u"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        u"img-src data:; style-src 'unsafe-inline'\">"_s);
    page.line(u"<meta name=\"generator\" content=\"costscope\">"_s);
    page.line(u"<title>"_s + escapeHtml(document.title) + u"</title>"_s);
    page.line(u"<style>"_s + (options.forQTextDocument ? kQTextDocumentStyle : kStyle) +
              u"</style></head><body>"_s);

    page.heading(1, document.title);
    page.paragraph(
        document.subtitle + u" Generated "_s + document.generatedAt + u" by costscope."_s,
        u"meta"_s);
    headline(page, document);
    if (!document.machines.empty()) {
        page.heading(2, u"Machines"_s);
        page.paragraph(document.machinesNote);
        page.table(document.machines);
        page.heading(2, u"Which machine for which workload"_s);
        page.paragraph(document.choicesNote);
        page.table(document.choices);
    }
    if (!document.comparison.empty()) {
        page.heading(2, u"Comparison"_s);
        page.paragraph(document.comparisonNote);
        page.table(document.comparison);
    }

    page.heading(2, u"Machines and suites"_s);
    for (const ReportRun& run : document.runs) {
        page.heading(3, run.role + u": "_s + run.label);
        page.facts(run.facts);
        page.table(run.devices);
        if (!run.suiteJson.isEmpty() && !options.forQTextDocument) {
            page.line(u"<details><summary>Suite definition as recorded</summary><pre>"_s +
                      escapeHtml(run.suiteJson) + u"</pre></details>"_s);
        }
    }

    page.heading(2, u"Variant summary"_s);
    for (const ReportRun& run : document.runs) {
        page.heading(3, run.role + u": "_s + run.label);
        page.table(run.summary);
        if (!run.leftOut.empty()) {
            page.heading(3, run.role + u": skipped and failed"_s);
            page.table(run.leftOut);
        }
    }

    page.heading(2, u"Kernel summary"_s);
    for (const ReportRun& run : document.runs) {
        page.heading(3, run.role + u": "_s + run.label);
        page.paragraph(run.kernelsNote);
        page.table(run.kernels);
        if (!run.copies.empty()) {
            page.table(run.copies);
        }
    }

    if (!document.charts.empty()) {
        if (options.forQTextDocument) {
            page.line(u"<h2 style=\"page-break-before: always\">Charts</h2>"_s);
        } else {
            page.heading(2, u"Charts"_s);
        }
        for (size_t i = 0; i < document.charts.size(); ++i) {
            page.chart(document.charts[i], i);
        }
    }
    page.line(u"</body></html>"_s);
    return page.take().toUtf8();
}

}  // namespace costscope
