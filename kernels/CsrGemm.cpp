// Magnitude-pruned FP32 GEMM through our CSR SpMM kernel.
#include "kernels/CsrGemm.h"

#include <omp.h>

#include "kernels/CsrSpmm.h"
#include "kernels/MagnitudePruning.h"
#include "kernels/Reference.h"

namespace costscope {

CsrGemm::CsrGemm(VariantSpec spec, SimdPath path) : CpuVariant(std::move(spec)), path_(path) {
    if (!simdPathSupported(path_))
        throw Unsupported("this CPU cannot run the " + simdPathName(path_) + " path");
}

void CsrGemm::setUp() {
    generateOperands();
    AlignedBuffer<float> pruned = operands_.w.copy();
    pruneByMagnitude(pruned.span(), spec().sparsity);
    w_ = CsrMatrix::fromDense(pruned.data(), spec().m, spec().k);
    releaseOriginals(/*keepActivations=*/true);
    settleThreads();
}

void CsrGemm::run() {
    csrSpmm(w_, operands_.x.data(), c_.data(), spec().n, path_);
}

Quality CsrGemm::check() {
    AlignedBuffer<float> pruned(size_t(spec().m * spec().k));
    w_.toDense(pruned.data());
    return compare(fp64Product(pruned.data(), operands_.x.data(), spec().m, spec().n, spec().k));
}

int64_t CsrGemm::weightBytes() const {
    return w_.bytes();
}

std::string CsrGemm::implementation() const {
    return "costscope CSR SpMM, " + simdPathName(path_) + ", OpenMP";
}

int CsrGemm::threads() const {
    return omp_get_max_threads();
}

}  // namespace costscope
