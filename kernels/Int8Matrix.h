// Symmetric int8 quantization: a matrix of int8 codes with one scale per row (or one in all).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "kernels/AlignedBuffer.h"

namespace costscope {

class Int8Matrix {
  public:
    Int8Matrix() = default;

    // Symmetric per-row (per output channel) quantization: scale_i = max_j |a_ij| / 127, code =
    // round-to-nearest-even(a / scale) clamped to [-127, 127], so |a - code * scale| <= scale/2.
    // A row of zeros gets scale 1 (any scale represents it exactly).
    static Int8Matrix quantizePerRow(const float* dense, int64_t rows, int64_t cols);
    // Symmetric per-tensor quantization with the given scale (clamped to [-127, 127]).
    static Int8Matrix quantizeWithScale(const float* dense, int64_t rows, int64_t cols,
                                        float scale);
    // max |a| / 127, the per-tensor symmetric scale (1 when all are zero).
    static float symmetricScale(std::span<const float> values);

    // code * scale in FP64, row-major: the operand the int8 kernel effectively multiplies.
    std::vector<double> dequantize() const;

    int64_t rows() const { return rows_; }
    int64_t cols() const { return cols_; }
    const int8_t* codes() const { return codes_.data(); }
    // One scale per row (per-row quantization) or a single one (per-tensor).
    const std::vector<float>& scales() const { return scales_; }
    float scaleOfRow(int64_t row) const {
        return scales_.size() == 1 ? scales_[0] : scales_[size_t(row)];
    }
    // Stored bytes: the int8 codes and the FP32 scales.
    int64_t bytes() const { return int64_t(codes_.size() + scales_.size() * sizeof(float)); }

  private:
    int64_t rows_ = 0;
    int64_t cols_ = 0;
    AlignedBuffer<int8_t> codes_;
    std::vector<float> scales_;
};

}  // namespace costscope
