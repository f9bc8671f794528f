// Dense GEMM through cuBLAS: FP32 (no TF32), TF32, FP16 and BF16 with FP32 accumulation.
#pragma once

#include <cublas_api.h>

#include <memory>

#include "kernels/gpu/DeviceBuffer.h"
#include "kernels/gpu/GpuVariant.h"

namespace costscope {

// cublasGemmEx, column-major: C (m x n row-major) is C^T (n x m column-major), so the call
// computes C^T = X^T W^T with X^T (n x k) and W^T (k x m) read in place. FP16 and BF16: the
// weight is rounded once in setUp; the activations are rounded on the device in every call.
// Output FP32 throughout.
class CublasGemm : public GpuVariant {
  public:
    explicit CublasGemm(VariantSpec spec);

    void launch() override;
    int64_t weightBytes() const override;
    std::string implementation() const override;

  private:
    void prepare() override;
    void release() noexcept override;
    std::optional<std::vector<double>> kernelReference() override;

    struct HandleDeleter {
        void operator()(cublasContext* handle) const noexcept;
    };
    std::unique_ptr<cublasContext, HandleDeleter> handle_;
    DeviceBuffer<float> w32_;           // fp32, tf32
    DeviceBuffer<unsigned short> w16_;  // fp16, bf16 bit patterns
    DeviceBuffer<unsigned short> x16_;
    DeviceBuffer<unsigned char> workspace_;
    std::string implementation_;
};

}  // namespace costscope
