// FixtureRecording: one run of every variant kind, through SqliteStore.
#include "tests/gui/support/FixtureRecording.h"

#include <sqlite3.h>
#include <unistd.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "profiler/SampleStats.h"
#include "profiler/store/SqliteStore.h"

namespace costscope::test {

namespace {

struct Plan {
    const char* family;
    const char* device;
    const char* backend;
    const char* precision;
    const char* structure;
    double sparsity;
    const char* model;   // mlp only
    double medianMs;     // end to end at timeScale 1
    double quality;      // approx_error for GEMMs, accuracy for models
    const char* kernel;  // GPU: the kernel's demangled name
};

constexpr int64_t kShape = 1024;
constexpr int64_t kBatch = 1024;
constexpr double kMlpFlopsPerImage = 2.0 * (784 * 512 + 512 * 256 + 256 * 10);

// Plausible magnitudes for a 1024^3 GEMM and an MLP batch, so charts have realistic spreads.
const std::vector<Plan>& plans() {
    static const std::vector<Plan> list = {
        {"gemm", "cpu", "openblas", "fp32", "dense", 0, "", 11.8, 3.0e-7, ""},
        {"gemm", "cpu", "onednn", "fp32", "dense", 0, "", 10.5, 4.1e-7, ""},
        {"gemm", "cpu", "onednn", "bf16", "dense", 0, "", 5.2, 2.4e-3, ""},
        {"pruned", "cpu", "librsb", "fp32", "csr", 0.5, "", 33.5, 0.27, ""},
        {"pruned", "cpu", "librsb", "fp32", "csr", 0.9, "", 8.5, 0.75, ""},
        {"pruned", "cpu", "librsb", "fp32", "csr", 0.99, "", 1.5, 0.96, ""},
        {"pruned", "cpu", "costscope", "fp32", "csr", 0.5, "", 12.4, 0.27, ""},
        {"pruned", "cpu", "costscope", "fp32", "csr", 0.9, "", 3.0, 0.75, ""},
        {"pruned", "cpu", "costscope", "fp32", "csr", 0.99, "", 0.65, 0.96, ""},
        {"pruned", "cpu", "costscope", "fp32", "2:4", 0.5, "", 12.2, 0.36, ""},
        {"quantized", "cpu", "onednn", "int8", "dense", 0, "", 4.2, 1.4e-2, ""},
        {"mlp", "cpu", "costscope", "fp32", "dense", 0, "dense", 5.2, 0.8997, ""},
        {"mlp", "cpu", "costscope", "fp32", "csr", 0.9, "pruned90-ft", 2.9, 0.8858, ""},
        {"mlp", "cpu", "costscope", "fp32", "2:4", 0.5, "2:4-ft", 4.8, 0.8912, ""},
        {"mlp", "cpu", "onednn", "int8", "dense", 0, "int8", 2.5, 0.9000, ""},
        {"mlp", "cpu", "costscope", "fp32", "dense", 0, "student-kd", 1.1, 0.8808, ""},
        {"gemm", "gpu", "cublas", "fp32", "dense", 0, "", 0.62, 3.1e-7,
         "sm90_xmma_gemm_f32f32_f32f32_f32_nn_n_tilesize128x128x8_stage3_warpsize2x2x1_ffma"},
        {"gemm", "gpu", "cublas", "tf32", "dense", 0, "", 0.41, 4.6e-4,
         "sm90_xmma_gemm_f32f32_tf32f32_f32_nn_n_tilesize128x128x32_stage4_warpsize2x2x1_tensor"},
        {"gemm", "gpu", "cublas", "fp16", "dense", 0, "", 0.33, 4.8e-4,
         "sm90_xmma_gemm_f16f16_f16f32_f32_nn_n_tilesize128x256x64_warpgroupsize1x1x1_execute"},
        {"gemm", "gpu", "cublas", "bf16", "dense", 0, "", 0.33, 3.7e-3,
         "sm90_xmma_gemm_bf16bf16_bf16f32_f32_nn_n_tilesize128x256x64_warpgroupsize1x1x1"},
        {"gemm", "gpu", "tiled", "fp32", "dense", 0, "", 1.9, 3.3e-7,
         "void costscope::tiledSgemm<64, 64, 8>(int, int, int, float const*, float const*, "
         "float*)"},
        {"pruned", "gpu", "cusparse", "fp32", "csr", 0.5, "", 2.4, 0.27,
         "void cusparse::csrmm_alg2_kernel<float, int>(cusparse::KernelCoeffs<float>, int, int)"},
        {"pruned", "gpu", "cusparse", "fp32", "csr", 0.9, "", 0.71, 0.75,
         "void cusparse::csrmm_alg2_kernel<float, int>(cusparse::KernelCoeffs<float>, int, int)"},
        {"pruned", "gpu", "cusparse", "fp32", "csr", 0.99, "", 0.29, 0.96,
         "void cusparse::csrmm_alg2_kernel<float, int>(cusparse::KernelCoeffs<float>, int, int)"},
        {"pruned", "gpu", "cusparselt", "fp16", "2:4", 0.5, "", 0.27, 0.36,
         "sm90_xmma_sparse_gemm_f16f16_f16f32_f32_nn_n_tilesize128x128x64_stage4"},
        {"quantized", "gpu", "cublaslt", "int8", "dense", 0, "", 0.26, 1.4e-2,
         "sm90_xmma_gemm_s8s8_s8s32_s32_nt_n_tilesize128x128x128_stage4_warpgroupsize1x1x1"},
        {"quantized", "gpu", "cublaslt", "fp8", "dense", 0, "", 0.24, 3.1e-2,
         "sm90_xmma_gemm_e4m3e4m3_e4m3f32_f32_tn_n_tilesize128x128x128_warpgroupsize1x1x1"},
        {"mlp", "gpu", "cublas", "fp32", "dense", 0, "dense", 0.35, 0.8997,
         "sm90_xmma_gemm_f32f32_f32f32_f32_tn_n_tilesize64x64x8_stage3_warpsize1x2x1_ffma"},
        {"mlp", "gpu", "cublaslt", "int8", "dense", 0, "int8", 0.31, 0.9000,
         "sm90_xmma_gemm_s8s8_s8s32_s32_tn_n_tilesize64x64x128_stage4"},
    };
    return list;
}

DeviceInfo cpuDevice(const FixtureOptions& options) {
    DeviceInfo cpu;
    cpu.kind = "cpu";
    cpu.name = "Fixture CPU (synthetic)";
    cpu.details = R"({"cores": 2, "isa": ["avx2", "avx512f"], "omp_threads": )" +
                  std::to_string(options.ompThreads) + "}";
    const double scale = options.ceilingScale;
    cpu.peakGflops = 190.0 * scale;
    cpu.memBandwidthGBs = 14.0;
    cpu.ceilingsMethod = "synthetic fixture";
    cpu.precisionCeilings = {{"fp32", 190.0 * scale, "synthetic"},
                             {"bf16", 410.0 * scale, "synthetic"},
                             {"int8", 520.0 * scale, "synthetic"}};
    return cpu;
}

DeviceInfo gpuDevice() {
    DeviceInfo gpu;
    gpu.kind = "gpu";
    gpu.name = "Fixture GPU (synthetic)";
    gpu.details = R"({"driver": "fixture"})";
    gpu.peakGflops = 51'000.0;
    gpu.memBandwidthGBs = 3'000.0;
    gpu.ceilingsMethod = "synthetic fixture";
    gpu.precisionCeilings = {{"fp32", 51'000.0, "synthetic"},    {"tf32", 380'000.0, "synthetic"},
                             {"fp16", 700'000.0, "synthetic"},   {"bf16", 700'000.0, "synthetic"},
                             {"int8", 1'300'000.0, "synthetic"}, {"fp8", 1'300'000.0, "synthetic"}};
    GpuTarget target;
    target.name = gpu.name;
    target.busLocation = "0000:00:00.0";
    target.uuid = "GPU-fixture";
    target.l2CacheSize = 50 << 20;
    target.totalMemory = int64_t(80) << 30;
    target.memoryBandwidth = int64_t(3'000) * 1'000'000'000;
    target.clockRate = 1'980'000'000;
    target.smCount = 132;
    target.maxThreadsPerBlock = 1024;
    target.threadsPerWarp = 32;
    target.maxWarpsPerSm = 64;
    target.maxShmemPerBlock = 49152;
    target.maxShmemPerSm = 233472;
    target.maxRegistersPerSm = 65536;
    target.computeMajor = 9;
    target.computeMinor = 0;
    gpu.gpuTarget = target;
    return gpu;
}

class ActivityBuilder {
  public:
    uint32_t string(const std::string& text) {
        batch.strings.push_back(text);
        return uint32_t(batch.strings.size() - 1);
    }
    ActivityBatch batch;
};

// Gives the first variants of run `runId` the `names`, one each in recording order.
void renameVariants(const std::filesystem::path& path, int64_t runId,
                    const std::vector<std::string>& names) {
    sqlite3* db = nullptr;
    sqlite3_stmt* update = nullptr;
    bool ok =
        sqlite3_open(path.c_str(), &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db,
                           "UPDATE variants SET name = ?1 WHERE id = (SELECT id FROM variants "
                           "WHERE run_id = ?2 ORDER BY id LIMIT 1 OFFSET ?3)",
                           -1, &update, nullptr) == SQLITE_OK;
    for (size_t i = 0; ok && i < names.size(); ++i) {
        sqlite3_reset(update);
        sqlite3_bind_text(update, 1, names[i].c_str(), int(names[i].size()), SQLITE_TRANSIENT);
        sqlite3_bind_int64(update, 2, runId);
        sqlite3_bind_int64(update, 3, int64_t(i));
        ok = sqlite3_step(update) == SQLITE_DONE && sqlite3_changes(db) == 1;
    }
    const std::string error = sqlite3_errmsg(db);
    sqlite3_finalize(update);
    sqlite3_close(db);
    if (!ok) {
        throw std::runtime_error("cannot rename the variants of " + path.string() + ": " + error);
    }
}

int64_t writeRun(const std::filesystem::path& path, const FixtureOptions& options) {
    SqliteStore store(path);
    RunInfo run;
    run.suite = options.suite;
    run.suiteJson = R"({"name": ")" + options.suite + R"(", "variants": []})";
    run.commandLine = "costscope-record --suite " + options.suite + " (synthetic GUI fixture)";
    run.host = options.host;
    run.version = "0.1.0";
    run.startedUnixNs = 1'790'000'000'000'000'000 + int64_t(options.seed) * 3'600'000'000'000;
    run.warmup = 3;
    run.minIterations = options.samplesPerVariant;
    run.minTimeS = 0.25;
    const int64_t runId = store.beginRun(run);
    DeviceInfo cpuInfo = cpuDevice(options);
    DeviceInfo gpuInfo = gpuDevice();
    if (options.withCosts) {
        for (auto [device, perHour, idle] :
             {std::tuple(&cpuInfo, 0.48, 20.0), std::tuple(&gpuInfo, 3.6, 60.0)}) {
            device->pricePerHour = perHour;
            device->pricePerKwh = 0.30;
            device->currency = "USD";
            device->idleWatts = idle;
        }
    }
    store.addDevice(cpuInfo);
    if (options.withGpu) {
        store.addDevice(gpuInfo);
    }

    std::mt19937 random(options.seed);
    std::lognormal_distribution<double> noise(0.0, 0.03);
    int64_t clock = 10'000'000'000;  // CLOCK_MONOTONIC ns
    uint32_t correlation = 1;
    for (const Plan& plan : plans()) {
        const bool gpu = std::string(plan.device) == "gpu";
        if (gpu && !options.withGpu) {
            continue;
        }
        VariantRecord variant;
        VariantSpec& spec = variant.spec;
        spec.family = plan.family;
        spec.device = plan.device;
        spec.backend = plan.backend;
        spec.precision = plan.precision;
        spec.structure = plan.structure;
        spec.sparsity = plan.sparsity;
        const bool mlp = spec.family == "mlp";
        spec.m = mlp ? 10 : kShape;
        spec.n = mlp ? kBatch : kShape;
        spec.k = mlp ? 784 : kShape;
        spec.model = plan.model;
        spec.flopsPerColumn = mlp ? kMlpFlopsPerImage : 0;
        if (!options.hostileText.empty()) {
            spec.backend += options.hostileText;
        }
        variant.implementation = gpu ? "cuBLAS heuristic 0" : "jit:avx512_core";
        variant.threads = gpu ? 1 : 2;
        variant.warmup = 3;
        variant.startedNs = clock;

        const double dense = 1.0 - plan.sparsity;
        const double bytesPerWeight =
            std::string(plan.precision) == "int8" || std::string(plan.precision) == "fp8" ? 1.0
            : std::string(plan.precision) == "fp32"                                       ? 4.0
                                                                                          : 2.0;
        const double weights = mlp ? (784 * 512 + 512 * 256 + 256 * 10) : double(kShape * kShape);
        variant.weightBytes =
            int64_t(weights * bytesPerWeight * (spec.structure == "csr" ? dense * 2.0 : 1.0));
        variant.peakMemBytes = *variant.weightBytes * 3;
        if (mlp) {
            variant.quality.accuracy = plan.quality;
            variant.quality.kernelError = 1e-6;
            variant.quality.approxError = 1.0 - plan.quality;
        } else {
            variant.quality.kernelError = 1e-7;
            variant.quality.approxError = plan.quality;
        }

        ActivityBuilder activity;
        const uint32_t kernelName = gpu ? activity.string(plan.kernel) : 0;
        const uint32_t shortName =
            gpu ? activity.string(std::string(plan.kernel).substr(0, 24) + options.hostileText) : 0;
        if (gpu && !options.hostileText.empty()) {
            activity.batch.strings[kernelName] += options.hostileText;
        }
        std::vector<int64_t> durations;
        std::vector<int64_t> deviceDurations;
        for (int i = 0; i < options.samplesPerVariant; ++i) {
            const auto duration = int64_t(plan.medianMs * 1e6 * options.timeScale * noise(random));
            Sample sample{clock, duration, -1};
            if (gpu) {
                // One call: copy X in, the kernel, copy C out, as GpuVariant::run() does.
                const int64_t copy = duration / 8;
                const int64_t kernel = duration - 2 * copy - 4'000;
                MemcpyRow in{.start = clock + 1'000,
                             .end = clock + 1'000 + copy,
                             .deviceId = 0,
                             .contextId = 1,
                             .streamId = 7,
                             .correlationId = correlation++,
                             .bytes = kShape * kShape * 4,
                             .copyKind = 1,
                             .srcKind = 2,
                             .dstKind = 3};
                KernelRow k{.start = in.end + 1'000,
                            .end = in.end + 1'000 + kernel,
                            .deviceId = 0,
                            .contextId = 1,
                            .streamId = 7,
                            .correlationId = correlation++,
                            .demangledName = kernelName,
                            .shortName = shortName,
                            .mangledName = kernelName,
                            .gridX = 8,
                            .gridY = 8,
                            .gridZ = 1,
                            .blockX = 256,
                            .blockY = 1,
                            .blockZ = 1,
                            .registersPerThread = 168,
                            .staticSharedMemory = 0,
                            .dynamicSharedMemory = 98304,
                            .gridId = int64_t(correlation)};
                MemcpyRow out = in;
                out.start = k.end + 1'000;
                out.end = out.start + copy;
                out.copyKind = 2;
                out.srcKind = 3;
                out.dstKind = 2;
                out.correlationId = correlation++;
                activity.batch.memcpys.push_back(in);
                activity.batch.kernels.push_back(k);
                activity.batch.memcpys.push_back(out);
                sample.deviceNs = kernel;
                deviceDurations.push_back(kernel);
            }
            durations.push_back(duration);
            variant.samples.push_back(sample);
            clock += duration + 20'000;
        }
        if (gpu) {
            // The weight allocated at set-up, released at tear-down.
            activity.batch.memory.push_back(MemoryRow{.start = variant.startedNs,
                                                      .deviceId = 0,
                                                      .contextId = 1,
                                                      .address = 0x7f0000000000,
                                                      .bytes = *variant.weightBytes,
                                                      .memKind = 3,
                                                      .operationType = 1});
            activity.batch.memory.push_back(MemoryRow{.start = clock,
                                                      .deviceId = 0,
                                                      .contextId = 1,
                                                      .address = 0x7f0000000000,
                                                      .bytes = *variant.weightBytes,
                                                      .memKind = 3,
                                                      .operationType = 2});
            GpuMeasures measures;
            measures.deviceStats = SampleStats::from(deviceDurations);
            measures.kernelsPerCall = 1.0;
            measures.copiedBytesPerCall = 2.0 * kShape * kShape * 4;
            measures.peakDeviceMemBytes = *variant.weightBytes;
            variant.gpu = measures;
            variant.activity = std::move(activity.batch);
        }
        variant.stats = SampleStats::from(durations);
        if (options.withCosts) {
            const double watts = gpu ? 300.0 : 65.0, idle = gpu ? 60.0 : 20.0;
            const double seconds = variant.stats->medianNs * 1e-9;
            variant.energy = EnergyMeasure{.source = gpu ? "nvml" : "rapl",
                                           .joulesPerCall = watts * seconds,
                                           .joulesAboveIdlePerCall = (watts - idle) * seconds,
                                           .watts = watts,
                                           .idleWatts = idle,
                                           .windowS = 1.0,
                                           .calls = int64_t(1.0 / seconds) + 1,
                                           .updatePeriodS = gpu ? 0.02 : 0.001};
        }
        variant.endedNs = clock;
        clock += 1'000'000;
        store.addVariant(variant);
    }

    // One skipped and one failed variant, as users see them.
    VariantRecord skipped;
    skipped.spec = {.family = "quantized",
                    .device = "cpu",
                    .backend = "onednn",
                    .precision = "fp8",
                    .structure = "dense",
                    .m = kShape,
                    .n = kShape,
                    .k = kShape};
    skipped.status = VariantStatus::Skipped;
    skipped.reason = "oneDNN has no FP8 matmul on this CPU";
    store.addVariant(skipped);
    VariantRecord failed = skipped;
    failed.spec.device = "gpu";
    failed.spec.backend = "own";
    failed.spec.precision = "int8";
    failed.status = VariantStatus::Failed;
    failed.reason = "cudaMalloc: out of memory (2 GiB asked, 1.1 GiB free)";
    store.addVariant(failed);

    if (options.withGpu) {
        store.setCollectorInfo(CollectorInfo{true, "timestamps on CLOCK_MONOTONIC", 0});
    }
    store.endRun(RunStatus::Complete, "");
    return runId;
}

}  // namespace

int64_t writeFixtureRun(const std::filesystem::path& path, const FixtureOptions& options) {
    const int64_t runId = writeRun(path, options);  // the store is closed by now
    if (!options.variantNames.empty()) {
        renameVariants(path, runId, options.variantNames);
    }
    return runId;
}

ScratchDir::ScratchDir() {
    path_ =
        std::filesystem::temp_directory_path() / ("costscope-gui-" + std::to_string(::getpid()) +
                                                  "-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(path_);
}

ScratchDir::~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

}  // namespace costscope::test
