// FP64 reference products (OpenBLAS dgemm) and the relative Frobenius error.
#include "kernels/Reference.h"

#include <cblas.h>

#include <climits>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace costscope {

std::vector<double> fp64Product(const double* w, const double* x, int64_t m, int64_t n, int64_t k) {
    if (m > INT_MAX || n > INT_MAX || k > INT_MAX)
        throw std::invalid_argument("fp64Product: extents beyond the range of BLAS int");
    std::vector<double> r(size_t(m * n));
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(m), int(n), int(k), 1.0, w, int(k),
                x, int(n), 0.0, r.data(), int(n));
    return r;
}

std::vector<double> fp64Product(const float* w, const float* x, int64_t m, int64_t n, int64_t k) {
    const std::vector<double> wd(w, w + m * k);
    const std::vector<double> xd(x, x + k * n);
    return fp64Product(wd.data(), xd.data(), m, n, k);
}

double relativeFrobeniusError(std::span<const float> c, std::span<const double> r) {
    if (c.size() != r.size())
        throw std::invalid_argument("relativeFrobeniusError: result and reference sizes differ");
    double difference = 0.0;
    double norm = 0.0;
    for (size_t i = 0; i < c.size(); ++i) {
        const double d = double(c[i]) - r[i];
        difference += d * d;
        norm += r[i] * r[i];
    }
    // NaN or infinity in the result (or, never expected, in the reference) makes the error
    // infinite, not NaN: a NaN error reads as "not checked" downstream (the store writes it as
    // NULL), which would hide a broken kernel.
    if (!std::isfinite(difference) || !std::isfinite(norm))
        return std::numeric_limits<double>::infinity();
    if (norm == 0.0)
        return difference == 0.0 ? 0.0 : std::numeric_limits<double>::infinity();
    return std::sqrt(difference / norm);
}

}  // namespace costscope
