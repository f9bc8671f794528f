// Energy windows on this machine's devices. While a window is open, a sampler thread reads its
// device's counter every few milliseconds, to see when the counter updates (EnergyWindow), and a
// GPU's power, clock, temperature and clock-event reasons, so that a throttled window is known.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "profiler/energy/EnergyCounter.h"
#include "profiler/energy/EnergyWindow.h"
#include "profiler/energy/NvmlCounter.h"

namespace costscope {

class EnergyMeter {
  public:
    struct Device {
        std::string kind;                        // "cpu", "gpu"
        std::unique_ptr<EnergyCounter> counter;  // null when the device has none ...
        std::string reason;                      // ... and then why not, with the fix
        NvmlCounter* gpu = nullptr;              // the counter, when it reports a GPU's state
        std::optional<double> idleWatts;         // measureIdle()'s figure
        EnergyWindow idle;                       // the window it came from
        // How often the sampler reads the counter while a window is open (0: the meter's).
        std::chrono::microseconds poll{0};
    };

    // RAPL updates about every millisecond, so a value read is at most that stale however
    // seldom it is read: the sampler reads it every 20 ms, which disturbs the CPU it measures
    // four times less than every 5 ms (docs/benchmarks.md, "Energy sampling"). NVML's counter
    // updates every 20-100 ms, and when a change is seen is known to a poll: 5 ms.
    static constexpr std::chrono::milliseconds kRaplPoll{20};

    // The CPU's RAPL counter and, for a GPU's PCI bus id, its NVML counter; a device without one
    // holds the reason.
    static std::unique_ptr<EnergyMeter> forThisMachine(const std::optional<std::string>& gpuBusId);

    explicit EnergyMeter(std::vector<Device> devices,
                         std::chrono::microseconds poll = std::chrono::milliseconds(5));
    ~EnergyMeter();
    EnergyMeter(const EnergyMeter&) = delete;
    EnergyMeter& operator=(const EnergyMeter&) = delete;

    // The device of that kind, or nullptr when the meter has none.
    const Device* device(const std::string& kind) const;

    // Each device's idle power over a quiet window of `seconds` (nothing else may run).
    void measureIdle(std::chrono::duration<double> seconds);

    // Opens a window on the device of `kind`, which must have a counter; one window at a time.
    void begin(const std::string& kind);
    // Closes it: the energy of the window and of each of its `calls`.
    EnergyWindow end(int64_t calls);

  private:
    void sample();  // the sampler thread's loop

    std::vector<Device> devices_;
    std::chrono::microseconds poll_;
    std::mutex mutex_;
    std::condition_variable wake_;
    Device* open_ = nullptr;  // the device whose window is open, under mutex_
    EnergyWindowBuilder builder_;
    uint64_t reasons_ = 0;
    unsigned maxTemperature_ = 0;
    double clockSum_ = 0.0;
    int clockSamples_ = 0;
    bool stopping_ = false;
    std::thread sampler_;
};

}  // namespace costscope
