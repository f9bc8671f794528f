// File ▸ Export Report without freezing the window: what can leave the GUI thread does, the
// charts (widgets) are drawn on it one per turn of the event loop, and progress is reported.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <memory>
#include <vector>

#include "app/ChartViews.h"
#include "app/core/VariantSelection.h"
#include "app/report/ReportDocument.h"
#include "app/report/ReportInput.h"

namespace costscope {

class ChartView;

// What runs where:
// - worker thread: shaping the document (tables, facts, the comparison: plain data), then laying
//   it out in its format (HTML with its PNGs, the PDF's pages, Markdown, CSV) and writing the
//   file atomically (writeReport());
// - the timeline's own loader thread: reading the rows of the timeline from the recording;
// - GUI thread: the charts, which are QCustomPlot widgets and can only be drawn there, one per
//   turn of the event loop so that the window repaints and the Cancel button answers between
//   them. The recording itself was read when the run was opened; nothing here reads it again
//   on the GUI thread.
class ExportReportTask : public QObject {
    Q_OBJECT
  public:
    ExportReportTask(ReportInput input, QString outPath, QObject* parent = nullptr);
    ~ExportReportTask() override;

    // Starts the export; progressed() follows for each step, then finished().
    void start();
    // Stops before the file is written: while the charts are drawn, nothing is written at all;
    // once writing has begun it finishes (the file appears whole or not at all).
    void cancel();

    const QString& outPath() const { return outPath_; }
    // Steps done and in all (each chart, shaping, writing), and what is being done now.
    int done() const { return done_; }
    int total() const { return total_; }
    const QString& step() const { return step_; }
    // True once writing has begun: cancel() no longer stops it.
    bool writing() const { return writing_; }

  signals:
    void progressed(int done, int total, const QString& step);
    // `error`: empty when the report was written; else for the user (cancelled included).
    void finished(const QString& error);

  private:
    void drawNextChart();
    void writeWhenReady();
    void advance(const QString& step);
    void finish(const QString& error);

    ReportInput input_;
    QString outPath_;
    bool drawsCharts_ = false;
    VariantSelection selection_;  // the charts' own: a report shows no selection
    std::vector<ReportChartView> views_;
    std::vector<ReportChart> charts_;
    QFutureWatcher<ReportDocument> shaping_;
    QFutureWatcher<QString> writer_;
    int done_ = 0;
    int total_ = 0;
    QString step_;
    bool cancelled_ = false;
    bool writing_ = false;
    bool finished_ = false;
};

}  // namespace costscope
