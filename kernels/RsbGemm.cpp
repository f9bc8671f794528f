// Magnitude-pruned FP32 GEMM through librsb's rsb_spmm (several right-hand sides, row-major).
#include "kernels/RsbGemm.h"

#include <rsb.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "kernels/IdleThreads.h"
#include "kernels/MagnitudePruning.h"
#include "kernels/Reference.h"

namespace costscope {
namespace {

std::string rsbMessage(rsb_err_t error) {
    char text[256] = {};
    rsb_strerror_r(error, text, sizeof text);
    return text;
}

// librsb must be initialised once per process before any call and finalised after the last
// one. A function-local static initialises on first use, thread-safely (C++11 magic statics),
// and finalises at exit, after the variants (which free their matrices) are gone.
class RsbLibrary {
  public:
    static void ensureInitialised() { static RsbLibrary library; }

  private:
    RsbLibrary() {
        if (const rsb_err_t error = rsb_lib_init(RSB_NULL_INIT_OPTIONS); error != RSB_ERR_NO_ERROR)
            throw std::runtime_error("librsb: rsb_lib_init failed: " + rsbMessage(error));
    }
    ~RsbLibrary() { rsb_lib_exit(RSB_NULL_EXIT_OPTIONS); }
};

}  // namespace

void RsbGemm::Free::operator()(rsb_mtx_t* matrix) const {
    rsb_mtx_free(matrix);
}

RsbGemm::RsbGemm(VariantSpec spec) : CpuVariant(std::move(spec)) {
    // librsb's limits (its int indices, less a reserve for its blocking) and our CSR's, which
    // the matrix is built from; refused before setUp() allocates and prunes a copy of W.
    const VariantSpec& s = this->spec();
    const int64_t maxDim = RSB_MAX_MATRIX_DIM;
    const int64_t maxNonZeros = std::min<int64_t>(RSB_MAX_MATRIX_NNZ, CsrMatrix::kMaxIndex);
    const int64_t nonZeros = s.m * s.k - prunedCount(s.m * s.k, s.sparsity);
    std::string reason;
    if (s.m > maxDim || s.n > maxDim || s.k > maxDim)
        reason = "extents beyond " + std::to_string(maxDim);
    else if (nonZeros > maxNonZeros)
        reason = std::to_string(nonZeros) + " non-zeros, more than its int indices allow (" +
                 std::to_string(maxNonZeros) + ")";
    if (!reason.empty())
        throw Unsupported("librsb cannot hold " + s.name() + ": " + reason);
}

void RsbGemm::setUp() {
    RsbLibrary::ensureInitialised();
    generateOperands();
    AlignedBuffer<float> pruned = operands_.w.copy();
    pruneByMagnitude(pruned.span(), spec().sparsity);
    w_ = CsrMatrix::fromDense(pruned.data(), spec().m, spec().k);
    // librsb refuses to allocate a matrix without entries (it reports "not enough memory").
    if (w_.nonZeros() == 0)
        throw Unsupported("librsb cannot hold a matrix without non-zeros (" + spec().name() + ")");
    rsb_err_t error = RSB_ERR_NO_ERROR;
    matrix_.reset(rsb_mtx_alloc_from_csr_const(
        w_.values(), w_.rowPointers(), w_.columnIndices(), rsb_nnz_idx_t(w_.nonZeros()),
        RSB_NUMERICAL_TYPE_FLOAT, rsb_coo_idx_t(spec().m), rsb_coo_idx_t(spec().k), 1, 1,
        RSB_FLAG_NOFLAGS, &error));
    if (!matrix_ || error != RSB_ERR_NO_ERROR)
        throw std::runtime_error("librsb: rsb_mtx_alloc_from_csr_const failed: " +
                                 rsbMessage(error));
    releaseOriginals(/*keepActivations=*/true);
    waitForIdleThreads();
}

void RsbGemm::run() {
    const float alpha = 1.0f, beta = 0.0f;
    const auto n = rsb_coo_idx_t(spec().n);
    const rsb_err_t error =
        rsb_spmm(RSB_TRANSPOSITION_N, &alpha, matrix_.get(), n, RSB_FLAG_WANT_ROW_MAJOR_ORDER,
                 operands_.x.data(), n, &beta, c_.data(), n);
    if (error != RSB_ERR_NO_ERROR)
        throw std::runtime_error("librsb: rsb_spmm failed: " + rsbMessage(error));
}

Quality RsbGemm::check() {
    AlignedBuffer<float> pruned(size_t(spec().m * spec().k));
    w_.toDense(pruned.data());
    return compare(fp64Product(pruned.data(), operands_.x.data(), spec().m, spec().n, spec().k));
}

int64_t RsbGemm::weightBytes() const {
    return w_.bytes();
}

std::string RsbGemm::implementation() const {
    return "librsb " RSB_LIBRSB_VER_STRING " rsb_spmm, " + std::to_string(threads()) + " threads";
}

int RsbGemm::threads() const {
    rsb_int_t threads = 0;
    if (rsb_lib_get_opt(RSB_IO_WANT_EXECUTING_THREADS, &threads) != RSB_ERR_NO_ERROR)
        return 0;
    return int(threads);
}

}  // namespace costscope
