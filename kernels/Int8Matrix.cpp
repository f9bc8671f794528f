// Symmetric int8 quantization, per row or per tensor, and dequantization in FP64.
#include "kernels/Int8Matrix.h"

#include <algorithm>
#include <cmath>

namespace costscope {
namespace {

int8_t quantize(float value, float scale) {
    // nearbyint rounds to nearest even in the default mode, as oneDNN's reorders do.
    const float code = std::nearbyint(value / scale);
    return int8_t(std::clamp(code, -127.0f, 127.0f));
}

}  // namespace

float Int8Matrix::symmetricScale(std::span<const float> values) {
    float largest = 0.0f;
    for (const float v : values)
        largest = std::max(largest, std::fabs(v));
    return largest > 0.0f ? largest / 127.0f : 1.0f;
}

Int8Matrix Int8Matrix::quantizePerRow(const float* dense, int64_t rows, int64_t cols) {
    Int8Matrix matrix;
    matrix.rows_ = rows;
    matrix.cols_ = cols;
    matrix.codes_ = AlignedBuffer<int8_t>(size_t(rows * cols));
    matrix.scales_.resize(size_t(rows));
    for (int64_t i = 0; i < rows; ++i) {
        const float* row = dense + i * cols;
        const float scale = symmetricScale({row, size_t(cols)});
        matrix.scales_[size_t(i)] = scale;
        for (int64_t j = 0; j < cols; ++j)
            matrix.codes_[size_t(i * cols + j)] = quantize(row[j], scale);
    }
    return matrix;
}

Int8Matrix Int8Matrix::quantizeWithScale(const float* dense, int64_t rows, int64_t cols,
                                         float scale) {
    Int8Matrix matrix;
    matrix.rows_ = rows;
    matrix.cols_ = cols;
    matrix.codes_ = AlignedBuffer<int8_t>(size_t(rows * cols));
    matrix.scales_ = {scale};
    for (int64_t i = 0; i < rows * cols; ++i)
        matrix.codes_[size_t(i)] = quantize(dense[i], scale);
    return matrix;
}

std::vector<double> Int8Matrix::dequantize() const {
    std::vector<double> dense(size_t(rows_ * cols_));
    for (int64_t i = 0; i < rows_; ++i) {
        const double scale = scaleOfRow(i);
        for (int64_t j = 0; j < cols_; ++j)
            dense[size_t(i * cols_ + j)] = double(codes_[size_t(i * cols_ + j)]) * scale;
    }
    return dense;
}

}  // namespace costscope
