// Shared pieces of our SpMM kernels: a 16-float vector type and the OpenMP tiling of C.
// Internal to kernels/: included by the kernel sources only.
#pragma once

#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

#include "kernels/SimdPath.h"
#include "kernels/SpmmWorkspace.h"

namespace costscope::spmm {

// GCC vector extension: one AVX-512 register on the avx512f path, two YMM registers on the
// AVX2 path, four XMM registers on the generic one. The code is written once and lowered
// for the target of the function it is inlined into.
using Vec16 = float __attribute__((vector_size(64)));

[[gnu::always_inline]] inline Vec16 load(const float* p) {
    Vec16 v;
    std::memcpy(&v, p, sizeof v);  // unaligned load: rows of X and C need not be 64-byte aligned
    return v;
}

[[gnu::always_inline]] inline void store(float* p, Vec16 v) {
    std::memcpy(p, &v, sizeof v);
}

// The most columns of X and C per panel (see SpmmWorkspace, which holds the packed panels).
constexpr int64_t kMaxPanelColumns = SpmmWorkspace::kMaxPanelColumns;
// The most rows of C a tile has.
constexpr int64_t kMaxTileRows = SpmmWorkspace::kTileRows;

// How a kernel wants C cut: panels of panelColumns columns (16, 64 or 128: its register
// blocks), tiles of at most tileRows rows.
struct Layout {
    int64_t panelColumns = 64;
    int64_t tileRows = 32;
    // Exactly tileRows rows a tile (the last one fewer), for a kernel whose operand was laid
    // out for those tiles; otherwise at most tileRows, fewer when needed to give every thread
    // work (tileRowsFor()).
    bool exactTileRows = false;
};

// The rows of the tiles forEachTile cuts for this layout on `threads` threads: enough tiles for
// every thread even when there is one panel (small n), at most layout.tileRows.
inline int64_t tileRowsFor(int64_t m, int64_t n, Layout layout, int threads) {
    if (layout.exactTileRows)
        return std::max<int64_t>(1, layout.tileRows);
    const int64_t panelColumns = std::clamp<int64_t>(layout.panelColumns, 16, kMaxPanelColumns);
    const int64_t panels = (n + panelColumns - 1) / panelColumns;
    return std::clamp<int64_t>(m * panels / (int64_t{4} * threads), 1,
                               std::min(layout.tileRows, kMaxTileRows));
}

// One tile of C for a kernel: rows [r0, r1) of C, columns [j0, j0 + width), with the panel of
// X packed as k rows of ldx contiguous floats (x points at the panel's first column).
struct Tile {
    const float* x;
    int64_t ldx;
    float* c;  // row 0 of C at the tile's first column; rows are ldc floats apart
    int64_t ldc;
    int64_t r0;
    int64_t r1;
    int64_t width;
    float* partial;  // this thread's room for the tile's partial sums (SpmmWorkspace::partial)
};

// Calls kernel(tile) for tiles covering rows [0, m) and columns [0, n) of C, in parallel.
// Panels are the outer loop and the static schedule hands each thread a contiguous run of
// tiles, so a thread works on one or two panels at a time. Each thread copies its panel of X
// into a contiguous buffer first: rows of X are n floats apart, and for power-of-two n
// (n = 2048: 8 KiB) the panel's rows fall into a handful of cache sets, so unpacked the
// panel would thrash L1 and L2 however small it is. Packing is part of every call because X
// is a fresh activation every call; the buffers are not: they come from the workspace, so a
// call never allocates. Throws std::logic_error when the workspace does not fit (before any
// thread starts: an exception must not leave an OpenMP region).
template <class Kernel>
void forEachTile(int64_t m, int64_t n, int64_t k, const float* x, float* c,
                 SpmmWorkspace& workspace, Layout layout, const Kernel& kernel) {
    const int64_t panelColumns = std::clamp<int64_t>(layout.panelColumns, 16, kMaxPanelColumns);
    const int64_t panels = (n + panelColumns - 1) / panelColumns;
    const int threads = omp_get_max_threads();
    workspace.requireFits(k, n, threads);
    const int64_t rowsPerChunk = tileRowsFor(m, n, layout, threads);
    const int64_t chunks = (m + rowsPerChunk - 1) / rowsPerChunk;
#pragma omp parallel num_threads(threads)
    {
        float* const packed = workspace.panel(omp_get_thread_num());
        float* const partial = workspace.partial(omp_get_thread_num());
        int64_t packedPanel = -1;
#pragma omp for collapse(2) schedule(static)
        for (int64_t panel = 0; panel < panels; ++panel) {
            for (int64_t chunk = 0; chunk < chunks; ++chunk) {
                const int64_t j0 = panel * panelColumns;
                const int64_t width = std::min(n - j0, panelColumns);
                if (panel != packedPanel) {
                    for (int64_t p = 0; p < k; ++p)
                        std::memcpy(packed + p * width, x + p * n + j0,
                                    size_t(width) * sizeof(float));
                    packedPanel = panel;
                }
                const int64_t r0 = chunk * rowsPerChunk;
                kernel(Tile{packed, width, c + j0, n, r0, std::min(m, r0 + rowsPerChunk), width,
                            partial});
            }
        }
    }
}

// A kernel's format-specific part, as a class `Rows` with
//   struct Matrix;                                       the sparse operand's arrays
//   static Layout layout(a, n);                         how to cut C for this operand
//   template <int NV, int R> static void block(a, t, j); columns [j, j + 16 NV) of the tile's
//                                                        rows, with R Vec16 registers to use
//   static void tail(a, t, j);                          the last fewer-than-16 columns
// all [[gnu::always_inline]], so that they are compiled for the ISA of the entry point below
// that inlines them: the code is written once and lowered three times. block is called with
// NV = 8 (only on AVX-512: eight accumulators are all of AVX2's registers), 4 and 1.
template <class Rows, int R>
[[gnu::always_inline]] inline void walkColumns(const typename Rows::Matrix& a, const Tile& t) {
    int64_t j = 0;
    if constexpr (R >= 32) {
        if (j + 128 <= t.width) {
            Rows::template block<8, R>(a, t, j);
            j += 128;
        }
    }
    for (; j + 64 <= t.width; j += 64)
        Rows::template block<4, R>(a, t, j);
    for (; j + 16 <= t.width; j += 16)
        Rows::template block<1, R>(a, t, j);
    if (j < t.width)
        Rows::tail(a, t, j);
}

// R: the Vec16 values that fit the path's vector registers (32 zmm; 16 ymm hold 8; 16 xmm, 4).
template <class Rows>
__attribute__((target("avx512f"))) void walkAvx512(const typename Rows::Matrix& a, const Tile& t) {
    walkColumns<Rows, 32>(a, t);
}

template <class Rows>
__attribute__((target("avx2,fma"))) void walkAvx2(const typename Rows::Matrix& a, const Tile& t) {
    walkColumns<Rows, 8>(a, t);
}

template <class Rows>
void walkGeneric(const typename Rows::Matrix& a, const Tile& t) {
    walkColumns<Rows, 4>(a, t);
}

// C(m x n) = A(m x k, sparse) * X(k x n) on the given ISA path, which the CPU must support;
// a's layout must not ask for panels wider than 64 columns on another path than AVX-512.
template <class Rows>
void multiply(const char* kernelName, const typename Rows::Matrix& a, int64_t m, int64_t n,
              int64_t k, const float* x, float* c, SpmmWorkspace& workspace, SimdPath path) {
    if (!simdPathSupported(path))
        throw std::invalid_argument(std::string(kernelName) + ": this CPU cannot run the " +
                                    simdPathName(path) + " path");
    auto* const walk = path == SimdPath::Avx512 ? walkAvx512<Rows>
                       : path == SimdPath::Avx2 ? walkAvx2<Rows>
                                                : walkGeneric<Rows>;
    forEachTile(m, n, k, x, c, workspace, Rows::layout(a, n), [&](const Tile& t) { walk(a, t); });
}

}  // namespace costscope::spmm
