// The trade-off map: latency (log x) against quality, one point per variant coloured by device,
// shaped by compression kind and sized by weight bytes, with the Pareto frontier drawn.
#pragma once

#include <QPoint>
#include <QString>
#include <optional>
#include <vector>

#include "app/charts/ChartView.h"
#include "app/charts/PointStyle.h"
#include "app/comparison/RunComparison.h"
#include "app/tradeoff/TradeOffSeries.h"

class QComboBox;
class QDoubleSpinBox;
class QCPGraph;

namespace costscope {

class TradeOffView : public ChartView {
    Q_OBJECT
  public:
    explicit TradeOffView(VariantSelection* selection, QWidget* parent = nullptr);

    const TradeOffSeries& series() const { return series_; }
    TradeOffWorkload workload() const { return workload_; }
    GpuTime gpuTime() const { return gpuTime_; }
    CostAxis costAxis() const { return axis_; }
    double accuracyLoss() const;
    // The variant whose point is under `position` (plot widget pixels), the candidate's first;
    // empty when none is.
    QString variantAt(const QPoint& position) const override;

  public slots:
    // As if picked in the toolbar; kept when the run changes.
    void setWorkload(costscope::TradeOffWorkload workload);
    void setGpuTime(costscope::GpuTime gpuTime);
    // What the x axis measures a point by: time, energy or money per item.
    void setCostAxis(costscope::CostAxis axis);
    // The accuracy loss, in points, within which the banner names the fastest model.
    void setAccuracyLoss(double points);
    void resetZoom() override;

  protected:
    void rebuild() override;
    QString toolTipAt(const QPoint& position) const override;

  private:
    struct Hit {
        bool baseline = false;
        size_t index = 0;
    };
    std::optional<Hit> hitAt(const QPoint& position) const;
    QString describe(const TradeOffPoint& point, bool baseline) const;
    void showSelection(const QString& name);  // and replots
    void placeRing(const QString& name);
    void syncControls();
    void showHeadline();

    QComboBox* workloadBox_;
    QComboBox* gpuTimeBox_;
    QComboBox* costBox_;
    QDoubleSpinBox* lossBox_;
    TradeOffWorkload workload_ = TradeOffWorkload::Models;
    GpuTime gpuTime_ = GpuTime::EndToEnd;
    CostAxis axis_ = CostAxis::Latency;
    bool workloadPicked_ = false;  // by the user: keep it across runs
    RunDataPtr shapedRun_;         // the run the workload was chosen for
    TradeOffSeries series_;
    QCPGraph* ring_ = nullptr;     // the selected point's highlight
    std::vector<MarkerTag> tags_;  // the points' tags, in the order they claim room
    // The headline's comparison of the two runs on display, kept while they stay.
    std::optional<RunComparison> comparison_;
    RunDataPtr comparedRun_, comparedBaseline_;
};

}  // namespace costscope
