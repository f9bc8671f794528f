// LIBXSMM's spmdm behind one product: slices built once, the blocks shared by one OpenMP team.
#include "kernels/LibxsmmProduct.h"

#include <libxsmm.h>
#include <libxsmm_version.h>
#include <omp.h>

#include <algorithm>
#include <climits>
#include <new>
#include <string>

#include "kernels/Variant.h"

namespace costscope {
namespace {

// spmdm's blocks of W are bm x bk (bm <= 512, bk = 128); a slice's row offsets are uint16_t,
// so a block with 65,536 or more non-zeros would wrap them.
constexpr int64_t kMaxSliceNonZeros = 65535;

// spmdm's vector path, from the columns of X it handles per block (libxsmm_spmdm_init): 96
// on its AVX-512 path, 48 on AVX2, 6 without SIMD.
std::string spmdmPath(int bn) {
    switch (bn) {
        case 96:
            return "AVX-512 path";
        case 48:
            return "AVX2 path";
        default:
            return "scalar path";
    }
}

}  // namespace

LibxsmmProduct::LibxsmmProduct(const float* w, int64_t m, int64_t k, int64_t n, int threads)
    : threads_(threads) {
    if (const std::string refusal = extentsRefusal(m, k, n); !refusal.empty())
        throw Unsupported("LIBXSMM spmdm cannot hold a " + std::to_string(m) + "x" +
                          std::to_string(n) + "x" + std::to_string(k) + " product: " + refusal);
    libxsmm_spmdm_init(int(m), int(n), int(k), threads_, &handle_, &slices_);
    if (!slices_ || !handle_.base_ptr_scratch_B_scratch_C) {
        libxsmm_spmdm_destroy(&handle_);
        throw std::bad_alloc();
    }
    // A block too dense for a slice is refused before it is converted (counted in spmdm's
    // blocking).
    for (int64_t r0 = 0; r0 < m; r0 += handle_.bm) {
        for (int64_t c0 = 0; c0 < k; c0 += handle_.bk) {
            int64_t nonZeros = 0;
            for (int64_t r = r0; r < std::min<int64_t>(r0 + handle_.bm, m); ++r)
                for (int64_t c = c0; c < std::min<int64_t>(c0 + handle_.bk, k); ++c)
                    nonZeros += w[r * k + c] != 0.0f;
            if (nonZeros > kMaxSliceNonZeros) {
                const std::string block =
                    std::to_string(handle_.bm) + " x " + std::to_string(handle_.bk);
                libxsmm_spmdm_destroy(&handle_);
                throw Unsupported("LIBXSMM spmdm cannot hold this weight: a " + block +
                                  " block keeps " + std::to_string(nonZeros) +
                                  " non-zeros, more than its 16-bit row offsets count (65,535)");
            }
        }
    }
    const int blocks = libxsmm_spmdm_get_num_createSparseSlice_blocks(&handle_);
#pragma omp parallel num_threads(threads_)
    {
        const int tid = omp_get_thread_num(), team = omp_get_num_threads();
        for (int block = tid; block < blocks; block += team)
            libxsmm_spmdm_createSparseSlice_fp32_thread(&handle_, 'N', w, slices_, block, tid,
                                                        team);
    }
}

std::string LibxsmmProduct::extentsRefusal(int64_t m, int64_t k, int64_t n) {
    // spmdm computes offsets such as mb * bm * k in int.
    if (m * k > INT_MAX || m * n > INT_MAX || k * n > INT_MAX)
        return "its offsets are int, and W, X or C has more than 2^31 - 1 entries";
    return {};
}

LibxsmmProduct::~LibxsmmProduct() {
    libxsmm_spmdm_destroy(&handle_);
}

void LibxsmmProduct::multiply(const float* x, float* c) {
    const float alpha = 1.0f, beta = 0.0f;
    const int blocks = libxsmm_spmdm_get_num_compute_blocks(&handle_);
#pragma omp parallel num_threads(threads_)
    {
        const int tid = omp_get_thread_num(), team = omp_get_num_threads();
        for (int block = tid; block < blocks; block += team)
            libxsmm_spmdm_compute_fp32_thread(&handle_, 'N', 'N', &alpha, slices_, x, 'N', &beta, c,
                                              block, tid, team);
    }
}

void LibxsmmProduct::toDense(float* w) const {
    // Slice (kb, mb) is at kb * mb_count + mb; its row offsets and column indices are local to
    // its block.
    const int64_t m = handle_.m, k = handle_.k;
    std::fill_n(w, m * k, 0.0f);
    for (int64_t kb = 0; kb < handle_.kb; ++kb) {
        for (int64_t mb = 0; mb < handle_.mb; ++mb) {
            const libxsmm_CSR_sparseslice& slice = slices_[kb * handle_.mb + mb];
            const int64_t rows = std::min<int64_t>(handle_.bm, m - mb * handle_.bm);
            for (int64_t r = 0; r < rows; ++r)
                for (int64_t p = slice.rowidx[r]; p < slice.rowidx[r + 1]; ++p)
                    w[(mb * handle_.bm + r) * k + kb * handle_.bk + slice.colidx[p]] =
                        slice.values[p];
        }
    }
}

int64_t LibxsmmProduct::weightBytes() const {
    const int64_t blocks = int64_t(handle_.mb) * handle_.kb;
    const int64_t perBlock = (int64_t(handle_.bm) + 1) * 2 + int64_t(handle_.bm) * handle_.bk * 6 +
                             int64_t(sizeof(libxsmm_CSR_sparseslice));
    return blocks * perBlock;
}

std::string LibxsmmProduct::implementation() const {
    return "LIBXSMM " LIBXSMM_CONFIG_VERSION " spmdm, " + spmdmPath(handle_.bn) + " (target " +
           libxsmm_get_target_arch() + "), blocks " + std::to_string(handle_.bm) + "x" +
           std::to_string(handle_.bn) + "x" + std::to_string(handle_.bk) + ", OpenMP, " +
           std::to_string(threads_) + " threads";
}

}  // namespace costscope
