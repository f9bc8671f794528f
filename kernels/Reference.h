// FP64 reference products and the relative Frobenius error that check() reports.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace costscope {

// R(m x n) = W(m x k) * X(k x n) in FP64 (cblas_dgemm), all row-major.
std::vector<double> fp64Product(const double* w, const double* x, int64_t m, int64_t n, int64_t k);
// The same from FP32 operands, widened exactly to FP64 first.
std::vector<double> fp64Product(const float* w, const float* x, int64_t m, int64_t n, int64_t k);

// ||C - R||_F / ||R||_F, accumulated in FP64. When R is zero: 0 if C is zero too, else infinity.
// Infinity, never NaN, when C (or R) holds NaN or infinity. Throws std::invalid_argument when
// the sizes differ.
double relativeFrobeniusError(std::span<const float> c, std::span<const double> r);

}  // namespace costscope
