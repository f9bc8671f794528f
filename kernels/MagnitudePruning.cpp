// Unstructured magnitude pruning: a selection of the threshold, then an exact count of zeros.
#include "kernels/MagnitudePruning.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace costscope {

int64_t prunedCount(int64_t size, double sparsity) {
    if (!(sparsity >= 0.0 && sparsity <= 1.0))
        throw std::invalid_argument("pruneByMagnitude: sparsity must lie in [0, 1]");
    return std::min<int64_t>(size, std::llround(sparsity * double(size)));
}

int64_t pruneByMagnitude(std::span<float> w, double sparsity) {
    const auto size = int64_t(w.size());
    const int64_t zeros = prunedCount(size, sparsity);
    if (zeros == 0)
        return 0;

    // The zeros-th smallest magnitude is the threshold: everything below it goes, and just
    // enough entries equal to it go to make the count exact.
    std::vector<float> magnitudes(w.size());
    std::transform(w.begin(), w.end(), magnitudes.begin(), [](float v) { return std::fabs(v); });
    std::nth_element(magnitudes.begin(), magnitudes.begin() + (zeros - 1), magnitudes.end());
    const float threshold = magnitudes[size_t(zeros - 1)];
    magnitudes = {};

    int64_t below = 0;
    for (const float v : w)
        below += std::fabs(v) < threshold;
    int64_t tiesToPrune = zeros - below;
    for (float& v : w) {
        const float magnitude = std::fabs(v);
        if (magnitude < threshold) {
            v = 0.0f;
        } else if (magnitude == threshold && tiesToPrune > 0) {
            v = 0.0f;
            --tiesToPrune;
        }
    }
    return zeros;
}

}  // namespace costscope
