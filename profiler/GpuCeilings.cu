// The GPU's ceilings for the roofline: copy bandwidth and the best library GEMM rate per precision.
#include "profiler/GpuCeilings.h"

#include <cuda_runtime.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <vector>

#include "kernels/Catalog.h"
#include "kernels/gpu/Checked.h"
#include "kernels/gpu/DeviceBuffer.h"
#include "kernels/gpu/GpuVariant.h"
#include "profiler/GpuProbe.h"

namespace costscope {
namespace {

constexpr int kWarmup = 2;
constexpr int kTimed = 10;

// Events on one stream; destroyed with the object.
class EventPair {
  public:
    EventPair() {
        COSTSCOPE_CHECK(cudaEventCreate(&start_));
        try {
            COSTSCOPE_CHECK(cudaEventCreate(&stop_));
        } catch (...) {
            cudaEventDestroy(start_);
            throw;
        }
    }
    ~EventPair() {
        cudaEventDestroy(stop_);
        cudaEventDestroy(start_);
    }
    EventPair(const EventPair&) = delete;
    EventPair& operator=(const EventPair&) = delete;

    // Seconds taken by what body() enqueues on stream.
    template <class Body>
    double time(cudaStream_t stream, Body&& body) {
        COSTSCOPE_CHECK(cudaEventRecord(start_, stream));
        body();
        COSTSCOPE_CHECK(cudaEventRecord(stop_, stream));
        COSTSCOPE_CHECK(cudaEventSynchronize(stop_));
        float ms = 0.0f;
        COSTSCOPE_CHECK(cudaEventElapsedTime(&ms, start_, stop_));
        return double(ms) * 1e-3;
    }

  private:
    cudaEvent_t start_ = nullptr;
    cudaEvent_t stop_ = nullptr;
};

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
}

std::string uuidText(const cudaUUID_t& uuid) {
    // nvidia-smi's form: GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.
    std::string text = "GPU-";
    char hex[3];
    for (int i = 0; i < 16; ++i) {
        std::snprintf(hex, sizeof hex, "%02x", unsigned(static_cast<unsigned char>(uuid.bytes[i])));
        text += hex;
        if (i == 3 || i == 5 || i == 7 || i == 9)
            text += '-';
    }
    return text;
}

GpuTarget readTarget(int device, const GpuProbe& probe) {
    cudaDeviceProp prop{};
    COSTSCOPE_CHECK(cudaGetDeviceProperties(&prop, device));
    // CUDA 13 dropped clockRate and memoryClockRate from cudaDeviceProp: ask the attributes.
    int clockKHz = 0, memoryClockKHz = 0, busWidthBits = 0;
    COSTSCOPE_CHECK(cudaDeviceGetAttribute(&clockKHz, cudaDevAttrClockRate, device));
    COSTSCOPE_CHECK(cudaDeviceGetAttribute(&memoryClockKHz, cudaDevAttrMemoryClockRate, device));
    COSTSCOPE_CHECK(cudaDeviceGetAttribute(&busWidthBits, cudaDevAttrGlobalMemoryBusWidth, device));
    GpuTarget target;
    target.id = device;
    target.name = prop.name;
    target.busLocation = probe.busId;
    target.uuid = uuidText(prop.uuid);
    target.l2CacheSize = prop.l2CacheSize;
    target.totalMemory = int64_t(prop.totalGlobalMem);
    // Double data rate: two transfers per memory clock, bus width in bits.
    target.memoryBandwidth = int64_t(2.0 * double(memoryClockKHz) * 1e3 * double(busWidthBits) / 8);
    target.clockRate = int64_t(clockKHz) * 1000;
    target.smCount = prop.multiProcessorCount;
    target.maxThreadsPerBlock = prop.maxThreadsPerBlock;
    target.threadsPerWarp = prop.warpSize;
    target.maxWarpsPerSm = prop.warpSize ? prop.maxThreadsPerMultiProcessor / prop.warpSize : 0;
    // The most a block can have when it opts in (the default limit is 48 KiB).
    target.maxShmemPerBlock = int64_t(prop.sharedMemPerBlockOptin);
    target.maxShmemPerSm = int64_t(prop.sharedMemPerMultiprocessor);
    target.maxRegistersPerSm = prop.regsPerMultiprocessor;
    target.computeMajor = prop.major;
    target.computeMinor = prop.minor;
    return target;
}

// Device-to-device cudaMemcpy, bytes read plus bytes written per second.
double copyBandwidth(int64_t totalMemory, std::string& method) {
    const size_t bytes = size_t(std::min<int64_t>(int64_t(1) << 30, totalMemory / 8));
    DeviceBuffer<unsigned char> from(bytes), to(bytes);
    cudaStream_t stream = nullptr;
    COSTSCOPE_CHECK(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking));
    const std::unique_ptr<CUstream_st, decltype(&cudaStreamDestroy)> owner(stream,
                                                                           cudaStreamDestroy);
    COSTSCOPE_CHECK(cudaMemsetAsync(from.data(), 0x5a, bytes, stream));
    EventPair events;
    std::vector<double> seconds;
    for (int i = 0; i < kWarmup + kTimed; ++i) {
        const double s = events.time(stream, [&] {
            COSTSCOPE_CHECK(
                cudaMemcpyAsync(to.data(), from.data(), bytes, cudaMemcpyDeviceToDevice, stream));
        });
        if (i >= kWarmup)
            seconds.push_back(s);
    }
    method = "bandwidth: device-to-device cudaMemcpy of " + std::to_string(bytes >> 20) +
             " MiB, bytes read + written, median of " + std::to_string(kTimed) + " after " +
             std::to_string(kWarmup) + " warm-up, CUDA events";
    return 2.0 * double(bytes) / median(seconds) / 1e9;
}

// Uniform in [-1, -1/4] U [1/4, 1]: random (some hardware runs faster on zeros or repeated
// values) and made in a fraction of the time of the suites' normal operands at 8192^2.
std::shared_ptr<const Operands> fastOperands(int64_t size) {
    auto operands = std::make_shared<Operands>();
    operands->m = operands->n = operands->k = size;
    operands->w = AlignedBuffer<float>(size_t(size * size));
    operands->x = AlignedBuffer<float>(size_t(size * size));
    uint64_t state = 0x9e3779b97f4a7c15ULL;
    for (auto* buffer : {&operands->w, &operands->x})
        for (float& v : *buffer) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            const float u = float(state >> 40) * (1.0f / float(1 << 24));  // [0, 1)
            v = (u < 0.5f ? -1.0f : 1.0f) * (0.25f + 1.5f * std::fabs(u - 0.5f));
        }
    return operands;
}

struct Candidate {
    const char* precision;  // the ceiling's name
    const char* family;
    const char* backend;
};

constexpr Candidate kCandidates[] = {
    {"fp32", "gemm", "cublas"}, {"tf32", "gemm", "cublas"},        {"fp16", "gemm", "cublas"},
    {"bf16", "gemm", "cublas"}, {"int8", "quantized", "cublaslt"}, {"fp8", "quantized", "cublaslt"},
};

}  // namespace

DeviceInfo measureGpuDevice() {
    const GpuProbe probe = probeGpu();
    DeviceInfo info{.kind = "gpu", .name = probe.name, .details = probe.detailsJson()};
    if (!probe.usable) {
        info.ceilingsMethod = "not measured: " + probe.reason;
        return info;
    }
    try {
        info.gpuTarget = readTarget(0, probe);
        std::string bandwidthMethod;
        info.memBandwidthGBs = copyBandwidth(info.gpuTarget->totalMemory, bandwidthMethod);

        // 8192^3 keeps the big GEMMs compute-bound; three FP32 8192^2 matrices take 768 MiB.
        const int64_t memory = info.gpuTarget->totalMemory;
        const int64_t size = memory >= (int64_t(16) << 30)  ? 8192
                             : memory >= (int64_t(4) << 30) ? 4096
                                                            : 2048;
        const auto operands = fastOperands(size);
        std::string skipped;
        for (const auto& candidate : kCandidates) {
            const VariantSpec spec{.family = candidate.family,
                                   .device = "gpu",
                                   .backend = candidate.backend,
                                   .precision = candidate.precision,
                                   .structure = "dense",
                                   .m = size,
                                   .n = size,
                                   .k = size};
            auto variant = createVariant(spec);
            auto* gpu = dynamic_cast<GpuVariant*>(variant.get());
            if (!gpu)
                throw std::logic_error(spec.name() + " is not a GPU variant");
            gpu->useOperands(operands);
            try {
                gpu->setUp();
            } catch (const Unsupported& e) {
                skipped += std::string(skipped.empty() ? "" : "; ") + candidate.precision +
                           " not measured: " + e.what();
                continue;
            }
            EventPair events;
            std::vector<double> seconds;
            for (int i = 0; i < kWarmup + kTimed; ++i) {
                const double s = events.time(gpu->stream(), [&] { gpu->launch(); });
                if (i >= kWarmup)
                    seconds.push_back(s);
            }
            const double rate = spec.flops() / median(seconds) / 1e9;
            const std::string method = variant->implementation() + ", " + std::to_string(size) +
                                       "^3, launch() only (activation conversion included), "
                                       "median of " +
                                       std::to_string(kTimed) + ", CUDA events";
            info.precisionCeilings.push_back({candidate.precision, rate, method});
            if (std::string(candidate.precision) == "fp32")
                info.peakGflops = rate;
        }
        info.ceilingsMethod = bandwidthMethod +
                              "; compute: best cuBLAS/cuBLASLt rate per "
                              "precision at " +
                              std::to_string(size) + "^3 on uniform random data, median of " +
                              std::to_string(kTimed) + " after " + std::to_string(kWarmup) +
                              " warm-up, CUDA events" + (skipped.empty() ? "" : "; " + skipped);
    } catch (const GpuError& e) {
        throw std::runtime_error(std::string("measuring the GPU's ceilings: ") + e.what());
    }
    return info;
}

}  // namespace costscope
