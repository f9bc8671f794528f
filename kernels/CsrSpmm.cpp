// The CSR SpMM kernel, written once with vector extensions and compiled for three ISA paths.
#include "kernels/CsrSpmm.h"

#include <omp.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

#include "kernels/SpmmTiling.h"

namespace costscope {
namespace {

using spmm::Tile;
using spmm::Vec16;

// The CSR-specific part of the kernel (see spmm::walkColumns).
struct CsrRows {
    struct Matrix {
        const float* values;
        const int32_t* columns;
        // Plain walk: row pointers. Blocked: the segment starts (CsrSpmm::starts_).
        const int32_t* starts;
        int64_t k;
        CsrWalk walk;
        int64_t tileRows;  // blocked: the tiles the layout was cut for
        int64_t blocks;    // blocked: blocks of k
    };

    static spmm::Layout layout(const Matrix& a, int64_t /*n*/) {
        if (a.walk.blockRows > 0)
            return {a.walk.panelColumns, a.tileRows, /*exactTileRows=*/true};
        return {a.walk.panelColumns, 32};
    }

    // Where the non-zeros of row i (of the tile t) in block b start; they end where the next
    // segment starts, as the segments are stored in the order the walk reads them.
    [[gnu::always_inline]] static inline int64_t segment(const Matrix& a, const Tile& t, int64_t i,
                                                         int64_t b) {
        return t.r0 * a.blocks + b * (t.r1 - t.r0) + (i - t.r0);
    }

    // acc[v] += the non-zeros [p, end) times their rows of X (columns [j, j + 16 NV)).
    template <int NV, int R>
    [[gnu::always_inline]] static inline void accumulate(const Matrix& a, const Tile& t, int64_t j,
                                                         int32_t p, int32_t end, Vec16* acc) {
        // A full panel's rows are a constant 16 NV floats apart: a shift, not a multiply.
        if (t.ldx == 16 * NV)
            accumulate<NV, R, 16 * NV>(a.values, a.columns, t.x + j, 0, p, end, acc);
        else
            accumulate<NV, R, 0>(a.values, a.columns, t.x + j, t.ldx, p, end, acc);
    }

    // The same on plain locals, so that nothing is reloaded through a reference in the loop;
    // rows of x are LDX floats apart, or ldx when LDX is 0. U sets of accumulators take turns
    // over the non-zeros, so that up to eight chains of FMAs are in flight (an FMA's latency is
    // four cycles, and two issue per cycle), as many as the path's registers hold.
    template <int NV, int R, int64_t LDX>
    [[gnu::always_inline]] static inline void accumulate(const float* values,
                                                         const int32_t* columns, const float* x,
                                                         int64_t ldx, int32_t p, int32_t end,
                                                         Vec16* acc) {
        constexpr int U = std::max(1, std::min(8 / NV, R / 2 / NV));
        const int64_t stride = LDX > 0 ? LDX : ldx;
        Vec16 more[U > 1 ? U - 1 : 1][NV] = {};
        const auto step = [&](int u, const Vec16& w, int32_t column) {
            const float* xRow = x + int64_t(column) * stride;
#pragma GCC unroll 8
            for (int64_t v = 0; v < NV; ++v) {
                if (u == 0)
                    acc[v] += w * spmm::load(xRow + 16 * v);
                else
                    more[u - 1][v] += w * spmm::load(xRow + 16 * v);
            }
        };
        // S non-zeros a step, at least four: the loads of X wait on the loads of their column
        // indices, and a longer step lets those start early.
        constexpr int S = std::max(U, 4);
        for (; p + S <= end; p += S) {
#pragma GCC unroll 16
            for (int q = 0; q < S; ++q)
                step(q % U, Vec16{} + values[p + q], columns[p + q]);
        }
        for (; p < end; ++p)
            step(0, Vec16{} + values[p], columns[p]);
#pragma GCC unroll 8
        for (int u = 1; u < U; ++u)
#pragma GCC unroll 8
            for (int64_t v = 0; v < NV; ++v)
                acc[v] += more[u - 1][v];
    }

    // The blocked walk: for each block of blockRows rows of the packed X panel (in L1 once
    // touched), every row of the tile adds its non-zeros in that block to its partial sums,
    // which wait in the thread's partial tile (contiguous: rows of C itself are n floats apart
    // and for a power-of-two n fall into one cache set). The tile's segments of a block follow
    // each other in memory: W streams.
    template <int NV, int R>
    [[gnu::always_inline]] static inline void blocked(const Matrix& a, const Tile& t, int64_t j) {
        constexpr int64_t W = 16 * NV;
        float* const partial = t.partial;
        const int64_t rows = t.r1 - t.r0;
        for (int64_t b = 0; b < a.blocks; ++b) {
            const bool first = b == 0, last = b + 1 == a.blocks;
            const int32_t* starts = a.starts + segment(a, t, t.r0, b);
            for (int64_t r = 0; r < rows; ++r) {
                Vec16 acc[NV];
#pragma GCC unroll 8
                for (int64_t v = 0; v < NV; ++v)
                    acc[v] = first ? Vec16{} : spmm::load(partial + r * W + 16 * v);
                accumulate<NV, R>(a, t, j, starts[r], starts[r + 1], acc);
                // The last block's sums are the result: straight into C.
                float* const out = last ? t.c + (t.r0 + r) * t.ldc + j : partial + r * W;
#pragma GCC unroll 8
                for (int64_t v = 0; v < NV; ++v)
                    spmm::store(out + 16 * v, acc[v]);
            }
        }
    }

    // Columns [j, j + 16 * NV) of the tile's rows: NV accumulators per row.
    template <int NV, int R>
    [[gnu::always_inline]] static inline void block(const Matrix& a, const Tile& t, int64_t j) {
        if (a.walk.blockRows > 0) {
            blocked<NV, R>(a, t, j);
            return;
        }
        for (int64_t i = t.r0; i < t.r1; ++i) {
            Vec16 acc[NV] = {};
            accumulate<NV, R>(a, t, j, a.starts[i], a.starts[i + 1], acc);
#pragma GCC unroll 8
            for (int64_t v = 0; v < NV; ++v)
                spmm::store(t.c + i * t.ldc + j + 16 * v, acc[v]);
        }
    }

    // Fewer than 16 columns left: scalar, the compiler may still vectorise the short loop.
    [[gnu::always_inline]] static inline void tail(const Matrix& a, const Tile& t, int64_t j) {
        const int64_t width = t.width - j;
        const int64_t blocks = a.walk.blockRows > 0 ? a.blocks : 1;
        for (int64_t i = t.r0; i < t.r1; ++i) {
            float acc[16] = {};
            for (int64_t b = 0; b < blocks; ++b) {
                const int64_t s = a.walk.blockRows > 0 ? segment(a, t, i, b) : i;
                for (int32_t p = a.starts[s]; p < a.starts[s + 1]; ++p) {
                    const float w = a.values[p];
                    const float* xRow = t.x + int64_t(a.columns[p]) * t.ldx + j;
                    for (int64_t q = 0; q < width; ++q)
                        acc[q] += w * xRow[q];
                }
            }
            for (int64_t q = 0; q < width; ++q)
                t.c[i * t.ldc + j + q] = acc[q];
        }
    }
};

}  // namespace

CsrWalk csrWalk(const CsrMatrix& w, int64_t n, SimdPath path) {
    // A block of X in bytes, and the non-zeros a row of W must have in it on average for the
    // block to pay (per segment: loading and storing the partial sums, a mispredicted exit).
    constexpr int64_t wideBytes = 48 * 1024, narrowBytes = 64 * 1024;
    constexpr int64_t wideSegment = 24, narrowSegment = 16;
    const double density = w.rows() > 0 && w.cols() > 0
                               ? double(w.nonZeros()) / (double(w.rows()) * double(w.cols()))
                               : 0;
    CsrWalk walk;
    if (path == SimdPath::Avx512 && n >= 128 &&
        density * double(wideBytes / (128 * 4)) >= double(wideSegment))
        walk = {128, wideBytes / (128 * 4)};
    else if (n >= 64 && density * double(narrowBytes / (64 * 4)) >= double(narrowSegment))
        walk = {64, narrowBytes / (64 * 4)};
    if (walk.blockRows >= w.cols())  // one block: the plain walk does the same, without partials
        walk.blockRows = 0;
    return walk;
}

std::string CsrWalk::describe() const {
    return std::to_string(panelColumns) + "-column panels" +
           (blockRows > 0 ? ", X in blocks of " + std::to_string(blockRows) + " rows" : "");
}

CsrSpmm::CsrSpmm(const CsrMatrix& w, int64_t n, SimdPath path)
    : rows_(w.rows()),
      cols_(w.cols()),
      n_(n),
      nonZeros_(w.nonZeros()),
      path_(path),
      walk_(csrWalk(w, n, path)) {
    if (!simdPathSupported(path))
        throw std::invalid_argument("CsrSpmm: this CPU cannot run the " + simdPathName(path) +
                                    " path");
    if (n <= 0)
        throw std::invalid_argument("CsrSpmm: n must be positive");
    values_ = AlignedBuffer<float>(size_t(nonZeros_));
    columns_ = AlignedBuffer<int32_t>(size_t(nonZeros_));
    if (walk_.blockRows == 0) {
        std::copy_n(w.values(), nonZeros_, values_.data());
        std::copy_n(w.columnIndices(), nonZeros_, columns_.data());
        starts_ = AlignedBuffer<int32_t>(size_t(rows_ + 1));
        std::copy_n(w.rowPointers(), rows_ + 1, starts_.data());
        return;
    }
    // Tiles of up to 256 rows, fewer where needed to give every thread work; forEachTile then
    // cuts exactly these (CsrRows::layout), and each tile's segments go block by block, row by
    // row.
    tileRows_ = spmm::tileRowsFor(rows_, n, {walk_.panelColumns, spmm::kMaxTileRows},
                                  omp_get_max_threads());
    blocks_ = (cols_ + walk_.blockRows - 1) / walk_.blockRows;
    starts_ = AlignedBuffer<int32_t>(size_t(rows_ * blocks_ + 1));
    AlignedBuffer<int32_t> cursor(size_t(std::max<int64_t>(rows_, 1)));
    std::copy_n(w.rowPointers(), rows_, cursor.data());
    int32_t next = 0;
    for (int64_t r0 = 0; r0 < rows_; r0 += tileRows_) {
        const int64_t r1 = std::min(rows_, r0 + tileRows_);
        for (int64_t b = 0; b < blocks_; ++b) {
            const int64_t kEnd = std::min(cols_, (b + 1) * walk_.blockRows);
            for (int64_t i = r0; i < r1; ++i) {
                starts_[size_t(r0 * blocks_ + b * (r1 - r0) + (i - r0))] = next;
                int32_t& p = cursor[size_t(i)];
                for (; p < w.rowPointers()[i + 1] && w.columnIndices()[p] < kEnd; ++p, ++next) {
                    values_[size_t(next)] = w.values()[p];
                    columns_[size_t(next)] = w.columnIndices()[p];
                }
            }
        }
    }
    starts_[size_t(rows_ * blocks_)] = next;
}

void CsrSpmm::multiply(const float* x, float* c, SpmmWorkspace& workspace) const {
    const CsrRows::Matrix matrix{values_.data(), columns_.data(), starts_.data(), cols_,
                                 walk_,          tileRows_,       blocks_};
    spmm::multiply<CsrRows>("CsrSpmm", matrix, rows_, n_, cols_, x, c, workspace, path_);
}

int64_t CsrSpmm::bytes() const {
    return nonZeros_ * int64_t(sizeof(float) + sizeof(int32_t)) +
           int64_t(starts_.size() * sizeof(int32_t));
}

void CsrSpmm::toDense(float* dense) const {
    std::memset(dense, 0, size_t(rows_ * cols_) * sizeof(float));
    if (walk_.blockRows == 0) {
        for (int64_t i = 0; i < rows_; ++i)
            for (int32_t p = starts_[size_t(i)]; p < starts_[size_t(i + 1)]; ++p)
                dense[i * cols_ + columns_[size_t(p)]] = values_[size_t(p)];
        return;
    }
    for (int64_t r0 = 0; r0 < rows_; r0 += tileRows_) {
        const int64_t r1 = std::min(rows_, r0 + tileRows_);
        for (int64_t b = 0; b < blocks_; ++b)
            for (int64_t i = r0; i < r1; ++i) {
                const size_t s = size_t(r0 * blocks_ + b * (r1 - r0) + (i - r0));
                for (int32_t p = starts_[s]; p < starts_[s + 1]; ++p)
                    dense[i * cols_ + columns_[size_t(p)]] = values_[size_t(p)];
            }
    }
}

std::string CsrSpmm::implementation() const {
    return "costscope CSR SpMM, " + simdPathName(path_) + ", " + walk_.describe() + ", OpenMP";
}

}  // namespace costscope
