// Small oneDNN helpers the oneDNN variants share: ISA names, the reference-fallback check, the
// row-major matmul.
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

// The matmul C(m x n, f32) = W(m x k) * X(k x n), all plain row-major, W and X of type `in`
// (f32 or bf16). C = W * X maps to oneDNN's dst = src * weights with src = W and weights = X:
// X is a fresh activation every call in real use, so a reorder into a blocked weights layout
// would belong in the timed region. Throws Unsupported when oneDNN cannot create it on this CPU
// or has only its reference implementation; `precision` names it in the message.
dnnl::matmul::primitive_desc rowMajorMatmul(const dnnl::engine& engine, dnnl::memory::dim m,
                                            dnnl::memory::dim n, dnnl::memory::dim k,
                                            dnnl::memory::data_type in,
                                            const std::string& precision);

}  // namespace costscope
