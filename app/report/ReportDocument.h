// A report's content, shaped once and free of any format: facts, warnings, tables and rendered
// charts. The HTML, PDF, Markdown and CSV writers only lay it out and escape it, so every format
// says the same thing.
#pragma once

#include <QImage>
#include <QSize>
#include <QString>
#include <QStringList>
#include <vector>

#include "app/report/ReportInput.h"

namespace costscope {

// How a table row reads at a glance; HTML and PDF colour it.
enum class RowTone { Neutral, Better, Worse, Muted };

// A table cell: the text people read, and the value CSV writes (the number at full precision in
// the header's unit), which is the text when not given.
struct ReportCell {
    // Implicit, so that a plain text reads as a cell in a row's braces.
    ReportCell(QString shown) : text(std::move(shown)), csv(text) {}  // NOLINT
    ReportCell(QString shown, QString written) : text(std::move(shown)), csv(std::move(written)) {}
    QString text;
    QString csv;
};

struct ReportTable {
    QString key;      // what the table is, for CSV's `table` column: "summary", "comparison" ...
    QString run;      // the run it belongs to ("baseline", "candidate", "run"); empty: both
    QString caption;  // a sentence above the table
    QStringList headers;
    std::vector<bool> numeric;         // per column: right-aligned
    std::vector<QStringList> rows;     // as people read them
    std::vector<QStringList> csvRows;  // as CSV writes them
    std::vector<RowTone> tones;        // one per row

    void addRow(const std::vector<ReportCell>& cells, RowTone tone = RowTone::Neutral);
    bool empty() const { return rows.empty(); }
};

struct ReportFact {
    QString label;
    QString value;
};

// One run: where and how it was recorded, on which devices, what it measured.
struct ReportRun {
    QString role;   // "Baseline", "Candidate" or "Run"
    QString label;  // the run's title: RunData::label(), told apart from the other run's
    std::vector<ReportFact> facts;
    QString suiteJson;  // the suite definition as recorded (HTML shows it folded)
    ReportTable devices;
    ReportTable summary;  // the measured variants
    ReportTable leftOut;  // skipped and failed variants, one row per distinct reason
    ReportTable kernels;
    QString kernelsNote;  // why the kernel table is empty or cut short
    ReportTable copies;   // copies by kind and memsets; empty when the run has none
};

struct ReportChart {
    QString title;
    QImage image;          // null when the chart had nothing to draw
    QString message;       // the chart's sentence in its place; empty when drawn
    QStringList notDrawn;  // what the chart could not draw, and why, in full
};

// What won (Headline), as a report says it.
struct ReportHeadline {
    QStringList comparison;  // two runs: the verdict counts, then the largest changes
    ReportTable winners;     // per workload and device: the fastest variant against its reference
    QStringList withinLoss;  // the fastest model within the accuracy loss, per device
    QStringList pruning;     // where pruning pays, per workload, device and backend
    QString accuracyLoss;    // "1 point", the loss the reader set
};

struct ReportDocument {
    QString title;
    QString subtitle;         // what is reported: one run, or candidate vs baseline
    QString generatedAt;      // local time, for people
    ReportTable differences;  // two runs: what differs in their machines and settings
    ReportHeadline headline;
    QStringList warnings;         // every warning of the runs, each kind once, counted
    std::vector<ReportRun> runs;  // the baseline first, when there is one
    ReportTable comparison;       // empty without a baseline
    QString comparisonNote;       // the test and its threshold, or why there is no comparison
    // Machines compared (ReportInput::machines): variants by machine, then the choice per
    // workload; both empty otherwise.
    ReportTable machines;
    QString machinesNote;  // how the best machine was judged
    ReportTable choices;
    QString choicesNote;  // the goal and the quality budget
    std::vector<ReportChart> charts;
};

// Whether to draw the charts (HTML and PDF) or leave them out (Markdown and CSV).
enum class ReportCharts { Render, Skip };

// Pixel size of a chart in a report.
inline constexpr QSize kReportChartSize{960, 540};

class ChartView;
// A chart for a report, in two steps: lay the view out at the report's size before giving it
// its input (views that aggregate per pixel shape their data for the width they are drawn at);
// once it shows that input (ChartView::isShown()), take the chart from it. Widgets: GUI thread.
void prepareReportChart(ChartView& view);
ReportChart takeReportChart(ChartView& view, const QString& title);

// One run's part of a report: its facts, devices, summary, what was left out, its kernels.
ReportRun makeReportRun(const RunData& data, const QString& role, const QString& label);

// Shapes the content of `input` (candidate required). Rendering charts needs a QApplication
// (the charts are widgets; offscreen is enough).
ReportDocument makeReportDocument(const ReportInput& input, ReportCharts charts);

}  // namespace costscope
