// Per-thread packed panels for our SpMM kernels, sized and touched once outside the timed runs.
#include "kernels/SpmmWorkspace.h"

#include <omp.h>

#include <algorithm>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>

namespace costscope {

SpmmWorkspace::SpmmWorkspace(int64_t k, int64_t n) : SpmmWorkspace(k, n, omp_get_max_threads()) {}

SpmmWorkspace::SpmmWorkspace(int64_t k, int64_t n, int threads)
    : k_(k), panelWidth_(std::min(n, kMaxPanelColumns)), threads_(threads) {
    if (k <= 0 || n <= 0 || threads <= 0)
        throw std::invalid_argument("SpmmWorkspace: k, n and threads must be positive");
    if (k > std::numeric_limits<int64_t>::max() / (kMaxPanelColumns * threads) - 16 - kTileRows)
        throw std::bad_alloc();
    // Zero-filled by AlignedBuffer: every page is written here, not in the first timed call.
    panels_ = AlignedBuffer<float>(size_t(threads) * size_t(threadFloats()));
}

void SpmmWorkspace::requireFits(int64_t k, int64_t n, int threads) const {
    if (k > k_ || std::min(n, kMaxPanelColumns) > panelWidth_ || threads > threads_)
        throw std::logic_error(
            "SpmmWorkspace: sized for k = " + std::to_string(k_) + ", panels of " +
            std::to_string(panelWidth_) + " columns and " + std::to_string(threads_) +
            " threads, called with k = " + std::to_string(k) + ", n = " + std::to_string(n) +
            " and " + std::to_string(threads) + " threads");
}

}  // namespace costscope
