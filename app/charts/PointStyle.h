// How a variant's point looks on the trade-off map and the roofline, so the two agree: a marker
// shape per compression kind, a colour per device, and the legend that explains both.
#pragma once

#include <qcustomplot.h>
#include <QColor>
#include <QPointer>
#include <QString>
#include <string>
#include <vector>

#include "app/charts/ChartStyle.h"
#include "app/core/RunData.h"

namespace costscope {

// One shape per compression kind; shapes that can be filled for the common kinds.
QCPScatterStyle::ScatterShape markerShape(CompressionKind kind);

// The scatter style of one point: the kind's shape in `color`, filled for shapes that fill.
QCPScatterStyle pointStyle(CompressionKind kind, const QColor& color, double size);

// "CPU · AMD EPYC 9454P": a device as legends name it (the kind alone when the run has no row).
QString deviceLabel(const RunData& run, const std::string& deviceKind);

// One entry per device of `run`, in its colour, named by deviceLabel.
std::vector<ColourKey> deviceKeys(const RunData& run, const std::vector<std::string>& devices);

// Adds legend-only entries (graphs without data, named "legend"): one disc per colour, one marker
// per compression kind in grey, one grey disc per shade (batch sizes on the trade-off map), and
// the baseline when `baselineLabel` is not empty.
void addPointLegend(QCustomPlot* plot, const std::vector<ColourKey>& colours,
                    const std::vector<CompressionKind>& kinds, const std::vector<ColourKey>& shades,
                    const QString& baselineLabel);

// A text beside a marker of `radius` px, as the trade-off map labels its points.
struct MarkerTag {
    QPointer<QCPItemText> text;
    double radius = 0;
};

// Places `tags` so that no two overlap and none leaves the axis rect: each tries the right of its
// marker, then the left, above and below, first for a side that covers no other marker, then for
// any; one that fits nowhere is hidden (its point's tooltip still names it). Earlier tags win, so
// callers list the ones that matter most first. Call it after the layout
// (QCustomPlot::afterLayout), so that the pixel positions are those about to be drawn; zooming
// re-runs it.
void placeMarkerTags(QCPAxisRect* rect, const std::vector<MarkerTag>& tags);

}  // namespace costscope
