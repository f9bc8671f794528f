// Caches the FP64 product of one shape's original dense operands across consecutive variants.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "kernels/Operands.h"

namespace costscope {

// A suite measures every variant of one size in a row; each check() needs the same FP64
// product of the original operands (a 2048^3 dgemm costs more than the variant's timing), so
// the most recent shape's product is kept. Thread-safe: one mutex guards the entry and is
// held while computing, so concurrent callers for one shape compute it once.
class DenseReferenceCache {
  public:
    // The FP64 product of operands, which must come from Operands::generate() (the key is the
    // shape, and generate() derives the values from the shape alone).
    static std::shared_ptr<const std::vector<double>> product(const Operands& operands);
    // Drops the cached product (tests; freeing memory after a suite).
    static void clear();
    // How many products were computed rather than served from the cache (tests).
    static int64_t computations();
};

}  // namespace costscope
