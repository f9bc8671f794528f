// One INT8 product through oneDNN matmul, FP32 activations in, FP32 result out: the piece the INT8
// GEMM variant and the INT8 model layers share.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "kernels/Int8Matrix.h"

namespace costscope {

// C(m x n) = W(m x k) * X(k x n), FP32 row-major C and X. Weights: symmetric per output channel
// (an Int8Matrix quantized per row), packed once at construction. Activations: symmetric per
// tensor with a scale given at construction, quantized in every execute() as a user's int8
// layer would. int32 accumulation, FP32 output dequantized by oneDNN's output scales
// (scale_x * scale_w[i]).
//
// oneDNN 2.6 only applies per-channel output scales along dst's last dimension and has only a
// reference implementation for a transposed dst, so the product is computed transposed,
// C^T(n x m) = X^T * W^T, where the channels lie along the last dimension, and C is recovered by
// a transposing reorder. execute() therefore is: quantize X (reorder f32 -> s8, transposing), the
// matmul, the transposing reorder of C^T into C.
class OnednnInt8Product {
  public:
    OnednnInt8Product() = default;
    // x (k x n) and c (m x n) are the caller's buffers that every execute() reads and writes;
    // they must outlive this object. Throws Unsupported when oneDNN has no optimised int8
    // matmul on this CPU.
    OnednnInt8Product(const dnnl::engine& engine, dnnl::stream& stream, const Int8Matrix& w8,
                      int64_t n, float xScale, const float* x, float* c);

    // Enqueues the three steps on the stream; the caller waits.
    void execute(dnnl::stream& stream);

    // Packs per-row int8 codes of W (m x k) into this product's weights layout, with the
    // padding zeroed, so that two packings of the same codes compare byte for byte.
    dnnl::memory pack(const Int8Matrix& w8, dnnl::stream& stream) const;
    const dnnl::memory& packedWeights() const { return wPacked_; }
    const std::vector<float>& weightScales() const { return wScales_; }
    float activationScale() const { return xScale_; }
    // X^T as the last execute() quantized it: n x k row-major int8 codes.
    const int8_t* activationCodes() const;
    // The int8 codes and the FP32 scales, as Int8Matrix::bytes() counts them.
    int64_t weightBytes() const { return m_ * k_ + int64_t(wScales_.size() * sizeof(float)); }
    // oneDNN's implementation of the matmul and of the two reorders.
    const std::string& implementation() const { return implementation_; }

  private:
    dnnl::engine engine_;
    int64_t m_ = 0;
    int64_t k_ = 0;
    // One scale per row of W. The int8 codes themselves live only in wPacked_, so the weight is
    // held once.
    std::vector<float> wScales_;
    float xScale_ = 1.0f;
    dnnl::reorder quantizeX_;
    dnnl::matmul matmul_;
    dnnl::reorder transposeC_;
    dnnl::memory x32_;                // X as given (f32, k x n row-major, viewed as X^T in "ba")
    dnnl::memory x8_;                 // X^T quantized, n x k row-major
    dnnl::memory::desc weightsDesc_;  // oneDNN's packed layout for W^T
    dnnl::memory wPacked_;
    dnnl::memory cT_;  // C^T, n x m row-major
    dnnl::memory cUser_;
    std::unordered_map<int, dnnl::memory> matmulArgs_;
    std::string implementation_;
};

}  // namespace costscope
