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
    // X as given (f32, k x n row-major): the input of every call.
    dnnl::memory x32_;
    // BF16 only (FP32 reads the operands in place): W converted once in setUp, as a stored
    // BF16 weight; X converted by convertX_ into x16_ in every run().
    dnnl::memory w16_;
    dnnl::memory x16_;
    dnnl::reorder convertX_;
    std::unordered_map<int, dnnl::memory> args_;
};

}  // namespace costscope
