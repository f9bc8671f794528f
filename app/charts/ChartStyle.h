// How every chart and report draws things the same way: a colour per device, a marker per kind
// of compression, the names users read in legends.
#pragma once

#include <QColor>
#include <QIcon>
#include <QString>
#include <cstddef>
#include <optional>
#include <string>

#include "profiler/analysis/Workload.h"
#include "profiler/store/RecordingRows.h"

namespace costscope {

QString toString(CompressionKind kind);  // "dense FP32", "2:4 sparse", ...

// CPU before GPU before anything else, so every chart and legend lists devices the same way.
int deviceOrder(const std::string& device);

// One colour per device kind ("cpu", "gpu"); a grey for anything else.
QColor deviceColor(const std::string& device);
// The colour of the index-th series of a chart whose series share a device (backends, batch
// sizes): distinct hues that stay apart in print, cycling after ten.
QColor seriesColor(size_t index);
// The colour of the index-th machine when several machines' runs are drawn together (the Machines
// view, the trade-off map, Compare): one hue per machine in the order picked, cycling after eight,
// from a palette that stays apart for colour-blind readers; the selection ring's orange last.
QColor machineColor(size_t index);
// A small square of `color`, for the headers and cells that stand for a machine's series.
QIcon colourSwatch(const QColor& color);
// A legend line for a colour: "CPU · openblas" in blue.
struct ColourKey {
    QString name;
    QColor color;
};

// The same colour faded, for a baseline run drawn under its candidate.
QColor baselineColor(const QColor& color);

// The quality figure a chart plots for a variant: accuracy (0..1) for models, approx_error
// for GEMMs; absent when not measured.
struct QualityFigure {
    bool isAccuracy = false;
    double value = 0;
};
std::optional<QualityFigure> qualityOf(const VariantSummaryRow& variant);

}  // namespace costscope
