// The base of every chart: a QCustomPlot with zoom and pan, tooltips on hover, "Save image" (PNG,
// SVG, PDF), and a sentence in its place when there is nothing to draw. Subclasses turn shaped
// series into plottables in rebuild(); the reports render the same widgets offscreen.
#pragma once

#include <qcustomplot.h>

#include <QImage>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <vector>

#include "app/core/RunData.h"

class QLabel;
class QScrollArea;
class QStackedLayout;
class QToolBar;

namespace costscope {

class VariantSelection;

class ChartView : public QWidget {
    Q_OBJECT
  public:
    ChartView(QString title, VariantSelection* selection, QWidget* parent = nullptr);
    ~ChartView() override;

    const QString& title() const { return title_; }
    QCustomPlot* plot() const { return plot_; }
    const ViewInput& input() const { return input_; }

    // Shows `input` (a run, or a candidate over its baseline): keeps it and calls rebuild().
    // The same runs read again (a live refresh of a recording being written: the same files and
    // run ids) keep the axis ranges the user zoomed or panned to; when the user has not, the
    // chart fits the data again, so that new variants come into view.
    void setInput(const ViewInput& input);

    // Empty when the chart has something to show; else the sentence shown in its place.
    const QString& message() const { return message_; }
    // What the chart has but could not draw, each with why, in full ("quantized/fp8/onednn/cpu:
    // skipped — oneDNN has no FP8 matmul on this CPU"). Empty by default.
    virtual QStringList notDrawn() const { return {}; }

    // For a report (a static image): no text that asks for a mouse, and what is not drawn is left
    // to the list under the chart (notDrawn()) instead of a note cut to fit inside it. Set before
    // setInput().
    void setForReport(bool forReport) { forReport_ = forReport; }
    bool forReport() const { return forReport_; }
    // The size a report renders the chart at, given its standard size: taller for a chart whose
    // rows would not fit otherwise (Compare). Called once the input is set.
    virtual QSize reportSize(QSize standard) const { return standard; }

    // Writes the chart as shown, in the format the suffix names (png, svg, pdf), at the given
    // size in pixels (0: the widget's). Returns an error text for the user, empty on success.
    QString saveImage(const QString& path, int width = 0, int height = 0);
    // The variant drawn at a position of the plot widget, or empty (the default: none).
    virtual QString variantAt(const QPoint& position) const;

    // The chart drawn at `size`, for reports; the same drawing as on screen.
    QImage render(QSize size);
    // Blocks until what setInput() started is shown; views that load off the GUI thread (the
    // timeline) override it. Reports call it before render().
    virtual void waitUntilShown() {}
    // False while what setInput() started is still on its way (shown() follows); those views
    // override it. For callers that must not block, as File ▸ Export Report.
    virtual bool isShown() const { return true; }
    // True when the axis ranges differ from those the chart last fitted to its data: the user
    // zoomed or panned.
    bool zoomed() const;

  signals:
    // What setInput() started is on screen; emitted by views for which isShown() can be false.
    void shown();

  public slots:
    // Fits the axes to the data again.
    virtual void resetZoom();
    // Asks for a file name and saves the image.
    void saveImageInteractively();

  protected:
    // Rebuilds every plottable from input() and replots. Called by setInput().
    virtual void rebuild() = 0;
    // Text for the tooltip at a widget position of the plot, or empty for none.
    virtual QString toolTipAt(const QPoint& position) const;
    // A click at a plot position: selects the variant there in every view. A press and release
    // more than a few pixels apart is the end of a pan, not a click.
    virtual void clicked(const QPoint& position);

    VariantSelection* selection() const { return selection_; }
    // Where subclasses add their controls (a metric selector, a baseline variant ...).
    QToolBar* toolBar() const { return toolBar_; }
    // Shows `sentence` instead of the chart; an empty sentence shows the chart again.
    void setMessage(const QString& sentence);
    // A few lines of rich text above the chart (not part of the image), or none when empty.
    void setBanner(const QString& html);
    QLabel* banner() const { return banner_; }
    // True during setInput() when it shows the runs already shown (a live refresh): rebuild()
    // keeps what the user chose (a workload, a span clicked) rather than the defaults.
    bool refreshing() const { return refreshing_; }
    // Notes the axis ranges as those fitted to the data (zoomed() compares with them). setInput()
    // and Reset zoom call it; views that fit later, once data arrive, call it then.
    void rememberFittedRanges();

    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    struct AxisRange {
        QPointer<QCPAxis> axis;
        QCPRange range;
        int scaleType = 0;
    };
    std::vector<AxisRange> axisRanges() const;

    QString title_;
    VariantSelection* selection_;
    QToolBar* toolBar_;
    QCustomPlot* plot_;
    QLabel* messageLabel_;
    QLabel* banner_;
    QScrollArea* bannerArea_;
    QStackedLayout* stack_;
    ViewInput input_;
    QString message_;
    QPoint pressedAt_;
    bool forReport_ = false;
    bool refreshing_ = false;
    std::vector<AxisRange> fitted_;
};

}  // namespace costscope
