// INT8 and FP8 GEMM through cuBLASLt with the heuristic's first algorithm.
#include "kernels/gpu/CublasLtGemm.h"

#include <cuda_fp8.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "kernels/Int8Matrix.h"
#include "kernels/Reference.h"
#include "kernels/gpu/Checked.h"
#include "kernels/gpu/Conversions.h"

namespace costscope {
namespace {

constexpr size_t kWorkspaceBytes = size_t(32) << 20;
constexpr float kE4m3Max = 448.0f;

float fp8Scale(std::span<const float> values) {
    float largest = 0.0f;
    for (const float v : values)
        largest = std::max(largest, std::fabs(v));
    return largest > 0.0f ? largest / kE4m3Max : 1.0f;
}

// E4M3 codes of values / scale, as the device's conversion makes them (round to nearest even,
// saturating).
std::vector<__nv_fp8_e4m3> fp8Codes(std::span<const float> values, float scale) {
    std::vector<__nv_fp8_e4m3> codes(values.size());
    for (size_t i = 0; i < values.size(); ++i)
        codes[i] = __nv_fp8_e4m3(values[i] / scale);
    return codes;
}

template <class T>
void setAttribute(cublasLtMatmulDesc_t desc, cublasLtMatmulDescAttributes_t attribute,
                  const T& value) {
    COSTSCOPE_CHECK(cublasLtMatmulDescSetAttribute(desc, attribute, &value, sizeof value));
}

}  // namespace

CublasLtGemm::CublasLtGemm(VariantSpec spec) : GpuVariant(std::move(spec)) {
    const VariantSpec& s = this->spec();
    fp8_ = s.precision == "fp8";
    if (!fp8_ && s.precision != "int8")
        throw std::invalid_argument(s.name() + ": the cuBLASLt variant is int8 or fp8");
    if (fp8_ && (s.m % 16 != 0 || s.n % 16 != 0 || s.k % 16 != 0))
        throw Unsupported(s.name() + ": cuBLASLt's FP8 kernels need m, n and k multiples of 16");
    if (!fp8_ && (s.k % 4 != 0 || s.n % 4 != 0))
        throw Unsupported(s.name() + ": cuBLASLt's int8 kernels need k and n multiples of 4");
}

CublasLtGemm::~CublasLtGemm() {
    release();
}

void CublasLtGemm::prepare() {
    const int64_t m = operands().m, n = spec().n, k = spec().k;
    const auto& props = deviceProperties();
    if (fp8_ && props.major * 10 + props.minor < 89)
        throw Unsupported("FP8 needs compute capability 8.9 or newer; this device has " +
                          computeCapability());

    // The weight, quantized on the host once.
    const std::span<const float> w = operands().w.span();
    if (fp8_) {
        wScales_ = {fp8Scale(w)};
        xScale_ = fp8Scale(operands().x.span());
        const auto codes = fp8Codes(w, wScales_[0]);
        static_assert(sizeof(__nv_fp8_e4m3) == sizeof(int8_t));
        w8_ = upload(reinterpret_cast<const int8_t*>(codes.data()), codes.size(), stream());
        const float scales[2] = {xScale_, wScales_[0]};  // A = X^T, B = W^T
        scales_ = upload(scales, 2, stream());
    } else {
        const Int8Matrix quantized = Int8Matrix::quantizePerRow(w.data(), m, k);
        wScales_ = quantized.scales();
        xScale_ = Int8Matrix::symmetricScale(operands().x.span());
        w8_ = upload(quantized.codes(), size_t(m * k), stream());
        scales_ = upload(wScales_.data(), wScales_.size(), stream());
        accumulator_ = DeviceBuffer<int32_t>(size_t(m * n));
    }
    x8_ = DeviceBuffer<int8_t>(size_t(n * k));
    workspace_ = DeviceBuffer<unsigned char>(kWorkspaceBytes);

    const cudaDataType codeType = fp8_ ? CUDA_R_8F_E4M3 : CUDA_R_8I;
    const cudaDataType outType = fp8_ ? CUDA_R_32F : CUDA_R_32I;
    COSTSCOPE_CHECK(cublasLtCreate(&handle_));
    COSTSCOPE_CHECK(cublasLtMatmulDescCreate(
        &matmul_, fp8_ ? CUBLAS_COMPUTE_32F : CUBLAS_COMPUTE_32I, fp8_ ? CUDA_R_32F : CUDA_R_32I));
    setAttribute(matmul_, CUBLASLT_MATMUL_DESC_TRANSA, cublasOperation_t(CUBLAS_OP_T));
    setAttribute(matmul_, CUBLASLT_MATMUL_DESC_TRANSB, cublasOperation_t(CUBLAS_OP_N));
    if (fp8_) {
        // Device pointers to the per-tensor scales: D = scale_a * scale_b * (A B).
        setAttribute(matmul_, CUBLASLT_MATMUL_DESC_A_SCALE_POINTER,
                     static_cast<const void*>(scales_.data()));
        setAttribute(matmul_, CUBLASLT_MATMUL_DESC_B_SCALE_POINTER,
                     static_cast<const void*>(scales_.data() + 1));
    }
    // Column-major layouts of the stored matrices: A = X^T's storage (k x n, ld k, transposed
    // by TRANSA), B = W^T's (k x m, ld k), C = D = C^T (n x m, ld n).
    COSTSCOPE_CHECK(cublasLtMatrixLayoutCreate(&a_, codeType, uint64_t(k), uint64_t(n), k));
    COSTSCOPE_CHECK(cublasLtMatrixLayoutCreate(&b_, codeType, uint64_t(k), uint64_t(m), k));
    COSTSCOPE_CHECK(cublasLtMatrixLayoutCreate(&c_, outType, uint64_t(n), uint64_t(m), n));

    COSTSCOPE_CHECK(cublasLtMatmulPreferenceCreate(&preference_));
    const uint64_t workspaceBytes = workspace_.bytes();
    COSTSCOPE_CHECK(cublasLtMatmulPreferenceSetAttribute(preference_,
                                                         CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES,
                                                         &workspaceBytes, sizeof workspaceBytes));
    cublasLtMatmulHeuristicResult_t result{};
    int found = 0;
    const cublasStatus_t status = cublasLtMatmulAlgoGetHeuristic(handle_, matmul_, a_, b_, c_, c_,
                                                                 preference_, 1, &result, &found);
    if (status == CUBLAS_STATUS_NOT_SUPPORTED || (status == CUBLAS_STATUS_SUCCESS && found == 0))
        throw Unsupported(spec().name() + ": cuBLASLt has no " + spec().precision +
                          " algorithm for this shape on compute capability " + computeCapability());
    COSTSCOPE_CHECK(status);
    algorithm_ = result.algo;

    int algorithmId = -1;
    size_t written = 0;
    cublasLtMatmulAlgoConfigGetAttribute(&algorithm_, CUBLASLT_ALGO_CONFIG_ID, &algorithmId,
                                         sizeof algorithmId, &written);
    const size_t version = cublasLtGetVersion();
    implementation_ = "cuBLASLt " + std::to_string(version / 10000) + "." +
                      std::to_string(version / 100 % 100) + "." + std::to_string(version % 100) +
                      " cublasLtMatmul TN, " +
                      (fp8_ ? "E4M3 x E4M3, CUBLAS_COMPUTE_32F, per-tensor scales, FP32 output"
                            : "int8 x int8, CUBLAS_COMPUTE_32I, int32 output dequantized "
                              "per channel") +
                      ", heuristic algorithm id " + std::to_string(algorithmId) +
                      " (activations quantized on the device per call)";
}

void CublasLtGemm::release() noexcept {
    if (preference_)
        cublasLtMatmulPreferenceDestroy(preference_);
    if (c_)
        cublasLtMatrixLayoutDestroy(c_);
    if (b_)
        cublasLtMatrixLayoutDestroy(b_);
    if (a_)
        cublasLtMatrixLayoutDestroy(a_);
    if (matmul_)
        cublasLtMatmulDescDestroy(matmul_);
    if (handle_)
        cublasLtDestroy(handle_);
    preference_ = nullptr;
    c_ = b_ = a_ = nullptr;
    matmul_ = nullptr;
    handle_ = nullptr;
    workspace_ = {};
    accumulator_ = {};
    scales_ = {};
    x8_ = {};
    w8_ = {};
}

void CublasLtGemm::launch() {
    const int64_t m = operands().m, n = spec().n, k = spec().k;
    if (fp8_) {
        gpu::quantizeTransposed(deviceX(), reinterpret_cast<__nv_fp8_e4m3*>(x8_.data()), k, n,
                                xScale_, stream());
        const float alpha = 1.0f, beta = 0.0f;
        COSTSCOPE_CHECK(cublasLtMatmul(handle_, matmul_, &alpha, x8_.data(), a_, w8_.data(), b_,
                                       &beta, deviceC(), c_, deviceC(), c_, &algorithm_,
                                       workspace_.data(), workspace_.bytes(), stream()));
    } else {
        gpu::quantizeTransposed(deviceX(), x8_.data(), k, n, xScale_, stream());
        const int32_t alpha = 1, beta = 0;
        COSTSCOPE_CHECK(cublasLtMatmul(handle_, matmul_, &alpha, x8_.data(), a_, w8_.data(), b_,
                                       &beta, accumulator_.data(), c_, accumulator_.data(), c_,
                                       &algorithm_, workspace_.data(), workspace_.bytes(),
                                       stream()));
        gpu::dequantize(accumulator_.data(), scales_.data(), xScale_, deviceC(), m, n, stream());
    }
}

std::optional<std::vector<double>> CublasLtGemm::kernelReference() {
    const int64_t m = operands().m, n = spec().n, k = spec().k;
    // The activation codes the kernel multiplied, read back from the device (X^T, n x k).
    std::vector<int8_t> xCodes(x8_.size());
    COSTSCOPE_CHECK(
        cudaMemcpyAsync(xCodes.data(), x8_.data(), x8_.bytes(), cudaMemcpyDeviceToHost, stream()));
    COSTSCOPE_CHECK(cudaStreamSynchronize(stream()));
    std::vector<double> x(size_t(k * n));
    std::vector<double> w;
    if (fp8_) {
        for (int64_t j = 0; j < n; ++j)
            for (int64_t p = 0; p < k; ++p) {
                __nv_fp8_e4m3 code;
                std::memcpy(&code, &xCodes[size_t(j * k + p)], 1);
                x[size_t(p * n + j)] = double(float(code)) * double(xScale_);
            }
        const auto codes = fp8Codes(operands().w.span(), wScales_[0]);
        w.resize(codes.size());
        for (size_t i = 0; i < codes.size(); ++i)
            w[i] = double(float(codes[i])) * double(wScales_[0]);
    } else {
        for (int64_t j = 0; j < n; ++j)
            for (int64_t p = 0; p < k; ++p)
                x[size_t(p * n + j)] = double(xCodes[size_t(j * k + p)]) * double(xScale_);
        const Int8Matrix quantized = Int8Matrix::quantizePerRow(operands().w.data(), m, k);
        if (quantized.scales() != wScales_)
            throw std::logic_error("CublasLtGemm: the re-quantized weight has other scales");
        w = quantized.dequantize();
    }
    return fp64Product(w.data(), x.data(), m, n, k);
}

int64_t CublasLtGemm::weightBytes() const {
    // One byte per code plus the FP32 scales, as Int8Matrix::bytes() counts them.
    return operands().m * spec().k + int64_t(wScales_.size() * sizeof(float));
}

std::string CublasLtGemm::implementation() const {
    return implementation_;
}

}  // namespace costscope
