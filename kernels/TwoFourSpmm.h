// Our 2:4 sparse x dense product: C(m x n) = A(2:4, m x k) * X(k x n), row-major dense.
#pragma once

#include <cstdint>

#include "kernels/SimdPath.h"
#include "kernels/SpmmWorkspace.h"
#include "kernels/TwoFourMatrix.h"

namespace costscope {

// Like CsrSpmm's plain walk, but the pattern is fixed: every group of four columns of A holds
// exactly two stored values, so there are no row pointers or column indices to load, only a
// 4-bit code per group. The workspace is used as in CsrSpmm. Overwrites C.
void twoFourSpmm(const TwoFourMatrix& a, const float* x, float* c, int64_t n,
                 SpmmWorkspace& workspace, SimdPath path = bestSimdPath());

}  // namespace costscope
