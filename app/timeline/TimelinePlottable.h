// Draws one kind of the timeline's spans (kernels, copies, memsets or variants) straight from the
// model's level of detail, computed for the visible range and pixel width at every replot: what
// QCustomPlot draws grows with the pixels, never with the spans in the run.
#pragma once

#include <qcustomplot.h>

#include <memory>
#include <vector>

#include "app/timeline/TimelineModel.h"

namespace costscope {

class TimelinePlottable : public QCPAbstractPlottable {
    Q_OBJECT
  public:
    // Keys are ms since model->origin(); values are lane numbers (the model's lane order).
    TimelinePlottable(QCPAxis* keyAxis, QCPAxis* valueAxis, TimelineModel::Kind kind);

    void setModel(std::shared_ptr<const TimelineModel> model);
    // Spans drawn with a dark outline (the clicked span, the selected variant).
    void setHighlighted(std::vector<TimelineModel::SpanRef> spans);

    // What the last draw handed to the painter: spans drawn alone and merged boxes, summed
    // over this kind's lanes (the benchmark and the tests read it).
    size_t drawnItems() const { return drawnItems_; }
    size_t drawnBoxes() const { return drawnBoxes_; }

    double selectTest(const QPointF& position, bool onlySelectable,
                      QVariant* details = nullptr) const override;
    QCPRange getKeyRange(bool& foundRange,
                         QCP::SignDomain inSignDomain = QCP::sdBoth) const override;
    QCPRange getValueRange(bool& foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth,
                           const QCPRange& inKeyRange = QCPRange()) const override;

  protected:
    void draw(QCPPainter* painter) override;
    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override;

  private:
    TimelineModel::Kind kind_;
    std::shared_ptr<const TimelineModel> model_;
    std::vector<TimelineModel::SpanRef> highlighted_;
    TimelineLod lod_;  // reused between draws
    size_t drawnItems_ = 0;
    size_t drawnBoxes_ = 0;
};

}  // namespace costscope
