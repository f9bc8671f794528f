// INT8 GEMM through oneDNN matmul, from FP32 activations to FP32 output.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>

#include "kernels/CpuVariant.h"
#include "kernels/Int8Matrix.h"
#include "kernels/OnednnInt8Product.h"

namespace costscope {

// The INT8 product of kernels/OnednnInt8Product.h on the generated operands: weights per output
// channel, quantized in setUp(); activations per tensor, scale max|x|/127 calibrated once in
// setUp() from X, quantized in every run().
class OnednnInt8Gemm : public CpuVariant {
  public:
    explicit OnednnInt8Gemm(VariantSpec spec);

    void setUp() override;
    void run() override;
    Quality check() override;
    int64_t weightBytes() const override;
    std::string implementation() const override;
    int threads() const override;

  private:
    dnnl::engine engine_;
    dnnl::stream stream_;
    OnednnInt8Product product_;
};

}  // namespace costscope
