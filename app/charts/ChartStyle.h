// How every chart and report draws things the same way: a colour per device, a marker per kind
// of compression, the names users read in legends.
#pragma once

#include <QColor>
#include <QString>
#include <optional>
#include <string>

#include "profiler/store/RecordingRows.h"

namespace costscope {

// What a variant does to save compute, as the trade-off map's markers and the legends show it.
enum class CompressionKind {
    Dense,         // FP32 (the reference)
    LowPrecision,  // TF32, FP16, BF16
    Int8,
    Fp8,
    Pruned,        // unstructured (CSR)
    Structured24,  // 2:4
    PrunedInt8,    // a pruned model, then quantized
    Distilled,     // a smaller student model
    Count
};

CompressionKind compressionOf(const VariantSummaryRow& variant);
QString toString(CompressionKind kind);  // "dense FP32", "2:4 sparse", ...

// CPU before GPU before anything else, so every chart and legend lists devices the same way.
int deviceOrder(const std::string& device);

// A variant with a measured median to draw (ok, not skipped or failed, and above zero).
bool isTimed(const VariantSummaryRow& variant);

// One colour per device kind ("cpu", "gpu"); a grey for anything else.
QColor deviceColor(const std::string& device);
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
