// The sampler thread and the windows it serves.
#include "profiler/energy/EnergyMeter.h"

#include "profiler/Clock.h"
#include "profiler/energy/RaplCounter.h"

namespace costscope {

std::unique_ptr<EnergyMeter> EnergyMeter::forThisMachine(
    const std::optional<std::string>& gpuBusId) {
    std::vector<Device> devices;
    Device cpu{.kind = "cpu", .poll = kRaplPoll};
    try {
        cpu.counter = std::make_unique<RaplCounter>();
    } catch (const EnergyUnavailable& error) {
        cpu.reason = error.what();
    }
    devices.push_back(std::move(cpu));
    if (gpuBusId) {
        Device gpu{.kind = "gpu"};
        try {
            auto counter = std::make_unique<NvmlCounter>(nvml::Library::open(), *gpuBusId);
            gpu.gpu = counter.get();
            gpu.counter = std::move(counter);
        } catch (const EnergyUnavailable& error) {
            gpu.reason = error.what();
        }
        devices.push_back(std::move(gpu));
    }
    return std::make_unique<EnergyMeter>(std::move(devices));
}

EnergyMeter::EnergyMeter(std::vector<Device> devices, std::chrono::microseconds poll)
    : devices_(std::move(devices)), poll_(poll), sampler_([this] { sample(); }) {}

EnergyMeter::~EnergyMeter() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    sampler_.join();
}

const EnergyMeter::Device* EnergyMeter::device(const std::string& kind) const {
    for (const Device& device : devices_) {
        if (device.kind == kind) {
            return &device;
        }
    }
    return nullptr;
}

void EnergyMeter::measureIdle(std::chrono::duration<double> seconds) {
    for (Device& device : devices_) {
        if (device.counter == nullptr) {
            continue;
        }
        begin(device.kind);
        std::this_thread::sleep_for(seconds);
        device.idle = end(0);
        device.idleWatts = device.idle.watts();
    }
}

void EnergyMeter::begin(const std::string& kind) {
    const std::lock_guard lock(mutex_);
    for (Device& device : devices_) {
        if (device.kind == kind && device.counter != nullptr) {
            open_ = &device;
        }
    }
    if (open_ == nullptr) {
        return;
    }
    reasons_ = 0;
    maxTemperature_ = 0;
    clockSum_ = 0.0;
    clockSamples_ = 0;
    builder_.begin(monotonicNs(), open_->counter->read());
    wake_.notify_all();
}

EnergyWindow EnergyMeter::end(int64_t calls) {
    const std::lock_guard lock(mutex_);
    if (open_ == nullptr) {
        return {};
    }
    EnergyWindow window = builder_.end(monotonicNs(), open_->counter->read(), calls);
    window.clocksEventReasons = reasons_;
    window.maxTemperatureC = maxTemperature_;
    window.meanSmClockMHz = clockSamples_ > 0 ? clockSum_ / clockSamples_ : 0.0;
    open_ = nullptr;
    return window;
}

void EnergyMeter::sample() {
    std::unique_lock lock(mutex_);
    int polls = 0;
    while (!stopping_) {
        if (open_ == nullptr) {
            wake_.wait(lock, [this] { return stopping_ || open_ != nullptr; });
            continue;
        }
        // The counter every poll; a GPU's state every fourth (NVML's calls cost more).
        builder_.observe(monotonicNs(), open_->counter->read());
        if (open_->gpu != nullptr && polls++ % 4 == 0) {
            const GpuState state = open_->gpu->state();
            if (state.fault.empty()) {
                reasons_ |= state.clocksEventReasons;
                maxTemperature_ = std::max(maxTemperature_, state.temperatureC);
                clockSum_ += state.smClockMHz;
                ++clockSamples_;
            }
        }
        const auto poll = open_->poll.count() > 0 ? open_->poll : poll_;
        wake_.wait_for(lock, poll, [this] { return stopping_; });
    }
}

}  // namespace costscope
