// The in-memory sink keeps what it is given, with the same calling rules as the file store.
#include "profiler/store/MemorySink.h"

#include <gtest/gtest.h>

#include "StoreTestSupport.h"
#include "profiler/store/StoreError.h"

namespace costscope {
namespace {

TEST(MemorySinkTest, KeepsRunsDevicesAndVariantsInOrder) {
    MemorySink sink;
    RecordSink& asSink = sink;
    const int64_t run = asSink.beginRun(test::sampleRun("quick"));
    DeviceInfo cpu;
    cpu.kind = "cpu";
    cpu.name = "test cpu";
    const int64_t device = asSink.addDevice(cpu);
    const int64_t first = asSink.addVariant(test::okVariant(8, 8, 8));
    const int64_t second = asSink.addVariant(test::skippedVariant());
    EXPECT_EQ(sink.lastRun().status, RunStatus::Running);
    asSink.endRun(RunStatus::Interrupted, "Ctrl-C");

    ASSERT_EQ(sink.runs().size(), 1u);
    const MemorySink::Run& kept = sink.lastRun();
    EXPECT_EQ(kept.id, run);
    EXPECT_EQ(kept.info.suite, "quick");
    EXPECT_EQ(kept.status, RunStatus::Interrupted);
    EXPECT_EQ(kept.note, "Ctrl-C");
    ASSERT_EQ(kept.devices.size(), 1u);
    EXPECT_EQ(kept.devices[0].name, "test cpu");
    EXPECT_EQ(kept.deviceIds, std::vector<int64_t>{device});
    ASSERT_EQ(kept.variants.size(), 2u);
    EXPECT_EQ(kept.variants[0].spec.m, 8);
    EXPECT_EQ(kept.variants[0].samples.size(), 12u);
    EXPECT_EQ(kept.variants[1].status, VariantStatus::Skipped);
    EXPECT_EQ(kept.variantIds, (std::vector<int64_t>{first, second}));
    EXPECT_NE(first, second);

    const int64_t next = sink.beginRun(test::sampleRun("full"));
    EXPECT_NE(next, run);
    EXPECT_EQ(sink.runs().size(), 2u);
    EXPECT_EQ(sink.lastRun().info.suite, "full");
}

TEST(MemorySinkTest, KeepsActivityPerRunAndPerVariantAndTheCollectorInfo) {
    MemorySink sink;
    RecordSink& asSink = sink;
    asSink.beginRun(test::sampleRun());
    asSink.addActivity(test::sampleActivity(1));
    asSink.addActivity(ActivityBatch{});  // nothing to keep, as in the file
    asSink.addVariant(test::gpuVariant(test::sampleActivity(2, 5)));
    asSink.setCollectorInfo(CollectorInfo{.enabled = false, .note = "no GPU", .droppedRecords = 3});
    asSink.endRun(RunStatus::Complete, "");

    const MemorySink::Run& run = sink.lastRun();
    ASSERT_EQ(run.activity.size(), 1u);
    EXPECT_EQ(run.activity[0].kernels.size(), 4u);
    EXPECT_EQ(run.activity[0].kernels[0].start, test::sampleActivity(1).kernels[0].start);
    ASSERT_EQ(run.variants.size(), 1u);
    EXPECT_EQ(run.variants[0].activity.rows(), test::sampleActivity(2, 5).rows());
    EXPECT_EQ(run.variants[0].activity.strings.at(2), "kernel5");
    ASSERT_TRUE(run.variants[0].gpu.has_value());
    EXPECT_EQ(run.variants[0].gpu->kernelsPerCall, 2.0);
    ASSERT_TRUE(run.collector.has_value());
    EXPECT_FALSE(run.collector->enabled);
    EXPECT_EQ(run.collector->note, "no GPU");
    EXPECT_EQ(run.collector->droppedRecords, 3u);
}

TEST(MemorySinkTest, RefusesCallsOutsideARunLikeTheFileStore) {
    MemorySink sink;
    EXPECT_THROW(sink.addActivity(test::sampleActivity(1)), StoreError);
    EXPECT_THROW(sink.setCollectorInfo(CollectorInfo{}), StoreError);
    EXPECT_THROW(sink.addVariant(test::okVariant(8, 8, 8)), StoreError);
    EXPECT_THROW(sink.addDevice(DeviceInfo{}), StoreError);
    EXPECT_THROW(sink.endRun(RunStatus::Complete, ""), StoreError);
    EXPECT_THROW(sink.lastRun(), StoreError);
    sink.beginRun(test::sampleRun());
    EXPECT_THROW(sink.endRun(RunStatus::Running, ""), StoreError);
    sink.endRun(RunStatus::Complete, "");
    EXPECT_THROW(sink.addVariant(test::okVariant(8, 8, 8)), StoreError);
}

}  // namespace
}  // namespace costscope
