// The GPU's ceilings for the roofline, measured at the start of a recording.
#pragma once

#include "profiler/Records.h"

namespace costscope {

// Measures device-to-device copy bandwidth and the best cuBLAS(Lt) rate per precision the
// device supports, and fills the GPU's DeviceInfo (ceilings, TARGET_INFO_GPU properties).
// Throws std::runtime_error with the library's words when a measurement fails.
// Built without CUDA: returns a DeviceInfo with no ceilings.
DeviceInfo measureGpuDevice();

}  // namespace costscope
