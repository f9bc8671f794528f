// The conversion, quantization and dequantization kernels the library variants need per call.
#include "kernels/gpu/Conversions.h"

#include <algorithm>

#include "kernels/gpu/Checked.h"

namespace costscope::gpu {
namespace {

constexpr int kThreads = 256;

// Enough blocks to fill any current GPU; grid-stride loops cover the rest.
unsigned blocksFor(size_t count) {
    return unsigned(std::min<size_t>((count + kThreads - 1) / kThreads, 65536));
}

template <class In, class Out>
__device__ Out convertOne(In value);
template <>
__device__ __half convertOne(float value) {
    return __float2half_rn(value);
}
template <>
__device__ __nv_bfloat16 convertOne(float value) {
    return __float2bfloat16_rn(value);
}
template <>
__device__ float convertOne(__half value) {
    return __half2float(value);
}

template <class In, class Out>
__global__ void convertKernel(const In* __restrict__ in, Out* __restrict__ out, size_t count) {
    for (size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x; i < count;
         i += size_t(gridDim.x) * blockDim.x)
        out[i] = convertOne<In, Out>(in[i]);
}

template <class In, class Out>
void launchConvert(const In* in, Out* out, size_t count, cudaStream_t stream) {
    if (count == 0)
        return;
    convertKernel<<<blocksFor(count), kThreads, 0, stream>>>(in, out, count);
    COSTSCOPE_CHECK_LAUNCH("convertKernel");
}

__device__ int8_t quantizeOne(float value, float scale, int8_t*) {
    // __float2int_rn rounds to nearest even, like nearbyint in Int8Matrix.
    return int8_t(max(-127, min(127, __float2int_rn(value / scale))));
}
__device__ __nv_fp8_e4m3 quantizeOne(float value, float scale, __nv_fp8_e4m3*) {
    // The constructor rounds to nearest even and saturates to the largest finite value.
    return __nv_fp8_e4m3(value / scale);
}

constexpr int kTile = 32;

// A 32 x 32 tile per block through shared memory, so that both the FP32 reads of X's rows and
// the code writes of X^T's rows are coalesced. Block: 32 x 8 threads.
template <class Code>
__global__ void quantizeTransposedKernel(const float* __restrict__ x, Code* __restrict__ xT,
                                         int64_t k, int64_t n, float scale) {
    __shared__ float tile[kTile][kTile + 1];
    const int64_t p0 = int64_t(blockIdx.y) * kTile;  // rows of X
    const int64_t j0 = int64_t(blockIdx.x) * kTile;  // columns of X
    for (int r = threadIdx.y; r < kTile; r += blockDim.y) {
        const int64_t p = p0 + r, j = j0 + threadIdx.x;
        if (p < k && j < n)
            tile[r][threadIdx.x] = x[p * n + j];
    }
    __syncthreads();
    for (int r = threadIdx.y; r < kTile; r += blockDim.y) {
        const int64_t j = j0 + r, p = p0 + threadIdx.x;
        if (p < k && j < n)
            xT[j * k + p] = quantizeOne(tile[threadIdx.x][r], scale, static_cast<Code*>(nullptr));
    }
}

template <class Code>
void launchQuantizeTransposed(const float* x, Code* xT, int64_t k, int64_t n, float scale,
                              cudaStream_t stream) {
    const dim3 block(kTile, 8);
    const dim3 grid(unsigned((n + kTile - 1) / kTile), unsigned((k + kTile - 1) / kTile));
    quantizeTransposedKernel<<<grid, block, 0, stream>>>(x, xT, k, n, scale);
    COSTSCOPE_CHECK_LAUNCH("quantizeTransposedKernel");
}

// One pass over C (m x n, row-major): int32 accumulators dequantized (rowScales given) or FP32
// values taken as they are, plus the row's bias (when given), then ReLU (when asked). `in` may be
// `c` itself (the FP32 case works in place), so neither is __restrict__.
template <class In>
__global__ void epilogueKernel(const In* in, const float* __restrict__ rowScales, float scale,
                               const float* __restrict__ bias, bool relu, float* c, int64_t m,
                               int64_t n) {
    const size_t count = size_t(m) * size_t(n);
    for (size_t e = size_t(blockIdx.x) * blockDim.x + threadIdx.x; e < count;
         e += size_t(gridDim.x) * blockDim.x) {
        const size_t row = e / size_t(n);
        float value = rowScales ? float(in[e]) * (rowScales[row] * scale) : float(in[e]);
        if (bias)
            value += bias[row];
        if (relu)
            value = fmaxf(value, 0.0f);
        c[e] = value;
    }
}

}  // namespace

void convert(const float* in, __half* out, size_t count, cudaStream_t stream) {
    launchConvert(in, out, count, stream);
}
void convert(const float* in, __nv_bfloat16* out, size_t count, cudaStream_t stream) {
    launchConvert(in, out, count, stream);
}
void convert(const __half* in, float* out, size_t count, cudaStream_t stream) {
    launchConvert(in, out, count, stream);
}

void quantizeTransposed(const float* x, int8_t* xT, int64_t k, int64_t n, float scale,
                        cudaStream_t stream) {
    launchQuantizeTransposed(x, xT, k, n, scale, stream);
}
void quantizeTransposed(const float* x, __nv_fp8_e4m3* xT, int64_t k, int64_t n, float scale,
                        cudaStream_t stream) {
    launchQuantizeTransposed(x, xT, k, n, scale, stream);
}

void dequantize(const int32_t* acc, const float* rowScales, float scale, float* c, int64_t m,
                int64_t n, cudaStream_t stream, const float* bias, bool relu) {
    const size_t count = size_t(m) * size_t(n);
    if (count == 0)
        return;
    epilogueKernel<<<blocksFor(count), kThreads, 0, stream>>>(acc, rowScales, scale, bias, relu, c,
                                                              m, n);
    COSTSCOPE_CHECK_LAUNCH("epilogueKernel (dequantize)");
}

void addBias(float* c, const float* bias, int64_t m, int64_t n, bool relu, cudaStream_t stream) {
    const size_t count = size_t(m) * size_t(n);
    if (count == 0)
        return;
    epilogueKernel<<<blocksFor(count), kThreads, 0, stream>>>(static_cast<const float*>(c),
                                                              static_cast<const float*>(nullptr),
                                                              1.0f, bias, relu, c, m, n);
    COSTSCOPE_CHECK_LAUNCH("epilogueKernel (bias)");
}

}  // namespace costscope::gpu
