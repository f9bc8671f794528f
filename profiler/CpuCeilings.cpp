// Measures the CPU ceilings: the best of a few OpenBLAS SGEMMs and of a few STREAM triads.
#include "profiler/CpuCeilings.h"

#include <cblas.h>

#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <unordered_map>
#include <vector>

#include "kernels/IdleThreads.h"
#include "profiler/Clock.h"

namespace costscope {
namespace {

// Two sizes: libraries peak at different sizes (oneDNN here at 1024^3, OpenBLAS at 2048^3), and
// a ceiling below a measured variant would put points above their roof.
constexpr int kGemmSizes[] = {1024, 2048};
constexpr int kGemmRuns = 4;
// STREAM's rule: each array at least four times the last-level cache (32 MiB on the
// reference machine); 128 MiB per array keeps to it on common server parts.
constexpr int64_t kStreamDoubles = 16 * 1024 * 1024;
constexpr int kStreamRuns = 6;

// Random operands, never zeros: some hardware multiplies zeros faster.
std::vector<float> randomMatrix(int n, unsigned seed) {
    std::vector<float> m(size_t(n) * n);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    for (auto& v : m)
        v = dist(rng);
    return m;
}

// Best rate of `multiply` (one n^3 product) over kGemmRuns runs after a warm-up, GFLOP/s.
template <class Multiply>
double bestRate(int n, const Multiply& multiply) {
    double best = 0;
    for (int run = 0; run <= kGemmRuns; ++run) {  // run 0 warms up
        const int64_t start = monotonicNs();
        multiply();
        const double seconds = double(monotonicNs() - start) * 1e-9;
        if (run > 0)
            best = std::max(best, 2.0 * n * double(n) * n / seconds * 1e-9);
    }
    return best;
}

double bestOpenblasGflops(int n, const float* a, const float* b, float* c) {
    return bestRate(n, [&] {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c,
                    n);
    });
}

double bestOnednnGflops(int size, float* a, float* b, float* c) {
    using tag = dnnl::memory::format_tag;
    const dnnl::memory::dim n = size;
    const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
    dnnl::stream stream(engine);
    const dnnl::memory::desc desc({n, n}, dnnl::memory::data_type::f32, tag::ab);
    const dnnl::matmul matmul(
        dnnl::matmul::primitive_desc(dnnl::matmul::desc(desc, desc, desc), engine));
    const std::unordered_map<int, dnnl::memory> args{{DNNL_ARG_SRC, {desc, engine, a}},
                                                     {DNNL_ARG_WEIGHTS, {desc, engine, b}},
                                                     {DNNL_ARG_DST, {desc, engine, c}}};
    return bestRate(size, [&] {
        matmul.execute(stream, args);
        stream.wait();
    });
}

double bestTriadGBs() {
    const int64_t n = kStreamDoubles;
    // Not value-initialised, so that the parallel loop below is the first touch and pages
    // land near the threads that use them.
    const auto a = std::make_unique_for_overwrite<double[]>(size_t(n));
    const auto b = std::make_unique_for_overwrite<double[]>(size_t(n));
    const auto c = std::make_unique_for_overwrite<double[]>(size_t(n));
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
    // The ceiling is the best FP32 rate the machine shows, whichever library and size reach it:
    // the roofline must not put a measured variant above its own roof.
    for (const int n : kGemmSizes) {
        auto a = randomMatrix(n, 12345);
        auto b = randomMatrix(n, 54321);
        std::vector<float> c(a.size());
        ceilings.peakGflops =
            std::max(ceilings.peakGflops, bestOpenblasGflops(n, a.data(), b.data(), c.data()));
        waitForIdleThreads();  // OpenBLAS's threads spin for a while and would slow oneDNN's
        ceilings.peakGflops =
            std::max(ceilings.peakGflops, bestOnednnGflops(n, a.data(), b.data(), c.data()));
    }
    ceilings.bandwidthGBs = bestTriadGBs();
    ceilings.method =
        "peak: best of " + std::to_string(kGemmRuns) + " OpenBLAS sgemm and " +
        std::to_string(kGemmRuns) +
        " oneDNN f32 matmuls at 1024^3 and 2048^3, after a warm-up each; bandwidth: best of " +
        std::to_string(kStreamRuns) + " STREAM triads over 3 x " +
        std::to_string(kStreamDoubles * 8 / (1024 * 1024)) + " MiB (OpenMP)";
    return ceilings;
}

}  // namespace costscope
