// The CPU sparse backends of the pruned family side by side, in a plain loop: costscope's CSR
// kernel, LIBXSMM's spmdm, librsb and dense oneDNN FP32, each built by the catalog exactly as
// the recorder builds it (conversion in setUp, untimed), timed in interleaved rounds so that
// a change of the machine's speed hits every backend alike (docs/benchmarks.md, "CPU sparse").
//
// Usage: spmm_backends M N K SPARSITY[,SPARSITY...] [rounds=5] [runs=20] [backends]
//   backends: comma-separated, default costscope,libxsmm,librsb,onednn; costscope-avx2 is our
//   kernel held to its AVX2 path
// Prints, per sparsity and backend, the median milliseconds over all rounds and the ratio to
// the fastest library (LIBXSMM or librsb) at that sparsity; dense oneDNN once, as "dense".
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "kernels/Catalog.h"
#include "kernels/CsrGemm.h"

namespace {

using namespace costscope;

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> parts;
    std::stringstream stream(text);
    for (std::string part; std::getline(stream, part, ',');)
        parts.push_back(part);
    return parts;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

struct Entry {
    std::unique_ptr<Variant> variant;
    std::vector<double> ms;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr,
                     "usage: spmm_backends M N K SPARSITY[,...] [rounds=5] [runs=20] "
                     "[costscope,libxsmm,librsb,onednn]\n");
        return 2;
    }
    const int64_t m = std::atoll(argv[1]), n = std::atoll(argv[2]), k = std::atoll(argv[3]);
    const std::vector<std::string> sparsities = split(argv[4]);
    const int rounds = argc > 5 ? std::atoi(argv[5]) : 5;
    const int runs = argc > 6 ? std::atoi(argv[6]) : 20;
    const std::vector<std::string> backends =
        split(argc > 7 ? argv[7] : "costscope,libxsmm,librsb,onednn");

    std::vector<Entry> entries;
    for (const auto& backend : backends) {
        if (backend == "onednn") {
            entries.push_back({createVariant({.family = "gemm",
                                              .device = "cpu",
                                              .backend = "onednn",
                                              .precision = "fp32",
                                              .structure = "dense",
                                              .m = m,
                                              .n = n,
                                              .k = k}),
                               {}});
            continue;
        }
        for (const auto& s : sparsities) {
            const VariantSpec spec{.family = "pruned",
                                   .device = "cpu",
                                   .backend = backend == "costscope-avx2" ? "costscope" : backend,
                                   .precision = "fp32",
                                   .structure = "csr",
                                   .sparsity = std::atof(s.c_str()),
                                   .m = m,
                                   .n = n,
                                   .k = k};
            entries.push_back({backend == "costscope-avx2"
                                   ? std::make_unique<CsrGemm>(spec, SimdPath::Avx2)
                                   : createVariant(spec),
                               {}});
        }
    }
    for (auto& e : entries)
        e.variant->setUp();
    using Clock = std::chrono::steady_clock;
    for (int round = 0; round < rounds; ++round) {
        for (size_t i = 0; i < entries.size(); ++i) {
            Entry& e = entries[(i + size_t(round)) % entries.size()];  // rotate the order
            for (int w = 0; w < 3; ++w)
                e.variant->run();
            for (int r = 0; r < runs; ++r) {
                const auto start = Clock::now();
                e.variant->run();
                e.ms.push_back(
                    std::chrono::duration<double, std::milli>(Clock::now() - start).count());
            }
        }
    }
    std::printf("%-44s %10s %12s %s\n", "variant", "median ms", "vs library", "implementation");
    for (const auto& s : sparsities) {
        const double sparsity = std::atof(s.c_str());
        double bestLibrary = 0;
        for (const auto& e : entries)
            if (e.variant->spec().family == "pruned" && e.variant->spec().sparsity == sparsity &&
                e.variant->spec().backend != "costscope") {
                const double t = median(e.ms);
                bestLibrary = bestLibrary == 0 ? t : std::min(bestLibrary, t);
            }
        for (auto& e : entries) {
            if (e.variant->spec().family != "pruned" || e.variant->spec().sparsity != sparsity)
                continue;
            const double t = median(e.ms);
            const Quality q = e.variant->check();
            std::printf("%-44s %10.3f %11.3fx %s (kernel error %.2e)\n",
                        e.variant->spec().name().c_str(), t, bestLibrary > 0 ? t / bestLibrary : 0,
                        e.variant->implementation().c_str(), q.kernelError);
        }
    }
    for (auto& e : entries)
        if (e.variant->spec().family == "gemm")
            std::printf("%-44s %10.3f %12s %s\n", e.variant->spec().name().c_str(), median(e.ms),
                        "", e.variant->implementation().c_str());
    return 0;
}
