// The Timeline view: the variants' spans on the CPU above the GPU's kernels, copies and memsets,
// one lane per device, stream and kind, device memory in use beneath; zoom to nanoseconds, click
// a span for its details. Rows are read off the GUI thread when a run is set ("Loading…"
// meanwhile).
#pragma once

#include <QPoint>
#include <QString>
#include <array>
#include <optional>

#include "app/charts/ChartView.h"
#include "app/timeline/TimelineLoader.h"
#include "app/timeline/TimelineModel.h"

class QAction;
class QCPAxisRect;
class QCPGraph;
class QCPRange;
class QLabel;

namespace costscope {

class TimelinePlottable;

class TimelineView : public ChartView {
    Q_OBJECT
  public:
    explicit TimelineView(VariantSelection* selection, QWidget* parent = nullptr);
    ~TimelineView() override;

    // The timeline shown, or nullptr (loading, nothing open, or a failure).
    const TimelineModel* model() const { return model_.get(); }
    // True while the rows of the input's run are being read.
    bool loading() const { return loader_->busy(); }
    // Blocks until the pending read is done and shown (reports render right after setInput()).
    // Returns false when nothing was loading.
    bool waitForLoaded();
    void waitUntilShown() override { waitForLoaded(); }
    bool isShown() const override { return !loading(); }

    // The span at a position of the plot widget, if any (merged boxes answer their nearest span).
    std::optional<TimelineModel::SpanRef> spanAt(const QPoint& position) const;
    // What a click at `position` does: shows the span's details, highlights it and selects its
    // variant everywhere. Returns the details, empty when nothing is there.
    QString clickAt(const QPoint& position);
    // The details pane's text.
    QString detailsText() const;
    // Spans and merged boxes the last replot drew, over every lane.
    size_t drawnItems() const;
    size_t drawnBoxes() const;

  public slots:
    // The whole run in view.
    void resetZoom() override;

  protected:
    void rebuild() override;
    QString toolTipAt(const QPoint& position) const override;
    // Shows the details of the span clicked and selects its variant (see clickAt()).
    void clicked(const QPoint& position) override { clickAt(position); }

  private:
    void showModel(const TimelineModelPtr& model);
    void showFailure(const QString& message);
    void buildMemoryRect();
    void updateTimeUnit(const QCPRange& range);
    void highlight();
    void selectVariant(const QString& name);
    // Pixels per ns at the current zoom, for click tolerances.
    double pixelsPerNs() const;

    TimelineLoader* loader_;
    QLabel* details_;
    QLabel* compareNote_;
    QAction* compareNoteAction_;
    TimelineModelPtr model_;
    RunDataPtr shownRun_;  // whose timeline is loaded or loading
    std::array<TimelinePlottable*, size_t(TimelineModel::Kind::Count)> plottables_{};
    QCPAxisRect* memoryRect_ = nullptr;
    std::vector<QCPGraph*> memoryGraphs_;
    std::optional<TimelineModel::SpanRef> clicked_;
    // The timeline on its way is the one shown, read again (a live refresh): keep the zoom the
    // user chose (when they chose one) and the span they clicked.
    bool reloading_ = false;
    bool keepZoom_ = false;
    double unitFactor_ = 1.0;  // tick labels: ms times this
};

}  // namespace costscope
