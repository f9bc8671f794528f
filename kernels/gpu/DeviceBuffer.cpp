// The allocations behind DeviceBuffer and PinnedBuffer, with messages that name the size, and
// the set-up copy to the device.
#include "kernels/gpu/DeviceBuffer.h"

#include <cstdio>
#include <string>

#include "kernels/gpu/Checked.h"

namespace costscope::detail {
namespace {

std::string sizeText(std::size_t bytes) {
    char text[64];
    std::snprintf(text, sizeof text, "%zu bytes (%.1f MiB)", bytes, double(bytes) / (1 << 20));
    return text;
}

}  // namespace

void* deviceAllocate(std::size_t bytes) {
    void* pointer = nullptr;
    if (const cudaError_t result = cudaMalloc(&pointer, bytes); result != cudaSuccess) {
        // A failed cudaMalloc leaves no sticky error, but clear it so the next launch's
        // cudaGetLastError() does not report this one.
        cudaGetLastError();
        throwGpuError("cudaMalloc of " + sizeText(bytes), __FILE__, __LINE__,
                      cudaGetErrorString(result), cudaGetErrorName(result),
                      result == cudaErrorMemoryAllocation);
    }
    return pointer;
}

void deviceFree(void* pointer) noexcept {
    // Errors here can only be earlier asynchronous ones, which the owner's checks report.
    cudaFree(pointer);
}

void* pinnedAllocate(std::size_t bytes) {
    void* pointer = nullptr;
    if (const cudaError_t result = cudaMallocHost(&pointer, bytes); result != cudaSuccess) {
        cudaGetLastError();
        throwGpuError("cudaMallocHost of " + sizeText(bytes), __FILE__, __LINE__,
                      cudaGetErrorString(result), cudaGetErrorName(result),
                      result == cudaErrorMemoryAllocation);
    }
    return pointer;
}

void pinnedFree(void* pointer) noexcept {
    cudaFreeHost(pointer);
}

void copyToDevice(void* device, const void* host, std::size_t bytes, cudaStream_t stream) {
    if (bytes == 0)
        return;
    COSTSCOPE_CHECK(cudaMemcpyAsync(device, host, bytes, cudaMemcpyHostToDevice, stream));
    COSTSCOPE_CHECK(cudaStreamSynchronize(stream));
}

}  // namespace costscope::detail
