// Dense FP32 GEMM through OpenBLAS cblas_sgemm.
#include "kernels/OpenblasGemm.h"

#include <cblas.h>

#include "kernels/IdleThreads.h"

namespace costscope {

OpenblasGemm::OpenblasGemm(VariantSpec spec) : CpuVariant(std::move(spec)) {}

void OpenblasGemm::setUp() {
    generateOperands();
    waitForIdleThreads();
}

void OpenblasGemm::run() {
    const int m = int(rows()), n = int(spec().n), k = int(spec().k);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, operands_.w.data(), k,
                operands_.x.data(), n, 0.0f, c_.data(), n);
}

Quality OpenblasGemm::check() {
    return compareWithDense();
}

int64_t OpenblasGemm::weightBytes() const {
    return rows() * spec().k * int64_t(sizeof(float));
}

std::string OpenblasGemm::implementation() const {
    // The core OpenBLAS picked at run time (its kernels differ per core) and its build config.
    return std::string("OpenBLAS ") + openblas_get_corename() + " (" + openblas_get_config() + ")";
}

int OpenblasGemm::threads() const {
    return openblas_get_num_threads();
}

}  // namespace costscope
