// The naive and the tiled FP32 GEMM kernels.
#include "kernels/gpu/OwnSgemm.h"

#include "kernels/gpu/Checked.h"

namespace costscope {
namespace {

constexpr int kNaiveBlock = 16;

// C (m x n) = W (m x k) * X (k x n), all row-major. Threads along x walk a row of C, so the
// reads of X's rows are coalesced and W's element is broadcast.
__global__ void naiveSgemm(const float* __restrict__ w, const float* __restrict__ x,
                           float* __restrict__ c, int m, int n, int k) {
    const int j = blockIdx.x * blockDim.x + threadIdx.x;
    const int i = blockIdx.y * blockDim.y + threadIdx.y;
    if (i >= m || j >= n)
        return;
    float sum = 0.0f;
    for (int p = 0; p < k; ++p)
        sum = fmaf(w[size_t(i) * k + p], x[size_t(p) * n + j], sum);
    c[size_t(i) * n + j] = sum;
}

constexpr int kTileM = 64;
constexpr int kTileN = 64;
constexpr int kTileK = 8;
constexpr int kThreads = 256;
constexpr int kPerThread = 4;                        // 4 x 4 outputs per thread
constexpr int kThreadsAcross = kTileN / kPerThread;  // 16

__global__ void __launch_bounds__(kThreads)
    tiledSgemm(const float* __restrict__ w, const float* __restrict__ x, float* __restrict__ c,
               int m, int n, int k) {
    // W's tile is stored transposed, so the inner loop reads one row of each tile.
    __shared__ float wTile[kTileK][kTileM];
    __shared__ float xTile[kTileK][kTileN];
    const int row0 = blockIdx.y * kTileM;
    const int col0 = blockIdx.x * kTileN;
    const int tid = threadIdx.x;
    // A thread's outputs are 16 rows and 16 columns apart: the xTile reads of a warp then hit
    // 16 consecutive words (no bank conflicts) and the wTile reads are broadcasts.
    const int tr = tid / kThreadsAcross;
    const int tc = tid % kThreadsAcross;
    float acc[kPerThread][kPerThread] = {};

    for (int p0 = 0; p0 < k; p0 += kTileK) {
        for (int e = tid; e < kTileM * kTileK; e += kThreads) {
            const int r = e / kTileK, q = e % kTileK;
            const int i = row0 + r, p = p0 + q;
            wTile[q][r] = (i < m && p < k) ? w[size_t(i) * k + p] : 0.0f;
        }
        for (int e = tid; e < kTileK * kTileN; e += kThreads) {
            const int q = e / kTileN, cc = e % kTileN;
            const int p = p0 + q, j = col0 + cc;
            xTile[q][cc] = (p < k && j < n) ? x[size_t(p) * n + j] : 0.0f;
        }
        __syncthreads();
#pragma unroll
        for (int q = 0; q < kTileK; ++q) {
            float a[kPerThread], b[kPerThread];
#pragma unroll
            for (int t = 0; t < kPerThread; ++t) {
                a[t] = wTile[q][tr + t * kThreadsAcross];
                b[t] = xTile[q][tc + t * kThreadsAcross];
            }
#pragma unroll
            for (int r = 0; r < kPerThread; ++r)
#pragma unroll
                for (int s = 0; s < kPerThread; ++s)
                    acc[r][s] = fmaf(a[r], b[s], acc[r][s]);
        }
        __syncthreads();
    }
#pragma unroll
    for (int r = 0; r < kPerThread; ++r) {
        const int i = row0 + tr + r * kThreadsAcross;
#pragma unroll
        for (int s = 0; s < kPerThread; ++s) {
            const int j = col0 + tc + s * kThreadsAcross;
            if (i < m && j < n)
                c[size_t(i) * n + j] = acc[r][s];
        }
    }
}

}  // namespace

OwnSgemm::OwnSgemm(VariantSpec spec) : GpuVariant(std::move(spec)) {
    if (this->spec().backend != "naive" && this->spec().backend != "tiled")
        throw std::invalid_argument(this->spec().name() + ": no such costscope GPU kernel");
    if (this->spec().precision != "fp32")
        throw std::invalid_argument(this->spec().name() + ": our GPU kernels are FP32 only");
    tiled_ = this->spec().backend == "tiled";
    // Grid y counts row blocks: at most 65535 of them.
    const int64_t rowsPerBlock = tiled_ ? kTileM : kNaiveBlock;
    if ((this->spec().m + rowsPerBlock - 1) / rowsPerBlock > 65535)
        throw Unsupported(this->spec().name() + ": m exceeds the kernel's grid (" +
                          std::to_string(65535 * rowsPerBlock) + " rows)");
}

void OwnSgemm::prepare() {
    w_ = DeviceBuffer<float>(size_t(spec().m * spec().k));
    COSTSCOPE_CHECK(cudaMemcpyAsync(w_.data(), operands().w.data(), w_.bytes(),
                                    cudaMemcpyHostToDevice, stream()));
}

void OwnSgemm::release() noexcept {
    w_ = {};
}

void OwnSgemm::launch() {
    const int m = int(spec().m), n = int(spec().n), k = int(spec().k);
    if (tiled_) {
        const dim3 grid(unsigned((n + kTileN - 1) / kTileN), unsigned((m + kTileM - 1) / kTileM));
        tiledSgemm<<<grid, kThreads, 0, stream()>>>(w_.data(), deviceX(), deviceC(), m, n, k);
        COSTSCOPE_CHECK_LAUNCH("tiledSgemm");
    } else {
        const dim3 block(kNaiveBlock, kNaiveBlock);
        const dim3 grid(unsigned((n + kNaiveBlock - 1) / kNaiveBlock),
                        unsigned((m + kNaiveBlock - 1) / kNaiveBlock));
        naiveSgemm<<<grid, block, 0, stream()>>>(w_.data(), deviceX(), deviceC(), m, n, k);
        COSTSCOPE_CHECK_LAUNCH("naiveSgemm");
    }
}

std::optional<std::vector<double>> OwnSgemm::kernelReference() {
    return std::nullopt;  // FP32 originals
}

int64_t OwnSgemm::weightBytes() const {
    return spec().m * spec().k * int64_t(sizeof(float));
}

std::string OwnSgemm::implementation() const {
    return tiled_ ? "costscope tiled SGEMM 64x64x8 tiles, 4x4 outputs per thread, 256 threads"
                  : "costscope naive SGEMM, one thread per output, 16x16 threads per block";
}

}  // namespace costscope
