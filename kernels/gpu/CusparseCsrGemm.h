// Unstructured-sparse GEMM through cuSPARSE SpMM: CSR weight (FP32) times dense activations.
#pragma once

#include <cusparse.h>

#include "kernels/gpu/CusparseSpmm.h"
#include "kernels/gpu/DeviceBuffer.h"
#include "kernels/gpu/GpuVariant.h"

namespace costscope {

// The weight is pruned by magnitude exactly as the CPU CSR variants prune it (pruneByMagnitude,
// CsrMatrix with int32 indices) and uploaded once; X and C are row-major dense matrices. The
// product is planned in setUp (planSpmm: CUSPARSE_SPMM_CSR_ALG2, or the default algorithm).
class CusparseCsrGemm : public GpuVariant {
  public:
    explicit CusparseCsrGemm(VariantSpec spec);
    ~CusparseCsrGemm() override;

    void launch() override;
    int64_t weightBytes() const override;
    std::string implementation() const override;

  private:
    void prepare() override;
    void release() noexcept override;
    std::optional<std::vector<double>> kernelReference() override;

    cusparseHandle_t handle_ = nullptr;
    cusparseSpMatDescr_t w_ = nullptr;
    cusparseDnMatDescr_t x_ = nullptr;
    cusparseDnMatDescr_t c_ = nullptr;
    DeviceBuffer<float> values_;
    DeviceBuffer<int32_t> columns_;
    DeviceBuffer<int32_t> rowPointers_;
    SpmmPlan plan_;
    int64_t nonZeros_ = 0;
    int64_t csrBytes_ = 0;
};

}  // namespace costscope
