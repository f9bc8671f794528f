// The 2:4 SpMM kernel, written once with vector extensions and compiled for three ISA paths.
#include "kernels/TwoFourSpmm.h"

#include <stdexcept>

#include "kernels/SpmmTiling.h"

namespace costscope {
namespace {

using spmm::Tile;
using spmm::Vec16;

struct Matrix {
    const float* values;
    const uint8_t* metadata;
    int64_t groupsPerRow;
};

// Calls f(w0, xRow0, w1, xRow1) for the two kept entries of every group of row i; xRow points
// at column j of the row of the packed X panel that the kept entry multiplies.
template <class F>
[[gnu::always_inline]] inline void forEachPair(const Matrix& a, const Tile& t, int64_t i, int64_t j,
                                               F&& f) {
    const int64_t firstGroup = i * a.groupsPerRow;
    const float* values = a.values + 2 * firstGroup;
    const float* x = t.x + j;
    for (int64_t g = 0; g < a.groupsPerRow; ++g) {
        const int64_t group = firstGroup + g;
        const unsigned code = (a.metadata[group >> 1] >> (4 * (group & 1))) & 15u;
        const int64_t row0 = 4 * g + (code & 3u);
        const int64_t row1 = 4 * g + (code >> 2);
        f(values[2 * g], x + row0 * t.ldx, values[2 * g + 1], x + row1 * t.ldx);
    }
}

template <int NV>
[[gnu::always_inline]] inline void rowsBlock(const Matrix& a, const Tile& t, int64_t j) {
    for (int64_t i = t.r0; i < t.r1; ++i) {
        Vec16 acc[NV] = {};
        forEachPair(a, t, i, j, [&](float w0, const float* x0, float w1, const float* x1) {
#pragma GCC unroll 8
            for (int v = 0; v < NV; ++v)
                acc[v] += w0 * spmm::load(x0 + 16 * v) + w1 * spmm::load(x1 + 16 * v);
        });
#pragma GCC unroll 8
        for (int v = 0; v < NV; ++v)
            spmm::store(t.c + i * t.ldc + j + 16 * v, acc[v]);
    }
}

[[gnu::always_inline]] inline void rowsTail(const Matrix& a, const Tile& t, int64_t j) {
    const int64_t width = t.width - j;
    for (int64_t i = t.r0; i < t.r1; ++i) {
        float acc[16] = {};
        forEachPair(a, t, i, j, [&](float w0, const float* x0, float w1, const float* x1) {
            for (int64_t q = 0; q < width; ++q)
                acc[q] += w0 * x0[q] + w1 * x1[q];
        });
        for (int64_t q = 0; q < width; ++q)
            t.c[i * t.ldc + j + q] = acc[q];
    }
}

[[gnu::always_inline]] inline void tile(const Matrix& a, const Tile& t) {
    int64_t j = 0;
    for (; j + spmm::kPanelColumns <= t.width; j += spmm::kPanelColumns)
        rowsBlock<spmm::kPanelColumns / 16>(a, t, j);
    for (; j + 16 <= t.width; j += 16)
        rowsBlock<1>(a, t, j);
    if (j < t.width)
        rowsTail(a, t, j);
}

__attribute__((target("avx512f"))) void tileAvx512(const Matrix& a, const Tile& t) {
    tile(a, t);
}

__attribute__((target("avx2,fma"))) void tileAvx2(const Matrix& a, const Tile& t) {
    tile(a, t);
}

void tileGeneric(const Matrix& a, const Tile& t) {
    tile(a, t);
}

}  // namespace

void twoFourSpmm(const TwoFourMatrix& a, const float* x, float* c, int64_t n, SimdPath path) {
    if (!simdPathSupported(path))
        throw std::invalid_argument("twoFourSpmm: this CPU cannot run the " + simdPathName(path) +
                                    " path");
    const Matrix matrix{a.values(), a.metadata(), a.cols() / 4};
    auto* const kernel = path == SimdPath::Avx512 ? tileAvx512
                         : path == SimdPath::Avx2 ? tileAvx2
                                                  : tileGeneric;
    spmm::forEachTile(a.rows(), n, a.cols(), x, c, [&](const Tile& t) { kernel(matrix, t); });
}

}  // namespace costscope
