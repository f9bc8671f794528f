// Magnitude-pruned FP32 GEMM through our CSR SpMM kernel.
#include "kernels/CsrGemm.h"

#include <omp.h>

#include <string>

#include "kernels/CsrSpmm.h"
#include "kernels/IdleThreads.h"
#include "kernels/MagnitudePruning.h"
#include "kernels/Reference.h"

namespace costscope {

CsrGemm::CsrGemm(VariantSpec spec, SimdPath path) : CpuVariant(std::move(spec)), path_(path) {
    if (!simdPathSupported(path_))
        throw Unsupported("this CPU cannot run the " + simdPathName(path_) + " path");
    // Refused here, before setUp() allocates and prunes a copy of the weight: a limit of the
    // format for this shape, not a failure.
    const VariantSpec& s = this->spec();
    const int64_t nonZeros = s.m * s.k - prunedCount(s.m * s.k, s.sparsity);
    if (nonZeros > CsrMatrix::kMaxIndex)
        throw Unsupported(s.name() + ": " + std::to_string(nonZeros) +
                          " non-zeros, more than CSR's int32 row pointers can index (2^31 - 1)");
}

void CsrGemm::setUp() {
    generateOperands();
    AlignedBuffer<float> pruned = operands_.w.copy();
    pruneByMagnitude(pruned.span(), spec().sparsity);
    product_ = CsrSpmm(CsrMatrix::fromDense(pruned.data(), spec().m, spec().k), spec().n, path_);
    workspace_ = SpmmWorkspace(spec().k, spec().n);
    releaseOriginals(/*keepActivations=*/true);
    waitForIdleThreads();
}

void CsrGemm::run() {
    product_.multiply(operands_.x.data(), c_.data(), workspace_);
}

Quality CsrGemm::check() {
    AlignedBuffer<float> pruned(size_t(spec().m * spec().k));
    product_.toDense(pruned.data());
    return compare(fp64Product(pruned.data(), operands_.x.data(), spec().m, spec().n, spec().k));
}

int64_t CsrGemm::weightBytes() const {
    return product_.bytes();
}

std::string CsrGemm::implementation() const {
    return product_.implementation();
}

int CsrGemm::threads() const {
    return omp_get_max_threads();
}

}  // namespace costscope
