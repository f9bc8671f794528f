// Magnitude-pruned FP32 GEMM with W in CSR, through our own SpMM kernel (backend "costscope").
#pragma once

#include "kernels/CpuVariant.h"
#include "kernels/CsrSpmm.h"
#include "kernels/SimdPath.h"
#include "kernels/SpmmWorkspace.h"

namespace costscope {

class CsrGemm : public CpuVariant {
  public:
    // path: the SIMD path of the kernel, the widest the CPU has unless a test asks for another.
    explicit CsrGemm(VariantSpec spec, SimdPath path = bestSimdPath());

    void setUp() override;
    void run() override;
    Quality check() override;
    int64_t weightBytes() const override;
    std::string implementation() const override;
    int threads() const override;

  private:
    SimdPath path_;
    CsrSpmm product_;          // W in the layout its walk reads, built in setUp()
    SpmmWorkspace workspace_;  // built in setUp(), so that run() never allocates
};

}  // namespace costscope
