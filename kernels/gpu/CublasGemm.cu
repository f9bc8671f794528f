// Dense GEMM through cublasGemmEx in FP32, TF32, FP16 and BF16.
#include "kernels/gpu/CublasGemm.h"

#include <cublas_v2.h>
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <cstring>

#include "kernels/Reference.h"
#include "kernels/gpu/Checked.h"
#include "kernels/gpu/Conversions.h"

namespace costscope {
namespace {

// cuBLAS's recommended workspace on Hopper; set explicitly so no call allocates.
constexpr size_t kWorkspaceBytes = size_t(32) << 20;

// FP32 to TF32 (10 explicit mantissa bits), round to nearest even: what the tensor cores see.
float roundToTf32(float value) {
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    if ((bits & 0x7f800000u) != 0x7f800000u) {  // finite
        bits += 0xfffu + ((bits >> 13) & 1u);
        bits &= 0xffffe000u;
    }
    float rounded;
    std::memcpy(&rounded, &bits, sizeof rounded);
    return rounded;
}

// The operand as the kernel's precision holds it, widened to FP64.
std::vector<double> rounded(const AlignedBuffer<float>& values, const std::string& precision) {
    float (*round)(float) = roundToTf32;
    if (precision == "fp16")
        round = [](float v) { return __half2float(__float2half_rn(v)); };
    else if (precision == "bf16")
        round = [](float v) { return __bfloat162float(__float2bfloat16_rn(v)); };
    std::vector<double> out(values.size());
    for (size_t i = 0; i < values.size(); ++i)
        out[i] = round(values[i]);
    return out;
}

}  // namespace

CublasGemm::CublasGemm(VariantSpec spec) : GpuVariant(std::move(spec)) {}

void CublasGemm::HandleDeleter::operator()(cublasContext* handle) const noexcept {
    cublasDestroy(handle);
}

void CublasGemm::prepare() {
    const auto& p = spec().precision;
    const int64_t m = operands().m, k = spec().k, n = spec().n;
    cublasHandle_t handle = nullptr;
    COSTSCOPE_CHECK(cublasCreate(&handle));
    handle_.reset(handle);
    COSTSCOPE_CHECK(cublasSetStream(handle, stream()));
    workspace_ = DeviceBuffer<unsigned char>(kWorkspaceBytes);
    COSTSCOPE_CHECK(cublasSetWorkspace(handle, workspace_.data(), workspace_.bytes()));
    // Default math: FP32 stays FP32 (TF32 only where the compute type asks for it).
    COSTSCOPE_CHECK(cublasSetMathMode(handle, CUBLAS_DEFAULT_MATH));

    const float* w = operands().w.data();
    if (p == "fp32" || p == "tf32") {
        w32_ = upload(w, size_t(m * k), stream());
    } else if (p == "fp16" || p == "bf16") {
        std::vector<unsigned short> host(size_t(m * k));
        for (size_t i = 0; i < host.size(); ++i) {
            if (p == "fp16") {
                const __half h = __float2half_rn(w[i]);
                std::memcpy(&host[i], &h, sizeof h);
            } else {
                const __nv_bfloat16 b = __float2bfloat16_rn(w[i]);
                std::memcpy(&host[i], &b, sizeof b);
            }
        }
        w16_ = upload(host.data(), host.size(), stream());
        x16_ = DeviceBuffer<unsigned short>(size_t(k * n));
    } else {
        throw std::invalid_argument(spec().name() + ": cuBLAS variant has no precision '" + p +
                                    "'");
    }

    int version = 0;
    COSTSCOPE_CHECK(cublasGetVersion(handle, &version));
    const char* compute = p == "fp32"   ? "CUBLAS_COMPUTE_32F, CUBLAS_DEFAULT_MATH (no TF32)"
                          : p == "tf32" ? "CUBLAS_COMPUTE_32F_FAST_TF32"
                          : p == "fp16" ? "FP16 inputs, CUBLAS_COMPUTE_32F"
                                        : "BF16 inputs, CUBLAS_COMPUTE_32F";
    implementation_ = "cuBLAS " + std::to_string(version / 10000) + "." +
                      std::to_string(version / 100 % 100) + "." + std::to_string(version % 100) +
                      " cublasGemmEx, " + compute + ", FP32 output, CUBLAS_GEMM_DEFAULT";
    if (p == "fp16" || p == "bf16")
        implementation_ += " (activations rounded on the device per call)";
}

void CublasGemm::release() noexcept {
    x16_ = {};
    w16_ = {};
    w32_ = {};
    handle_.reset();
    workspace_ = {};
}

void CublasGemm::launch() {
    const auto& p = spec().precision;
    const int m = int(operands().m), n = int(spec().n), k = int(spec().k);
    const float alpha = 1.0f, beta = 0.0f;
    const void* x = deviceX();
    const void* w = w32_.data();
    cudaDataType type = CUDA_R_32F;
    cublasComputeType_t compute = CUBLAS_COMPUTE_32F;
    if (p == "tf32") {
        compute = CUBLAS_COMPUTE_32F_FAST_TF32;
    } else if (p == "fp16") {
        gpu::convert(deviceX(), reinterpret_cast<__half*>(x16_.data()), x16_.size(), stream());
        type = CUDA_R_16F;
    } else if (p == "bf16") {
        gpu::convert(deviceX(), reinterpret_cast<__nv_bfloat16*>(x16_.data()), x16_.size(),
                     stream());
        type = CUDA_R_16BF;
    }
    if (type != CUDA_R_32F) {
        x = x16_.data();
        w = w16_.data();
    }
    // Column-major C^T (n x m, ld n) = X^T (n x k, ld n) * W^T (k x m, ld k).
    COSTSCOPE_CHECK(cublasGemmEx(handle_.get(), CUBLAS_OP_N, CUBLAS_OP_N, n, m, k, &alpha, x, type,
                                 n, w, type, k, &beta, deviceC(), CUDA_R_32F, n, compute,
                                 CUBLAS_GEMM_DEFAULT));
}

std::optional<std::vector<double>> CublasGemm::kernelReference() {
    if (spec().precision == "fp32")
        return std::nullopt;
    const auto w = rounded(operands().w, spec().precision);
    const auto x = rounded(operands().x, spec().precision);
    return fp64Product(w.data(), x.data(), operands().m, spec().n, spec().k);
}

int64_t CublasGemm::weightBytes() const {
    const int64_t elementBytes = spec().precision == "fp32" || spec().precision == "tf32" ? 4 : 2;
    return operands().m * spec().k * elementBytes;
}

std::string CublasGemm::implementation() const {
    return implementation_;
}

}  // namespace costscope
