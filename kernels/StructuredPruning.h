// Structured pruning of a GEMM's weight: whole output features (rows of W) go, the rest stays
// a smaller dense product that every dense backend runs.
#pragma once

#include <cmath>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/Operands.h"
#include "kernels/VariantSpec.h"

namespace costscope {

// How many of m output features structured pruning at `fraction` removes: round(fraction * m).
// Throws std::invalid_argument unless 0 <= fraction < 1 and at least one feature is left. Inline,
// so that the catalog checks a suite with it without linking the kernels.
inline int64_t removedFeatures(int64_t m, double fraction) {
    if (!(fraction >= 0.0 && fraction < 1.0))
        throw std::invalid_argument("structured pruning: the fraction removed must lie in [0, 1)");
    const int64_t removed = std::llround(fraction * double(m));
    if (removed >= m)
        throw std::invalid_argument("structured pruning: removing " + std::to_string(fraction) +
                                    " of " + std::to_string(m) + " output features leaves none");
    return removed;
}

// The rows of W (m x k, row-major) that stay when the removedFeatures(m, fraction) rows of
// smallest L2 norm go, in increasing order. Ties at the threshold go in index order, so the
// count is exact whatever the values.
std::vector<int64_t> keptFeatures(const float* w, int64_t m, int64_t k, double fraction);

// The operands a variant of `spec` multiplies: Operands::generate() of its shape, and for a
// structured spec (structure "struct") those with only the kept rows of W, so m becomes the
// kept count. `kept`, when given, receives the kept rows (every row when nothing is pruned).
Operands operandsFor(const VariantSpec& spec, std::vector<int64_t>* kept = nullptr);

// The full m x n result of a structured product: the kept rows of `c` (kept.size() x n) in
// their places, the removed ones zero, so it compares with the unpruned product.
std::vector<float> scatterRows(std::span<const float> c, const std::vector<int64_t>& kept,
                               int64_t m, int64_t n);

}  // namespace costscope
