// How close costscope's INT8 product, FP32 in and FP32 out, comes to oneDNN's bare int8 matmul of
// the same shape: the yardstick of issue 10's "INT8 end to end" (docs/benchmarks.md).
//
// Usage: int8_matmul [--rounds R] [--runs N] [SIZE...]   (default sizes 1024 2048, R 7, N 10)
// For each size s, C(s x s) = W(s x s) * X(s x s) is timed in R interleaved rounds, each round
// running every candidate N times in turn after two untimed calls (these shared 2-core machines
// drift within seconds; interleaved, a drift falls on every candidate alike):
//   raw ...   oneDNN's matmul alone on operands already int8: src W's codes (u8 or s8), weights
//             X's codes packed in oneDNN's blocked layout once, dst s32 or f32, no quantization,
//             no transposes. The fastest of them is the yardstick.
//   costscope OnednnInt8Product::execute() and the wait: FP32 X in, quantized in the call, FP32 C
//             out, as the recorded variant quantized/int8/onednn/cpu/<s>x<s>x<s> runs it.
// Prints each candidate's median milliseconds over all its R x N timed calls, the GOP/s of that
// median (2 s^3 operations), and costscope's GOP/s over the fastest raw candidate's.
#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "kernels/AlignedBuffer.h"
#include "kernels/Int8Matrix.h"
#include "kernels/OnednnInt8Product.h"

namespace {

using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;

struct Candidate {
    std::string name;
    std::string detail;
    bool raw = false;
    std::function<void()> call;
    std::vector<double> ms;
};

// Standard-normal values, never all zeros (some hardware is faster on zeros); 64-byte aligned
// like the recorded variant's operands.
costscope::AlignedBuffer<float> randomMatrix(int64_t count, uint64_t seed) {
    costscope::AlignedBuffer<float> values(static_cast<size_t>(count));
    std::mt19937_64 engine(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    for (float& v : values)
        v = normal(engine);
    return values;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

void benchmark(int64_t s, int rounds, int runs) {
    const int64_t m = s, n = s, k = s;
    dnnl::engine engine(dnnl::engine::kind::cpu, 0);
    dnnl::stream stream(engine);
    const costscope::AlignedBuffer<float> w = randomMatrix(m * k, 1);
    const costscope::AlignedBuffer<float> x = randomMatrix(k * n, 2);
    costscope::AlignedBuffer<float> c(static_cast<size_t>(m * n));
    const costscope::Int8Matrix w8 = costscope::Int8Matrix::quantizePerRow(w.data(), m, k);
    const float xScale = costscope::Int8Matrix::symmetricScale(x.span());
    const costscope::Int8Matrix x8 =
        costscope::Int8Matrix::quantizeWithScale(x.data(), k, n, xScale);

    std::vector<Candidate> candidates;
    // The raw matmuls. u8 src holds W's codes + 128 (what the bytes are does not change the
    // speed of a VNNI kernel, only the data type does).
    costscope::AlignedBuffer<uint8_t> wU8(size_t(m * k));
    for (size_t i = 0; i < wU8.size(); ++i)
        wU8[i] = uint8_t(int(w8.codes()[i]) + 128);
    const std::vector<float> columnScales(size_t(n), xScale);
    for (const dt srcType : {dt::u8, dt::s8}) {
        for (const dt dstType : {dt::s32, dt::f32}) {
            const dnnl::memory::desc srcDesc({m, k}, srcType, tag::ab);
            const dnnl::memory::desc dstDesc({m, n}, dstType, tag::ab);
            dnnl::primitive_attr attr;
            if (dstType == dt::f32)  // an FP32 result wants its scales; per column is free here
                attr.set_output_scales(1 << 1, columnScales);
            const dnnl::matmul::primitive_desc pd(
                dnnl::matmul::desc(srcDesc, dnnl::memory::desc({k, n}, dt::s8, tag::any), dstDesc),
                attr, engine);
            const dnnl::memory src(srcDesc, engine,
                                   srcType == dt::u8 ? static_cast<void*>(wU8.data())
                                                     : const_cast<int8_t*>(w8.codes()));
            dnnl::memory xPlain({{k, n}, dt::s8, tag::ab}, engine, const_cast<int8_t*>(x8.codes()));
            dnnl::memory xPacked(pd.weights_desc(), engine);
            dnnl::reorder(xPlain, xPacked).execute(stream, xPlain, xPacked);
            stream.wait();
            const dnnl::memory dst(dstDesc, engine);
            const std::unordered_map<int, dnnl::memory> args{
                {DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, xPacked}, {DNNL_ARG_DST, dst}};
            const dnnl::matmul matmul(pd);
            candidates.push_back({std::string("raw ") + (srcType == dt::u8 ? "u8" : "s8") +
                                      "*s8->" + (dstType == dt::s32 ? "s32" : "f32"),
                                  pd.impl_info_str(), true, [matmul, args, &stream] {
                                      matmul.execute(stream, args);
                                      stream.wait();
                                  }});
        }
    }
    auto product =
        std::make_shared<costscope::OnednnInt8Product>(engine, w8, n, xScale, x.data(), c.data());
    candidates.push_back({"costscope", product->implementation(), false, [product, &stream] {
                              product->execute(stream);
                              stream.wait();
                          }});

    for (int round = 0; round < rounds; ++round) {
        for (Candidate& candidate : candidates) {
            candidate.call();
            candidate.call();
            for (int i = 0; i < runs; ++i) {
                const auto start = std::chrono::steady_clock::now();
                candidate.call();
                candidate.ms.push_back(std::chrono::duration<double, std::milli>(
                                           std::chrono::steady_clock::now() - start)
                                           .count());
            }
        }
    }

    const double ops = 2.0 * double(m) * double(n) * double(k);
    double fastestRaw = 0.0;
    std::printf("%lld^3, %d interleaved rounds x %d calls\n", (long long)s, rounds, runs);
    for (const Candidate& candidate : candidates) {
        const double ms = median(candidate.ms);
        if (candidate.raw && (fastestRaw == 0.0 || ms < fastestRaw))
            fastestRaw = ms;
        std::printf("  %-16s median %8.3f ms  %7.1f GOP/s  %s\n", candidate.name.c_str(), ms,
                    ops / ms / 1e6, candidate.detail.c_str());
    }
    const double ours = median(candidates.back().ms);
    std::printf("  ratio costscope / fastest raw (GOP/s): %.3f\n", fastestRaw / ours);
}

}  // namespace

int main(int argc, char** argv) {
    int rounds = 7, runs = 10;
    std::vector<int64_t> sizes;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if ((arg == "--rounds" || arg == "--runs") && i + 1 < argc)
            (arg == "--rounds" ? rounds : runs) = std::atoi(argv[++i]);
        else
            sizes.push_back(std::atoll(argv[i]));
    }
    if (sizes.empty())
        sizes = {1024, 2048};
    if (rounds <= 0 || runs <= 0 ||
        std::any_of(sizes.begin(), sizes.end(), [](int64_t s) { return s <= 0; })) {
        std::fprintf(stderr, "usage: %s [--rounds R>0] [--runs N>0] [SIZE>0...]\n", argv[0]);
        return 2;
    }
    try {
        for (const int64_t s : sizes)
            benchmark(s, rounds, runs);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "int8_matmul: %s\n", e.what());
        return 1;
    }
    return 0;
}
