// Plain-loop timings of OpenBLAS sgemm and oneDNN matmul (f32, bf16): the yardstick for "the
// recorder's harness costs nothing". Deliberately links no costscope library. (INT8 has its own
// yardstick, int8_matmul: the product against oneDNN's bare int8 matmul.)
//
// Usage: standalone_gemm [size=2048] [runs=20] [warmup=3]
// Prints, per library, the median and minimum milliseconds of one C(s x s) = W(s x s) * X(s x s)
// and the GFLOP/s of the median (2 s^3 operations). The oneDNN variants do per call what the
// costscope variants do in run(): bf16 operands converted beforehand, so the two sets of numbers
// are comparable.
#include <cblas.h>

#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace {

using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;

struct Free {
    void operator()(float* p) const { std::free(p); }
};
using Buffer = std::unique_ptr<float[], Free>;

// 64-byte aligned, standard-normal values (never zeros: some hardware is faster on zeros).
Buffer randomMatrix(int64_t count, uint64_t seed) {
    const size_t bytes = (size_t(count) * sizeof(float) + 63) / 64 * 64;
    Buffer buffer(static_cast<float*>(std::aligned_alloc(64, bytes)));
    std::mt19937_64 engine(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    for (int64_t i = 0; i < count; ++i)
        buffer[size_t(i)] = normal(engine);
    return buffer;
}

void report(const char* name, const std::string& detail, int64_t s, int runs, int warmup,
            const std::function<void()>& call) {
    // OpenBLAS's threads busy-wait ~2^28 cycles (~0.1 s) after each call and would take the
    // cores from the next library's OpenMP threads (on 2 cores oneDNN at 256^3 took 8 ms instead
    // of 0.16 ms right after OpenBLAS): let every pool go idle before the next library starts.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    for (int i = 0; i < warmup; ++i)
        call();
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        call();
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::sort(ms.begin(), ms.end());
    const double median =
        runs % 2 ? ms[size_t(runs / 2)] : (ms[size_t(runs / 2 - 1)] + ms[size_t(runs / 2)]) / 2;
    const double flops = 2.0 * double(s) * double(s) * double(s);
    std::printf("%-14s median %9.3f ms  min %9.3f ms  %8.1f GFLOP/s  %s\n", name, median, ms[0],
                flops / median / 1e6, detail.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    const int64_t s = argc > 1 ? std::atoll(argv[1]) : 2048;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 20;
    const int warmup = argc > 3 ? std::atoi(argv[3]) : 3;
    if (s <= 0 || runs <= 0 || warmup < 0) {
        std::fprintf(stderr, "usage: %s [size>0] [runs>0] [warmup>=0]\n", argv[0]);
        return 2;
    }
    std::printf("C(%lld x %lld) = W * X, %d timed runs after %d warm-up runs\n", (long long)s,
                (long long)s, runs, warmup);
    Buffer w = randomMatrix(s * s, 1);
    Buffer x = randomMatrix(s * s, 2);
    Buffer c = randomMatrix(s * s, 3);
    const int n = int(s);

    report("openblas f32",
           std::string(openblas_get_corename()) + ", " +
               std::to_string(openblas_get_num_threads()) + " threads",
           s, runs, warmup, [&] {
               cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, w.get(), n,
                           x.get(), n, 0.0f, c.get(), n);
           });

    dnnl::engine engine(dnnl::engine::kind::cpu, 0);
    dnnl::stream stream(engine);
    const dnnl::memory::desc f32({s, s}, dt::f32, tag::ab);
    dnnl::memory w32(f32, engine, w.get()), x32(f32, engine, x.get()), c32(f32, engine, c.get());

    // f32 and bf16: src = W, weights = X, dst = C, plain row-major.
    for (const dt type : {dt::f32, dt::bf16}) {
        const char* name = type == dt::f32 ? "onednn f32" : "onednn bf16";
        const dnnl::memory::desc in({s, s}, type, tag::ab);
        try {
            dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(in, in, f32), engine);
            dnnl::memory wIn = w32, xIn = x32;
            if (type != dt::f32) {
                wIn = dnnl::memory(in, engine);
                xIn = dnnl::memory(in, engine);
                dnnl::reorder(w32, wIn).execute(stream, w32, wIn);
                dnnl::reorder(x32, xIn).execute(stream, x32, xIn);
                stream.wait();
            }
            dnnl::matmul matmul(pd);
            const std::unordered_map<int, dnnl::memory> args{
                {DNNL_ARG_SRC, wIn}, {DNNL_ARG_WEIGHTS, xIn}, {DNNL_ARG_DST, c32}};
            report(name, pd.impl_info_str(), s, runs, warmup, [&] {
                matmul.execute(stream, args);
                stream.wait();
            });
        } catch (const dnnl::error& e) {
            std::printf("%-14s not available: %s\n", name, e.what());
        }
    }

    return 0;
}
