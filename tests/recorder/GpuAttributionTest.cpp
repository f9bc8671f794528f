// Attribution of CUPTI rows to a GPU variant's samples, on known rows: no GPU needed.
#include "profiler/GpuAttribution.h"

#include <gtest/gtest.h>

namespace costscope {
namespace {

constexpr uint32_t kVariant = 7;

uint64_t tag(uint32_t call, uint32_t variant = kVariant) {
    return CallTag{variant, call}.pack();
}

KernelRow kernel(uint64_t tagId, int64_t start, int64_t duration) {
    KernelRow row;
    row.start = start;
    row.end = start + duration;
    row.tag = tagId;
    return row;
}

MemcpyRow copy(uint64_t tagId, uint8_t kind, int64_t bytes) {
    MemcpyRow row;
    row.copyKind = kind;
    row.bytes = bytes;
    row.tag = tagId;
    return row;
}

MemoryRow memory(uint64_t tagId, int64_t start, uint8_t operation, int64_t bytes) {
    MemoryRow row;
    row.start = start;
    row.operationType = operation;
    row.bytes = bytes;
    row.memKind = 3;  // device
    row.tag = tagId;
    return row;
}

// Calls 0-1 warm-up, then 3 samples of 2 calls each: calls 2-3, 4-5, 6-7.
TimedCalls layout() {
    return {.variant = kVariant,
            .firstTimedCall = 2,
            .callsPerSample = 2,
            .samples = 3,
            .startedNs = 1000,
            .endedNs = 9000};
}

TEST(GpuAttribution, DeviceTimeSumsTheKernelsOfEachSamplesCallsPerCall) {
    ActivityBatch batch;
    batch.kernels = {kernel(tag(0), 10, 999),  // warm-up: not timed
                     kernel(tag(2), 20, 100), kernel(tag(2), 30, 50),
                     kernel(tag(3), 40, 150), kernel(tag(4), 50, 200),
                     kernel(tag(5), 60, 200), kernel(tag(6), 70, 400),
                     kernel(tag(7), 80, 0),   kernel(tag(CallTag::kCheck), 90, 777)};
    const auto result = attribute(batch, layout());
    ASSERT_EQ(result.deviceNsPerSample.size(), 3u);
    EXPECT_EQ(result.deviceNsPerSample[0], (100 + 50 + 150) / 2);
    EXPECT_EQ(result.deviceNsPerSample[1], 200);
    EXPECT_EQ(result.deviceNsPerSample[2], 200);
    ASSERT_TRUE(result.measures.deviceStats);
    EXPECT_DOUBLE_EQ(result.measures.deviceStats->medianNs, 200);
    EXPECT_DOUBLE_EQ(result.measures.kernelsPerCall, 7.0 / 6.0);
    // Every row of the variant is kept with it, timed or not.
    EXPECT_EQ(result.variantRows.kernels.size(), batch.kernels.size());
    EXPECT_TRUE(result.otherRows.empty());
}

TEST(GpuAttribution, CallsPastTheLastSampleAreNotTimed) {
    ActivityBatch batch;
    batch.kernels = {kernel(tag(2), 1, 10), kernel(tag(8), 20, 1000)};
    const auto result = attribute(batch, layout());
    EXPECT_EQ(result.deviceNsPerSample[0], 5);
    EXPECT_EQ(result.deviceNsPerSample[2], 0);
    EXPECT_DOUBLE_EQ(result.measures.kernelsPerCall, 1.0 / 6.0);
}

TEST(GpuAttribution, OnlyHostDeviceCopiesOfTimedCallsCount) {
    ActivityBatch batch;
    batch.memcpys = {copy(tag(2), 1, 4096),   // host to device
                     copy(tag(3), 2, 1024),   // device to host
                     copy(tag(4), 8, 65536),  // device to device: not a host copy
                     copy(tag(CallTag::kSetUp), 1, 1 << 20)};
    const auto result = attribute(batch, layout());
    EXPECT_DOUBLE_EQ(result.measures.copiedBytesPerCall, (4096.0 + 1024.0) / 6.0);
}

TEST(GpuAttribution, PeakDeviceMemoryFollowsAllocationsAndReleasesInTimeOrder) {
    ActivityBatch batch;
    batch.memory = {memory(tag(CallTag::kSetUp), 300, 1, 500),
                    memory(tag(CallTag::kSetUp), 100, 1, 1000),
                    memory(tag(3), 200, 2, 1000),  // released before the 500 came
                    memory(tag(CallTag::kTearDown), 400, 2, 500)};
    const auto result = attribute(batch, layout());
    ASSERT_TRUE(result.measures.peakDeviceMemBytes);
    EXPECT_EQ(*result.measures.peakDeviceMemBytes, 1000);
}

TEST(GpuAttribution, PeakLeavesOutWhatCheckAndTearDownAllocate) {
    // As an mlp variant: set-up uploads the model, a call adds a workspace, then check() builds
    // a second model and frees it, and tear-down frees the rest.
    ActivityBatch batch;
    batch.memory = {memory(tag(CallTag::kSetUp), 100, 1, 4000),
                    memory(tag(2), 200, 1, 1000),
                    memory(tag(CallTag::kCheck), 300, 1, 4000),
                    memory(tag(CallTag::kCheck), 310, 1, 1000),
                    memory(tag(CallTag::kCheck), 400, 2, 5000),
                    memory(tag(CallTag::kTearDown), 500, 1, 64),  // a library's last scratch
                    memory(tag(CallTag::kTearDown), 510, 2, 5064)};
    const auto result = attribute(batch, layout());
    ASSERT_TRUE(result.measures.peakDeviceMemBytes);
    EXPECT_EQ(*result.measures.peakDeviceMemBytes, 5000);
    // The rows stay the variant's, for the timeline.
    EXPECT_EQ(result.variantRows.memory.size(), batch.memory.size());
}

TEST(GpuAttribution, UntaggedKernelsInsideTheSpanAreCounted) {
    ActivityBatch batch;
    batch.kernels = {kernel(0, 999, 10),   // before the variant started
                     kernel(0, 1000, 10),  // at its start
                     kernel(0, 5000, 10),  // inside
                     kernel(0, 9001, 10),  // after it ended
                     kernel(tag(2), 2000, 10)};
    const auto result = attribute(batch, layout());
    EXPECT_EQ(result.untaggedKernels, 2);
    EXPECT_EQ(result.deviceNsPerSample[0], 5);
    // Another variant's kernel inside the span is that variant's, not an untagged one.
    ActivityBatch other;
    other.kernels = {kernel(tag(2, kVariant + 1), 5000, 10)};
    EXPECT_EQ(attribute(other, layout()).untaggedKernels, 0);
}

TEST(GpuAttribution, PinnedHostBuffersAreNotDeviceMemory) {
    ActivityBatch batch;
    batch.memory = {memory(tag(CallTag::kSetUp), 100, 1, 1000),
                    memory(tag(CallTag::kSetUp), 200, 1, 1 << 20)};
    batch.memory[1].memKind = 2;  // pinned: cudaMallocHost
    const auto result = attribute(batch, layout());
    EXPECT_EQ(*result.measures.peakDeviceMemBytes, 1000);
    // The row is still the variant's, for the timeline.
    EXPECT_EQ(result.variantRows.memory.size(), 2u);
}

TEST(GpuAttribution, AKernelWithoutBothTimestampsIsCountedNotSummed) {
    ActivityBatch batch;
    batch.kernels = {kernel(tag(2), 100, 50), kernel(tag(3), 200, 50)};
    batch.kernels[1].end = 0;  // a forced flush caught it still running
    const auto result = attribute(batch, layout());
    EXPECT_EQ(result.incompleteKernels, 1);
    EXPECT_EQ(result.deviceNsPerSample[0], 25);
}

TEST(GpuAttribution, NoMemoryRowsMeansNoPeakRatherThanZero) {
    const auto result = attribute(ActivityBatch{}, layout());
    EXPECT_FALSE(result.measures.peakDeviceMemBytes);
}

TEST(GpuAttribution, RowsOfOtherVariantsAndUntaggedRowsGoToTheRun) {
    ActivityBatch batch;
    batch.strings.push_back("gemmKernel");
    KernelRow untagged = kernel(0, 0, 10);
    untagged.demangledName = 1;
    batch.kernels = {untagged, kernel(tag(2, kVariant + 1), 0, 10), kernel(tag(2), 0, 10)};
    batch.memsets.resize(1);  // tag 0
    OverheadRow inside;
    inside.start = 2000;
    inside.end = 3000;
    OverheadRow outside;
    outside.start = 500;
    outside.end = 1500;
    batch.overheads = {inside, outside};

    const auto result = attribute(batch, layout());
    EXPECT_EQ(result.variantRows.kernels.size(), 1u);
    EXPECT_EQ(result.otherRows.kernels.size(), 2u);
    EXPECT_EQ(result.otherRows.memsets.size(), 1u);
    ASSERT_EQ(result.variantRows.overheads.size(), 1u);
    EXPECT_EQ(result.variantRows.overheads[0].start, 2000);
    EXPECT_EQ(result.otherRows.overheads.size(), 1u);
    // Both halves keep the string table their name indices point into.
    EXPECT_EQ(result.otherRows.strings[result.otherRows.kernels[0].demangledName], "gemmKernel");
    EXPECT_EQ(result.variantRows.strings.size(), batch.strings.size());
}

}  // namespace
}  // namespace costscope
