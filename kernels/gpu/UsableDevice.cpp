// usableDevice(): CUDA's reason, as a skip, when this machine has no device to run on.
#include "kernels/gpu/UsableDevice.h"

#include <string>

#include "kernels/Variant.h"
#include "kernels/gpu/Checked.h"

namespace costscope {

cudaDeviceProp usableDevice() {
    int devices = 0;
    if (const cudaError_t result = cudaGetDeviceCount(&devices); result != cudaSuccess) {
        // Clear it, so that no later cudaGetLastError() reports this one.
        cudaGetLastError();
        throw Unsupported(std::string("no usable CUDA device: ") + cudaGetErrorString(result) +
                          " (cudaGetDeviceCount: " + cudaGetErrorName(result) + ")");
    }
    if (devices == 0)
        throw Unsupported("no usable CUDA device: the driver reports none");
    cudaDeviceProp properties{};
    COSTSCOPE_CHECK(cudaGetDeviceProperties(&properties, 0));
    return properties;
}

}  // namespace costscope
