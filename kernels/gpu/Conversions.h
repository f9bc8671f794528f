// Small device kernels around the libraries: conversions, (de)quantization, bias and ReLU.
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_fp8.h>
#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>

namespace costscope::gpu {

// Elementwise, round to nearest even. Each enqueues one kernel on stream and checks its launch.
void convert(const float* in, __half* out, size_t count, cudaStream_t stream);
void convert(const float* in, __nv_bfloat16* out, size_t count, cudaStream_t stream);
void convert(const __half* in, float* out, size_t count, cudaStream_t stream);

// X (k x n, row-major FP32) to codes of X^T (n x k, row-major): the transposed operand that
// cuBLASLt's int8 and fp8 kernels need (A transposed, "TN"). int8: round-to-nearest-even of
// x / scale clamped to [-127, 127], as Int8Matrix (and oneDNN) quantize. fp8: x / scale to E4M3,
// round to nearest, saturated to +-448.
void quantizeTransposed(const float* x, int8_t* xT, int64_t k, int64_t n, float scale,
                        cudaStream_t stream);
void quantizeTransposed(const float* x, __nv_fp8_e4m3* xT, int64_t k, int64_t n, float scale,
                        cudaStream_t stream);

// C (m x n, row-major FP32) = acc * rowScales[i] * scale: int32 accumulators to FP32 with
// per-output-channel weight scales and the per-tensor activation scale. A layer's epilogue in
// the same pass: plus bias[i] when bias is given (m values), then max(., 0) when relu.
void dequantize(const int32_t* acc, const float* rowScales, float scale, float* c, int64_t m,
                int64_t n, cudaStream_t stream, const float* bias = nullptr, bool relu = false);

// C (m x n, row-major FP32) += bias[i] on row i, then max(., 0) when relu, in place: the
// epilogue of an FP32 layer whose product the library wrote.
void addBias(float* c, const float* bias, int64_t m, int64_t n, bool relu, cudaStream_t stream);

}  // namespace costscope::gpu
