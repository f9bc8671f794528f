// A device's cumulative energy counter, read at the edges of a measurement window: RAPL for the
// CPU (RaplCounter), NVML for a GPU (NvmlCounter). A device without one gets the reason, never an
// estimate.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace costscope {

// No counter for this device here: the message says why and, where there is one, the fix.
class EnergyUnavailable : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// One read of a counter: the energy since it was opened, each wrap counted.
struct EnergyRead {
    double joules = 0.0;
    // Why energy over a window ending or starting here cannot be trusted: the counter could not
    // be read, or it went backwards since the previous read by more than a wrap explains (the
    // total then goes on from the new value). Empty when the read is good.
    std::string fault;
};

class EnergyCounter {
  public:
    virtual ~EnergyCounter() = default;
    // Where the figures come from: "rapl", "nvml".
    virtual const std::string& source() const = 0;
    // What is summed, for people: "package-0 + dram-0", "GPU 0, NVIDIA H200".
    virtual const std::string& what() const = 0;
    virtual EnergyRead read() = 0;
};

// How far a counter advanced from `before` to `after` when it counts modulo `modulus` (its
// largest value + 1; 0 for one that never wraps). A wrap is believed only when the advance it
// implies is under half the modulus (reads come far more often than a counter wraps); otherwise,
// and whenever a counter that never wraps goes down, nullopt: it went backwards.
std::optional<uint64_t> counterAdvance(uint64_t before, uint64_t after, uint64_t modulus);

}  // namespace costscope
