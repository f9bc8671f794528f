// The random dense operands of one product, with a seed derived from the shape.
#include "kernels/Operands.h"

#include <random>
#include <stdexcept>

namespace costscope {
namespace {

// splitmix64: mixes the extents so that nearby shapes get unrelated streams.
uint64_t mix(uint64_t z) {
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void fillNormal(AlignedBuffer<float>& buffer, uint64_t seed) {
    std::mt19937_64 engine(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    for (float& value : buffer)
        value = normal(engine);
}

}  // namespace

uint64_t Operands::seedFor(int64_t m, int64_t n, int64_t k) {
    return mix(mix(mix(uint64_t(m)) ^ uint64_t(n)) ^ uint64_t(k));
}

Operands Operands::generate(int64_t m, int64_t n, int64_t k) {
    if (m <= 0 || n <= 0 || k <= 0)
        throw std::invalid_argument("operand extents must be positive");
    Operands operands{.m = m,
                      .n = n,
                      .k = k,
                      .w = AlignedBuffer<float>(size_t(m * k)),
                      .x = AlignedBuffer<float>(size_t(k * n))};
    const uint64_t seed = seedFor(m, n, k);
    fillNormal(operands.w, seed);
    fillNormal(operands.x, mix(seed));
    return operands;
}

}  // namespace costscope
