// cuSPARSE SpMM with a magnitude-pruned CSR weight.
#include "kernels/gpu/CusparseCsrGemm.h"

#include "kernels/CsrMatrix.h"
#include "kernels/MagnitudePruning.h"
#include "kernels/Reference.h"
#include "kernels/gpu/Checked.h"

namespace costscope {
namespace {

// The pruned weight, as the CPU variants prune it.
AlignedBuffer<float> prunedWeight(const Operands& operands, double sparsity) {
    AlignedBuffer<float> w = operands.w.copy();
    pruneByMagnitude(w.span(), sparsity);
    return w;
}

}  // namespace

CusparseCsrGemm::CusparseCsrGemm(VariantSpec spec) : GpuVariant(std::move(spec)) {
    const VariantSpec& s = this->spec();
    // int32 row pointers, like the CPU CSR variants: refuse before anything is allocated.
    const int64_t kept = s.m * s.k - prunedCount(s.m * s.k, s.sparsity);
    if (kept > CsrMatrix::kMaxIndex)
        throw Unsupported(s.name() + ": " + std::to_string(kept) +
                          " non-zeros exceed int32 CSR indices");
}

CusparseCsrGemm::~CusparseCsrGemm() {
    release();
}

void CusparseCsrGemm::prepare() {
    const int64_t m = spec().m, n = spec().n, k = spec().k;
    const CsrMatrix csr = [&] {
        const AlignedBuffer<float> w = prunedWeight(operands(), spec().sparsity);
        return CsrMatrix::fromDense(w.data(), m, k);
    }();
    nonZeros_ = csr.nonZeros();
    csrBytes_ = csr.bytes();
    values_ = upload(csr.values(), size_t(nonZeros_), stream());
    columns_ = upload(csr.columnIndices(), size_t(nonZeros_), stream());
    rowPointers_ = upload(csr.rowPointers(), size_t(m + 1), stream());

    COSTSCOPE_CHECK(cusparseCreate(&handle_));
    COSTSCOPE_CHECK(cusparseSetStream(handle_, stream()));
    COSTSCOPE_CHECK(cusparseCreateCsr(&w_, m, k, nonZeros_, rowPointers_.data(), columns_.data(),
                                      values_.data(), CUSPARSE_INDEX_32I, CUSPARSE_INDEX_32I,
                                      CUSPARSE_INDEX_BASE_ZERO, CUDA_R_32F));
    // cuSPARSE takes non-const pointers for dense descriptors; X is only read.
    COSTSCOPE_CHECK(cusparseCreateDnMat(&x_, k, n, n, const_cast<float*>(deviceX()), CUDA_R_32F,
                                        CUSPARSE_ORDER_ROW));
    COSTSCOPE_CHECK(cusparseCreateDnMat(&c_, m, n, n, deviceC(), CUDA_R_32F, CUSPARSE_ORDER_ROW));
    plan_ = planSpmm(handle_, w_, x_, c_);
}

void CusparseCsrGemm::release() noexcept {
    if (c_)
        cusparseDestroyDnMat(c_);
    if (x_)
        cusparseDestroyDnMat(x_);
    if (w_)
        cusparseDestroySpMat(w_);
    if (handle_)
        cusparseDestroy(handle_);
    c_ = nullptr;
    x_ = nullptr;
    w_ = nullptr;
    handle_ = nullptr;
    plan_ = {};
    rowPointers_ = {};
    columns_ = {};
    values_ = {};
}

void CusparseCsrGemm::launch() {
    runSpmm(handle_, plan_, w_, x_, c_);
}

std::optional<std::vector<double>> CusparseCsrGemm::kernelReference() {
    const AlignedBuffer<float> w = prunedWeight(operands(), spec().sparsity);
    return fp64Product(w.data(), operands().x.data(), spec().m, spec().n, spec().k);
}

int64_t CusparseCsrGemm::weightBytes() const {
    return csrBytes_;
}

std::string CusparseCsrGemm::implementation() const {
    int major = 0, minor = 0, patch = 0;
    cusparseGetProperty(MAJOR_VERSION, &major);
    cusparseGetProperty(MINOR_VERSION, &minor);
    cusparseGetProperty(PATCH_LEVEL, &patch);
    return "cuSPARSE " + std::to_string(major) + "." + std::to_string(minor) + "." +
           std::to_string(patch) + " cusparseSpMM CSR (int32 indices, " +
           std::to_string(nonZeros_) + " non-zeros), " + algorithmName(plan_.algorithm) +
           ", row-major X and C, FP32";
}

}  // namespace costscope
