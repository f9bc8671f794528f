// NVML, opened at run time: the driver ships libnvidia-ml.so.1, so costscope neither includes
// nvml.h nor links the library (the CPU-only build has no toolkit, a GPU server may have only the
// driver). The few entry points used are declared here as nvml.h declares them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace costscope::nvml {

using Return = int;                   // nvmlReturn_t
using Device = struct DeviceOpaque*;  // nvmlDevice_t

inline constexpr Return kSuccess = 0;       // NVML_SUCCESS
inline constexpr Return kNotSupported = 3;  // NVML_ERROR_NOT_SUPPORTED
inline constexpr int kClockSm = 1;          // NVML_CLOCK_SM
inline constexpr int kTemperatureGpu = 0;   // NVML_TEMPERATURE_GPU

// nvmlClocksEventReasons: the bits that mean the clocks were held down by power or heat.
inline constexpr uint64_t kSwPowerCap = 0x4;
inline constexpr uint64_t kHwSlowdown = 0x8;
inline constexpr uint64_t kSwThermalSlowdown = 0x20;
inline constexpr uint64_t kHwThermalSlowdown = 0x40;
inline constexpr uint64_t kHwPowerBrakeSlowdown = 0x80;
inline constexpr uint64_t kThrottled =
    kSwPowerCap | kHwSlowdown | kSwThermalSlowdown | kHwThermalSlowdown | kHwPowerBrakeSlowdown;

// "power cap, HW thermal slowdown": the throttling bits of `reasons` in words; "" for none.
std::string describeThrottle(uint64_t reasons);

class Library {
  public:
    // Opens `path` (the soname by default; $COSTSCOPE_NVML_LIBRARY where set, a full path) and
    // initialises NVML. Throws EnergyUnavailable naming the library and dlerror()'s or NVML's
    // words (no driver, a missing entry point, an initialisation that failed).
    static std::shared_ptr<Library> open();
    explicit Library(const std::string& path);
    ~Library();  // nvmlShutdown, then dlclose
    Library(const Library&) = delete;
    Library& operator=(const Library&) = delete;

    const std::string& path() const { return path_; }
    // NVML's words for a result ("Not Supported").
    std::string errorString(Return result) const;

    Return (*deviceGetCount)(unsigned*) = nullptr;
    Return (*deviceGetHandleByIndex)(unsigned, Device*) = nullptr;
    Return (*deviceGetHandleByPciBusId)(const char*, Device*) = nullptr;
    Return (*deviceGetName)(Device, char*, unsigned) = nullptr;
    Return (*deviceGetTotalEnergyConsumption)(Device, unsigned long long*) = nullptr;  // mJ
    Return (*deviceGetPowerUsage)(Device, unsigned*) = nullptr;                        // mW
    Return (*deviceGetClockInfo)(Device, int, unsigned*) = nullptr;                    // MHz
    Return (*deviceGetTemperature)(Device, int, unsigned*) = nullptr;                  // °C
    // nvmlDeviceGetCurrentClocksEventReasons (driver 535 and later), else the older
    // nvmlDeviceGetCurrentClocksThrottleReasons; null when neither is there.
    Return (*deviceGetClocksEventReasons)(Device, unsigned long long*) = nullptr;

  private:
    std::string path_;
    void* handle_ = nullptr;
    Return (*shutdown_)() = nullptr;
    const char* (*errorString_)(Return) = nullptr;
};

}  // namespace costscope::nvml
