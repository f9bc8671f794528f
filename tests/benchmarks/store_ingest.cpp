// How fast the store takes CUPTI rows: synthetic kernel and memcpy batches written through
// SqliteStore::addActivity and ::addVariant into a fresh recording, timed end to end (commits
// included). Prints one machine-readable line per measurement. Not a test: numbers depend on
// the machine and its disk. See docs/benchmarks.md, "Store ingest".
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "profiler/store/SqliteStore.h"
#include "profiler/store/StoreError.h"

namespace {

using costscope::ActivityBatch;
using costscope::KernelRow;
using costscope::MemcpyRow;

struct Options {
    int64_t rows = 2'000'000;
    int64_t batch = 50'000;
    int repeats = 5;
    std::filesystem::path dir = std::filesystem::temp_directory_path();
};

void usage(const char* program) {
    std::fprintf(stderr,
                 "usage: %s [--rows N] [--batch N] [--repeats N] [--dir DIR]\n"
                 "  Writes N synthetic CUPTI rows in batches into a new recording in DIR (default "
                 "the temp dir),\n  per path and repeat, and prints the median rows/s.\n",
                 program);
}

// One launch configuration: what repeats from one launch of a kernel to the next.
struct Config {
    int name = 0;  // of the 36 names
    int32_t gridX = 1, gridY = 1, blockX = 128;
    int32_t registers = 64;
    int32_t dynamicShared = 0;
};

// Batches as a CUPTI collector would hand them over: 36 cuBLAS-like kernel names in 50 launch
// configurations (a few names at two problem sizes), reused Zipf-like (the k-th most common
// configuration launched about 1/k as often as the first), as a suite's repeated calls do;
// back-to-back kernels of 2 to 400 us on three streams and, with `memcpyEvery` > 0, a
// host<->device copy after every memcpyEvery-th kernel.
std::vector<ActivityBatch> makeBatches(const Options& options, int memcpyEvery, uint32_t seed) {
    constexpr int kNames = 36;
    constexpr int kConfigs = 50;
    std::mt19937_64 random(seed);
    std::uniform_int_distribution<int64_t> duration(2'000, 400'000);
    std::vector<std::string> names;
    for (int i = 0; i < kNames; ++i) {
        const std::string tile =
            std::to_string(64 << (i % 3)) + "x" + std::to_string(32 << (i % 4));
        names.push_back("void cutlass::Kernel2<cutlass_80_tensorop_s1688gemm_" + tile + "_" +
                        std::to_string(i) + "_nn_align4>(Params)");
        names.push_back("cutlass_80_tensorop_s1688gemm_" + tile + "_" + std::to_string(i));
        names.push_back("_ZN7cutlass7Kernel2I" + std::to_string(i) + "EEvNT_6ParamsE");
    }
    std::vector<Config> configs;
    std::vector<double> weights;
    for (int c = 0; c < kConfigs; ++c) {
        Config config;
        config.name = c % kNames;
        config.gridX = 1 + (c * 37) % 256;
        config.gridY = 1 + c % 8;
        config.blockX = 128 << (c % 2);
        config.registers = 64 + config.name;
        config.dynamicShared = 49'152 + config.name * 1024;
        configs.push_back(config);
        weights.push_back(1.0 / double(c + 1));
    }
    std::discrete_distribution<int> pick(weights.begin(), weights.end());
    std::vector<ActivityBatch> batches;
    int64_t clock = 1'000'000'000'000;
    uint32_t correlation = 1;
    for (int64_t done = 0; done < options.rows;) {
        ActivityBatch batch;
        batch.strings.insert(batch.strings.end(), names.begin(), names.end());
        const int64_t size = std::min(options.batch, options.rows - done);
        batch.kernels.reserve(size_t(size));
        for (int64_t i = 0; i < size; ++i) {
            if (memcpyEvery > 0 && i % (memcpyEvery + 1) == memcpyEvery) {
                MemcpyRow copy;
                copy.start = clock;
                copy.end = clock + duration(random) / 4;
                clock = copy.end + 1'500;
                copy.deviceId = 0;
                copy.contextId = 1;
                copy.streamId = 7;
                copy.correlationId = correlation++;
                copy.bytes = int64_t(4096) << (i % 12);
                copy.copyKind = i % 2 == 0 ? 1 : 2;
                copy.srcKind = copy.copyKind == 1 ? 2 : 3;
                copy.dstKind = copy.copyKind == 1 ? 3 : 2;
                batch.memcpys.push_back(copy);
                continue;
            }
            const Config& config = configs[size_t(pick(random))];
            KernelRow k;
            k.start = clock;
            k.end = clock + duration(random);
            clock = k.end + 800 + (i % 7) * 100;
            k.deviceId = 0;
            k.contextId = 1;
            k.streamId = 7 + uint32_t(i % 3);
            k.correlationId = correlation++;
            k.demangledName = uint32_t(1 + config.name * 3);
            k.shortName = uint32_t(2 + config.name * 3);
            k.mangledName = uint32_t(3 + config.name * 3);
            k.gridX = config.gridX;
            k.gridY = config.gridY;
            k.gridZ = 1;
            k.blockX = config.blockX;
            k.blockY = 1;
            k.blockZ = 1;
            k.registersPerThread = config.registers;
            k.staticSharedMemory = 0;
            k.dynamicSharedMemory = config.dynamicShared;
            k.localMemoryPerThread = 0;
            k.localMemoryTotal = 1 << 20;
            k.gridId = int64_t(correlation);
            k.sharedMemoryExecuted = 102'400;
            k.launchType = 0;
            k.cacheConfig = 1;
            k.sharedMemoryLimitConfig = 2;
            batch.kernels.push_back(k);
        }
        done += size;
        batches.push_back(std::move(batch));
    }
    return batches;
}

enum class Path { AddActivity, AddVariant };

struct Measure {
    double seconds = 0;    // from the first call to the last commit
    double fileBytes = 0;  // of the closed recording
};

// Writes all batches into a new file.
Measure timeOnce(const Options& options, const std::vector<ActivityBatch>& batches, Path path,
                 int repeat) {
    const auto file = options.dir / ("costscope-store-ingest-" + std::to_string(getpid()) + "-" +
                                     std::to_string(repeat) + ".costscope");
    std::filesystem::remove(file);
    double seconds = 0;
    {
        costscope::SqliteStore store(file);
        costscope::RunInfo run;
        run.suite = "store_ingest";
        store.beginRun(run);
        costscope::VariantRecord variant;
        variant.spec.family = "gemm";
        variant.spec.device = "gpu";
        variant.spec.backend = "cublas";
        variant.spec.precision = "fp32";
        variant.spec.structure = "dense";
        variant.spec.m = variant.spec.n = variant.spec.k = 4096;
        const auto start = std::chrono::steady_clock::now();
        for (const ActivityBatch& batch : batches) {
            if (path == Path::AddActivity) {
                store.addActivity(batch);
            } else {
                // The rows travel in the record; filling it is the runner's work, not timed.
                variant.activity = batch;
                const auto before = std::chrono::steady_clock::now();
                store.addVariant(variant);
                seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - before)
                               .count();
            }
        }
        if (path == Path::AddActivity) {
            seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        }
        store.endRun(costscope::RunStatus::Complete, "");
    }
    std::error_code sizeError;
    const auto bytes = std::filesystem::file_size(file, sizeError);
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
    return {seconds, sizeError ? 0.0 : double(bytes)};
}

// CPU seconds this process has used: shows the store's own cost on a machine shared with others.
double cpuSeconds() {
    timespec now = {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) * 1e-9;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (i + 1 >= argc) {
            usage(argv[0]);
            return 2;
        }
        const char* value = argv[++i];
        if (arg == "--rows") {
            options.rows = std::atoll(value);
        } else if (arg == "--batch") {
            options.batch = std::atoll(value);
        } else if (arg == "--repeats") {
            options.repeats = std::atoi(value);
        } else if (arg == "--dir") {
            options.dir = value;
        } else {
            usage(argv[0]);
            return 2;
        }
    }
    if (options.rows <= 0 || options.batch <= 0 || options.repeats <= 0) {
        usage(argv[0]);
        return 2;
    }
    utsname machine = {};
    uname(&machine);
    std::printf("store_ingest host=%s cpus=%ld rows=%lld batch=%lld repeats=%d dir=%s\n",
                machine.nodename, sysconf(_SC_NPROCESSORS_ONLN), (long long)options.rows,
                (long long)options.batch, options.repeats, options.dir.c_str());

    struct Case {
        const char* rows;
        int memcpyEvery;
        Path path;
        const char* pathName;
    };
    const Case cases[] = {
        {"kernels", 0, Path::AddActivity, "addActivity"},
        {"kernels", 0, Path::AddVariant, "addVariant"},
        {"kernels+memcpy", 3, Path::AddActivity, "addActivity"},
        {"kernels+memcpy", 3, Path::AddVariant, "addVariant"},
    };
    try {
        for (const Case& c : cases) {
            const std::vector<ActivityBatch> batches = makeBatches(options, c.memcpyEvery, 42);
            std::vector<double> rates;
            std::vector<double> cpuRates;
            double fileBytes = 0;
            for (int repeat = 0; repeat < options.repeats; ++repeat) {
                const double cpuBefore = cpuSeconds();
                const Measure measure = timeOnce(options, batches, c.path, repeat);
                rates.push_back(double(options.rows) / measure.seconds);
                fileBytes = measure.fileBytes;
                // Includes opening and closing the file: a lower bound of the rate per CPU.
                cpuRates.push_back(double(options.rows) / (cpuSeconds() - cpuBefore));
            }
            std::printf(
                "store_ingest rows=%s path=%s median_rows_per_s=%.0f min_rows_per_s=%.0f "
                "max_rows_per_s=%.0f median_rows_per_cpu_s=%.0f file_bytes_per_row=%.1f\n",
                c.rows, c.pathName, median(rates), *std::min_element(rates.begin(), rates.end()),
                *std::max_element(rates.begin(), rates.end()), median(cpuRates),
                fileBytes / double(options.rows));
            std::fflush(stdout);
        }
    } catch (const costscope::StoreError& error) {
        std::fprintf(stderr, "store_ingest: %s\n", error.what());
        return 1;
    }
    return 0;
}
