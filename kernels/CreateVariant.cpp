// createVariant(): the factory from a catalog spec to its variant, and the refusals known before.
#include <memory>
#include <stdexcept>

#include "kernels/Catalog.h"
#include "kernels/CsrGemm.h"
#include "kernels/LibxsmmGemm.h"
#include "kernels/OnednnGemm.h"
#include "kernels/OnednnInt8Gemm.h"
#include "kernels/OnednnInt8Product.h"
#include "kernels/OpenblasGemm.h"
#include "kernels/RsbGemm.h"
#include "kernels/TwoFourGemm.h"
#include "kernels/mlp/MlpVariant.h"
#ifdef COSTSCOPE_WITH_CUDA
#include "kernels/gpu/CreateGpuVariant.h"
#include "kernels/mlp/MlpGpuVariant.h"
#endif

namespace costscope {

bool builtWithCuda() {
#ifdef COSTSCOPE_WITH_CUDA
    return true;
#else
    return false;
#endif
}

std::string knownRefusal(const VariantSpec& spec) {
    // Both the quantized GEMM (OnednnInt8Gemm) and the INT8 mlp layers (MlpForward) run
    // OnednnInt8Product, which refuses in its constructor.
    if (spec.device == "cpu" && spec.backend == "onednn" && spec.precision == "int8" &&
        (spec.structure == "dense" || spec.structure == "struct"))
        return OnednnInt8Product::cpuRefusal();
    return {};
}

std::unique_ptr<Variant> createVariant(const VariantSpec& spec) {
    if (spec.device == "gpu") {
#ifdef COSTSCOPE_WITH_CUDA
        if (spec.family == "mlp")
            return std::make_unique<mlp::MlpGpuVariant>(spec);
        return createGpuVariant(spec);
#else
        throw Unsupported("built without CUDA: " + spec.name() +
                          " needs a costscope build configured with COSTSCOPE_WITH_CUDA=ON");
#endif
    }
    if (spec.device != "cpu")
        throw std::invalid_argument(spec.name() + ": unknown device '" + spec.device + "'");

    const auto is = [&](const char* family, const char* precision, const char* structure,
                        const char* backend) {
        return spec.family == family && spec.precision == precision &&
               spec.structure == structure && spec.backend == backend;
    };
    // A structured spec is a smaller dense product: the dense variants run it (CpuVariant keeps
    // the surviving rows of W).
    if (is("gemm", "fp32", "dense", "openblas") || is("pruned", "fp32", "struct", "openblas"))
        return std::make_unique<OpenblasGemm>(spec);
    if (is("gemm", "fp32", "dense", "onednn") || is("gemm", "bf16", "dense", "onednn") ||
        is("pruned", "fp32", "struct", "onednn"))
        return std::make_unique<OnednnGemm>(spec);
    if (is("pruned", "fp32", "csr", "librsb"))
        return std::make_unique<RsbGemm>(spec);
    if (is("pruned", "fp32", "csr", "libxsmm"))
        return std::make_unique<LibxsmmGemm>(spec);
    if (is("pruned", "fp32", "csr", "costscope"))
        return std::make_unique<CsrGemm>(spec);
    if (is("pruned", "fp32", "2:4", "costscope"))
        return std::make_unique<TwoFourGemm>(spec);
    if (spec.family == "mlp")
        return std::make_unique<mlp::MlpVariant>(spec);
    if (is("quantized", "int8", "dense", "onednn") || is("pruned", "int8", "struct", "onednn"))
        return std::make_unique<OnednnInt8Gemm>(spec);
    throw std::invalid_argument(spec.name() + ": no CPU variant implements this combination");
}

}  // namespace costscope
