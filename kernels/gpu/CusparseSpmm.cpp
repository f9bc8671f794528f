// cusparseSpMM planning with the fallback to the default algorithm.
#include "kernels/gpu/CusparseSpmm.h"

#include <algorithm>

#include "kernels/gpu/Checked.h"

namespace costscope {
namespace {

constexpr float kAlpha = 1.0f;
constexpr float kBeta = 0.0f;
constexpr cusparseOperation_t kPlain = CUSPARSE_OPERATION_NON_TRANSPOSE;

}  // namespace

SpmmPlan planSpmm(cusparseHandle_t handle, cusparseSpMatDescr_t w, cusparseDnMatDescr_t x,
                  cusparseDnMatDescr_t c) {
    SpmmPlan plan;
    plan.algorithm = CUSPARSE_SPMM_CSR_ALG2;
    size_t bytes = 0;
    if (cusparseSpMM_bufferSize(handle, kPlain, kPlain, &kAlpha, w, x, &kBeta, c, CUDA_R_32F,
                                plan.algorithm, &bytes) == CUSPARSE_STATUS_NOT_SUPPORTED)
        plan.algorithm = CUSPARSE_SPMM_ALG_DEFAULT;
    COSTSCOPE_CHECK(cusparseSpMM_bufferSize(handle, kPlain, kPlain, &kAlpha, w, x, &kBeta, c,
                                            CUDA_R_32F, plan.algorithm, &bytes));
    plan.buffer = DeviceBuffer<unsigned char>(std::max<size_t>(bytes, 1));
    COSTSCOPE_CHECK(cusparseSpMM_preprocess(handle, kPlain, kPlain, &kAlpha, w, x, &kBeta, c,
                                            CUDA_R_32F, plan.algorithm, plan.buffer.data()));
    return plan;
}

void runSpmm(cusparseHandle_t handle, SpmmPlan& plan, cusparseSpMatDescr_t w,
             cusparseDnMatDescr_t x, cusparseDnMatDescr_t c) {
    COSTSCOPE_CHECK(cusparseSpMM(handle, kPlain, kPlain, &kAlpha, w, x, &kBeta, c, CUDA_R_32F,
                                 plan.algorithm, plan.buffer.data()));
}

const char* algorithmName(cusparseSpMMAlg_t algorithm) {
    switch (algorithm) {
        case CUSPARSE_SPMM_CSR_ALG2:
            return "CUSPARSE_SPMM_CSR_ALG2";
        case CUSPARSE_SPMM_ALG_DEFAULT:
            return "CUSPARSE_SPMM_ALG_DEFAULT";
        default:
            return "another cusparseSpMM algorithm";
    }
}

}  // namespace costscope
