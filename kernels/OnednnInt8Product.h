// One INT8 product through oneDNN matmul, FP32 activations in, FP32 result out: the piece the INT8
// GEMM variant and the INT8 model layers share.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "kernels/AlignedBuffer.h"
#include "kernels/Int8Matrix.h"

namespace costscope {

// C(m x n) = W(m x k) * X(k x n), FP32 row-major C and X. Weights: symmetric per output channel
// (an Int8Matrix quantized per row), stored once at construction. Activations: symmetric per
// tensor with a scale given at construction, quantized in every execute() as a user's int8
// layer would: code = round-to-nearest-even(x * (1 / scale)) clamped to [-127, 127]. int32
// accumulation; C = float(acc) * (scale_x * scale_w[i]), the scale product rounded to FP32 once,
// as oneDNN's output scales would.
//
// The matmul is oneDNN's dst = src * weights with src = W and weights = X, so C comes out in its
// own layout (the earlier scheme computed C^T = X^T W^T and paid two transposing reorders, about
// as much time again as the matmul). oneDNN 2.6 has no cheap per-row scale in this orientation:
// output scales apply along dst's last dimension only, and a binary post-op with an m x 1 tensor
// needs a 3-D matmul, which gets no blocked weights layout (the matmul then repacks X in every
// call) and works out each row index with two integer divisions per vector; at 1024^3 on a 2-core
// Xeon that cost 15 % of the matmul. So execute() is three passes:
//   1. X is quantized straight into the matmul's blocked (VNNI) weights layout, with the column
//      sums oneDNN needs for the zero point after the codes: one pass over X;
//   2. the matmul, u8 * s8 -> s32 into C's own buffer. W is held as code + 128 (u8) with a source
//      zero point of 128: VNNI multiplies u8 by s8, and oneDNN's s8 * s8 path shifts every
//      source byte in its inner loop (20 % slower here) where the zero point costs one vector
//      add per block of output columns;
//   3. C's int32 accumulators are scaled per row into FP32, in place.
// tests/benchmarks/int8_matmul times it against the bare matmul (docs/benchmarks.md).
class OnednnInt8Product {
  public:
    // oneDNN 2.6's int8 weights layout BA16a<block>b4a, read from the matmul's weights desc:
    // column blocks of `block`, each a run of 64-row blocks, each 16 x block x 4 bytes (four
    // consecutive rows of a column side by side, the operand of one VNNI multiply-add); then
    // one int32 per padded column, minus the column's sum (the zero point's compensation).
    struct VnniBlocks {
        int64_t paddedK = 0;       // rows, rounded up to 64
        int64_t paddedN = 0;       // columns, rounded up to `block`
        int64_t block = 0;         // columns per block, a multiple of 16
        int64_t kBlockStride = 0;  // bytes from one 64-row block to the next
        int64_t nBlockStride = 0;  // bytes from one column block to the next
    };

    // Why this CPU cannot run the product (the first refusal of the constructor that does not
    // depend on the shape), or "" when it can.
    static std::string cpuRefusal();

    OnednnInt8Product() = default;
    // x (k x n) and c (m x n) are the caller's buffers that every execute() reads and writes;
    // they must outlive this object. Throws Unsupported when this CPU has no AVX-512 VNNI (oneDNN
    // 2.6's int8 matmul without it sums pairs of products in 16 bits, which saturates for
    // full-range codes), when oneDNN has only a reference int8 matmul, or when it asks for a
    // weights layout other than the one step 1 writes.
    OnednnInt8Product(const dnnl::engine& engine, const Int8Matrix& w8, int64_t n, float xScale,
                      const float* x, float* c);

    // The three steps; waits for the matmul, so C is complete on return.
    void execute(dnnl::stream& stream);

    // W's int8 codes as the matmul multiplies them (m x k row-major, the 128 taken off).
    std::vector<int8_t> weightCodes() const;
    const std::vector<float>& weightScales() const { return wScales_; }
    float activationScale() const { return xScale_; }
    // X's int8 codes as the last execute() packed them, read back by a oneDNN reorder: k x n
    // row-major.
    std::vector<int8_t> activationCodes(dnnl::stream& stream) const;
    // X's codes in the matmul's weights layout, the zero point's compensation after them.
    const dnnl::memory& packedActivations() const { return x8_; }
    // The int8 codes and the FP32 scales, as Int8Matrix::bytes() counts them.
    int64_t weightBytes() const { return m_ * k_ + int64_t(wScales_.size() * sizeof(float)); }
    // oneDNN's implementation of the matmul, and what costscope does around it.
    const std::string& implementation() const { return implementation_; }

  private:
    dnnl::engine engine_;
    int64_t m_ = 0;
    int64_t n_ = 0;
    int64_t k_ = 0;
    const float* x_ = nullptr;
    float* c_ = nullptr;
    // W's codes + 128, m x k row-major: the weight is held once, in the form the matmul reads.
    AlignedBuffer<uint8_t> wShifted_;
    std::vector<float> wScales_;
    float xScale_ = 1.0f;
    // scale_x * scale_w[i], rounded to FP32 once.
    std::vector<float> rowScales_;
    VnniBlocks blocks_;
    dnnl::matmul matmul_;
    dnnl::memory x8_;  // X's codes in the matmul's weights layout
    std::unordered_map<int, dnnl::memory> matmulArgs_;
    std::string implementation_;
};

}  // namespace costscope
