// Magnitude-pruned FP32 GEMM through LIBXSMM's spmdm (backend "libxsmm"), C = W X with W in
// spmdm's CSR slices (kernels/LibxsmmProduct.h: the orientation is ours, sparse on the left).
#pragma once

#include <memory>

#include "kernels/CpuVariant.h"
#include "kernels/LibxsmmProduct.h"

namespace costscope {

class LibxsmmGemm : public CpuVariant {
  public:
    explicit LibxsmmGemm(VariantSpec spec);

    // Prunes W, then converts it into spmdm's slices (untimed, as every backend's conversion).
    void setUp() override;
    void run() override;
    Quality check() override;
    int64_t weightBytes() const override;
    std::string implementation() const override;
    int threads() const override;

  private:
    std::unique_ptr<LibxsmmProduct> product_;
};

}  // namespace costscope
