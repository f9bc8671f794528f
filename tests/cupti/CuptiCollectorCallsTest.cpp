// The collector against a fake CUPTI (CuptiCalls): what it asks CUPTI, in which order, and what
// it makes of the answers. No GPU, no driver.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "profiler/cupti/CuptiCollector.h"

namespace costscope {
namespace {

// What the fake CUPTI was asked and what it answers. One at a time (the functions are plain).
struct FakeCupti {
    std::vector<std::string> log;
    CUptiResult timestampResult = CUPTI_SUCCESS;
    CUptiResult fineGrainedResult = CUPTI_SUCCESS;
    std::map<CUpti_CallbackDomain, std::map<uint32_t, const char*>> names;
    std::map<CUpti_CallbackDomain, std::map<uint32_t, uint8_t>> apiEnabled;
    std::vector<CUpti_ActivityKind> kinds;  // enabled now
    size_t dropsToReport = 0;               // answered once by the next droppedRecords()
    CUpti_BuffersCallbackRequestFunc requested = nullptr;
    CUpti_BuffersCallbackCompleteFunc completed = nullptr;

    int count(const std::string& call) const {
        return int(std::count(log.begin(), log.end(), call));
    }
};

FakeCupti* fake = nullptr;

CuptiCalls fakeCalls() {
    return CuptiCalls{
        .registerTimestampCallback =
            [](CUpti_TimestampCallbackFunc) {
                fake->log.push_back("registerTimestampCallback");
                return fake->timestampResult;
            },
        .registerCallbacks =
            [](CUpti_BuffersCallbackRequestFunc requested,
               CUpti_BuffersCallbackCompleteFunc completed) {
                fake->requested = requested;
                fake->completed = completed;
                return CUPTI_SUCCESS;
            },
        .setAttribute = [](CUpti_ActivityAttribute, size_t*, void*) { return CUPTI_SUCCESS; },
        .enable =
            [](CUpti_ActivityKind kind) {
                fake->kinds.push_back(kind);
                return CUPTI_SUCCESS;
            },
        .disable =
            [](CUpti_ActivityKind kind) {
                std::erase(fake->kinds, kind);
                return CUPTI_SUCCESS;
            },
        .enableRuntimeApi =
            [](CUpti_CallbackId id, uint8_t on) {
                fake->apiEnabled[CUPTI_CB_DOMAIN_RUNTIME_API][id] = on;
                return fake->fineGrainedResult;
            },
        .enableDriverApi =
            [](CUpti_CallbackId id, uint8_t on) {
                fake->apiEnabled[CUPTI_CB_DOMAIN_DRIVER_API][id] = on;
                return fake->fineGrainedResult;
            },
        .callbackName =
            [](CUpti_CallbackDomain domain, uint32_t id, const char** name) {
                const auto& names = fake->names[domain];
                const auto found = names.find(id);
                *name = found == names.end() ? "cudaSomethingElse" : found->second;
                return CUPTI_SUCCESS;
            },
        .flushAll =
            [](uint32_t) {
                fake->log.push_back("flushAll");
                return CUPTI_SUCCESS;
            },
        .droppedRecords =
            [](CUcontext context, uint32_t, size_t* dropped) {
                fake->log.push_back(context ? "droppedRecords(context)" : "droppedRecords(global)");
                *dropped = std::exchange(fake->dropsToReport, 0);
                return CUPTI_SUCCESS;
            },
        .timestamp =
            [](uint64_t* ns) {
                *ns = 1'000'000;
                return CUPTI_SUCCESS;
            },
        .pushExternalCorrelationId = [](CUpti_ExternalCorrelationKind,
                                        uint64_t) { return CUPTI_SUCCESS; },
        .popExternalCorrelationId = [](CUpti_ExternalCorrelationKind,
                                       uint64_t*) { return CUPTI_SUCCESS; },
        .synchronizeDevice = [] { fake->log.push_back("synchronizeDevice"); },
        .timestampRegistration = std::nullopt,
    };
}

class CollectorCalls : public ::testing::Test {
  protected:
    void SetUp() override {
        fake = &cupti_;
        cupti_.names[CUPTI_CB_DOMAIN_RUNTIME_API] = {
            {7, "cudaLaunchKernel_v7000"}, {8, "cudaGetDevice"}, {9, "cudaMemcpyAsync"}};
        cupti_.names[CUPTI_CB_DOMAIN_DRIVER_API] = {{3, "cuLaunchKernelEx"},
                                                    {4, "cuCtxGetCurrent"}};
    }
    void TearDown() override { fake = nullptr; }

    FakeCupti cupti_;
    CuptiCalls calls_ = fakeCalls();
};

TEST_F(CollectorCalls, TheTimestampCallbackIsRegisteredOnceHoweverManyCollectorsStart) {
    for (int i = 0; i < 3; ++i) {
        CuptiCollector collector(calls_);
        ASSERT_EQ(collector.start(), "");
        EXPECT_NE(collector.note().find("CLOCK_MONOTONIC, the CPU samples' clock"),
                  std::string::npos)
            << collector.note();
    }
    EXPECT_EQ(cupti_.count("registerTimestampCallback"), 1);
}

TEST_F(CollectorCalls, ARefusedTimestampCallbackIsNotAskedForAgain) {
    cupti_.timestampResult = CUPTI_ERROR_NOT_SUPPORTED;
    for (int i = 0; i < 2; ++i) {
        CuptiCollector collector(calls_);
        ASSERT_EQ(collector.start(), "");
        EXPECT_NE(collector.note().find("by an offset of"), std::string::npos) << collector.note();
        EXPECT_NE(collector.note().find("CUPTI_ERROR_NOT_SUPPORTED"), std::string::npos);
    }
    EXPECT_EQ(cupti_.count("registerTimestampCallback"), 1);
}

TEST_F(CollectorCalls, TakeSynchronizesFlushesThenReadsWhatWasDroppedWithoutAnyBuffer) {
    CuptiCollector collector(calls_);
    ASSERT_EQ(collector.start(), "");
    cupti_.log.clear();
    // The pool is exhausted: the flush completes no buffer, so bufferCompleted never runs.
    cupti_.dropsToReport = 5;
    EXPECT_TRUE(collector.take().empty());
    EXPECT_EQ(cupti_.log, (std::vector<std::string>{"synchronizeDevice", "flushAll",
                                                    "droppedRecords(global)"}));
    EXPECT_EQ(collector.droppedRecords(), 5u);
    // The count is CUPTI's since the last read: a second take adds nothing more.
    collector.take();
    EXPECT_EQ(collector.droppedRecords(), 5u);
}

TEST_F(CollectorCalls, ABufferCompletedAddsItsQueuesDrops) {
    CuptiCollector collector(calls_);
    ASSERT_EQ(collector.start(), "");
    ASSERT_TRUE(cupti_.requested && cupti_.completed);
    uint8_t* buffer = nullptr;
    size_t size = 0, records = 0;
    cupti_.requested(&buffer, &size, &records);
    ASSERT_NE(buffer, nullptr);
    cupti_.dropsToReport = 3;
    cupti_.completed(reinterpret_cast<CUcontext>(0x1), 0, buffer, size, 0);
    EXPECT_EQ(collector.droppedRecords(), 3u);
    EXPECT_TRUE(collector.take().empty());
}

TEST_F(CollectorCalls, OnlyCallsThatLaunchCopyOrAllocateAreTraced) {
    {
        CuptiCollector collector(calls_);
        ASSERT_EQ(collector.start(), "");
        const auto& runtime = cupti_.apiEnabled[CUPTI_CB_DOMAIN_RUNTIME_API];
        const auto& driver = cupti_.apiEnabled[CUPTI_CB_DOMAIN_DRIVER_API];
        EXPECT_EQ(runtime, (std::map<uint32_t, uint8_t>{{7, 1}, {9, 1}}));
        EXPECT_EQ(driver, (std::map<uint32_t, uint8_t>{{3, 1}}));
        // Never every call of an API.
        EXPECT_EQ(std::count(cupti_.kinds.begin(), cupti_.kinds.end(), CUPTI_ACTIVITY_KIND_RUNTIME),
                  0);
        EXPECT_EQ(std::count(cupti_.kinds.begin(), cupti_.kinds.end(), CUPTI_ACTIVITY_KIND_DRIVER),
                  0);
        EXPECT_NE(collector.note().find("API records only for the 3 runtime and driver calls"),
                  std::string::npos)
            << collector.note();
    }
    // Undone when the collector goes, so the next starts from nothing.
    for (const auto& [domain, ids] : cupti_.apiEnabled)
        for (const auto& [id, on] : ids)
            EXPECT_EQ(on, 0) << domain << " " << id;
    EXPECT_TRUE(cupti_.kinds.empty());
}

TEST_F(CollectorCalls, ACuptiWithoutPerCallTracingTracesEveryCallAndSaysSo) {
    cupti_.fineGrainedResult = CUPTI_ERROR_NOT_SUPPORTED;
    CuptiCollector collector(calls_);
    ASSERT_EQ(collector.start(), "");
    EXPECT_EQ(std::count(cupti_.kinds.begin(), cupti_.kinds.end(), CUPTI_ACTIVITY_KIND_RUNTIME), 1);
    EXPECT_EQ(std::count(cupti_.kinds.begin(), cupti_.kinds.end(), CUPTI_ACTIVITY_KIND_DRIVER), 1);
    EXPECT_NE(collector.note().find("every runtime and driver call is traced"), std::string::npos)
        << collector.note();
}

TEST(TracedApi, LaunchesCopiesSetsAllocationsAndFreesOfBothApis) {
    for (const char* name :
         {"cudaLaunchKernel_v7000", "cudaLaunchKernelExC_v11060", "cudaGraphLaunch_v10000",
          "cudaMemcpyAsync_v3020", "cudaMemsetAsync_v3020", "cudaMalloc_v3020",
          "cudaMallocAsync_v11020", "cudaFree_v3020", "cuLaunchKernel", "cuLaunchKernelEx",
          "cuMemcpyHtoDAsync_v2", "cuMemsetD32Async", "cuMemAlloc_v2", "cuMemFree_v2",
          "cuMemAllocAsync", "cuGraphLaunch"})
        EXPECT_TRUE(tracedApi(name)) << name;
    for (const char* name : {"cudaGetDevice", "cudaStreamSynchronize", "cudaEventRecord",
                             "cudaGetLastError", "cudaMemGetInfo", "cuCtxGetCurrent",
                             "cuStreamSynchronize", "cuModuleGetFunction", "cuPointerGetAttribute"})
        EXPECT_FALSE(tracedApi(name)) << name;
}

}  // namespace
}  // namespace costscope
