// Dense GEMM through oneDNN matmul: FP32, or BF16 inputs with FP32 accumulation and output.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>

#include <unordered_map>
#include <vector>

#include "kernels/CpuVariant.h"

namespace costscope {

class OnednnGemm : public CpuVariant {
  public:
    // spec.precision: fp32 or bf16.
    explicit OnednnGemm(VariantSpec spec);

    void setUp() override;
    void run() override;
    Quality check() override;
    int64_t weightBytes() const override;
    std::string implementation() const override;
    int threads() const override;

  private:
    bool bf16() const { return spec().precision == "bf16"; }

    dnnl::engine engine_;
    dnnl::stream stream_;
    dnnl::matmul matmul_;
    std::string implementation_;
    // BF16 copies of W and X (converted in setUp, as stored weights and activations that are
    // already BF16 would be); unused for FP32, which reads the operands in place.
    dnnl::memory w16_;
    dnnl::memory x16_;
    std::unordered_map<int, dnnl::memory> args_;
};

}  // namespace costscope
