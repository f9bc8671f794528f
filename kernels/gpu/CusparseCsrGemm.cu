// cuSPARSE SpMM with a magnitude-pruned CSR weight.
#include "kernels/gpu/CusparseCsrGemm.h"

#include "kernels/CsrMatrix.h"
#include "kernels/MagnitudePruning.h"
#include "kernels/Reference.h"
#include "kernels/gpu/Checked.h"

namespace costscope {
namespace {

constexpr cusparseSpMMAlg_t kAlgorithm = CUSPARSE_SPMM_CSR_ALG2;

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
    // At least one element each, so that a fully pruned tiny matrix still has valid pointers.
    values_ = DeviceBuffer<float>(size_t(std::max<int64_t>(nonZeros_, 1)));
    columns_ = DeviceBuffer<int32_t>(size_t(std::max<int64_t>(nonZeros_, 1)));
    rowPointers_ = DeviceBuffer<int32_t>(size_t(m + 1));
    COSTSCOPE_CHECK(cudaMemcpy(values_.data(), csr.values(), size_t(nonZeros_) * sizeof(float),
                               cudaMemcpyHostToDevice));
    COSTSCOPE_CHECK(cudaMemcpy(columns_.data(), csr.columnIndices(),
                               size_t(nonZeros_) * sizeof(int32_t), cudaMemcpyHostToDevice));
    COSTSCOPE_CHECK(cudaMemcpy(rowPointers_.data(), csr.rowPointers(),
                               size_t(m + 1) * sizeof(int32_t), cudaMemcpyHostToDevice));

    COSTSCOPE_CHECK(cusparseCreate(&handle_));
    COSTSCOPE_CHECK(cusparseSetStream(handle_, stream()));
    COSTSCOPE_CHECK(cusparseCreateCsr(&w_, m, k, nonZeros_, rowPointers_.data(), columns_.data(),
                                      values_.data(), CUSPARSE_INDEX_32I, CUSPARSE_INDEX_32I,
                                      CUSPARSE_INDEX_BASE_ZERO, CUDA_R_32F));
    // cuSPARSE takes non-const pointers for dense descriptors; X is only read.
    COSTSCOPE_CHECK(cusparseCreateDnMat(&x_, k, n, n, const_cast<float*>(deviceX()), CUDA_R_32F,
                                        CUSPARSE_ORDER_ROW));
    COSTSCOPE_CHECK(cusparseCreateDnMat(&c_, m, n, n, deviceC(), CUDA_R_32F, CUSPARSE_ORDER_ROW));
    const float alpha = 1.0f, beta = 0.0f;
    size_t bytes = 0;
    COSTSCOPE_CHECK(cusparseSpMM_bufferSize(handle_, CUSPARSE_OPERATION_NON_TRANSPOSE,
                                            CUSPARSE_OPERATION_NON_TRANSPOSE, &alpha, w_, x_, &beta,
                                            c_, CUDA_R_32F, kAlgorithm, &bytes));
    buffer_ = DeviceBuffer<unsigned char>(std::max<size_t>(bytes, 1));
    COSTSCOPE_CHECK(cusparseSpMM_preprocess(handle_, CUSPARSE_OPERATION_NON_TRANSPOSE,
                                            CUSPARSE_OPERATION_NON_TRANSPOSE, &alpha, w_, x_, &beta,
                                            c_, CUDA_R_32F, kAlgorithm, buffer_.data()));
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
    buffer_ = {};
    rowPointers_ = {};
    columns_ = {};
    values_ = {};
}

void CusparseCsrGemm::launch() {
    const float alpha = 1.0f, beta = 0.0f;
    COSTSCOPE_CHECK(cusparseSpMM(handle_, CUSPARSE_OPERATION_NON_TRANSPOSE,
                                 CUSPARSE_OPERATION_NON_TRANSPOSE, &alpha, w_, x_, &beta, c_,
                                 CUDA_R_32F, kAlgorithm, buffer_.data()));
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
           std::to_string(nonZeros_) +
           " non-zeros), CUSPARSE_SPMM_CSR_ALG2, row-major X and C, FP32";
}

}  // namespace costscope
