// Magnitude-pruned FP32 GEMM with W in CSR, through librsb's SpMM (backend "librsb").
#pragma once

#include <memory>

#include "kernels/CpuVariant.h"
#include "kernels/CsrMatrix.h"

struct rsb_mtx_t;

namespace costscope {

class RsbGemm : public CpuVariant {
  public:
    explicit RsbGemm(VariantSpec spec);

    void setUp() override;
    void run() override;
    Quality check() override;
    // The CSR the matrix was built from (values, column indices, row pointers): librsb's own
    // recursive layout is internal and varies with its autotuning.
    int64_t weightBytes() const override;
    std::string implementation() const override;
    int threads() const override;

  private:
    struct Free {
        void operator()(rsb_mtx_t* matrix) const;
    };
    CsrMatrix w_;
    std::unique_ptr<rsb_mtx_t, Free> matrix_;
};

}  // namespace costscope
