// Dense FP32 GEMM through OpenBLAS cblas_sgemm.
#pragma once

#include "kernels/CpuVariant.h"

namespace costscope {

class OpenblasGemm : public CpuVariant {
  public:
    explicit OpenblasGemm(VariantSpec spec);

    void setUp() override;
    void run() override;
    Quality check() override;
    int64_t weightBytes() const override;
    std::string implementation() const override;
    int threads() const override;
};

}  // namespace costscope
