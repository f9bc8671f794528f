// Measures the CPU ceilings: the best of a few OpenBLAS SGEMMs and of a few STREAM triads.
#include "profiler/CpuCeilings.h"

#include <cblas.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "profiler/Clock.h"

namespace costscope {
namespace {

constexpr int kGemmSize = 2048;  // large enough for OpenBLAS to reach its plateau
constexpr int kGemmRuns = 4;
// STREAM's rule: each array at least four times the last-level cache (32 MiB on the
// reference machine); 128 MiB per array keeps to it on common server parts.
constexpr int64_t kStreamDoubles = 16 * 1024 * 1024;
constexpr int kStreamRuns = 6;

double bestSgemmGflops() {
    const int n = kGemmSize;
    std::vector<float> a(size_t(n) * n), b(size_t(n) * n), c(size_t(n) * n);
    std::mt19937 rng(12345);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);  // never time on zeros
    for (auto& v : a)
        v = dist(rng);
    for (auto& v : b)
        v = dist(rng);
    double best = 0;
    for (int run = 0; run <= kGemmRuns; ++run) {  // run 0 warms up
        const int64_t start = monotonicNs();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a.data(), n, b.data(),
                    n, 0.0f, c.data(), n);
        const double seconds = double(monotonicNs() - start) * 1e-9;
        if (run > 0)
            best = std::max(best, 2.0 * n * double(n) * n / seconds * 1e-9);
    }
    return best;
}

double bestTriadGBs() {
    const int64_t n = kStreamDoubles;
    // new[] without value-initialisation, so that the parallel loop below is the first touch
    // and pages land near the threads that use them.
    std::unique_ptr<double[]> a(new double[n]), b(new double[n]), c(new double[n]);
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < n; ++i) {
        a[i] = 0.0;
        b[i] = 1.0 + double(i % 7);
        c[i] = 2.0 - double(i % 5);
    }
    const double scalar = 3.0;
    double best = 0;
    for (int run = 0; run <= kStreamRuns; ++run) {
        const int64_t start = monotonicNs();
#pragma omp parallel for schedule(static)
        for (int64_t i = 0; i < n; ++i)
            a[i] = b[i] + scalar * c[i];
        const double seconds = double(monotonicNs() - start) * 1e-9;
        // STREAM counts two reads and one write per element, no write-allocate traffic.
        if (run > 0)
            best = std::max(best, 3.0 * sizeof(double) * double(n) / seconds * 1e-9);
    }
    volatile double sink = a[n / 2];  // keeps the loop from being optimised away
    (void)sink;
    return best;
}

}  // namespace

CpuCeilings measureCpuCeilings() {
    CpuCeilings ceilings;
    ceilings.peakGflops = bestSgemmGflops();
    ceilings.bandwidthGBs = bestTriadGBs();
    ceilings.method = "peak: best of " + std::to_string(kGemmRuns) + " OpenBLAS sgemm " +
                      std::to_string(kGemmSize) + "^3 after a warm-up; bandwidth: best of " +
                      std::to_string(kStreamRuns) + " STREAM triads over 3 x " +
                      std::to_string(kStreamDoubles * 8 / (1024 * 1024)) + " MiB (OpenMP)";
    return ceilings;
}

}  // namespace costscope
