// Our CSR sparse x dense product: C(m x n) = W(CSR, m x k) * X(k x n), row-major dense.
#pragma once

#include <cstdint>
#include <string>

#include "kernels/AlignedBuffer.h"
#include "kernels/CsrMatrix.h"
#include "kernels/SimdPath.h"
#include "kernels/SpmmWorkspace.h"

namespace costscope {

// How the kernel walks a product (chosen from W's density, n and the SIMD path; tuned on Zen 5,
// docs/benchmarks.md "CPU sparse"):
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
CsrWalk csrWalk(const CsrMatrix& w, int64_t n, SimdPath path = bestSimdPath());

// Our CSR SpMM, prepared for one n and SIMD path: OpenMP over tiles of C; per row of W the
// tile's slice of C stays in vector registers while the row's non-zeros scale rows of X into
// it, vectorised along n. When the walk is blocked, W is laid out in the order the walk reads
// it (for each tile of rows, for each block of k, each row's non-zeros in that block), so that
// a tile reads W as one stream, not as one per row; that copy replaces the CSR arrays, so W is
// held once either way (the CsrMatrix it was built from can go). Built in set-up, outside the
// timed calls.
class CsrSpmm {
  public:
    CsrSpmm() = default;
    // path must be supported by this CPU (simdPathSupported; else std::invalid_argument). The
    // tiles are cut for omp_get_max_threads() threads; another count at multiply() time gives
    // the same result, balanced less well.
    CsrSpmm(const CsrMatrix& w, int64_t n, SimdPath path = bestSimdPath());

    // C = W X, overwriting C; X is k x n, C m x n. workspace holds the packed panels of X and
    // the partial sums: build it once, SpmmWorkspace(k, n), and reuse it; throws
    // std::logic_error when it was built for a smaller k or n or fewer threads than
    // omp_get_max_threads(). Allocates nothing.
    void multiply(const float* x, float* c, SpmmWorkspace& workspace) const;

    int64_t rows() const { return rows_; }
    int64_t cols() const { return cols_; }
    int64_t n() const { return n_; }
    int64_t nonZeros() const { return nonZeros_; }
    const CsrWalk& walk() const { return walk_; }
    // Bytes W takes as held: values and column indices, and the row pointers (plain walk) or
    // the start of every row's segment in every block (blocked walk).
    int64_t bytes() const;
    // Writes W back as a dense row-major m x k matrix (zeros where nothing is stored).
    void toDense(float* dense) const;
    // "costscope CSR SpMM, avx512f, 128-column panels, X in blocks of 96 rows, OpenMP".
    std::string implementation() const;

  private:
    int64_t rows_ = 0;
    int64_t cols_ = 0;
    int64_t n_ = 0;
    int64_t nonZeros_ = 0;
    SimdPath path_ = SimdPath::Generic;
    CsrWalk walk_;
    int64_t tileRows_ = 0;  // blocked: the rows of a tile the layout was cut for
    int64_t blocks_ = 0;    // blocked: blocks of k
    AlignedBuffer<float> values_;
    AlignedBuffer<int32_t> columns_;
    // Plain walk: the row pointers (m + 1). Blocked: m * blocks_ + 1 starts, segment (r, b)
    // of the tile that starts at row r0 with `rows` rows at r0 * blocks_ + b * rows + r - r0.
    AlignedBuffer<int32_t> starts_;
};

}  // namespace costscope
