// 2:4-pruned FP32 GEMM through our 2:4 SpMM kernel.
#include "kernels/TwoFourGemm.h"

#include <omp.h>

#include "kernels/IdleThreads.h"
#include "kernels/Reference.h"
#include "kernels/TwoFourSpmm.h"

namespace costscope {

TwoFourGemm::TwoFourGemm(VariantSpec spec, SimdPath path)
    : CpuVariant(std::move(spec)), path_(path) {
    if (this->spec().k % 4 != 0)
        throw std::invalid_argument(this->spec().name() + ": 2:4 pruning needs k divisible by 4");
    if (!simdPathSupported(path_))
        throw Unsupported("this CPU cannot run the " + simdPathName(path_) + " path");
}

void TwoFourGemm::setUp() {
    generateOperands();
    w_ = TwoFourMatrix::fromDense(operands_.w.data(), spec().m, spec().k);
    workspace_ = SpmmWorkspace(spec().k, spec().n);
    releaseOriginals(/*keepActivations=*/true);
    waitForIdleThreads();
}

void TwoFourGemm::run() {
    twoFourSpmm(w_, operands_.x.data(), c_.data(), spec().n, workspace_, path_);
}

Quality TwoFourGemm::check() {
    AlignedBuffer<float> pruned(size_t(spec().m * spec().k));
    w_.toDense(pruned.data());
    return compare(fp64Product(pruned.data(), operands_.x.data(), spec().m, spec().n, spec().k));
}

int64_t TwoFourGemm::weightBytes() const {
    return w_.bytes();
}

std::string TwoFourGemm::implementation() const {
    return "costscope 2:4 SpMM, " + simdPathName(path_) + ", OpenMP";
}

int TwoFourGemm::threads() const {
    return omp_get_max_threads();
}

}  // namespace costscope
