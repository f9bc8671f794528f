// ExportReportTask: shaping and writing on Qt's thread pool, the charts on the GUI thread between
// events, progress after each step.
#include "app/ExportReportTask.h"

#include <QFileInfo>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>
#include <utility>

#include "app/ChartViews.h"
#include "app/charts/ChartView.h"
#include "app/report/ExportReport.h"

using namespace Qt::StringLiterals;

namespace costscope {

ExportReportTask::ExportReportTask(ReportInput input, QString outPath, QObject* parent)
    : QObject(parent), input_(std::move(input)), outPath_(std::move(outPath)) {
    connect(&shaping_, &QFutureWatcherBase::finished, this, &ExportReportTask::writeWhenReady);
    connect(&writer_, &QFutureWatcherBase::finished, this, [this] { finish(writer_.result()); });
}

// The workers hold their own copies (the runs' shared data, the document, the path): they may
// finish after the task is gone, and their results are then dropped.
ExportReportTask::~ExportReportTask() = default;

void ExportReportTask::start() {
    if (const QString error = reportTargetError(input_, outPath_); !error.isEmpty()) {
        // After the caller's connections, as every other outcome.
        QTimer::singleShot(0, this, [this, error] { finish(error); });
        return;
    }
    drawsCharts_ = reportShowsCharts(*reportFormatOf(outPath_));
    if (drawsCharts_) {
        views_ = makeReportChartViews(
            &selection_, ViewInput{input_.candidate, input_.baseline, input_.machines});
    }
    total_ = int(views_.size()) + 2;  // the charts, the tables, the file
    const ReportInput input = input_;
    shaping_.setFuture(
        QtConcurrent::run([input] { return makeReportDocument(input, ReportCharts::Skip); }));
    // Every view gets its input first, so that the timeline reads its rows on its own thread
    // while the others are drawn.
    for (const ReportChartView& chart : views_) {
        prepareReportChart(*chart.view);
        chart.view->setInput(ViewInput{input_.candidate, input_.baseline, input_.machines});
    }
    advance(views_.empty() ? u"Shaping the report…"_s
                           : u"Drawing the charts: "_s + views_.front().title + u"…"_s);
    QTimer::singleShot(0, this, &ExportReportTask::drawNextChart);
}

void ExportReportTask::drawNextChart() {
    if (cancelled_ || finished_) {
        return;
    }
    if (charts_.size() == views_.size()) {
        writeWhenReady();
        return;
    }
    ChartView& view = *views_[charts_.size()].view;
    if (!view.isShown()) {
        // Its data are still being read off the GUI thread: back when they are shown, after the
        // view has finished emitting (it must not be deleted under its own signal).
        connect(
            &view, &ChartView::shown, this,
            [this] { QTimer::singleShot(0, this, &ExportReportTask::drawNextChart); },
            Qt::SingleShotConnection);
        return;
    }
    charts_.push_back(takeReportChart(view, views_[charts_.size()].title));
    ++done_;
    advance(charts_.size() < views_.size()
                ? u"Drawing the charts: "_s + views_[charts_.size()].title + u"…"_s
                : u"Shaping the report…"_s);
    QTimer::singleShot(0, this, &ExportReportTask::drawNextChart);
}

void ExportReportTask::writeWhenReady() {
    if (cancelled_ || finished_ || writing_ || !shaping_.isFinished() ||
        charts_.size() < views_.size()) {
        return;  // the other half is not done yet: it calls again when it is
    }
    ReportDocument document = shaping_.result();
    document.charts = std::move(charts_);
    views_.clear();
    writing_ = true;
    ++done_;
    advance(u"Writing "_s + QFileInfo(outPath_).fileName() + u"…"_s);
    const QString path = outPath_;
    writer_.setFuture(QtConcurrent::run(
        [document = std::move(document), path] { return writeReport(document, path); }));
}

void ExportReportTask::cancel() {
    if (writing_ || finished_) {
        return;
    }
    cancelled_ = true;
    finish(u"Export cancelled: no report was written to '"_s + outPath_ + u"'."_s);
}

void ExportReportTask::advance(const QString& step) {
    step_ = step;
    emit progressed(done_, total_, step_);
}

void ExportReportTask::finish(const QString& error) {
    if (finished_) {
        return;
    }
    finished_ = true;
    views_.clear();
    if (error.isEmpty()) {
        done_ = total_;
        advance(u"Written: "_s + outPath_);
    }
    emit finished(error);
}

}  // namespace costscope
