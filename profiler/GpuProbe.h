// Finds out whether a CUDA GPU can run our code here, and if not, CUDA's own reason why.
#pragma once

#include <cstdint>
#include <string>

namespace costscope {

struct GpuProbe {
    bool usable = false;
    std::string reason;  // when not usable: CUDA's words and the call that said them
    std::string name;
    std::string busId;
    int computeMajor = 0;
    int computeMinor = 0;
    int smCount = 0;
    int64_t totalMemoryBytes = 0;
    int driverVersion = 0;   // as cudaDriverGetVersion reports it, e.g. 13000
    int runtimeVersion = 0;  // the CUDA runtime this build links

    // A JSON object with the device's properties, stored as devices.details.
    std::string detailsJson() const;
};

// Asks the driver for device 0 and launches one tiny kernel on it, so that a device with no
// usable code for its architecture is reported as such instead of failing mid-recording.
// Built without CUDA, it says so.
GpuProbe probeGpu();

}  // namespace costscope
