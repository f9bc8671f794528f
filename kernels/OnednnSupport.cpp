// oneDNN ISA names, the check that an optimised implementation was picked, the row-major matmul.
#include "kernels/OnednnSupport.h"

#include "kernels/Variant.h"

namespace costscope {

std::string onednnCpuIsa() {
    using dnnl::cpu_isa;
    switch (dnnl::get_effective_cpu_isa()) {
        case cpu_isa::all:
            return "all";
        case cpu_isa::sse41:
            return "sse41";
        case cpu_isa::avx:
            return "avx";
        case cpu_isa::avx2:
            return "avx2";
        case cpu_isa::avx2_vnni:
            return "avx2_vnni";
        case cpu_isa::avx512_mic:
            return "avx512_mic";
        case cpu_isa::avx512_mic_4ops:
            return "avx512_mic_4ops";
        case cpu_isa::avx512_core:
            return "avx512_core";
        case cpu_isa::avx512_core_vnni:
            return "avx512_core_vnni";
        case cpu_isa::avx512_core_bf16:
            return "avx512_core_bf16";
        case cpu_isa::avx512_core_amx:
            return "avx512_core_amx";
    }
    return "unknown";
}

void requireOptimised(const char* implementation, const std::string& what) {
    if (std::string(implementation).rfind("ref", 0) == 0)
        throw Unsupported("oneDNN has only its reference implementation (" +
                          std::string(implementation) + ") of " + what +
                          " on this CPU (oneDNN ISA: " + onednnCpuIsa() + ")");
}

dnnl::matmul::primitive_desc rowMajorMatmul(const dnnl::engine& engine, dnnl::memory::dim m,
                                            dnnl::memory::dim n, dnnl::memory::dim k,
                                            dnnl::memory::data_type in,
                                            const std::string& precision) {
    using tag = dnnl::memory::format_tag;
    const dnnl::memory::desc wDesc({m, k}, in, tag::ab);
    const dnnl::memory::desc xDesc({k, n}, in, tag::ab);
    // FP32 output for BF16 too: the output precision then costs nothing in approxError, and
    // the result is what a layer feeding an FP32 consumer (norm, softmax) would want.
    const dnnl::memory::desc cDesc({m, n}, dnnl::memory::data_type::f32, tag::ab);
    dnnl::matmul::primitive_desc pd;
    try {
        pd = dnnl::matmul::primitive_desc(dnnl::matmul::desc(wDesc, xDesc, cDesc), engine);
    } catch (const dnnl::error& e) {
        throw Unsupported("oneDNN cannot create a " + precision +
                          " matmul on this CPU (oneDNN ISA: " + onednnCpuIsa() + "): " + e.what());
    }
    requireOptimised(pd.impl_info_str(), precision + " matmul");
    return pd;
}

}  // namespace costscope
