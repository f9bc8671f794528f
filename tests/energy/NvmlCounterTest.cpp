// NVML through the same code path as the driver's library: a scripted stand-in (FakeNvml) opened
// with dlopen by nvml::Library, read by NvmlCounter.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "profiler/energy/NvmlCounter.h"
#include "tests/energy/FakeNvml.h"

namespace costscope {
namespace {

// Loads the stand-in for the test (so that its script outlives the Library under test, which
// opens the same file) and scripts it.
class NvmlCounterTest : public ::testing::Test {
  protected:
    void SetUp() override {
        handle_ = dlopen(COSTSCOPE_FAKE_NVML, RTLD_NOW | RTLD_LOCAL);
        ASSERT_NE(handle_, nullptr) << dlerror();
        script_ = reinterpret_cast<decltype(script_)>(dlsym(handle_, "fakeNvmlScript"));
        inits_ = reinterpret_cast<decltype(inits_)>(dlsym(handle_, "fakeNvmlInits"));
        shutdowns_ = reinterpret_cast<decltype(shutdowns_)>(dlsym(handle_, "fakeNvmlShutdowns"));
        ASSERT_TRUE(script_ && inits_ && shutdowns_);
        setenv("COSTSCOPE_NVML_LIBRARY", COSTSCOPE_FAKE_NVML, 1);
    }
    void TearDown() override {
        unsetenv("COSTSCOPE_NVML_LIBRARY");
        if (handle_ != nullptr) {
            dlclose(handle_);
        }
    }

    void* handle_ = nullptr;
    void (*script_)(const FakeNvmlScript*) = nullptr;
    int (*inits_)() = nullptr;
    int (*shutdowns_)() = nullptr;
};

TEST_F(NvmlCounterTest, ReadsJoulesFromTheMillijouleCounterAndTheGpusState) {
    const unsigned long long energies[] = {5'000'000, 5'000'250, 5'001'250};
    FakeNvmlScript script;
    script.energies = energies;
    script.energyCount = 3;
    script.powerMilliwatts = 312'500;
    script.smClockMHz = 1980;
    script.temperatureC = 61;
    script.clocksEventReasons = nvml::kSwPowerCap | 0x1;  // power cap, and idle (not a throttle)
    script_(&script);
    {
        const auto library = nvml::Library::open();
        EXPECT_EQ(library->path(), COSTSCOPE_FAKE_NVML);
        NvmlCounter counter(library, "00000000:3B:00.0");
        EXPECT_EQ(counter.source(), "nvml");
        EXPECT_EQ(counter.what(), "the GPU at 00000000:3B:00.0, Fake GPU");
        EXPECT_DOUBLE_EQ(counter.read().joules, 0.25);
        const EnergyRead second = counter.read();
        EXPECT_TRUE(second.fault.empty()) << second.fault;
        EXPECT_DOUBLE_EQ(second.joules, 1.25);
        const GpuState state = counter.state();
        EXPECT_TRUE(state.fault.empty()) << state.fault;
        EXPECT_DOUBLE_EQ(state.watts, 312.5);
        EXPECT_EQ(state.smClockMHz, 1980u);
        EXPECT_EQ(state.temperatureC, 61u);
        EXPECT_EQ(nvml::describeThrottle(state.clocksEventReasons), "power cap");
        EXPECT_EQ(inits_(), 1);
    }
    EXPECT_EQ(shutdowns_(), 1);  // the library shut NVML down when its last counter went
}

TEST_F(NvmlCounterTest, ACounterThatGoesBackIsAFaultAndCountingGoesOn) {
    const unsigned long long energies[] = {1000, 900, 950};
    FakeNvmlScript script;
    script.energies = energies;
    script.energyCount = 3;
    script_(&script);
    NvmlCounter counter(nvml::Library::open(), "", 0);
    const EnergyRead back = counter.read();
    EXPECT_NE(back.fault.find("went back from 1000 to 900 mJ"), std::string::npos) << back.fault;
    EXPECT_DOUBLE_EQ(back.joules, 0.0);
    EXPECT_DOUBLE_EQ(counter.read().joules, 0.05);
}

TEST_F(NvmlCounterTest, AGpuWithoutAnEnergyCounterSaysSo) {
    FakeNvmlScript script;
    script.energyResult = nvml::kNotSupported;
    script_(&script);
    try {
        NvmlCounter counter(nvml::Library::open(), "", 0);
        ADD_FAILURE() << "opened a counter NVML does not support";
    } catch (const EnergyUnavailable& error) {
        EXPECT_STREQ(error.what(),
                     "GPU energy not measured: GPU 0, Fake GPU has no total-energy counter "
                     "(NVML: Not Supported; GPUs from Volta on have one).");
    }
}

TEST_F(NvmlCounterTest, AGpuNvmlDoesNotKnowIsNamed) {
    FakeNvmlScript script;
    script_(&script);
    EXPECT_THROW(
        {
            try {
                NvmlCounter counter(nvml::Library::open(), "00000000:AF:00.0");
            } catch (const EnergyUnavailable& error) {
                EXPECT_STREQ(error.what(),
                             "GPU energy not measured: NVML does not find the GPU at "
                             "00000000:AF:00.0: Not Found.");
                throw;
            }
        },
        EnergyUnavailable);
}

TEST_F(NvmlCounterTest, ADriverThatFailsToInitialiseGivesNvmlsWords) {
    FakeNvmlScript script;
    script.initResult = 9;  // NVML_ERROR_DRIVER_NOT_LOADED
    script_(&script);
    try {
        nvml::Library::open();
        ADD_FAILURE() << "initialised";
    } catch (const EnergyUnavailable& error) {
        EXPECT_STREQ(error.what(),
                     "GPU energy not measured: nvmlInit_v2 failed: Driver Not Loaded (NVML "
                     "error 9).");
    }
}

TEST(NvmlLibraryTest, NoLibraryNamesThePathAndTheLoadersWords) {
    try {
        nvml::Library library("/nonexistent/libnvidia-ml.so.1");
        ADD_FAILURE() << "opened a library that is not there";
    } catch (const EnergyUnavailable& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("GPU energy not measured: NVML (/nonexistent/libnvidia-ml.so.1) "
                               "could not be opened: "),
                  std::string::npos)
            << message;
        EXPECT_NE(message.find("No such file or directory"), std::string::npos) << message;
        EXPECT_NE(message.find("It comes with the NVIDIA driver."), std::string::npos) << message;
    }
}

TEST(NvmlLibraryTest, ThrottleReasonsInWords) {
    EXPECT_EQ(nvml::describeThrottle(0), "");
    EXPECT_EQ(nvml::describeThrottle(0x1 | 0x2 | 0x10), "");  // idle, app clocks, sync boost
    EXPECT_EQ(nvml::describeThrottle(nvml::kThrottled),
              "power cap, HW slowdown, thermal slowdown, HW thermal slowdown, power brake");
}

}  // namespace
}  // namespace costscope
