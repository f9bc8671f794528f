// Magnitude-pruned FP32 GEMM through LIBXSMM's spmdm.
#include "kernels/LibxsmmGemm.h"

#include <omp.h>

#include <string>

#include "kernels/IdleThreads.h"
#include "kernels/MagnitudePruning.h"
#include "kernels/Reference.h"

namespace costscope {

LibxsmmGemm::LibxsmmGemm(VariantSpec spec) : CpuVariant(std::move(spec)) {
    // Refused before setUp() allocates.
    const VariantSpec& s = this->spec();
    if (const std::string refusal = LibxsmmProduct::extentsRefusal(s.m, s.k, s.n); !refusal.empty())
        throw Unsupported("LIBXSMM spmdm cannot hold " + s.name() + ": " + refusal);
}

void LibxsmmGemm::setUp() {
    generateOperands();
    AlignedBuffer<float> pruned = operands_.w.copy();
    pruneByMagnitude(pruned.span(), spec().sparsity);
    product_ = std::make_unique<LibxsmmProduct>(pruned.data(), spec().m, spec().k, spec().n,
                                                omp_get_max_threads());
    releaseOriginals(/*keepActivations=*/true);
    waitForIdleThreads();
}

void LibxsmmGemm::run() {
    product_->multiply(operands_.x.data(), c_.data());
}

Quality LibxsmmGemm::check() {
    // Against the weight the slices hold, so that the kernel is checked against what it
    // multiplied rather than against a second pruning.
    AlignedBuffer<float> w(size_t(spec().m * spec().k));
    product_->toDense(w.data());
    return compare(fp64Product(w.data(), operands_.x.data(), spec().m, spec().n, spec().k));
}

int64_t LibxsmmGemm::weightBytes() const {
    return product_ ? product_->weightBytes() : 0;
}

std::string LibxsmmGemm::implementation() const {
    return product_ ? product_->implementation() : std::string();
}

int LibxsmmGemm::threads() const {
    return product_ ? product_->threads() : omp_get_max_threads();
}

}  // namespace costscope
