// Conversions between dense row-major matrices and CSR.
#include "kernels/CsrMatrix.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace costscope {

CsrMatrix CsrMatrix::fromDense(const float* dense, int64_t rows, int64_t cols) {
    if (rows < 0 || cols < 0 || rows > kMaxIndex || cols > kMaxIndex)
        throw std::invalid_argument("CsrMatrix: extents must lie in 0..INT32_MAX");
    const int64_t nonZeros = int64_t(rows * cols) - std::count(dense, dense + rows * cols, 0.0f);
    if (nonZeros > kMaxIndex)
        throw std::invalid_argument("CsrMatrix: more non-zeros than int32 row pointers can index");

    CsrMatrix csr;
    csr.rows_ = rows;
    csr.cols_ = cols;
    csr.values_ = AlignedBuffer<float>(size_t(nonZeros));
    csr.columns_ = AlignedBuffer<int32_t>(size_t(nonZeros));
    csr.rowPointers_ = AlignedBuffer<int32_t>(size_t(rows + 1));
    int32_t next = 0;
    for (int64_t i = 0; i < rows; ++i) {
        csr.rowPointers_[size_t(i)] = next;
        for (int64_t j = 0; j < cols; ++j) {
            const float v = dense[i * cols + j];
            if (v != 0.0f) {
                csr.values_[size_t(next)] = v;
                csr.columns_[size_t(next)] = int32_t(j);
                ++next;
            }
        }
    }
    csr.rowPointers_[size_t(rows)] = next;
    return csr;
}

void CsrMatrix::toDense(float* dense) const {
    std::memset(dense, 0, size_t(rows_ * cols_) * sizeof(float));
    for (int64_t i = 0; i < rows_; ++i)
        for (int32_t p = rowPointers_[size_t(i)]; p < rowPointers_[size_t(i + 1)]; ++p)
            dense[i * cols_ + columns_[size_t(p)]] = values_[size_t(p)];
}

int64_t CsrMatrix::bytes() const {
    return int64_t(values_.size() * sizeof(float) + columns_.size() * sizeof(int32_t) +
                   rowPointers_.size() * sizeof(int32_t));
}

}  // namespace costscope
