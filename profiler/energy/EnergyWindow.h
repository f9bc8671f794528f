// The energy of one measurement window on one device, from reads of its counter taken before,
// during and after it. A counter updates every millisecond (RAPL) to every 20-100 ms (NVML), so
// a read at a window's edge may be up to one update stale; between two updates seen inside the
// window the energy is exact. The window's energy is therefore the power between the first and
// the last update seen, over the window's whole length.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "profiler/energy/EnergyCounter.h"

namespace costscope {

struct EnergyWindow {
    double seconds = 0.0;          // the window's length
    int64_t calls = 0;             // the calls made in it
    std::optional<double> joules;  // over the window; nullopt with the reason in `note`
    int updates = 0;               // changes of the counter seen in the window
    double updatePeriodS = 0.0;    // the median time between them; 0 when fewer than two
    std::string note;              // why there are no joules, or what to doubt about them
    // A GPU's state over the window, from the sampler (EnergyMeter); zero elsewhere.
    uint64_t clocksEventReasons = 0;  // nvmlClocksEventReasons bits seen at any sample
    unsigned maxTemperatureC = 0;
    double meanSmClockMHz = 0.0;

    std::optional<double> watts() const;
    std::optional<double> joulesPerCall() const;
    // Less the device's idle power over the window, per call: what the calls themselves cost.
    std::optional<double> joulesAboveIdlePerCall(std::optional<double> idleWatts) const;
};

// Windows shorter than this many of the counter's update periods are flagged in the note.
inline constexpr int kMinUpdatesPerWindow = 10;

class EnergyWindowBuilder {
  public:
    void begin(int64_t timeNs, const EnergyRead& read);
    // A read while the window is open (a sampler's, every few milliseconds).
    void observe(int64_t timeNs, const EnergyRead& read);
    EnergyWindow end(int64_t timeNs, const EnergyRead& read, int64_t calls);

  private:
    int64_t startNs_ = 0;
    double lastJoules_ = 0.0;
    std::vector<std::pair<int64_t, double>> updates_;  // when a new value was first seen, and it
    std::string fault_;
};

}  // namespace costscope
