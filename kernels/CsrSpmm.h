// Our CSR sparse x dense product: C(m x n) = A(CSR, m x k) * X(k x n), row-major dense.
#pragma once

#include <cstdint>

#include "kernels/CsrMatrix.h"
#include "kernels/SimdPath.h"
#include "kernels/SpmmWorkspace.h"

namespace costscope {

// OpenMP over tiles of C; per row of A the tile's slice of C stays in vector registers while
// the row's non-zeros scale rows of X into it, vectorised along n. path must be supported by
// this CPU (simdPathSupported); the default is the widest one. workspace holds the packed
// panels of X: build it once, SpmmWorkspace(k, n), and reuse it; the call throws
// std::logic_error when it was built for a smaller k or n or fewer threads than
// omp_get_max_threads(). Overwrites C.
void csrSpmm(const CsrMatrix& a, const float* x, float* c, int64_t n, SpmmWorkspace& workspace,
             SimdPath path = bestSimdPath());

}  // namespace costscope
