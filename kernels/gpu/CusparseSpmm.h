// cusparseSpMM of a CSR weight by a row-major dense matrix, planned once: the GEMM variant's
// and the mlp's CSR layers run through here.
#pragma once

#include <cusparse.h>

#include "kernels/gpu/DeviceBuffer.h"

namespace costscope {

struct SpmmPlan {
    cusparseSpMMAlg_t algorithm = CUSPARSE_SPMM_ALG_DEFAULT;
    DeviceBuffer<unsigned char> buffer;  // sized and preprocessed for `algorithm`
};

// C = W X with FP32 values. CUSPARSE_SPMM_CSR_ALG2 is made for row-major X and C; where this
// cuSPARSE refuses it for the shape (CUSPARSE_STATUS_NOT_SUPPORTED), the default algorithm is
// planned instead, and algorithmName() says which ran.
SpmmPlan planSpmm(cusparseHandle_t handle, cusparseSpMatDescr_t w, cusparseDnMatDescr_t x,
                  cusparseDnMatDescr_t c);
// Enqueues one product on the handle's stream.
void runSpmm(cusparseHandle_t handle, SpmmPlan& plan, cusparseSpMatDescr_t w,
             cusparseDnMatDescr_t x, cusparseDnMatDescr_t c);
const char* algorithmName(cusparseSpMMAlg_t algorithm);

}  // namespace costscope
