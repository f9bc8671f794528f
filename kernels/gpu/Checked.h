// The one checked-call helper for CUDA runtime, cuBLAS(Lt) and cuSPARSE results: COSTSCOPE_CHECK.
#pragma once

#include <cublas_api.h>
#include <cuda_runtime_api.h>
#include <cusparse.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace costscope {

// A failed GPU library call. what() names the call as written, where it was made (path relative
// to the project) and the library's own words and error name, e.g.
// "cudaMalloc(&p, bytes) failed at kernels/gpu/DeviceBuffer.cpp:31: out of memory
// (cudaErrorMemoryAllocation)".
class GpuError : public std::runtime_error {
  public:
    GpuError(const std::string& message, bool outOfMemory)
        : std::runtime_error(message), outOfMemory_(outOfMemory) {}
    // The device (or pinned host memory) could not supply an allocation.
    bool outOfMemory() const { return outOfMemory_; }

  private:
    bool outOfMemory_ = false;
};

// Builds and throws the GpuError of a failed call. Public so that other libraries' overloads
// (below) share the message format.
[[noreturn]] void throwGpuError(std::string_view call, const char* file, int line,
                                std::string_view description, std::string_view name,
                                bool outOfMemory = false);

[[noreturn]] void failCall(cudaError_t result, const char* call, const char* file, int line);
[[noreturn]] void failCall(cublasStatus_t result, const char* call, const char* file, int line);
[[noreturn]] void failCall(cusparseStatus_t result, const char* call, const char* file, int line);

// One overload per result type; the success test is inline, so a checked call costs a compare.
//
// Another library adds its own overload in its own header, in namespace costscope, and then uses
// the same macro, e.g. for CUPTI (profiler/cupti/):
//     inline void checkCall(CUptiResult result, const char* call, const char* file, int line) {
//         if (result != CUPTI_SUCCESS) [[unlikely]] {
//             const char* text = nullptr;
//             cuptiGetResultString(result, &text);
//             throwGpuError(call, file, line, text ? text : "unknown CUPTI error", "CUptiResult");
//         }
//     }
// The overload only has to be declared before the COSTSCOPE_CHECK that uses it.
inline void checkCall(cudaError_t result, const char* call, const char* file, int line) {
    if (result != cudaSuccess) [[unlikely]]
        failCall(result, call, file, line);
}
inline void checkCall(cublasStatus_t result, const char* call, const char* file, int line) {
    if (result != CUBLAS_STATUS_SUCCESS) [[unlikely]]
        failCall(result, call, file, line);
}
inline void checkCall(cusparseStatus_t result, const char* call, const char* file, int line) {
    if (result != CUSPARSE_STATUS_SUCCESS) [[unlikely]]
        failCall(result, call, file, line);
}

// After a <<<...>>> launch: throws GpuError naming the kernel when the launch failed.
inline void checkLaunch(const char* kernel, const char* file, int line) {
    if (const cudaError_t result = cudaGetLastError(); result != cudaSuccess) [[unlikely]]
        throwGpuError(std::string("launching ") + kernel, file, line, cudaGetErrorString(result),
                      cudaGetErrorName(result));
}

}  // namespace costscope

// Evaluates a CUDA/cuBLAS/cuSPARSE call and throws GpuError when it did not succeed.
#define COSTSCOPE_CHECK(call) ::costscope::checkCall((call), #call, __FILE__, __LINE__)
// After a kernel launch: COSTSCOPE_CHECK_LAUNCH("tiledSgemm").
#define COSTSCOPE_CHECK_LAUNCH(kernel) ::costscope::checkLaunch(kernel, __FILE__, __LINE__)
