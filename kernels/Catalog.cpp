// The catalog of variants: which backend implements which family, precision and structure.
#include "kernels/Catalog.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <stdexcept>

#include "kernels/StructuredPruning.h"
#include "kernels/mlp/ModelArchitecture.h"

namespace costscope {
namespace {

// One row per implementation that exists (GPU rows run in builds with CUDA).
struct Entry {
    const char* family;
    const char* device;
    const char* precision;
    const char* structure;
    const char* backend;
    // mlp only: the kind of model (mlp::ModelKind) whose weights this backend runs.
    std::optional<mlp::ModelKind> models = std::nullopt;
};

using mlp::ModelKind;

constexpr Entry kEntries[] = {
    {"gemm", "cpu", "fp32", "dense", "openblas"},
    {"gemm", "cpu", "fp32", "dense", "onednn"},
    {"gemm", "cpu", "bf16", "dense", "onednn"},
    {"gemm", "gpu", "fp32", "dense", "cublas"},
    // Our own teaching kernels, beside cuBLAS: one thread per output, and a tiled SGEMM.
    {"gemm", "gpu", "fp32", "dense", "naive"},
    {"gemm", "gpu", "fp32", "dense", "tiled"},
    {"gemm", "gpu", "tf32", "dense", "cublas"},
    {"gemm", "gpu", "fp16", "dense", "cublas"},
    {"gemm", "gpu", "bf16", "dense", "cublas"},
    {"pruned", "cpu", "fp32", "csr", "librsb"},
    {"pruned", "cpu", "fp32", "csr", "libxsmm"},
    {"pruned", "cpu", "fp32", "csr", "costscope"},
    {"pruned", "cpu", "fp32", "2:4", "costscope"},
    // Structured: whole output features removed, the rest a smaller dense product that the
    // dense backends run (kernels/StructuredPruning.h).
    {"pruned", "cpu", "fp32", "struct", "openblas"},
    {"pruned", "cpu", "fp32", "struct", "onednn"},
    {"pruned", "cpu", "int8", "struct", "onednn"},
    {"pruned", "gpu", "fp32", "csr", "cusparse"},
    {"pruned", "gpu", "fp16", "2:4", "cusparselt"},
    {"pruned", "gpu", "fp32", "struct", "cublas"},
    {"pruned", "gpu", "int8", "struct", "cublaslt"},
    {"quantized", "cpu", "int8", "dense", "onednn"},
    {"quantized", "gpu", "int8", "dense", "cublaslt"},
    {"quantized", "gpu", "fp8", "dense", "cublaslt"},
    // The model workload: each model on the backends that suit its weights. Pruned models run
    // dense through OpenBLAS too, so the trade-off map shows what the sparse format buys.
    {"mlp", "cpu", "fp32", "dense", "openblas", ModelKind::Dense},
    {"mlp", "cpu", "fp32", "dense", "onednn", ModelKind::Dense},
    {"mlp", "cpu", "fp32", "csr", "costscope", ModelKind::Pruned},
    {"mlp", "cpu", "fp32", "csr", "libxsmm", ModelKind::Pruned},
    {"mlp", "cpu", "fp32", "dense", "openblas", ModelKind::Pruned},
    {"mlp", "cpu", "fp32", "2:4", "costscope", ModelKind::TwoFour},
    {"mlp", "cpu", "int8", "dense", "onednn", ModelKind::Int8},
    // Neuron-pruned models are smaller dense models: every dense backend runs them.
    {"mlp", "cpu", "fp32", "struct", "openblas", ModelKind::Neurons},
    {"mlp", "cpu", "fp32", "struct", "onednn", ModelKind::Neurons},
    {"mlp", "cpu", "int8", "struct", "onednn", ModelKind::NeuronsInt8},
    {"mlp", "gpu", "fp32", "dense", "cublas", ModelKind::Dense},
    {"mlp", "gpu", "fp32", "csr", "cusparse", ModelKind::Pruned},
    {"mlp", "gpu", "int8", "dense", "cublaslt", ModelKind::Int8},
    {"mlp", "gpu", "fp32", "struct", "cublas", ModelKind::Neurons},
    {"mlp", "gpu", "int8", "struct", "cublaslt", ModelKind::NeuronsInt8},
};

// An mlp spec's fixed extents: logits of the ten classes from 784 pixels.
constexpr int64_t kMlpClasses = 10;
constexpr int64_t kMlpInputs = 784;

constexpr double kDefaultSparsities[] = {0.5, 0.7, 0.9, 0.95, 0.99};
// Structured pruning pays long before unstructured does, and a fraction near 1 leaves a tiny
// product (or none at a small m): its defaults stop at 90 %.
constexpr double kDefaultStructuredFractions[] = {0.5, 0.7, 0.9};
// One image (latency), a small and a large batch (throughput).
constexpr int64_t kDefaultMlpBatches[] = {1, 64, 1024};

bool allowed(const std::vector<std::string>& list, const std::string& value) {
    return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

// "'a', 'b', 'c'": the choices a message offers, each once, in catalog order.
std::string quotedList(const std::vector<std::string>& values) {
    std::string text;
    for (const auto& value : values)
        if (text.find("'" + value + "'") == std::string::npos)
            text += (text.empty() ? "'" : ", '") + value + "'";
    return text;
}

// Rejects a value no catalog entry of the family has, naming the field.
void checkKnown(const std::string& family, const std::vector<std::string>& values,
                const char* field, const char* Entry::*member) {
    for (const auto& value : values) {
        const bool known =
            std::any_of(std::begin(kEntries), std::end(kEntries),
                        [&](const Entry& e) { return e.family == family && e.*member == value; });
        if (!known) {
            std::vector<std::string> options;
            for (const auto& e : kEntries)
                if (e.family == family)
                    options.emplace_back(e.*member);
            std::string noun = field;  // "precisions" -> "precision"
            noun.pop_back();
            throw std::invalid_argument(std::string(field) + ": '" + value + "' is not a " +
                                        family + " " + noun + " (known: " + quotedList(options) +
                                        ")");
        }
    }
}

// "0.5", "0.999": as the suite gives it.
std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

// Unstructured pruning needs some zeros (0 is the dense product, measured as such); structured
// pruning takes 0 (the same dense backend on the same operands, the curve's start) but must
// leave at least one of the m output features.
void checkSparsity(const VariantSpec& spec, double sparsity) {
    if (spec.structure == "csr" && sparsity == 0.0)
        throw std::invalid_argument(
            "sparsities: unstructured (csr) pruning needs a sparsity in (0, 1), got 0");
    if (spec.structure != "struct")
        return;
    try {
        removedFeatures(spec.m, sparsity);
    } catch (const std::invalid_argument&) {
        // It rounds s * m to the features removed: that is below m exactly when s < (m - 0.5) / m.
        throw std::invalid_argument(
            "sparsities: structured pruning at " + number(sparsity) + " removes all " +
            std::to_string(spec.m) + " output features of size " + std::to_string(spec.m) + "x" +
            std::to_string(spec.n) + "x" + std::to_string(spec.k) +
            " and leaves none; the fraction must lie in [0, 1) and below " +
            number((double(spec.m) - 0.5) / double(spec.m)) + " for m = " + std::to_string(spec.m));
    }
}

bool matches(const Entry& e, const WorkloadRequest& request) {
    return e.family == request.family && allowed(request.devices, e.device) &&
           allowed(request.precisions, e.precision) && allowed(request.structures, e.structure) &&
           allowed(request.backends, e.backend);
}

std::vector<VariantSpec> expandMlp(const WorkloadRequest& request) {
    if (!request.shapes.empty())
        throw std::invalid_argument(
            "sizes: the mlp workload's products are fixed by its models; give batches instead");
    if (!request.sparsities.empty())
        throw std::invalid_argument(
            "sparsities: an mlp model carries its own pruning level; choose models instead "
            "(pruned50 ... pruned95-ft)");
    for (const auto& model : request.models)
        if (std::find(mlp::knownModels().begin(), mlp::knownModels().end(), model) ==
            mlp::knownModels().end()) {
            std::vector<std::string> known(mlp::knownModels().begin(), mlp::knownModels().end());
            throw std::invalid_argument("models: '" + model +
                                        "' is not a model of the zoo (known: " + quotedList(known) +
                                        ")");
        }
    std::vector<int64_t> batches = request.batches;
    if (batches.empty())
        batches.assign(std::begin(kDefaultMlpBatches), std::end(kDefaultMlpBatches));
    for (const int64_t batch : batches)
        if (batch <= 0 || batch > kMaxMlpBatch)
            throw std::invalid_argument(
                "batches: every batch must be a number of images from 1 to " +
                std::to_string(kMaxMlpBatch) + " (the test set), got " + std::to_string(batch));

    std::vector<VariantSpec> specs;
    for (const auto& model : mlp::knownModels()) {
        if (!allowed(request.models, model))
            continue;
        for (const int64_t batch : batches)
            for (const auto& e : kEntries) {
                if (!matches(e, request) || e.models != mlp::kindOf(model))
                    continue;
                specs.push_back(VariantSpec{.family = e.family,
                                            .device = e.device,
                                            .backend = e.backend,
                                            .precision = e.precision,
                                            .structure = e.structure,
                                            .sparsity = mlp::sparsityOf(model),
                                            .m = kMlpClasses,
                                            .n = batch,
                                            .k = kMlpInputs,
                                            .model = model,
                                            .flopsPerColumn = mlp::flopsPerImageOf(model)});
            }
    }
    if (specs.empty())
        throw std::invalid_argument(
            "no variant exists for this combination of models, devices, precisions, "
            "structures and backends");
    return specs;
}

}  // namespace

std::vector<std::string> knownFamilies() {
    std::vector<std::string> families;
    for (const auto& e : kEntries)
        if (std::find(families.begin(), families.end(), e.family) == families.end())
            families.emplace_back(e.family);
    return families;
}

std::vector<VariantSpec> expandWorkload(const WorkloadRequest& request) {
    const auto families = knownFamilies();
    if (std::find(families.begin(), families.end(), request.family) == families.end()) {
        throw std::invalid_argument("family: '" + request.family +
                                    "' is not a known family (known: " + quotedList(families) +
                                    ")");
    }
    checkKnown(request.family, request.devices, "devices", &Entry::device);
    checkKnown(request.family, request.precisions, "precisions", &Entry::precision);
    checkKnown(request.family, request.structures, "structures", &Entry::structure);
    checkKnown(request.family, request.backends, "backends", &Entry::backend);
    if (request.family == "mlp")
        return expandMlp(request);
    if (!request.models.empty())
        throw std::invalid_argument("models: only the mlp family has models");
    if (!request.batches.empty())
        throw std::invalid_argument(
            "batches: only the mlp family has batches; a product's batch is n in sizes");
    if (request.shapes.empty())
        throw std::invalid_argument("sizes: at least one size is needed");
    for (const auto& shape : request.shapes)
        for (const auto extent : shape)
            if (extent <= 0)
                throw std::invalid_argument("sizes: every extent must be positive");
    for (const double s : request.sparsities)
        if (!(s >= 0.0 && s < 1.0))
            throw std::invalid_argument(
                "sparsities: each sparsity must lie in [0, 1) (0 for structured pruning only), "
                "got " +
                number(s));

    std::vector<double> sparsities = request.sparsities;
    if (sparsities.empty())
        sparsities.assign(std::begin(kDefaultSparsities), std::end(kDefaultSparsities));

    std::vector<VariantSpec> specs;
    for (const auto& shape : request.shapes) {
        for (const auto& e : kEntries) {
            if (!matches(e, request))
                continue;
            VariantSpec spec{.family = e.family,
                             .device = e.device,
                             .backend = e.backend,
                             .precision = e.precision,
                             .structure = e.structure,
                             .m = shape[0],
                             .n = shape[1],
                             .k = shape[2]};
            if (spec.structure == "csr" || spec.structure == "struct") {
                std::vector<double> levels = sparsities;
                if (spec.structure == "struct" && request.sparsities.empty())
                    levels.assign(std::begin(kDefaultStructuredFractions),
                                  std::end(kDefaultStructuredFractions));
                for (const double s : levels) {
                    checkSparsity(spec, s);
                    spec.sparsity = s;
                    specs.push_back(spec);
                }
            } else {
                spec.sparsity = spec.structure == "2:4" ? 0.5 : 0.0;
                if (spec.structure == "2:4" && spec.k % 4 != 0)
                    throw std::invalid_argument("sizes: 2:4 pruning needs k divisible by 4, got " +
                                                std::to_string(spec.k));
                specs.push_back(spec);
            }
        }
    }
    if (specs.empty())
        throw std::invalid_argument(
            "no variant exists for this combination of devices, precisions, "
            "structures and backends");
    return specs;
}

}  // namespace costscope
