// ChartStyle: compression kinds, device colours, quality figures.
#include "app/charts/ChartStyle.h"

#include <QPixmap>
#include <iterator>

using namespace Qt::StringLiterals;

namespace costscope {

QString toString(CompressionKind kind) {
    switch (kind) {
        case CompressionKind::Dense:
            return u"dense FP32"_s;
        case CompressionKind::LowPrecision:
            return u"lower precision (TF32/FP16/BF16)"_s;
        case CompressionKind::Int8:
            return u"INT8"_s;
        case CompressionKind::Fp8:
            return u"FP8"_s;
        case CompressionKind::Pruned:
            return u"pruned (unstructured)"_s;
        case CompressionKind::Structured24:
            return u"2:4 sparse"_s;
        case CompressionKind::PrunedInt8:
            return u"pruned + INT8"_s;
        case CompressionKind::Distilled:
            return u"distilled"_s;
        case CompressionKind::StructuredPruned:
            return u"pruned (structured: whole neurons/features)"_s;
        case CompressionKind::Count:
            break;
    }
    return {};
}

int deviceOrder(const std::string& device) {
    return device == "cpu" ? 0 : device == "gpu" ? 1 : 2;
}

QColor deviceColor(const std::string& device) {
    if (device == "cpu") {
        return QColor(0x1f, 0x77, 0xb4);  // blue
    }
    if (device == "gpu") {
        return QColor(0x2c, 0xa0, 0x2c);  // green
    }
    return QColor(0x7f, 0x7f, 0x7f);
}

QColor seriesColor(size_t index) {
    // Tableau's ten without its grey (the baseline and the legend's kinds are grey), orange last
    // (the selection ring is orange).
    static const QRgb colors[] = {0x1f77b4, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b,
                                  0xe377c2, 0xbcbd22, 0x17becf, 0x393b79, 0xff7f0e};
    return QColor::fromRgb(colors[index % std::size(colors)]);
}

QColor machineColor(size_t index) {
    // Okabe and Ito's palette without its yellow (too pale on white) and with black last but one.
    static const QRgb colors[] = {0x0072b2, 0xd55e00, 0x009e73, 0xcc79a7,
                                  0x56b4e9, 0x8c564b, 0x000000, 0xe69f00};
    return QColor::fromRgb(colors[index % std::size(colors)]);
}

QIcon colourSwatch(const QColor& color) {
    QPixmap pixmap(10, 10);
    pixmap.fill(color);
    return QIcon(pixmap);
}

QColor baselineColor(const QColor& color) {
    QColor faded = color.lighter(150);
    faded.setAlpha(140);
    return faded;
}

std::optional<QualityFigure> qualityOf(const VariantSummaryRow& variant) {
    if (variant.accuracy.has_value()) {
        return QualityFigure{.isAccuracy = true, .value = *variant.accuracy};
    }
    if (variant.approxError.has_value()) {
        return QualityFigure{.isAccuracy = false, .value = *variant.approxError};
    }
    return std::nullopt;
}

}  // namespace costscope
