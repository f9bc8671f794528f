// 2:4-pruned FP32 GEMM through our own kernel that exploits the fixed pattern.
#pragma once

#include "kernels/CpuVariant.h"
#include "kernels/SimdPath.h"
#include "kernels/SpmmWorkspace.h"
#include "kernels/TwoFourMatrix.h"

namespace costscope {

class TwoFourGemm : public CpuVariant {
  public:
    // Throws std::invalid_argument when k is not a multiple of 4.
    explicit TwoFourGemm(VariantSpec spec, SimdPath path = bestSimdPath());

    void setUp() override;
    void run() override;
    Quality check() override;
    int64_t weightBytes() const override;
    std::string implementation() const override;
    int threads() const override;

  private:
    SimdPath path_;
    TwoFourMatrix w_;
    SpmmWorkspace workspace_;  // built in setUp(), so that run() never allocates
};

}  // namespace costscope
