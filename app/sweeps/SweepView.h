// The Sweeps chart: two panels side by side, speedup over dense FP32 against the fraction of
// weights pruned (one curve per pruning kind, device and backend, each break-even marked) and
// against precision; below them, when the run has the mlp's pruned models, their accuracy against
// the same fraction.
#pragma once

#include <QPoint>
#include <optional>
#include <string>
#include <vector>

#include "app/charts/ChartView.h"
#include "app/sweeps/SweepSeries.h"

class QComboBox;
class QCPAxis;
class QCPAxisRect;
class QCPItemTracer;
class QCPLayoutGrid;
class QCPLegend;
class QCPTextElement;
class QMouseEvent;

namespace costscope {

class SweepView : public ChartView {
    Q_OBJECT
  public:
    explicit SweepView(VariantSelection* selection, QWidget* parent = nullptr);
    ~SweepView() override;

    // What is drawn now (the candidate's); null when nothing is.
    const SweepSeries* series() const { return series_ ? &*series_ : nullptr; }
    QCPAxisRect* sparsityPanel() const { return sparsityRect_; }
    QCPAxisRect* precisionPanel() const { return precisionRect_; }
    // Null while the drawn run has no accuracy curve (it is then out of the layout).
    QCPAxisRect* accuracyPanel() const;

    // Which workload's pruning curves the speedup panel shows: one of the series'
    // pruningWorkloads(), or kEveryWorkload. Until one is picked (or when the picked one is not
    // in the run) the largest batch of the model when the run has its pruned models, since only
    // they have an accuracy to put beside the speed, else the first GEMM.
    void setPruningWorkload(const QString& workload);
    QString pruningWorkload() const { return workload_; }
    static const QString kEveryWorkload;
    // Whether the precision panel is drawn (by default; a report's parts after the first leave
    // it out, since it is the same in each).
    void setPrecisionPanelShown(bool shown);

    // The variant of the point nearest a plot position (within a few pixels), or empty.
    QString variantAt(const QPoint& position) const override;
    QStringList notDrawn() const override;

  public slots:
    void resetZoom() override;

  protected:
    void rebuild() override;
    QString toolTipAt(const QPoint& position) const override;

  private:
    // Something under the mouse: a measured point or a break-even marker.
    struct Hit {
        QCPAxis* x = nullptr;
        QCPAxis* y = nullptr;
        double key = 0;
        double value = 0;
        std::string variant;  // empty for a break-even marker
        QString text;         // the tooltip, HTML
    };

    void drawSparsity(const SweepSeries& series, bool baseline);
    void drawPrecision(const SweepSeries& series, bool baseline);
    void drawAccuracy(const SweepSeries& series);
    // Lays the panels out: the accuracy panel beside the speedup panel when `accuracy`, the
    // precision panel beside it or below (or not at all, setPrecisionPanelShown()).
    void arrangePanels(bool accuracy);
    void drawParity(QCPAxisRect* rect);
    void drawEmpty(QCPAxisRect* rect, const QString& sentence);
    void drawNote();
    void applyRanges();
    // The factor above the fastest point the speedup panel leaves for its legend.
    double legendRoom() const;
    void highlight(const QString& variant);
    const Hit* hitAt(const QPoint& position, bool pointsOnly) const;

    QCPAxisRect* sparsityRect_;
    QCPAxisRect* precisionRect_;
    QCPLegend* precisionLegend_;
    QComboBox* workloadBox_;
    QString workload_;
    bool workloadPicked_ = false;
    bool precisionShown_ = true;
    QCPLayoutGrid* panels_;
    QCPLayoutGrid* lower_;  // the precision panel, below, while the accuracy panel is shown
    QCPTextElement* precisionTitle_;
    QCPTextElement* accuracyTitle_;
    QCPAxisRect* accuracyRect_;
    QCPLegend* accuracyLegend_;
    QCPTextElement* note_ = nullptr;
    std::optional<SweepSeries> series_;
    std::vector<Hit> hits_;
    std::vector<std::string> categories_;  // the precision axis, candidate's and baseline's
    std::vector<QCPItemTracer*> selectionMarks_;
    // Data extents per panel, for the ranges: sparsity 0..1, speedups (> 0).
    double sparsityMin_ = 0, sparsityMax_ = 1, sparsitySpeedupMin_ = 1, sparsitySpeedupMax_ = 1;
    double precisionSpeedupMin_ = 1, precisionSpeedupMax_ = 1;
    double accuracyMin_ = 1, accuracyMax_ = 0;  // 0..1
};

}  // namespace costscope
