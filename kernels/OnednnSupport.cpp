// oneDNN ISA names and the check that an optimised implementation was picked.
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

}  // namespace costscope
