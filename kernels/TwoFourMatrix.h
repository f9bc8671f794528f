// A 2:4 structured-sparse matrix: two kept values per group of four along a row, plus indices.
#pragma once

#include <cstdint>

#include "kernels/AlignedBuffer.h"

namespace costscope {

class TwoFourMatrix {
  public:
    TwoFourMatrix() = default;

    // Prunes a dense row-major rows x cols matrix (cols divisible by 4) to 2:4: in every group
    // of four consecutive entries of a row, the two of largest |w| are kept (the lower index
    // wins a tie). Throws std::invalid_argument when cols is not a multiple of 4.
    static TwoFourMatrix fromDense(const float* dense, int64_t rows, int64_t cols);
    // Writes the pruned dense row-major matrix (two non-zeros at most per group of four).
    void toDense(float* dense) const;

    int64_t rows() const { return rows_; }
    int64_t cols() const { return cols_; }
    // rows x cols/2 kept values, group by group; within a group in index order.
    const float* values() const { return values_.data(); }
    // The positions (0..3) of group g's two kept values, g counting groups row by row.
    int first(int64_t group) const { return nibble(group) & 3; }
    int second(int64_t group) const { return nibble(group) >> 2; }
    // Four bits per group, two groups per byte: group g lives in byte g / 2, low nibble when g
    // is even. Bits 0-1 hold the first kept position, bits 2-3 the second (first < second).
    const uint8_t* metadata() const { return metadata_.data(); }
    // Stored bytes: values and metadata.
    int64_t bytes() const { return int64_t(values_.size() * sizeof(float) + metadata_.size()); }

  private:
    int nibble(int64_t group) const {
        return (metadata_[size_t(group / 2)] >> (4 * (group & 1))) & 15;
    }

    int64_t rows_ = 0;
    int64_t cols_ = 0;
    AlignedBuffer<float> values_;
    AlignedBuffer<uint8_t> metadata_;
};

}  // namespace costscope
