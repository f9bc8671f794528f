// The 2:4 SpMM kernel, written once with vector extensions and compiled for three ISA paths.
#include "kernels/TwoFourSpmm.h"

#include "kernels/SpmmTiling.h"

namespace costscope {
namespace {

using spmm::Tile;
using spmm::Vec16;

struct Matrix24 {
    const float* values;
    const uint8_t* metadata;
    int64_t groupsPerRow;
};

// Calls f(w0, xRow0, w1, xRow1) for the two kept entries of every group of row i; xRow points
// at column j of the row of the packed X panel that the kept entry multiplies.
template <class F>
[[gnu::always_inline]] inline void forEachPair(const Matrix24& a, const Tile& t, int64_t i,
                                               int64_t j, F&& f) {
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

// The 2:4-specific part of the kernel (see spmm::walkColumns).
struct TwoFourRows {
    using Matrix = Matrix24;

    static spmm::Layout layout(const Matrix24&, int64_t) { return {64, 32}; }

    template <int NV, int /*R*/>
    [[gnu::always_inline]] static inline void block(const Matrix24& a, const Tile& t, int64_t j) {
        for (int64_t i = t.r0; i < t.r1; ++i) {
            Vec16 acc[NV] = {};
            forEachPair(a, t, i, j, [&](float w0, const float* x0, float w1, const float* x1) {
#pragma GCC unroll 8
                for (int64_t v = 0; v < NV; ++v)
                    acc[v] += w0 * spmm::load(x0 + 16 * v) + w1 * spmm::load(x1 + 16 * v);
            });
#pragma GCC unroll 8
            for (int64_t v = 0; v < NV; ++v)
                spmm::store(t.c + i * t.ldc + j + 16 * v, acc[v]);
        }
    }

    [[gnu::always_inline]] static inline void tail(const Matrix24& a, const Tile& t, int64_t j) {
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
};

}  // namespace

void twoFourSpmm(const TwoFourMatrix& a, const float* x, float* c, int64_t n,
                 SpmmWorkspace& workspace, SimdPath path) {
    spmm::multiply<TwoFourRows>("twoFourSpmm", {a.values(), a.metadata(), a.cols() / 4}, a.rows(),
                                n, a.cols(), x, c, workspace, path);
}

}  // namespace costscope
