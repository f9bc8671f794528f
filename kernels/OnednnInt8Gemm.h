// INT8 GEMM through oneDNN matmul, from FP32 activations to FP32 output.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>

#include <unordered_map>
#include <vector>

#include "kernels/CpuVariant.h"
#include "kernels/Int8Matrix.h"

namespace costscope {

// Weights: symmetric per output channel (per row of W), quantized in setUp. Activations:
// symmetric per tensor, scale max|x|/127 calibrated once in setUp from X, quantized in every
// run() as a user's int8 layer would. int32 accumulation, FP32 output dequantized by oneDNN's
// output scales (scale_x * scale_w[i]).
//
// oneDNN 2.6 only applies per-channel output scales along dst's last dimension and has only a
// reference implementation for a transposed dst, so the product is computed transposed,
// C^T(n x m) = X^T * W^T, where the channels lie along the last dimension, and C is recovered by
// a transposing reorder. run() therefore is: quantize X (reorder f32 -> s8, transposing), the
// matmul, the transposing reorder of C^T into C.
class OnednnInt8Gemm : public CpuVariant {
  public:
    explicit OnednnInt8Gemm(VariantSpec spec);

    void setUp() override;
    void run() override;
    Quality check() override;
    int64_t weightBytes() const override;
    std::string implementation() const override;
    int threads() const override;

  private:
    // Packs per-row int8 codes of W (m x k) into oneDNN's weights layout for W^T.
    dnnl::memory packWeights(const Int8Matrix& w8, const dnnl::memory::desc& packed);

    dnnl::engine engine_;
    dnnl::stream stream_;
    // One scale per row of W. The int8 codes themselves live only in wPacked_, so the peak
    // memory of run() holds the weight once; check() quantizes the regenerated W again.
    std::vector<float> wScales_;
    float xScale_ = 1.0f;
    dnnl::reorder quantizeX_;
    dnnl::matmul matmul_;
    dnnl::reorder transposeC_;
    dnnl::memory x32_;  // X as given (f32, k x n row-major, viewed as X^T in "ba")
    dnnl::memory x8_;   // X^T quantized, n x k row-major
    dnnl::memory wPacked_;
    dnnl::memory cT_;  // C^T, n x m row-major
    dnnl::memory cUser_;
    std::unordered_map<int, dnnl::memory> matmulArgs_;
    std::string implementation_;
};

}  // namespace costscope
