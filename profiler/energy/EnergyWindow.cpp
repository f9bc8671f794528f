// Energy over a window from the counter's updates seen in it.
#include "profiler/energy/EnergyWindow.h"

#include <algorithm>
#include <cstdio>

namespace costscope {

namespace {

std::string fixed(double value, const char* format) {
    char text[32];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

}  // namespace

std::optional<double> EnergyWindow::watts() const {
    return joules && seconds > 0 ? std::optional(*joules / seconds) : std::nullopt;
}

std::optional<double> EnergyWindow::joulesPerCall() const {
    return joules && calls > 0 ? std::optional(*joules / double(calls)) : std::nullopt;
}

std::optional<double> EnergyWindow::joulesAboveIdlePerCall(std::optional<double> idleWatts) const {
    if (!joules || !idleWatts || calls <= 0) {
        return std::nullopt;
    }
    return (*joules - *idleWatts * seconds) / double(calls);
}

void EnergyWindowBuilder::begin(int64_t timeNs, const EnergyRead& read) {
    *this = EnergyWindowBuilder{};
    startNs_ = timeNs;
    lastJoules_ = read.joules;
    fault_ = read.fault;
}

void EnergyWindowBuilder::observe(int64_t timeNs, const EnergyRead& read) {
    if (!read.fault.empty()) {
        if (fault_.empty()) {
            fault_ = read.fault;
        }
        return;
    }
    if (read.joules != lastJoules_) {
        updates_.emplace_back(timeNs, read.joules);
        lastJoules_ = read.joules;
    }
}

EnergyWindow EnergyWindowBuilder::end(int64_t timeNs, const EnergyRead& read, int64_t calls) {
    observe(timeNs, read);
    EnergyWindow window;
    window.seconds = double(timeNs - startNs_) * 1e-9;
    window.calls = calls;
    window.updates = int(updates_.size());
    if (updates_.size() >= 2) {
        std::vector<int64_t> gaps;
        for (size_t i = 1; i < updates_.size(); ++i) {
            gaps.push_back(updates_[i].first - updates_[i - 1].first);
        }
        std::nth_element(gaps.begin(), gaps.begin() + ptrdiff_t(gaps.size() / 2), gaps.end());
        window.updatePeriodS = double(gaps[gaps.size() / 2]) * 1e-9;
    }
    if (!fault_.empty()) {
        window.note = "energy not measured: " + fault_;
        return window;
    }
    if (updates_.size() < 2) {
        window.note = "energy not measured: the counter changed " +
                      std::to_string(updates_.size()) + " time" +
                      (updates_.size() == 1 ? "" : "s") + " in the " +
                      fixed(window.seconds, "%.3f") + " s window, too few to measure";
        return window;
    }
    const auto& [firstNs, firstJoules] = updates_.front();
    const auto& [lastNs, lastJoules] = updates_.back();
    const double watts = (lastJoules - firstJoules) / (double(lastNs - firstNs) * 1e-9);
    window.joules = watts * window.seconds;
    if (window.updates < kMinUpdatesPerWindow) {
        window.note = "the counter changed only " + std::to_string(window.updates) +
                      " times in the " + fixed(window.seconds, "%.3f") +
                      " s window: a longer window would measure it better";
    }
    return window;
}

}  // namespace costscope
