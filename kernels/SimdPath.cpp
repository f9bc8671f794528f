// Run-time detection of the SIMD path through the CPU's feature flags.
#include "kernels/SimdPath.h"

namespace costscope {

bool simdPathSupported(SimdPath path) {
#if defined(__x86_64__) || defined(__i386__)
    switch (path) {
        case SimdPath::Avx512:
            return __builtin_cpu_supports("avx512f");
        case SimdPath::Avx2:
            return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
        case SimdPath::Generic:
            return true;
    }
    return false;
#else
    return path == SimdPath::Generic;
#endif
}

SimdPath bestSimdPath() {
    if (simdPathSupported(SimdPath::Avx512))
        return SimdPath::Avx512;
    if (simdPathSupported(SimdPath::Avx2))
        return SimdPath::Avx2;
    return SimdPath::Generic;
}

std::string simdPathName(SimdPath path) {
    switch (path) {
        case SimdPath::Avx512:
            return "avx512f";
        case SimdPath::Avx2:
            return "avx2+fma";
        case SimdPath::Generic:
            return "generic";
    }
    return "unknown";
}

}  // namespace costscope
