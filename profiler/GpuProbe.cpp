// The GPU probe's details as JSON: compiled by the C++ compiler, so nvcc never sees nlohmann.
#include "profiler/GpuProbe.h"

#include <nlohmann/json.hpp>

namespace costscope {

std::string GpuProbe::detailsJson() const {
    const nlohmann::json details = {
        {"compute_capability", std::to_string(computeMajor) + '.' + std::to_string(computeMinor)},
        {"sm_count", smCount},
        {"total_memory_bytes", totalMemoryBytes},
        {"bus_id", busId},
        {"driver_version", driverVersion},
        {"runtime_version", runtimeVersion},
    };
    return details.dump();
}

}  // namespace costscope
