// Scratch memory of our SpMM kernels (a packed panel of X and a tile of partial sums per
// thread), allocated in setUp().
#pragma once

#include <cstdint>

#include "kernels/AlignedBuffer.h"

namespace costscope {

// CsrSpmm and twoFourSpmm copy a panel of X (k rows x up to kMaxPanelColumns columns) into a
// contiguous buffer per thread in every call (see spmm::forEachTile). The buffers live here
// rather than in the kernel so that a call never allocates: run() is timed, and an allocation
// of this size is an mmap, page faults on first touch and an munmap, every call. The memory is
// written once at construction, so its pages are resident before the first timed call. One
// call at a time per workspace: concurrent calls would share the panels.
class SpmmWorkspace {
  public:
    // The most columns of X and C per panel; a kernel chooses 16, 64 or 128 (its register
    // blocks: one, four or eight zmm accumulators per row). A panel of X is k x 64 floats
    // (k = 2048: 512 KiB), which stays in a core's L2 (1 MiB on Zen 4 and 5, 2 MiB on Sapphire
    // Rapids) while all rows of the sparse W stream past it; a kernel that takes X a block of
    // rows at a time (from L1) can afford 128.
    static constexpr int64_t kMaxPanelColumns = 128;
    // The most rows of C a tile has (spmm::forEachTile); a k-blocked kernel keeps the tile's
    // partial sums in partial() (kTileRows x panelWidth() floats) between blocks.
    static constexpr int64_t kTileRows = 256;

    SpmmWorkspace() = default;
    // Room for products with this k and n (X is k x n) on up to `threads` OpenMP threads; the
    // default is omp_get_max_threads(), what a kernel called from this thread would use.
    SpmmWorkspace(int64_t k, int64_t n);
    SpmmWorkspace(int64_t k, int64_t n, int threads);

    // Thread `thread`'s panel of k x panelWidth() floats, 64-byte aligned.
    float* panel(int thread) { return panels_.data() + int64_t(thread) * threadFloats(); }
    // Thread `thread`'s tile of partial sums, kTileRows x panelWidth() floats, 64-byte aligned.
    float* partial(int thread) { return panel(thread) + panelFloats(); }

    // Throws std::logic_error unless this workspace fits a product with these extents on
    // `threads` threads: a kernel must not fall back to allocating inside a timed call.
    void requireFits(int64_t k, int64_t n, int threads) const;

    int64_t k() const { return k_; }
    int64_t panelWidth() const { return panelWidth_; }
    int threads() const { return threads_; }
    int64_t bytes() const { return int64_t(panels_.size() * sizeof(float)); }

  private:
    // Rounded up to whole cache lines: every panel is 64-byte aligned and no two threads
    // write to one cache line.
    int64_t panelFloats() const { return (k_ * panelWidth_ + 15) / 16 * 16; }
    int64_t threadFloats() const {
        return panelFloats() + (kTileRows * panelWidth_ + 15) / 16 * 16;
    }

    int64_t k_ = 0;
    int64_t panelWidth_ = 0;
    int threads_ = 0;
    AlignedBuffer<float> panels_;
};

}  // namespace costscope
