// The kinds of compression the charts draw, and which quality figure they plot.
#include <gtest/gtest.h>

#include <set>

#include "app/charts/ChartStyle.h"
#include "app/charts/PointStyle.h"

namespace costscope {
namespace {

VariantSummaryRow variant(std::string family, std::string name, std::string precision,
                          std::string structure) {
    VariantSummaryRow row;
    row.family = std::move(family);
    row.name = std::move(name);
    row.precision = std::move(precision);
    row.structure = std::move(structure);
    return row;
}

TEST(ChartStyleTest, CompressionKindFollowsStructurePrecisionAndModel) {
    EXPECT_EQ(compressionOf(variant("gemm", "gemm/fp32/x", "fp32", "dense")),
              CompressionKind::Dense);
    EXPECT_EQ(compressionOf(variant("gemm", "gemm/bf16/x", "bf16", "dense")),
              CompressionKind::LowPrecision);
    EXPECT_EQ(compressionOf(variant("pruned", "pruned/csr90/x", "fp32", "csr")),
              CompressionKind::Pruned);
    EXPECT_EQ(compressionOf(variant("pruned", "pruned/2:4/x", "fp16", "2:4")),
              CompressionKind::Structured24);
    EXPECT_EQ(compressionOf(variant("quantized", "quantized/fp8/x", "fp8", "dense")),
              CompressionKind::Fp8);
    EXPECT_EQ(compressionOf(variant("mlp", "mlp/student-kd/costscope/cpu/b64", "fp32", "dense")),
              CompressionKind::Distilled);
    EXPECT_EQ(compressionOf(variant("mlp", "mlp/pruned90-ft-int8/onednn/cpu/b64", "int8", "dense")),
              CompressionKind::PrunedInt8);
    EXPECT_EQ(compressionOf(variant("mlp", "mlp/int8/onednn/cpu/b64", "int8", "dense")),
              CompressionKind::Int8);
}

TEST(ChartStyleTest, EveryKindHasItsOwnMarkerAndLegendText) {
    std::set<int> shapes;
    std::set<QString> texts;
    for (int i = 0; i < int(CompressionKind::Count); ++i) {
        const auto kind = CompressionKind(i);
        shapes.insert(int(markerShape(kind)));
        texts.insert(toString(kind));
    }
    EXPECT_EQ(shapes.size(), size_t(CompressionKind::Count));
    EXPECT_EQ(texts.size(), size_t(CompressionKind::Count));
    EXPECT_TRUE(toString(CompressionKind::StructuredPruned).contains(QStringLiteral("structured")));
    EXPECT_EQ(compressionOf(variant("mlp", "mlp/neurons50-ft/onednn/cpu/b64", "fp32", "struct")),
              CompressionKind::StructuredPruned);
}

TEST(ChartStyleTest, ModelsPlotAccuracyAndGemmsTheirError) {
    VariantSummaryRow gemm = variant("gemm", "gemm/fp32/x", "fp32", "dense");
    EXPECT_FALSE(qualityOf(gemm).has_value());
    gemm.approxError = 3e-7;
    ASSERT_TRUE(qualityOf(gemm).has_value());
    EXPECT_FALSE(qualityOf(gemm)->isAccuracy);
    VariantSummaryRow model = variant("mlp", "mlp/dense/costscope/cpu/b64", "fp32", "dense");
    model.approxError = 0.1;
    model.accuracy = 0.9;
    EXPECT_TRUE(qualityOf(model)->isAccuracy);
    EXPECT_DOUBLE_EQ(qualityOf(model)->value, 0.9);
}

}  // namespace
}  // namespace costscope
