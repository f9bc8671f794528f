// The CUDA side of the GPU probe: driver, device properties and one real kernel launch.
#include "profiler/GpuProbe.h"

#include <cuda_runtime.h>

namespace costscope {
namespace {

__global__ void writeAnswer(int* out) {
    *out = 42;
}

GpuProbe unusable(GpuProbe probe, const char* call, cudaError_t error) {
    probe.usable = false;
    probe.reason =
        std::string(cudaGetErrorString(error)) + " (" + call + ": " + cudaGetErrorName(error) + ")";
    return probe;
}

}  // namespace

GpuProbe probeGpu() {
    GpuProbe probe;
    cudaRuntimeGetVersion(&probe.runtimeVersion);
    cudaDriverGetVersion(&probe.driverVersion);

    int count = 0;
    if (const auto error = cudaGetDeviceCount(&count); error != cudaSuccess)
        return unusable(probe, "cudaGetDeviceCount", error);
    if (count == 0) {
        probe.reason = "the CUDA driver reports no device (cudaGetDeviceCount returned 0)";
        return probe;
    }
    cudaDeviceProp prop{};
    if (const auto error = cudaGetDeviceProperties(&prop, 0); error != cudaSuccess)
        return unusable(probe, "cudaGetDeviceProperties", error);
    probe.name = prop.name;
    probe.computeMajor = prop.major;
    probe.computeMinor = prop.minor;
    probe.smCount = prop.multiProcessorCount;
    probe.totalMemoryBytes = int64_t(prop.totalGlobalMem);
    char busId[32] = {};
    if (cudaDeviceGetPCIBusId(busId, sizeof busId, 0) == cudaSuccess)
        probe.busId = busId;

    int* answer = nullptr;
    if (const auto error = cudaMalloc(&answer, sizeof(int)); error != cudaSuccess)
        return unusable(probe, "cudaMalloc", error);
    writeAnswer<<<1, 1>>>(answer);
    auto error = cudaGetLastError();
    int host = 0;
    if (error == cudaSuccess)
        error = cudaMemcpy(&host, answer, sizeof host, cudaMemcpyDeviceToHost);
    cudaFree(answer);
    if (error != cudaSuccess)
        return unusable(probe, "launching a probe kernel", error);
    if (host != 42) {
        probe.reason = "a probe kernel ran but wrote a wrong value";
        return probe;
    }
    probe.usable = true;
    return probe;
}

}  // namespace costscope
