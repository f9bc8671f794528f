// Small oneDNN helpers the oneDNN variants share: ISA names and the reference-fallback check.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>

#include <string>

namespace costscope {

// The ISA oneDNN dispatches to on this CPU, e.g. "avx512_core_bf16".
std::string onednnCpuIsa();

// oneDNN falls back to its reference implementations ("ref:any", "ref_int8:any") when no
// optimised one fits; they are orders of magnitude slower, so measuring them would be a
// measurement of the fallback. Throws Unsupported naming what and the CPU ISA in that case.
void requireOptimised(const char* implementation, const std::string& what);

}  // namespace costscope
