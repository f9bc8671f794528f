// One sparse product C(m x n) = W(m x k) X(k x n) through LIBXSMM's spmdm, all row-major: W
// converted once into spmdm's CSR slices, X and C the caller's. Shared by the pruned GEMM
// variant and the mlp workload's layers.
#pragma once

#include <libxsmm_spmdm.h>

#include <cstdint>
#include <string>

namespace costscope {

class LibxsmmProduct {
  public:
    // Converts the dense row-major W (its zeros are what spmdm skips) into slices, on up to
    // `threads` OpenMP threads. spmdm's orientation is ours: W is its A ('N', m x k), X its
    // B ('N', k x n), C row-major ('N'); it ignores alpha, and beta 0 overwrites C. Throws
    // Unsupported when an extent or W, X or C exceeds spmdm's int offsets, or when a block of
    // W holds more non-zeros than a slice's 16-bit row offsets count; std::bad_alloc when
    // LIBXSMM cannot allocate.
    LibxsmmProduct(const float* w, int64_t m, int64_t k, int64_t n, int threads);
    // Why spmdm cannot take a product of these extents ("its offsets are int, ..."), or empty:
    // a variant asks before it allocates anything.
    static std::string extentsRefusal(int64_t m, int64_t k, int64_t n);
    ~LibxsmmProduct();
    LibxsmmProduct(const LibxsmmProduct&) = delete;
    LibxsmmProduct& operator=(const LibxsmmProduct&) = delete;

    // C = W X, on the threads given at construction. Allocates nothing.
    void multiply(const float* x, float* c);
    // The weight as the slices hold it, written back as a dense row-major m x k matrix.
    void toDense(float* w) const;
    // What spmdm holds W in: its slices reserve room for every entry of their block (16-bit
    // row and column indices, FP32 values: 6 bytes per entry of the dense W) whatever the
    // sparsity. (Its per-thread scratch for blocks of X and C is not counted, as our kernels'
    // workspace is not.)
    int64_t weightBytes() const;
    // "LIBXSMM 1.17 spmdm, AVX-512 path (target cpx), blocks 512x96x128, OpenMP, 2 threads".
    std::string implementation() const;
    int threads() const { return threads_; }

  private:
    libxsmm_spmdm_handle handle_{};
    libxsmm_CSR_sparseslice* slices_ = nullptr;
    int threads_ = 0;
};

}  // namespace costscope
