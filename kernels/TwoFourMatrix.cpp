// 2:4 pruning and packing of a dense matrix, and the way back.
#include "kernels/TwoFourMatrix.h"

#include <cmath>
#include <cstring>
#include <stdexcept>

namespace costscope {

TwoFourMatrix TwoFourMatrix::fromDense(const float* dense, int64_t rows, int64_t cols) {
    if (rows < 0 || cols < 0 || cols % 4 != 0)
        throw std::invalid_argument("TwoFourMatrix: 2:4 pruning needs cols divisible by 4, got " +
                                    std::to_string(cols));
    TwoFourMatrix matrix;
    matrix.rows_ = rows;
    matrix.cols_ = cols;
    const int64_t groups = rows * cols / 4;
    matrix.values_ = AlignedBuffer<float>(size_t(groups * 2));
    matrix.metadata_ = AlignedBuffer<uint8_t>(size_t((groups + 1) / 2));
    for (int64_t g = 0; g < groups; ++g) {
        const float* group = dense + 4 * g;
        // The two largest magnitudes; strict comparisons keep the lower index on ties.
        int best = 0;
        for (int i = 1; i < 4; ++i)
            if (std::fabs(group[i]) > std::fabs(group[best]))
                best = i;
        int runnerUp = best == 0 ? 1 : 0;
        for (int i = 0; i < 4; ++i)
            if (i != best && std::fabs(group[i]) > std::fabs(group[runnerUp]))
                runnerUp = i;
        const int lo = std::min(best, runnerUp);
        const int hi = std::max(best, runnerUp);
        matrix.values_[size_t(2 * g)] = group[lo];
        matrix.values_[size_t(2 * g + 1)] = group[hi];
        matrix.metadata_[size_t(g / 2)] |= uint8_t((lo | hi << 2) << (4 * (g & 1)));
    }
    return matrix;
}

void TwoFourMatrix::toDense(float* dense) const {
    std::memset(dense, 0, size_t(rows_ * cols_) * sizeof(float));
    const int64_t groups = rows_ * cols_ / 4;
    for (int64_t g = 0; g < groups; ++g) {
        dense[4 * g + first(g)] = values_[size_t(2 * g)];
        dense[4 * g + second(g)] = values_[size_t(2 * g + 1)];
    }
}

}  // namespace costscope
