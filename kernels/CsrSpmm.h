// Our CSR sparse x dense product: C(m x n) = A(CSR, m x k) * X(k x n), row-major dense.
#pragma once

#include <cstdint>

#include "kernels/CsrMatrix.h"
#include "kernels/SimdPath.h"

namespace costscope {

// OpenMP over tiles of C; per row of A the tile's slice of C stays in vector registers while
// the row's non-zeros scale rows of X into it, vectorised along n. path must be supported by
// this CPU (simdPathSupported); the default is the widest one. Overwrites C.
void csrSpmm(const CsrMatrix& a, const float* x, float* c, int64_t n,
             SimdPath path = bestSimdPath());

}  // namespace costscope
