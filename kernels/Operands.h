// The random dense operands of one product C(m x n) = W(m x k) * X(k x n), all row-major.
#pragma once

#include <cstdint>

#include "kernels/AlignedBuffer.h"

namespace costscope {

struct Operands {
    int64_t m = 0;
    int64_t n = 0;
    int64_t k = 0;
    AlignedBuffer<float> w;  // m x k, the weight
    AlignedBuffer<float> x;  // k x n, the activations

    // Standard-normal entries from a seed derived from the shape alone, so every variant of
    // one shape sees the same operands and DenseReferenceCache can key on the shape. Never
    // zeros: some hardware runs faster on zeros, and a zero product hides wrong kernels.
    static Operands generate(int64_t m, int64_t n, int64_t k);

    // The seed generate() uses for this shape.
    static uint64_t seedFor(int64_t m, int64_t n, int64_t k);
};

}  // namespace costscope
