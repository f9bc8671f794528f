// Which instruction-set path our own kernels take, chosen at run time so one binary runs anywhere.
#pragma once

#include <string>

namespace costscope {

enum class SimdPath {
    Avx512,   // AVX-512F: 16 floats per register, 32 registers
    Avx2,     // AVX2 + FMA: 8 floats per register
    Generic,  // baseline x86-64 (SSE2) or any other target
};

// The widest path this CPU supports (the one the kernels use unless told otherwise).
SimdPath bestSimdPath();
// "avx512f", "avx2+fma", "generic": what implementation() reports.
std::string simdPathName(SimdPath path);
// Whether this CPU can run the path (tests run every supported path).
bool simdPathSupported(SimdPath path);

}  // namespace costscope
