// What energy sampling costs the calls it measures (docs/benchmarks.md, "Energy sampling"):
// windows of a variant's calls with the meter's sampler running and without it, alternated,
// calls per second compared. For a CPU backend the counter is this machine's RAPL where it can be
// read; elsewhere a powercap tree of the same files in a temporary folder, read the same way (a
// file read per sample), which is what the sampler's cost consists of. For a GPU backend (cublas,
// naive, tiled: the dense FP32 GEMM on GPU 0) it is the GPU's NVML counter, polled as the
// recorder polls it; without one the program says why and exits 1.
// Usage: energy_overhead [BACKEND] [SIZE] [PAIRS] [SECONDS] [aa]
//   (default: the dense FP32 GEMM through openblas at 512³, 15 pairs of 1 s windows; "aa" runs
//   both halves of each pair unsampled, the A/A check of what the machine's noise alone gives)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "kernels/Catalog.h"
#include "profiler/Clock.h"
#include "profiler/energy/EnergyMeter.h"
#include "profiler/energy/NvmlCounter.h"
#include "profiler/energy/RaplCounter.h"

namespace fs = std::filesystem;
using namespace costscope;

namespace {

// Calls in `seconds`, per second.
double callRate(Variant& variant, double seconds) {
    int64_t calls = 0;
    const int64_t start = monotonicNs();
    const int64_t until = start + int64_t(seconds * 1e9);
    while (monotonicNs() < until) {
        variant.run();
        ++calls;
    }
    return double(calls) / (double(monotonicNs() - start) * 1e-9);
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string backend = argc > 1 ? argv[1] : "openblas";
    const int64_t size = argc > 2 ? std::atoll(argv[2]) : 512;
    const int pairs = argc > 3 ? std::atoi(argv[3]) : 15;
    const double seconds = argc > 4 ? std::atof(argv[4]) : 1.0;
    const bool aa = argc > 5 && std::string(argv[5]) == "aa";

    const bool gpu = backend == "cublas" || backend == "naive" || backend == "tiled";
    std::vector<EnergyMeter::Device> devices;
    std::string where;
    fs::path fake;
    if (gpu) {
        try {
            auto counter = std::make_unique<NvmlCounter>(nvml::Library::open(), "", 0);
            where = counter->what();
            EnergyMeter::Device device{.kind = "gpu", .gpu = counter.get()};
            device.counter = std::move(counter);
            devices.push_back(std::move(device));
        } catch (const EnergyUnavailable& why) {
            std::fprintf(stderr, "energy_overhead: no GPU energy counter: %s\n", why.what());
            return 1;
        }
    } else {
        std::unique_ptr<EnergyCounter> counter;
        where = "this machine's RAPL";
        try {
            counter = std::make_unique<RaplCounter>();
        } catch (const EnergyUnavailable& why) {
            fake = fs::temp_directory_path() / "costscope-energy-overhead";
            fs::create_directories(fake / "intel-rapl:0");
            std::ofstream(fake / "intel-rapl:0" / "name") << "package-0\n";
            std::ofstream(fake / "intel-rapl:0" / "energy_uj") << "123456789\n";
            std::ofstream(fake / "intel-rapl:0" / "max_energy_range_uj") << "262143328850\n";
            counter = std::make_unique<RaplCounter>(fake);
            where = "a powercap tree in " + fake.string() + " (" + why.what() + ")";
        }
        devices.push_back(
            {.kind = "cpu", .counter = std::move(counter), .poll = EnergyMeter::kRaplPoll});
    }
    EnergyMeter meter(std::move(devices));
    const std::string kind = gpu ? "gpu" : "cpu";

    const VariantSpec spec{.family = "gemm",
                           .device = kind,
                           .backend = backend,
                           .precision = "fp32",
                           .structure = "dense",
                           .m = size,
                           .n = size,
                           .k = size};
    const std::string name = spec.name();
    std::unique_ptr<Variant> variant;
    try {
        variant = createVariant(spec);
        variant->setUp();
        for (int i = 0; i < 5; ++i) {
            variant->run();
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "energy_overhead: %s: %s\n", name.c_str(), error.what());
        return 1;
    }
    std::printf("variant %s, %d pairs of %.1f s windows, counter: %s%s\n", name.c_str(), pairs,
                seconds, where.c_str(), aa ? "; A/A: neither half sampled" : "");
    std::vector<double> ratios;
    for (int pair = 0; pair < pairs; ++pair) {
        // Alternate which goes first, so that a drift of the machine falls on both.
        double on = 0, off = 0;
        for (int half = 0; half < 2; ++half) {
            if ((pair + half) % 2 == 0) {
                if (!aa) {
                    meter.begin(kind);
                }
                on = callRate(*variant, seconds);
                if (!aa) {
                    meter.end(0);
                }
            } else {
                off = callRate(*variant, seconds);
            }
        }
        ratios.push_back(off / on);
        std::printf("pair %2d: %.2f calls/s sampled, %.2f calls/s not, cost %+.2f %%\n", pair, on,
                    off, (off / on - 1) * 100);
    }
    std::printf("median cost of sampling: %+.2f %% of the calls' time (off/on - 1)\n",
                (median(ratios) - 1) * 100);
    if (!fake.empty()) {
        fs::remove_all(fake);
    }
    return 0;
}
