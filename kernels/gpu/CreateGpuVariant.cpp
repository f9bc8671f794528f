// createGpuVariant(): the GPU half of createVariant().
#include "kernels/gpu/CreateGpuVariant.h"

#include <stdexcept>

#include "kernels/gpu/CublasGemm.h"
#include "kernels/gpu/CublasLtGemm.h"
#include "kernels/gpu/CusparseCsrGemm.h"
#include "kernels/gpu/CusparseLtGemm.h"
#include "kernels/gpu/OwnSgemm.h"

namespace costscope {

std::unique_ptr<Variant> createGpuVariant(const VariantSpec& spec) {
    const auto is = [&](const char* family, const char* precision, const char* structure,
                        const char* backend) {
        return spec.family == family && spec.precision == precision &&
               spec.structure == structure && spec.backend == backend;
    };
    // A structured spec is a smaller dense product (GpuVariant keeps the surviving rows of W).
    for (const char* precision : {"fp32", "tf32", "fp16", "bf16"})
        if (is("gemm", precision, "dense", "cublas"))
            return std::make_unique<CublasGemm>(spec);
    if (is("pruned", "fp32", "struct", "cublas"))
        return std::make_unique<CublasGemm>(spec);
    if (is("gemm", "fp32", "dense", "naive") || is("gemm", "fp32", "dense", "tiled"))
        return std::make_unique<OwnSgemm>(spec);
    if (is("pruned", "fp32", "csr", "cusparse"))
        return std::make_unique<CusparseCsrGemm>(spec);
    if (is("pruned", "fp16", "2:4", "cusparselt"))
        return std::make_unique<CusparseLtGemm>(spec);
    if (is("quantized", "int8", "dense", "cublaslt") ||
        is("quantized", "fp8", "dense", "cublaslt") || is("pruned", "int8", "struct", "cublaslt"))
        return std::make_unique<CublasLtGemm>(spec);
    throw std::invalid_argument(spec.name() + ": no GPU variant implements this combination");
}

}  // namespace costscope
