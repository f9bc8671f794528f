// 2:4 structured-sparse GEMM through cuSPARSELt (FP16 operands, FP32 accumulation).
#pragma once

#include "kernels/gpu/CusparseLtLibrary.h"
#include "kernels/gpu/DeviceBuffer.h"
#include "kernels/gpu/GpuVariant.h"

namespace costscope {

// The weight is pruned on the host with the CPU 2:4 variant's selection (TwoFourMatrix: the two
// largest |w| of every four along a row, i.e. along k), rounded to FP16, checked with
// cusparseLtSpMMAPruneCheck and compressed on the device once. Per call: X to FP16, the sparse
// product into an FP16 C (the output type cuSPARSELt offers with FP16 inputs), C to FP32.
// cuSPARSELt wants m, n and k multiples of 16 for 16-bit types; other shapes are Unsupported.
class CusparseLtGemm : public GpuVariant {
  public:
    explicit CusparseLtGemm(VariantSpec spec);
    ~CusparseLtGemm() override;

    void launch() override;
    int64_t weightBytes() const override;
    std::string implementation() const override;

  private:
    void prepare() override;
    void release() noexcept override;
    std::optional<std::vector<double>> kernelReference() override;

    const cusparselt::Api* api_ = nullptr;
    cusparselt::Handle handle_{};
    cusparselt::MatDescriptor w_{};
    cusparselt::MatDescriptor x_{};
    cusparselt::MatDescriptor c_{};
    cusparselt::MatmulDescriptor matmul_{};
    cusparselt::MatmulAlgSelection selection_{};
    cusparselt::MatmulPlan plan_{};
    // Which of the above were initialised, so release() destroys exactly those.
    int initialised_ = 0;
    DeviceBuffer<unsigned char> compressed_;
    DeviceBuffer<unsigned char> workspace_;
    DeviceBuffer<unsigned short> x16_;  // FP16 bit patterns
    DeviceBuffer<unsigned short> c16_;
    int configId_ = -1;
    int configMaxId_ = 0;  // CUSPARSELT_MATMUL_ALG_CONFIG_MAX_ID: the largest id, not a count
};

}  // namespace costscope
