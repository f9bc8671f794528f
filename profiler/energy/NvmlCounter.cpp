// Reading a GPU's energy counter and state through NVML.
#include "profiler/energy/NvmlCounter.h"

namespace costscope {

NvmlCounter::NvmlCounter(std::shared_ptr<nvml::Library> library, const std::string& pciBusId,
                         unsigned index)
    : nvml_(std::move(library)) {
    const std::string notMeasured = "GPU energy not measured: ";
    const std::string which =
        pciBusId.empty() ? "GPU " + std::to_string(index) : "the GPU at " + pciBusId;
    const nvml::Return found = pciBusId.empty()
                                   ? nvml_->deviceGetHandleByIndex(index, &device_)
                                   : nvml_->deviceGetHandleByPciBusId(pciBusId.c_str(), &device_);
    if (found != nvml::kSuccess) {
        throw EnergyUnavailable(notMeasured + "NVML does not find " + which + ": " +
                                nvml_->errorString(found) + ".");
    }
    char name[96] = {};
    what_ = which;
    if (nvml_->deviceGetName(device_, name, sizeof name) == nvml::kSuccess) {
        what_ += ", " + std::string(name);
    }
    const nvml::Return read = nvml_->deviceGetTotalEnergyConsumption(device_, &first_);
    if (read == nvml::kNotSupported) {
        throw EnergyUnavailable(notMeasured + what_ + " has no total-energy counter (NVML: " +
                                nvml_->errorString(read) + "; GPUs from Volta on have one).");
    }
    if (read != nvml::kSuccess) {
        throw EnergyUnavailable(notMeasured + "nvmlDeviceGetTotalEnergyConsumption failed for " +
                                what_ + ": " + nvml_->errorString(read) + ".");
    }
    last_ = first_;
}

EnergyRead NvmlCounter::read() {
    EnergyRead result;
    unsigned long long value = 0;
    const nvml::Return status = nvml_->deviceGetTotalEnergyConsumption(device_, &value);
    if (status != nvml::kSuccess) {
        result.fault = "nvmlDeviceGetTotalEnergyConsumption failed for " + what_ + ": " +
                       nvml_->errorString(status);
    } else if (const auto advance = counterAdvance(last_, value, 0)) {
        total_ += *advance;
        last_ = value;
    } else {
        result.fault = "the energy counter of " + what_ + " went back from " +
                       std::to_string(last_) + " to " + std::to_string(value) + " mJ";
        last_ = value;
    }
    result.joules = double(total_) * 1e-3;
    return result;
}

GpuState NvmlCounter::state() const {
    GpuState state;
    auto failed = [&](const char* call, nvml::Return status) {
        if (status != nvml::kSuccess && state.fault.empty()) {
            state.fault =
                std::string(call) + " failed for " + what_ + ": " + nvml_->errorString(status);
        }
    };
    unsigned milliwatts = 0;
    failed("nvmlDeviceGetPowerUsage", nvml_->deviceGetPowerUsage(device_, &milliwatts));
    state.watts = double(milliwatts) * 1e-3;
    failed("nvmlDeviceGetClockInfo",
           nvml_->deviceGetClockInfo(device_, nvml::kClockSm, &state.smClockMHz));
    failed("nvmlDeviceGetTemperature",
           nvml_->deviceGetTemperature(device_, nvml::kTemperatureGpu, &state.temperatureC));
    if (nvml_->deviceGetClocksEventReasons != nullptr) {
        unsigned long long reasons = 0;
        failed("nvmlDeviceGetCurrentClocksEventReasons",
               nvml_->deviceGetClocksEventReasons(device_, &reasons));
        state.clocksEventReasons = reasons;
    }
    return state;
}

}  // namespace costscope
