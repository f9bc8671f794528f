// GpuError messages for failed CUDA runtime, cuBLAS and cuSPARSE calls.
#include "kernels/gpu/Checked.h"

namespace costscope {
namespace {

// __FILE__ is absolute in a CMake build; messages show the path inside the project.
std::string_view projectPath(const char* file) {
    std::string_view path = file ? file : "?";
#ifdef COSTSCOPE_SOURCE_DIR
    constexpr std::string_view root = COSTSCOPE_SOURCE_DIR "/";
    if (path.starts_with(root))
        path.remove_prefix(root.size());
#endif
    return path;
}

}  // namespace

void throwGpuError(std::string_view call, const char* file, int line, std::string_view description,
                   std::string_view name, bool outOfMemory) {
    std::string message(call);
    message += " failed at ";
    message += projectPath(file);
    message += ':';
    message += std::to_string(line);
    message += ": ";
    message += description;
    message += " (";
    message += name;
    message += ')';
    throw GpuError(message, outOfMemory);
}

void failCall(cudaError_t result, const char* call, const char* file, int line) {
    throwGpuError(call, file, line, cudaGetErrorString(result), cudaGetErrorName(result),
                  result == cudaErrorMemoryAllocation);
}

void failCall(cublasStatus_t result, const char* call, const char* file, int line) {
    throwGpuError(call, file, line, cublasGetStatusString(result), cublasGetStatusName(result),
                  result == CUBLAS_STATUS_ALLOC_FAILED);
}

void failCall(cusparseStatus_t result, const char* call, const char* file, int line) {
    throwGpuError(call, file, line, cusparseGetErrorString(result), cusparseGetErrorName(result),
                  result == CUSPARSE_STATUS_ALLOC_FAILED);
}

}  // namespace costscope
