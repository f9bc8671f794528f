// Our CSR sparse x dense product: C(m x n) = A(CSR, m x k) * X(k x n), row-major dense.
#pragma once

#include <cstdint>
#include <string>

#include "kernels/CsrMatrix.h"
#include "kernels/SimdPath.h"
#include "kernels/SpmmWorkspace.h"

namespace costscope {

// How csrSpmm walks a product (chosen per call from A's density, n and the SIMD path; tuned on
// Zen 5, docs/benchmarks.md "CPU sparse"):
//  - A quarter of the weights or more kept, AVX-512, n >= 128: 128-column panels (eight
//    accumulators per row: one broadcast weight serves eight loads of X), X taken in blocks of
//    96 rows (48 KiB, L1), every row of a tile doing its non-zeros in a block before the next.
//  - A sixteenth or more, n >= 64: the same with 64-column panels and blocks of 256 rows.
//  - Sparser, or narrow: each row walks all its non-zeros over a 64-column panel held in L2;
//    a block would give a row too few non-zeros to pay for starting and ending its segment.
struct CsrWalk {
    int64_t panelColumns = 64;
    int64_t blockRows = 0;  // 0: not blocked
    // "128-column panels, X in blocks of 96 rows", for implementation().
    std::string describe() const;
};
CsrWalk csrWalk(const CsrMatrix& a, int64_t n, SimdPath path = bestSimdPath());

// OpenMP over tiles of C; per row of A the tile's slice of C stays in vector registers while
// the row's non-zeros scale rows of X into it, vectorised along n. path must be supported by
// this CPU (simdPathSupported); the default is the widest one. workspace holds the packed
// panels of X: build it once, SpmmWorkspace(k, n), and reuse it; the call throws
// std::logic_error when it was built for a smaller k or n or fewer threads than
// omp_get_max_threads(). Overwrites C.
void csrSpmm(const CsrMatrix& a, const float* x, float* c, int64_t n, SpmmWorkspace& workspace,
             SimdPath path = bestSimdPath());

}  // namespace costscope
