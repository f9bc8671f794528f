// The meter's sampler against counters whose values follow the clock: the energy of a window and
// the idle power come out at the power scripted, a device without a counter keeps its reason, and
// a GPU window carries the state its samples saw.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "profiler/Clock.h"
#include "profiler/energy/EnergyMeter.h"
#include "tests/energy/ClockCounter.h"
#include "tests/energy/FakeNvml.h"

namespace costscope {
namespace {

using namespace std::chrono_literals;

std::vector<EnergyMeter::Device> cpuDrawing(double watts) {
    std::vector<EnergyMeter::Device> devices;
    devices.push_back(
        {.kind = "cpu", .counter = std::make_unique<test::ClockCounter>(watts, 10ms)});
    devices.push_back({.kind = "gpu", .reason = "GPU energy not measured: no driver"});
    return devices;
}

TEST(EnergyMeterTest, AWindowsEnergyIsThePowerDrawnOverIt) {
    EnergyMeter meter(cpuDrawing(50.0));
    meter.begin("cpu");
    std::this_thread::sleep_for(300ms);
    const EnergyWindow window = meter.end(1000);
    ASSERT_TRUE(window.joules) << window.note;
    EXPECT_NEAR(*window.watts(), 50.0, 5.0);
    EXPECT_NEAR(*window.joulesPerCall(), *window.joules / 1000, 1e-12);
    EXPECT_GE(window.seconds, 0.3);
    EXPECT_GE(window.updates, 20);  // a change every 10 ms, seen by a 5 ms sampler
    EXPECT_NEAR(window.updatePeriodS, 0.010, 0.004);
    EXPECT_EQ(window.clocksEventReasons, 0u);  // not a GPU
}

TEST(EnergyMeterTest, IdlePowerIsMeasuredOncePerDeviceWithACounter) {
    EnergyMeter meter(cpuDrawing(20.0));
    meter.measureIdle(250ms);
    const EnergyMeter::Device* cpu = meter.device("cpu");
    ASSERT_NE(cpu, nullptr);
    ASSERT_TRUE(cpu->idleWatts) << cpu->idle.note;
    EXPECT_NEAR(*cpu->idleWatts, 20.0, 2.0);
    const EnergyMeter::Device* gpu = meter.device("gpu");
    ASSERT_NE(gpu, nullptr);
    EXPECT_FALSE(gpu->idleWatts);
    EXPECT_EQ(gpu->reason, "GPU energy not measured: no driver");
    // A window on a device without a counter measures nothing, and says nothing false.
    meter.begin("gpu");
    const EnergyWindow none = meter.end(10);
    EXPECT_FALSE(none.joules);
    EXPECT_EQ(none.calls, 0);
}

TEST(EnergyMeterTest, AGpuWindowCarriesTheThrottleTemperatureAndClockItsSamplesSaw) {
    void* fake = dlopen(COSTSCOPE_FAKE_NVML, RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(fake, nullptr) << dlerror();
    auto script = reinterpret_cast<void (*)(const FakeNvmlScript*)>(dlsym(fake, "fakeNvmlScript"));
    std::vector<unsigned long long> energies;
    for (unsigned long long mj = 0; mj < 100'000; mj += 100) {
        energies.push_back(1'000'000 + mj);
    }
    FakeNvmlScript scripted;
    scripted.energies = energies.data();
    scripted.energyCount = energies.size();
    scripted.smClockMHz = 1755;
    scripted.temperatureC = 83;
    scripted.clocksEventReasons = nvml::kSwThermalSlowdown;
    script(&scripted);
    {
        std::vector<EnergyMeter::Device> devices;
        auto counter = std::make_unique<NvmlCounter>(
            std::make_shared<nvml::Library>(COSTSCOPE_FAKE_NVML), "", 0);
        devices.push_back({.kind = "gpu", .gpu = counter.get()});
        devices.back().counter = std::move(counter);
        EnergyMeter meter(std::move(devices));
        meter.begin("gpu");
        std::this_thread::sleep_for(100ms);
        const EnergyWindow window = meter.end(5);
        EXPECT_TRUE(window.joules) << window.note;
        EXPECT_EQ(nvml::describeThrottle(window.clocksEventReasons), "thermal slowdown");
        EXPECT_EQ(window.maxTemperatureC, 83u);
        EXPECT_DOUBLE_EQ(window.meanSmClockMHz, 1755.0);
    }
    dlclose(fake);
}

}  // namespace
}  // namespace costscope
