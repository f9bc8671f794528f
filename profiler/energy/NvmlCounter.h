// One GPU's energy through NVML's total-energy counter (mJ since the driver loaded, Volta and
// newer), and its state while it works: power, SM clock, temperature, why its clocks were held.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "profiler/energy/EnergyCounter.h"
#include "profiler/energy/NvmlLibrary.h"

namespace costscope {

// One sample of what the GPU is doing; a field NVML would not give keeps its default, and
// `fault` then names the first call that failed.
struct GpuState {
    double watts = 0.0;
    unsigned smClockMHz = 0;
    unsigned temperatureC = 0;
    uint64_t clocksEventReasons = 0;  // nvmlClocksEventReasons bits; nvml::kThrottled masks them
    std::string fault;
};

class NvmlCounter : public EnergyCounter {
  public:
    // The GPU with this PCI bus id ("0000:3B:00.0", as CUDA names it), or, for an empty id, the
    // one NVML numbers `index`. Throws EnergyUnavailable when there is no such GPU or it has no
    // energy counter (NVML's words, and which GPU).
    NvmlCounter(std::shared_ptr<nvml::Library> library, const std::string& pciBusId,
                unsigned index = 0);

    const std::string& source() const override { return source_; }
    const std::string& what() const override { return what_; }
    EnergyRead read() override;
    GpuState state() const;

  private:
    std::shared_ptr<nvml::Library> nvml_;
    nvml::Device device_ = nullptr;
    std::string source_ = "nvml";
    std::string what_;
    unsigned long long first_ = 0;  // mJ at construction
    unsigned long long last_ = 0;   // the previous value read
    unsigned long long total_ = 0;  // mJ since construction
};

}  // namespace costscope
