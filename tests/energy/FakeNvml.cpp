// The scripted NVML of FakeNvml.h. Signatures as nvml.h declares them (handles are pointers).
#include "tests/energy/FakeNvml.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct State {
    FakeNvmlScript script;
    std::string busId = "00000000:3B:00.0";
    std::vector<unsigned long long> energies;
    size_t nextEnergy = 0;
    int inits = 0;
    int shutdowns = 0;
} state;

int gpu;  // the one device's handle points here

bool isOurs(void* device) {
    return device == &gpu;
}

}  // namespace

extern "C" {

__attribute__((visibility("default"))) void fakeNvmlScript(const FakeNvmlScript* script) {
    state = State{};
    state.script = *script;
    state.busId = script->busId != nullptr ? script->busId : "";
    state.energies.assign(script->energies, script->energies + script->energyCount);
}

__attribute__((visibility("default"))) int fakeNvmlInits() {
    return state.inits;
}

__attribute__((visibility("default"))) int fakeNvmlShutdowns() {
    return state.shutdowns;
}

__attribute__((visibility("default"))) int nvmlInit_v2() {
    ++state.inits;
    return state.script.initResult;
}

__attribute__((visibility("default"))) int nvmlShutdown() {
    ++state.shutdowns;
    return 0;
}

__attribute__((visibility("default"))) const char* nvmlErrorString(int result) {
    switch (result) {
        case 0:
            return "Success";
        case 3:
            return "Not Supported";
        case 9:
            return "Driver Not Loaded";
        case 13:
            return "Not Found";
        default:
            return "Unknown Error";
    }
}

__attribute__((visibility("default"))) int nvmlDeviceGetCount_v2(unsigned* count) {
    *count = 1;
    return 0;
}

__attribute__((visibility("default"))) int nvmlDeviceGetHandleByIndex_v2(unsigned index,
                                                                         void** device) {
    if (index != 0) {
        return 2;  // NVML_ERROR_INVALID_ARGUMENT
    }
    *device = &gpu;
    return 0;
}

__attribute__((visibility("default"))) int nvmlDeviceGetHandleByPciBusId_v2(const char* busId,
                                                                            void** device) {
    if (state.busId != busId) {
        return 13;  // NVML_ERROR_NOT_FOUND
    }
    *device = &gpu;
    return 0;
}

__attribute__((visibility("default"))) int nvmlDeviceGetName(void* device, char* name,
                                                             unsigned length) {
    if (!isOurs(device) || length == 0) {
        return 2;
    }
    std::strncpy(name, "Fake GPU", length - 1);
    name[length - 1] = '\0';
    return 0;
}

__attribute__((visibility("default"))) int nvmlDeviceGetTotalEnergyConsumption(
    void* device, unsigned long long* millijoules) {
    if (!isOurs(device)) {
        return 2;
    }
    if (state.script.energyResult != 0) {
        return state.script.energyResult;
    }
    if (state.energies.empty()) {
        *millijoules = 0;
        return 0;
    }
    *millijoules = state.energies[std::min(state.nextEnergy, state.energies.size() - 1)];
    ++state.nextEnergy;
    return 0;
}

__attribute__((visibility("default"))) int nvmlDeviceGetPowerUsage(void* device,
                                                                   unsigned* milliwatts) {
    *milliwatts = state.script.powerMilliwatts;
    return isOurs(device) ? 0 : 2;
}

__attribute__((visibility("default"))) int nvmlDeviceGetClockInfo(void* device, int,
                                                                  unsigned* megahertz) {
    *megahertz = state.script.smClockMHz;
    return isOurs(device) ? 0 : 2;
}

__attribute__((visibility("default"))) int nvmlDeviceGetTemperature(void* device, int,
                                                                    unsigned* celsius) {
    *celsius = state.script.temperatureC;
    return isOurs(device) ? 0 : 2;
}

__attribute__((visibility("default"))) int nvmlDeviceGetCurrentClocksEventReasons(
    void* device, unsigned long long* reasons) {
    *reasons = state.script.clocksEventReasons;
    return isOurs(device) ? 0 : 2;
}

}  // extern "C"
