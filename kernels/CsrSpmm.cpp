// The CSR SpMM kernel, written once with vector extensions and compiled for three ISA paths.
#include "kernels/CsrSpmm.h"

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
    };

    // Columns [j, j + 16 * NV) of the tile's rows: NV accumulators stay in registers for a row.
    template <int NV>
    [[gnu::always_inline]] static inline void block(const Matrix& a, const Tile& t, int64_t j) {
        for (int64_t i = t.r0; i < t.r1; ++i) {
            Vec16 acc[NV] = {};
            for (int32_t p = a.rowPointers[i]; p < a.rowPointers[i + 1]; ++p) {
                const float w = a.values[p];
                const float* xRow = t.x + int64_t(a.columns[p]) * t.ldx + j;
#pragma GCC unroll 8
                for (int64_t v = 0; v < NV; ++v)
                    acc[v] += w * spmm::load(xRow + 16 * v);
            }
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

void csrSpmm(const CsrMatrix& a, const float* x, float* c, int64_t n, SpmmWorkspace& workspace,
             SimdPath path) {
    spmm::multiply<CsrRows>("csrSpmm", {a.values(), a.columnIndices(), a.rowPointers()}, a.rows(),
                            n, a.cols(), x, c, workspace, path);
}

}  // namespace costscope
