// The device check every GPU workload makes first: is there a CUDA device this process can use?
#pragma once

#include <cuda_runtime_api.h>

namespace costscope {

// The properties of device 0, the one the GPU variants run on. Throws Unsupported (a skip, not
// a failure) with CUDA's own words when there is no usable driver or device, e.g. "no usable
// CUDA device: CUDA driver version is insufficient for CUDA runtime version
// (cudaGetDeviceCount: cudaErrorInsufficientDriver)"; GpuError when the properties cannot be
// read.
cudaDeviceProp usableDevice();

}  // namespace costscope
