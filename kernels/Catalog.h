// Which variants exist for a workload request, and the factory that builds them.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "kernels/Variant.h"

namespace costscope {

// One workload entry of a suite, after parsing. Empty lists mean "all that exist".
struct WorkloadRequest {
    std::string family;                          // gemm | pruned | quantized | mlp
    std::vector<std::string> devices;            // cpu, gpu
    std::vector<std::string> precisions;         // gemm: fp32 bf16 ... ; quantized: int8 fp8
    std::vector<std::string> structures;         // pruned: csr, 2:4, struct
    std::vector<std::string> backends;           // restrict to these backends
    std::vector<double> sparsities;              // pruned csr and struct: 0.5 0.7 0.9 ...
    std::vector<std::array<int64_t, 3>> shapes;  // m, n, k (GEMM families only)
    std::vector<std::string> models;             // mlp: ModelZoo names (mlp::knownModels())
    std::vector<int64_t> batches;                // mlp: images per forward pass (1, 64, 1024)
};

// The largest mlp batch: a batch is the first n images of the Fashion-MNIST test set.
inline constexpr int64_t kMaxMlpBatch = 10000;

// Expands a request into specs, in a stable order, including GPU specs (which the runner
// stores as skipped when no GPU can be used). Throws std::invalid_argument naming the field
// ("precisions: ...") when the request names a family, precision, structure, backend or model
// that does not exist, or gives a field its family does not take (sizes and sparsities for mlp,
// models and batches for the GEMM families).
//
// pruned: csr at every sparsity in (0, 1); struct at every fraction in [0, 1) that leaves at
// least one of the m output features (rows of W); 2:4 at its fixed 0.5.
//
// mlp: per model, the backends its weights suit (dense FP32: openblas, onednn; pruned: our CSR
// kernel and, for comparison, dense openblas over the pruned weights; 2:4: our 2:4 kernel;
// INT8: onednn int8; neuron-pruned: the dense backends, with structure "struct"; on the GPU
// cublas, cusparse and cublaslt). Specs go model by model, then
// batch by batch, then backend by backend; m = 10 classes, k = 784 pixels, n = the batch.
std::vector<VariantSpec> expandWorkload(const WorkloadRequest& request);

// The families, precisions, structures and backends expandWorkload() knows, for messages.
std::vector<std::string> knownFamilies();

// Builds the variant. Never returns null; throws Unsupported for a spec this build cannot run
// (every GPU spec in a build without CUDA). GPU variants touch no device before setUp(), which
// throws Unsupported with CUDA's reason when no device is usable.
std::unique_ptr<Variant> createVariant(const VariantSpec& spec);

// Why this CPU refuses `spec` whatever its shape, decided as its variant decides when it is set
// up; empty when nothing is known against it before set-up (which may still refuse a shape, or
// a oneDNN that has only its reference implementation). Today: oneDNN's INT8 product on a CPU
// without AVX-512 VNNI (OnednnInt8Product::cpuRefusal()), for the quantized GEMM and the INT8
// mlp models. GPU specs are empty here: whether a GPU is usable is the GPU probe's to say.
std::string knownRefusal(const VariantSpec& spec);

// Whether this build has the GPU variants (COSTSCOPE_WITH_CUDA).
bool builtWithCuda();

}  // namespace costscope
