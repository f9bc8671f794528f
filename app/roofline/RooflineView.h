// The roofline: log-log arithmetic intensity against GFLOP/s, each device's measured memory and
// compute roofs with their ridge points, one point per variant coloured by device.
#pragma once

#include <QPoint>
#include <QString>
#include <optional>

#include "app/charts/ChartView.h"
#include "app/roofline/RooflineSeries.h"

class QCPGraph;

namespace costscope {

class RooflineView : public ChartView {
    Q_OBJECT
  public:
    explicit RooflineView(VariantSelection* selection, QWidget* parent = nullptr);

    const RooflineSeries& series() const { return series_; }
    // The variant whose point is under `position` (plot widget pixels), the candidate's first;
    // empty when none is.
    QString variantAt(const QPoint& position) const override;

  public slots:
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
    QString describe(const RoofPoint& point, bool baseline) const;
    void addRoofs(const RoofDevice& device, bool baseline);
    void showSelection(const QString& name);  // and replots
    void placeRing(const QString& name);

    RooflineSeries series_;
    QCPGraph* ring_ = nullptr;  // the selected point's highlight
};

}  // namespace costscope
