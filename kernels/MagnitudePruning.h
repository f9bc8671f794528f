// Unstructured magnitude pruning to an exact fraction of zeros.
#pragma once

#include <cstdint>
#include <span>

namespace costscope {

// Sets the round(sparsity * size) entries of smallest |w| to zero and keeps the rest, so the
// zero count is exact whatever the ties (ties at the threshold are pruned in index order).
// Returns the number of entries set to zero. Throws std::invalid_argument unless
// 0 <= sparsity <= 1.
int64_t pruneByMagnitude(std::span<float> w, double sparsity);

// How many of size entries pruneByMagnitude sets to zero at this sparsity, without pruning: lets
// a variant refuse a shape (an index limit of its format) before it copies the weight. Throws
// std::invalid_argument unless 0 <= sparsity <= 1.
int64_t prunedCount(int64_t size, double sparsity);

}  // namespace costscope
