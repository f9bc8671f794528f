// NVTX attribution on hand-made cases: which kernels each range caused, by correlationId within a
// process and by thread and time.
#include "profiler/nsys/NvtxAttribution.h"

#include <gtest/gtest.h>

namespace costscope {
namespace {

constexpr uint64_t tidOfProcess(int64_t pid, int64_t tid) {
    return uint64_t(pid) << 24 | uint64_t(tid);
}

TEST(NvtxAttribution, KernelsBelongToTheRangesOpenOnTheirLaunchingThread) {
    const uint64_t main = tidOfProcess(100, 1);
    const uint64_t worker = tidOfProcess(100, 2);
    const std::vector<NvtxRange> ranges = {
        {.start = 0, .end = 100, .globalTid = main},    // "step": calls 1 and 2
        {.start = 40, .end = 60, .globalTid = main},    // nested "forward": call 2 only
        {.start = 0, .end = 100, .globalTid = worker},  // the worker's range: call 4
        {.start = 200, .end = 300, .globalTid = main},  // no call inside
    };
    const std::vector<RuntimeCall> calls = {
        {.globalTid = main, .start = 10, .correlationId = 1},
        {.globalTid = main, .start = 50, .correlationId = 2},
        {.globalTid = main, .start = 150, .correlationId = 3},  // between ranges
        {.globalTid = worker, .start = 20, .correlationId = 4},
    };
    const std::vector<KernelRun> kernels = {
        {.globalPid = tidOfProcess(100, 0), .correlationId = 2, .durationNs = 7},
        {.globalPid = tidOfProcess(100, 0), .correlationId = 1, .durationNs = 5},
        {.globalPid = tidOfProcess(100, 0), .correlationId = 2, .durationNs = 3},  // 2 kernels
        {.globalPid = tidOfProcess(100, 0), .correlationId = 3, .durationNs = 11},
        {.globalPid = tidOfProcess(100, 0), .correlationId = 4, .durationNs = 13},
        // Another process reuses correlation id 1: never this process's kernel.
        {.globalPid = tidOfProcess(200, 0), .correlationId = 1, .durationNs = 1000},
        {.globalPid = tidOfProcess(100, 0), .correlationId = 99, .durationNs = 17},  // no call
    };
    const Attribution result = attributeKernels(ranges, calls, kernels);
    ASSERT_EQ(result.ranges.size(), 4u);
    EXPECT_EQ(result.ranges[0].deviceNs, 5 + 7 + 3);
    EXPECT_EQ(result.ranges[0].kernels, 3);
    EXPECT_EQ(result.ranges[1].deviceNs, 7 + 3);
    EXPECT_EQ(result.ranges[1].kernels, 2);
    EXPECT_EQ(result.ranges[2].deviceNs, 13);
    EXPECT_EQ(result.ranges[3].deviceNs, 0);
    EXPECT_EQ(result.ranges[3].kernels, 0);
    EXPECT_EQ(result.kernelsWithoutCall, 2);  // process 200's, and correlation id 99
}

TEST(NvtxAttribution, StartEndRangesCountEveryThreadOfTheirProcess) {
    const std::vector<NvtxRange> ranges = {
        {.start = 0, .end = 100, .globalTid = tidOfProcess(100, 1), .processWide = true},
        {.start = 0, .end = 100, .globalTid = tidOfProcess(100, 1), .processWide = false},
    };
    const std::vector<RuntimeCall> calls = {
        {.globalTid = tidOfProcess(100, 1), .start = 10, .correlationId = 1},
        {.globalTid = tidOfProcess(100, 2), .start = 20, .correlationId = 2},
        {.globalTid = tidOfProcess(300, 2), .start = 30, .correlationId = 3},  // another process
    };
    const std::vector<KernelRun> kernels = {
        {.globalPid = tidOfProcess(100, 0), .correlationId = 1, .durationNs = 5},
        {.globalPid = tidOfProcess(100, 0), .correlationId = 2, .durationNs = 7},
        {.globalPid = tidOfProcess(300, 0), .correlationId = 3, .durationNs = 9},
    };
    const Attribution result = attributeKernels(ranges, calls, kernels);
    EXPECT_EQ(result.ranges[0].deviceNs, 12);  // both threads of process 100
    EXPECT_EQ(result.ranges[1].deviceNs, 5);   // its own thread only
}

TEST(NvtxAttribution, CallsAtARangesEdgesAreInsideIt) {
    const uint64_t thread = tidOfProcess(1, 1);
    const std::vector<NvtxRange> ranges = {{.start = 10, .end = 20, .globalTid = thread}};
    const std::vector<RuntimeCall> calls = {{.globalTid = thread, .start = 10, .correlationId = 1},
                                            {.globalTid = thread, .start = 20, .correlationId = 2},
                                            {.globalTid = thread, .start = 21, .correlationId = 3},
                                            {.globalTid = thread, .start = 9, .correlationId = 4}};
    std::vector<KernelRun> kernels;
    for (int64_t id = 1; id <= 4; ++id) {
        kernels.push_back({.globalPid = tidOfProcess(1, 0), .correlationId = id, .durationNs = id});
    }
    const Attribution result = attributeKernels(ranges, calls, kernels);
    EXPECT_EQ(result.ranges[0].deviceNs, 1 + 2);
}

TEST(NvtxAttribution, NegativeDurationsOfADamagedFileCountAsNothing) {
    const uint64_t thread = tidOfProcess(1, 1);
    const std::vector<NvtxRange> ranges = {{.start = 0, .end = 100, .globalTid = thread}};
    const std::vector<RuntimeCall> calls = {{.globalTid = thread, .start = 1, .correlationId = 1}};
    const std::vector<KernelRun> kernels = {
        {.globalPid = tidOfProcess(1, 0), .correlationId = 1, .durationNs = -50},
        {.globalPid = tidOfProcess(1, 0), .correlationId = 1, .durationNs = INT64_MAX},
        {.globalPid = tidOfProcess(1, 0), .correlationId = 1, .durationNs = INT64_MAX}};
    const Attribution result = attributeKernels(ranges, calls, kernels);
    EXPECT_EQ(result.ranges[0].deviceNs, INT64_MAX);  // saturated, not wrapped
    EXPECT_EQ(result.ranges[0].kernels, 3);
}

}  // namespace
}  // namespace costscope
