// An energy counter for tests whose value follows the clock: it draws `watts` (changeable while
// it runs) and its value changes every `period`, as RAPL's and NVML's do.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>

#include "profiler/Clock.h"
#include "profiler/energy/EnergyCounter.h"

namespace costscope::test {

class ClockCounter : public EnergyCounter {
  public:
    ClockCounter(double watts, std::chrono::nanoseconds period)
        : watts_(watts), period_(period.count()), since_(monotonicNs()) {}

    const std::string& source() const override { return source_; }
    const std::string& what() const override { return source_; }

    // From now on it draws `watts`.
    void setWatts(double watts) {
        const std::lock_guard lock(mutex_);
        joules_ = joulesAt(monotonicNs());
        since_ = monotonicNs();
        watts_ = watts;
    }

    EnergyRead read() override {
        const std::lock_guard lock(mutex_);
        // The value at the counter's last update.
        const int64_t now = monotonicNs();
        return {joulesAt(now - now % period_), {}};
    }

  private:
    double joulesAt(int64_t timeNs) const {
        return joules_ + watts_ * double(std::max<int64_t>(0, timeNs - since_)) * 1e-9;
    }

    std::string source_ = "scripted";
    std::mutex mutex_;
    double watts_;
    int64_t period_;
    int64_t since_;
    double joules_ = 0.0;
};

}  // namespace costscope::test
