// The CSR SpMM kernel, written once with vector extensions and compiled for three ISA paths.
#include "kernels/CsrSpmm.h"

#include <algorithm>
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
        const int32_t* rowPointers;
        int64_t k;
        CsrWalk walk;
    };

    static spmm::Layout layout(const Matrix& a, int64_t /*n*/) {
        return {a.walk.panelColumns, a.walk.blockRows > 0 ? spmm::kMaxTileRows : 32};
    }

    // acc[v] += the row's non-zeros from p on, up to rowEnd or the first whose column is kEnd
    // or more, times their rows of X (columns [j, j + 16 NV)); returns where it stopped.
    template <int NV, int R>
    [[gnu::always_inline]] static inline int32_t accumulate(const Matrix& a, const Tile& t,
                                                            int64_t j, int32_t p, int32_t rowEnd,
                                                            int32_t kEnd, Vec16* acc) {
        // A full panel's rows are a constant 16 NV floats apart: a shift, not a multiply.
        if (t.ldx == 16 * NV)
            return accumulate<NV, R, 16 * NV>(a.values, a.columns, t.x + j, 0, p, rowEnd, kEnd,
                                              acc);
        return accumulate<NV, R, 0>(a.values, a.columns, t.x + j, t.ldx, p, rowEnd, kEnd, acc);
    }

    // The same on plain locals, so that nothing is reloaded through a reference in the loop;
    // rows of x are LDX floats apart, or ldx when LDX is 0. U sets of accumulators take turns
    // over the non-zeros, so that up to eight chains of FMAs are in flight (an FMA's latency is
    // four cycles, and two issue per cycle), as many as the path's registers hold.
    template <int NV, int R, int64_t LDX>
    [[gnu::always_inline]] static inline int32_t accumulate(const float* values,
                                                            const int32_t* columns, const float* x,
                                                            int64_t ldx, int32_t p, int32_t rowEnd,
                                                            int32_t kEnd, Vec16* acc) {
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
        for (; p + S <= rowEnd && columns[p + S - 1] < kEnd; p += S) {
#pragma GCC unroll 16
            for (int q = 0; q < S; ++q)
                step(q % U, Vec16{} + values[p + q], columns[p + q]);
        }
        // At most S - 1 left.
        for (int left = 0; left < S - 1 && p < rowEnd && columns[p] < kEnd; ++left, ++p)
            step(0, Vec16{} + values[p], columns[p]);
#pragma GCC unroll 8
        for (int u = 1; u < U; ++u)
#pragma GCC unroll 8
            for (int64_t v = 0; v < NV; ++v)
                acc[v] += more[u - 1][v];
        return p;
    }

    // The k-blocked walk: for each block of blockRows rows of the packed X panel (in L1 once
    // touched), every row of the tile adds its non-zeros in that block to its partial sums,
    // which wait in the thread's partial tile (contiguous: rows of C itself are n floats apart
    // and for a power-of-two n fall into one cache set). Each row's position in its non-zeros
    // carries over from block to block, so no search finds where a block starts.
    template <int NV, int R>
    [[gnu::always_inline]] static inline void blocked(const Matrix& a, const Tile& t, int64_t j) {
        constexpr int64_t W = 16 * NV;
        // A row's non-zeros in a block lie far from the next row's: too many streams for the
        // hardware prefetcher. A later row's are fetched while this one computes.
        constexpr int64_t kAhead = 4;
        float* const partial = t.partial;
        int32_t cursor[spmm::kMaxTileRows];
        const int64_t rows = t.r1 - t.r0;
        const int64_t blockRows = a.walk.blockRows;
        for (int64_t r = 0; r < rows; ++r)
            cursor[r] = a.rowPointers[t.r0 + r];
        for (int64_t k0 = 0; k0 < a.k; k0 += blockRows) {
            const bool first = k0 == 0, last = k0 + blockRows >= a.k;
            const auto kEnd = int32_t(std::min(k0 + blockRows, a.k));
            for (int64_t r = 0; r < rows; ++r) {
                if (r + kAhead < rows) {
                    const int32_t ahead = cursor[r + kAhead];
                    for (int line = 0; line < 2; ++line) {
                        __builtin_prefetch(a.values + ahead + 16 * line);
                        __builtin_prefetch(a.columns + ahead + 16 * line);
                    }
                }
                Vec16 acc[NV];
#pragma GCC unroll 8
                for (int64_t v = 0; v < NV; ++v)
                    acc[v] = first ? Vec16{} : spmm::load(partial + r * W + 16 * v);
                cursor[r] =
                    accumulate<NV, R>(a, t, j, cursor[r], a.rowPointers[t.r0 + r + 1], kEnd, acc);
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
            accumulate<NV, R>(a, t, j, a.rowPointers[i], a.rowPointers[i + 1], int32_t(a.k), acc);
#pragma GCC unroll 8
            for (int64_t v = 0; v < NV; ++v)
                spmm::store(t.c + i * t.ldc + j + 16 * v, acc[v]);
        }
    }

    // Fewer than 16 columns left: scalar, the compiler may still vectorise the short loop.
    [[gnu::always_inline]] static inline void tail(const Matrix& a, const Tile& t, int64_t j) {
        const int64_t width = t.width - j;
        for (int64_t i = t.r0; i < t.r1; ++i) {
            float acc[16] = {};
            for (int32_t p = a.rowPointers[i]; p < a.rowPointers[i + 1]; ++p) {
                const float w = a.values[p];
                const float* xRow = t.x + int64_t(a.columns[p]) * t.ldx + j;
                for (int64_t q = 0; q < width; ++q)
                    acc[q] += w * xRow[q];
            }
            for (int64_t q = 0; q < width; ++q)
                t.c[i * t.ldc + j + q] = acc[q];
        }
    }
};

}  // namespace

CsrWalk csrWalk(const CsrMatrix& a, int64_t n, SimdPath path) {
    // A block of X in bytes, and the non-zeros a row of W must have in it on average for the
    // block to pay (per segment: loading and storing the partial sums, a mispredicted exit).
    constexpr int64_t wideBytes = 48 * 1024, narrowBytes = 64 * 1024;
    constexpr int64_t wideSegment = 24, narrowSegment = 16;
    const double density = a.rows() > 0 && a.cols() > 0
                               ? double(a.nonZeros()) / (double(a.rows()) * double(a.cols()))
                               : 0;
    CsrWalk walk;
    if (path == SimdPath::Avx512 && n >= 128 &&
        density * double(wideBytes / (128 * 4)) >= double(wideSegment))
        walk = {128, wideBytes / (128 * 4)};
    else if (n >= 64 && density * double(narrowBytes / (64 * 4)) >= double(narrowSegment))
        walk = {64, narrowBytes / (64 * 4)};
    if (walk.blockRows >= a.cols())  // one block: the plain walk does the same, without partials
        walk.blockRows = 0;
    return walk;
}

std::string CsrWalk::describe() const {
    return std::to_string(panelColumns) + "-column panels" +
           (blockRows > 0 ? ", X in blocks of " + std::to_string(blockRows) + " rows" : "");
}

void csrSpmm(const CsrMatrix& a, const float* x, float* c, int64_t n, SpmmWorkspace& workspace,
             SimdPath path) {
    const CsrRows::Matrix matrix{a.values(), a.columnIndices(), a.rowPointers(), a.cols(),
                                 csrWalk(a, n, path)};
    spmm::multiply<CsrRows>("csrSpmm", matrix, a.rows(), n, a.cols(), x, c, workspace, path);
}

}  // namespace costscope
