// Quantized GEMM through cuBLASLt: INT8 (int32 accumulation) and FP8 E4M3 (FP32 accumulation).
#pragma once

#include <cublasLt.h>

#include <vector>

#include "kernels/gpu/DeviceBuffer.h"
#include "kernels/gpu/GpuVariant.h"

namespace costscope {

// Both run column-major as C^T (n x m) = X^T W^T in the "TN" layout cuBLASLt's int8 and fp8
// kernels require: A = X^T stored as n x k row-major (transposed while quantizing, per call),
// B = W^T, i.e. W (m x k row-major) in place.
//
// int8: the scheme of the CPU variant (OnednnInt8Gemm), so errors compare: W symmetric per
// output channel (Int8Matrix::quantizePerRow), X symmetric per tensor with the scale calibrated
// once in setUp (max|x|/127), quantized on the device in every call; int32 accumulators
// (CUBLAS_COMPUTE_32I) dequantized to FP32 by a small kernel (acc * scale_w[i] * scale_x).
// cuBLASLt's int8 kernels want k and n multiples of 4; other shapes are Unsupported.
//
// fp8: E4M3 with per-tensor scales max|.|/448 for W and X (cuBLASLt's A/B scale pointers), FP32
// accumulation and FP32 output. Needs compute capability 8.9 or newer and m, n, k multiples of
// 16.
class CublasLtGemm : public GpuVariant {
  public:
    explicit CublasLtGemm(VariantSpec spec);
    ~CublasLtGemm() override;

    void launch() override;
    int64_t weightBytes() const override;
    std::string implementation() const override;

  private:
    void prepare() override;
    void release() noexcept override;
    std::optional<std::vector<double>> kernelReference() override;

    bool fp8_ = false;
    cublasLtHandle_t handle_ = nullptr;
    cublasLtMatmulDesc_t matmul_ = nullptr;
    cublasLtMatrixLayout_t a_ = nullptr;
    cublasLtMatrixLayout_t b_ = nullptr;
    cublasLtMatrixLayout_t c_ = nullptr;
    cublasLtMatmulPreference_t preference_ = nullptr;
    cublasLtMatmulAlgo_t algorithm_{};
    DeviceBuffer<unsigned char> workspace_;
    DeviceBuffer<int8_t> w8_;            // int8 codes or E4M3 bit patterns, m x k row-major
    DeviceBuffer<int8_t> x8_;            // the same for X^T, n x k row-major
    DeviceBuffer<int32_t> accumulator_;  // int8: the int32 product, m x n row-major
    DeviceBuffer<float> scales_;         // int8: one per row of W; fp8: {scale_x, scale_w}
    std::vector<float> wScales_;
    float xScale_ = 1.0f;
    std::string implementation_;
};

}  // namespace costscope
