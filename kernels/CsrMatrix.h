// A sparse matrix in compressed sparse row form (float values, int32 indices).
#pragma once

#include <cstdint>
#include <limits>

#include "kernels/AlignedBuffer.h"

namespace costscope {

class CsrMatrix {
  public:
    // Row pointers and column indices are int32 (librsb's index type, and half the bytes of
    // int64 in a format whose point is to be small): at most this many entries and columns.
    static constexpr int64_t kMaxIndex = std::numeric_limits<int32_t>::max();

    CsrMatrix() = default;

    // Keeps the non-zero entries of a dense row-major rows x cols matrix, in row order and,
    // within a row, in column order. Throws std::invalid_argument when an extent or the
    // non-zero count exceeds kMaxIndex: a caller's bug, since the variants refuse such shapes
    // (Unsupported) before they prune.
    static CsrMatrix fromDense(const float* dense, int64_t rows, int64_t cols);
    // Writes the dense row-major matrix back (zeros where no entry is stored).
    void toDense(float* dense) const;

    int64_t rows() const { return rows_; }
    int64_t cols() const { return cols_; }
    int64_t nonZeros() const { return int64_t(values_.size()); }
    const float* values() const { return values_.data(); }
    const int32_t* columnIndices() const { return columns_.data(); }
    // rows + 1 entries; row i's entries are [rowPointers()[i], rowPointers()[i + 1]).
    const int32_t* rowPointers() const { return rowPointers_.data(); }
    // Stored bytes: values, column indices and row pointers.
    int64_t bytes() const;

  private:
    int64_t rows_ = 0;
    int64_t cols_ = 0;
    AlignedBuffer<float> values_;
    AlignedBuffer<int32_t> columns_;
    AlignedBuffer<int32_t> rowPointers_;
};

}  // namespace costscope
