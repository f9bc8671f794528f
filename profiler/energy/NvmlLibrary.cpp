// dlopen of NVML and the lookup of its entry points.
#include "profiler/energy/NvmlLibrary.h"

#include <dlfcn.h>

#include <cstdlib>

#include "profiler/energy/EnergyCounter.h"

namespace costscope::nvml {

namespace {

constexpr const char* kSoname = "libnvidia-ml.so.1";

template <typename Function>
void lookUp(void* handle, const char* name, Function& function) {
    function = reinterpret_cast<Function>(dlsym(handle, name));
}

}  // namespace

std::string describeThrottle(uint64_t reasons) {
    const std::pair<uint64_t, const char*> names[] = {
        {kSwPowerCap, "power cap"},
        {kHwSlowdown, "HW slowdown"},
        {kSwThermalSlowdown, "thermal slowdown"},
        {kHwThermalSlowdown, "HW thermal slowdown"},
        {kHwPowerBrakeSlowdown, "power brake"},
    };
    std::string text;
    for (const auto& [bit, name] : names) {
        if ((reasons & bit) != 0) {
            text += (text.empty() ? "" : ", ") + std::string(name);
        }
    }
    return text;
}

std::shared_ptr<Library> Library::open() {
    const char* chosen = std::getenv("COSTSCOPE_NVML_LIBRARY");
    return std::make_shared<Library>(chosen != nullptr && *chosen != '\0' ? chosen : kSoname);
}

Library::Library(const std::string& path) : path_(path) {
    const std::string notMeasured = "GPU energy not measured: ";
    handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle_ == nullptr) {
        const char* why = dlerror();
        throw EnergyUnavailable(notMeasured + "NVML (" + path +
                                ") could not be opened: " + (why ? why : "unknown dlopen error") +
                                ". It comes with the NVIDIA driver.");
    }
    Return (*init)() = nullptr;
    lookUp(handle_, "nvmlInit_v2", init);
    lookUp(handle_, "nvmlShutdown", shutdown_);
    lookUp(handle_, "nvmlErrorString", errorString_);
    lookUp(handle_, "nvmlDeviceGetCount_v2", deviceGetCount);
    lookUp(handle_, "nvmlDeviceGetHandleByIndex_v2", deviceGetHandleByIndex);
    lookUp(handle_, "nvmlDeviceGetHandleByPciBusId_v2", deviceGetHandleByPciBusId);
    lookUp(handle_, "nvmlDeviceGetName", deviceGetName);
    lookUp(handle_, "nvmlDeviceGetTotalEnergyConsumption", deviceGetTotalEnergyConsumption);
    lookUp(handle_, "nvmlDeviceGetPowerUsage", deviceGetPowerUsage);
    lookUp(handle_, "nvmlDeviceGetClockInfo", deviceGetClockInfo);
    lookUp(handle_, "nvmlDeviceGetTemperature", deviceGetTemperature);
    lookUp(handle_, "nvmlDeviceGetCurrentClocksEventReasons", deviceGetClocksEventReasons);
    if (deviceGetClocksEventReasons == nullptr) {
        lookUp(handle_, "nvmlDeviceGetCurrentClocksThrottleReasons", deviceGetClocksEventReasons);
    }
    const std::pair<const char*, bool> required[] = {
        {"nvmlInit_v2", init != nullptr},
        {"nvmlShutdown", shutdown_ != nullptr},
        {"nvmlErrorString", errorString_ != nullptr},
        {"nvmlDeviceGetCount_v2", deviceGetCount != nullptr},
        {"nvmlDeviceGetHandleByIndex_v2", deviceGetHandleByIndex != nullptr},
        {"nvmlDeviceGetHandleByPciBusId_v2", deviceGetHandleByPciBusId != nullptr},
        {"nvmlDeviceGetName", deviceGetName != nullptr},
        {"nvmlDeviceGetTotalEnergyConsumption", deviceGetTotalEnergyConsumption != nullptr},
        {"nvmlDeviceGetPowerUsage", deviceGetPowerUsage != nullptr},
        {"nvmlDeviceGetClockInfo", deviceGetClockInfo != nullptr},
        {"nvmlDeviceGetTemperature", deviceGetTemperature != nullptr},
    };
    for (const auto& [name, present] : required) {
        if (!present) {
            dlclose(handle_);
            throw EnergyUnavailable(notMeasured + "NVML (" + path + ") has no " + name +
                                    "; update the NVIDIA driver.");
        }
    }
    if (const Return result = init(); result != kSuccess) {
        const std::string words = errorString(result);
        dlclose(handle_);
        throw EnergyUnavailable(notMeasured + "nvmlInit_v2 failed: " + words + " (NVML error " +
                                std::to_string(result) + ").");
    }
}

Library::~Library() {
    shutdown_();
    dlclose(handle_);
}

std::string Library::errorString(Return result) const {
    const char* words = errorString_(result);
    return words != nullptr ? words : "NVML error " + std::to_string(result);
}

}  // namespace costscope::nvml
