// A stand-in for libnvidia-ml.so.1, built by the tests as a shared library that exports the NVML
// entry points costscope uses, with values a test scripts: one GPU, its energy counter read after
// read, its power, clock, temperature and clock-event reasons.
#pragma once

#include <cstddef>

struct FakeNvmlScript {
    int initResult = 0;                      // what nvmlInit_v2 returns (0: NVML_SUCCESS)
    int energyResult = 0;                    // what nvmlDeviceGetTotalEnergyConsumption returns
    const char* busId = "00000000:3B:00.0";  // the GPU's PCI bus id
    const unsigned long long* energies = nullptr;  // mJ, one per read, the last repeated
    size_t energyCount = 0;
    unsigned powerMilliwatts = 0;
    unsigned smClockMHz = 0;
    unsigned temperatureC = 0;
    unsigned long long clocksEventReasons = 0;
};

extern "C" {
// Replaces the script (copied, energies included) and resets the counters below.
void fakeNvmlScript(const FakeNvmlScript* script);
// How often nvmlInit_v2 and nvmlShutdown were called since the script was set.
int fakeNvmlInits();
int fakeNvmlShutdowns();
}
