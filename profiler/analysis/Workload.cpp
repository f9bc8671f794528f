// Workloads, compression kinds and the speedup reference.
#include "profiler/analysis/Workload.h"

#include <algorithm>

namespace costscope {

CompressionKind compressionOf(const VariantSummaryRow& variant) {
    if (variant.family == "mlp") {
        // The model's name says what was done to it (see ModelZoo): "student-kd", "pruned90-ft",
        // "2:4-ft", "int8", "pruned90-ft-int8"; the workload is in the variant's name.
        const std::string model = modelOf(variant);
        const bool int8 = model.find("int8") != std::string::npos;
        const bool pruned = model.rfind("pruned", 0) == 0 || model.rfind("neurons", 0) == 0;
        if (model.rfind("student", 0) == 0)
            return CompressionKind::Distilled;
        if (pruned && int8)
            return CompressionKind::PrunedInt8;
        if (model.rfind("2:4", 0) == 0)
            return CompressionKind::Structured24;
        if (model.rfind("neurons", 0) == 0)
            return CompressionKind::StructuredPruned;
        if (pruned)
            return CompressionKind::Pruned;
        if (int8)
            return CompressionKind::Int8;
    }
    if (variant.structure == "2:4")
        return CompressionKind::Structured24;
    if (variant.structure == "csr")
        return variant.precision == "int8" ? CompressionKind::PrunedInt8 : CompressionKind::Pruned;
    if (variant.structure == "struct")
        return variant.precision == "int8" ? CompressionKind::PrunedInt8
                                           : CompressionKind::StructuredPruned;
    if (variant.precision == "int8")
        return CompressionKind::Int8;
    if (variant.precision == "fp8")
        return CompressionKind::Fp8;
    if (variant.precision == "tf32" || variant.precision == "fp16" || variant.precision == "bf16")
        return CompressionKind::LowPrecision;
    return CompressionKind::Dense;
}

std::optional<CompressionKind> pruningOf(const VariantSummaryRow& variant) {
    if (variant.family == "mlp") {
        const std::string model = modelOf(variant);
        if (model.rfind("neurons", 0) == 0)
            return CompressionKind::StructuredPruned;
        if (model.rfind("2:4", 0) == 0)
            return CompressionKind::Structured24;
        if (model.rfind("pruned", 0) == 0)
            return CompressionKind::Pruned;
        return std::nullopt;
    }
    if (variant.family != "pruned")
        return std::nullopt;
    if (variant.structure == "csr")
        return CompressionKind::Pruned;
    if (variant.structure == "2:4")
        return CompressionKind::Structured24;
    if (variant.structure == "struct")
        return CompressionKind::StructuredPruned;
    return std::nullopt;
}

std::string pruningText(CompressionKind kind) {
    switch (kind) {
        case CompressionKind::Pruned:
            return "unstructured";
        case CompressionKind::Structured24:
            return "2:4";
        case CompressionKind::StructuredPruned:
            return "structured";
        default:
            return "not pruned";
    }
}

bool isTimed(const VariantSummaryRow& variant) {
    return variant.status == VariantStatus::Ok && variant.medianMs.has_value() &&
           *variant.medianMs > 0;
}

std::string modelOf(const VariantSummaryRow& variant) {
    if (variant.family != "mlp")
        return {};
    // "mlp/<model>/<backend>/<device>/b<batch>"
    const size_t start = variant.name.find('/');
    if (start == std::string::npos)
        return {};
    const size_t end = variant.name.find('/', start + 1);
    return variant.name.substr(start + 1, end == std::string::npos ? end : end - start - 1);
}

std::string workloadOf(const VariantSummaryRow& variant) {
    // An mlp spec keeps its batch of images in n (see VariantSpec).
    if (variant.family == "mlp")
        return "mlp b" + std::to_string(variant.n);
    std::string shape = std::to_string(variant.m) + "×" + std::to_string(variant.n) + "×" +
                        std::to_string(variant.k);
    if (variant.batch > 1)
        shape += "×" + std::to_string(variant.batch);
    return "GEMM " + shape;
}

int64_t itemsPerCall(const VariantSummaryRow& variant) {
    if (variant.family == "mlp")
        return std::max<int64_t>(variant.n, 1);
    return std::max<int64_t>(variant.batch, 1);
}

double actualFlops(const VariantSummaryRow& variant) {
    switch (compressionOf(variant)) {
        case CompressionKind::Pruned:
        case CompressionKind::PrunedInt8:
        case CompressionKind::StructuredPruned:
            return variant.flops * (1.0 - variant.sparsity);
        case CompressionKind::Structured24:
            return variant.flops * 0.5;
        default:
            return variant.flops;
    }
}

const VariantSummaryRow* speedupReference(const std::vector<VariantSummaryRow>& run,
                                          const VariantSummaryRow& variant) {
    const std::string workload = workloadOf(variant);
    const VariantSummaryRow* fastest = nullptr;
    for (const VariantSummaryRow& candidate : run) {
        if (!isTimed(candidate) || candidate.device != variant.device ||
            candidate.precision != "fp32" || compressionOf(candidate) != CompressionKind::Dense ||
            workloadOf(candidate) != workload)
            continue;
        if (!fastest || *candidate.medianMs < *fastest->medianMs)
            fastest = &candidate;
    }
    return fastest;
}

}  // namespace costscope
