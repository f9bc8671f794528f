// The runner with a fake collector: every GPU call is tagged, and the device time, counters and
// rows it reports land on the right variant and sample. No GPU needed.
#include <gtest/gtest.h>

#include <utility>

#include "profiler/Clock.h"
#include "profiler/SuiteRunner.h"
#include "profiler/store/MemorySink.h"

namespace costscope {
namespace {

// Plays CUPTI: rows it is told about carry the tag pushed at that moment.
class FakeCollector final : public ActivityCollector {
  public:
    bool isAvailable() const override { return available; }
    const std::string& reason() const override { return reason_; }
    void push(CallTag tag) override { stack_.push_back(tag.pack()); }
    void pop() override { stack_.pop_back(); }
    ActivityBatch take() override { return std::exchange(pending_, ActivityBatch{}); }
    uint64_t droppedRecords() const override { return dropped; }
    uint64_t lostRecords() const override { return lost; }
    std::string note() const override { return "fake"; }

    size_t depth() const { return stack_.size(); }
    void kernel(int64_t ns) {
        KernelRow row;
        row.start = next_;
        row.end = next_ + ns;
        next_ += ns + 10;
        row.tag = current();
        pending_.kernels.push_back(row);
    }
    // A kernel no traced call launched (CUPTI's internal launches): no tag, on the real clock.
    void untaggedKernel() {
        KernelRow row;
        row.start = monotonicNs();
        row.end = row.start + 100;
        pending_.kernels.push_back(row);
    }
    void copy(uint8_t kind, int64_t bytes) {
        MemcpyRow row;
        row.copyKind = kind;
        row.bytes = bytes;
        row.tag = current();
        pending_.memcpys.push_back(row);
    }
    void memory(uint8_t operation, int64_t bytes) {
        MemoryRow row;
        row.start = next_++;
        row.operationType = operation;
        row.bytes = bytes;
        row.memKind = 3;  // device
        row.tag = current();
        pending_.memory.push_back(row);
    }

    bool available = true;
    uint64_t dropped = 0;
    uint64_t lost = 0;

  private:
    uint64_t current() const { return stack_.empty() ? 0 : stack_.back(); }

    std::string reason_ = "fake reason";
    std::vector<uint64_t> stack_;
    ActivityBatch pending_;
    int64_t next_ = 1;
};

// A GPU variant as the collector sees it: allocates in set-up, each call copies in, runs two
// kernels (300 + 700 ns) and copies out, and frees on destruction.
class FakeGpuVariant final : public Variant {
  public:
    FakeGpuVariant(const VariantSpec& s, FakeCollector& gpu) : Variant(s), gpu_(gpu) {}
    ~FakeGpuVariant() override { gpu_.memory(2, 8192); }
    void setUp() override {
        EXPECT_EQ(gpu_.depth(), tagged() ? 1u : 0u);
        gpu_.memory(1, 8192);
        if (spec().family == "oom")
            throw std::runtime_error("cudaMalloc: out of memory");
    }
    void run() override {
        EXPECT_EQ(gpu_.depth(), tagged() ? 1u : 0u);
        gpu_.copy(1, 4096);
        gpu_.kernel(300);
        gpu_.kernel(700);
        gpu_.copy(2, 1024);
        if (spec().family == "drops")
            gpu_.dropped += 1;
        if (spec().family == "loses")
            gpu_.lost += 1;
        if (spec().family == "untagged")
            gpu_.untaggedKernel();
    }
    Quality check() override { return {.kernelError = 1e-7, .approxError = 1e-3}; }
    int64_t weightBytes() const override { return 64; }
    std::string implementation() const override { return "fake gpu"; }
    int threads() const override { return 1; }

  private:
    bool tagged() const { return gpu_.available && spec().device == "gpu"; }

    FakeCollector& gpu_;
};

VariantSpec gpuSpec(const char* family = "gemm", const char* device = "gpu") {
    return VariantSpec{.family = family,
                       .device = device,
                       .backend = "fake",
                       .precision = "fp32",
                       .structure = "dense",
                       .m = 8,
                       .n = 8,
                       .k = 8};
}

class GpuRunnerTest : public ::testing::Test {
  protected:
    RunOutcome run(const std::vector<VariantSpec>& variants) {
        sink_.beginRun({});
        const MeasureOptions options{.warmup = 2, .minIterations = 5, .minTimeS = 0.0};
        SuiteRunner runner(
            sink_, stop_, nullptr,
            [this](const VariantSpec& s) { return std::make_unique<FakeGpuVariant>(s, gpu_); },
            &gpu_);
        GpuProbe usable;
        usable.usable = true;
        return runner.run(variants, options, usable);
    }
    const std::vector<VariantRecord>& stored() const { return sink_.lastRun().variants; }

    MemorySink sink_;
    std::atomic<bool> stop_{false};
    FakeCollector gpu_;
};

TEST_F(GpuRunnerTest, EachSampleGetsTheDeviceTimeOfItsCalls) {
    run({gpuSpec()});
    ASSERT_EQ(stored().size(), 1u);
    const auto& record = stored()[0];
    ASSERT_EQ(record.status, VariantStatus::Ok) << record.reason;
    ASSERT_GE(record.samples.size(), 5u);
    for (const auto& sample : record.samples)
        EXPECT_EQ(sample.deviceNs, 1000);
    ASSERT_TRUE(record.gpu);
    ASSERT_TRUE(record.gpu->deviceStats);
    EXPECT_DOUBLE_EQ(record.gpu->deviceStats->medianNs, 1000);
    EXPECT_DOUBLE_EQ(record.gpu->kernelsPerCall, 2.0);
    EXPECT_DOUBLE_EQ(record.gpu->copiedBytesPerCall, 4096.0 + 1024.0);
    ASSERT_TRUE(record.gpu->peakDeviceMemBytes);
    EXPECT_EQ(*record.gpu->peakDeviceMemBytes, 8192);
}

TEST_F(GpuRunnerTest, EveryCallIsTaggedAndEveryRowStaysWithItsVariant) {
    run({gpuSpec(), gpuSpec("pruned")});
    ASSERT_EQ(stored().size(), 2u);
    for (size_t v = 0; v < 2; ++v) {
        const auto& record = stored()[v];
        const int64_t calls =
            record.warmup + int64_t(record.samples.size()) * record.callsPerSample;
        // Warm-up, calibration and timed calls each launched two kernels; the cold
        // calibration call and the batch sizing add a few more.
        EXPECT_GE(int64_t(record.activity.kernels.size()), 2 * calls);
        for (const auto& row : record.activity.kernels)
            EXPECT_EQ(CallTag::unpack(row.tag).variant, v + 1);
        // The release in the destructor is tagged too, so the variant's memory nets to zero.
        ASSERT_EQ(record.activity.memory.size(), 2u);
        EXPECT_EQ(CallTag::unpack(record.activity.memory[0].tag).call, CallTag::kSetUp);
        EXPECT_EQ(CallTag::unpack(record.activity.memory[1].tag).call, CallTag::kTearDown);
    }
}

TEST_F(GpuRunnerTest, CpuVariantsAreNeitherTaggedNorGivenGpuMeasures) {
    run({gpuSpec("gemm", "cpu")});
    const auto& record = stored()[0];
    ASSERT_EQ(record.status, VariantStatus::Ok) << record.reason;
    EXPECT_FALSE(record.gpu);
    EXPECT_TRUE(record.activity.empty());
    for (const auto& sample : record.samples)
        EXPECT_EQ(sample.deviceNs, -1);
}

TEST_F(GpuRunnerTest, DroppedOrLostRecordsLeaveTheGpuFiguresUnmeasuredNotWrong) {
    run({gpuSpec("drops"), gpuSpec("loses"), gpuSpec()});
    ASSERT_EQ(stored().size(), 3u);
    for (size_t v = 0; v < 2; ++v) {
        const auto& record = stored()[v];
        ASSERT_EQ(record.status, VariantStatus::Ok) << record.reason;
        EXPECT_FALSE(record.gpu) << record.spec.name();
        for (const auto& sample : record.samples)
            EXPECT_EQ(sample.deviceNs, -1);
        // The rows that did arrive are kept for the timeline.
        EXPECT_FALSE(record.activity.kernels.empty());
        EXPECT_EQ(record.deviceNote.rfind("round 1: CUPTI dropped or could not use ", 0), 0u)
            << record.deviceNote;
        EXPECT_NE(record.deviceNote.find("are not counted"), std::string::npos);
    }
    // A later variant without losses is measured again.
    EXPECT_TRUE(stored()[2].gpu);
}

TEST_F(GpuRunnerTest, UntaggedKernelsInsideAVariantLeaveItsGpuFiguresUnmeasured) {
    run({gpuSpec("untagged"), gpuSpec()});
    ASSERT_EQ(stored().size(), 2u);
    const auto& record = stored()[0];
    ASSERT_EQ(record.status, VariantStatus::Ok) << record.reason;
    EXPECT_FALSE(record.gpu);
    for (const auto& sample : record.samples)
        EXPECT_EQ(sample.deviceNs, -1);
    EXPECT_NE(record.deviceNote.find("kernels that no traced CUDA call launched"),
              std::string::npos)
        << record.deviceNote;
    // The next variant, whose span holds none, is measured.
    EXPECT_TRUE(stored()[1].gpu);
    EXPECT_EQ(stored()[1].deviceNote, "");
}

TEST_F(GpuRunnerTest, AFailedGpuVariantKeepsItsRowsAndTheRunGoesOn) {
    run({gpuSpec("oom"), gpuSpec()});
    ASSERT_EQ(stored().size(), 2u);
    EXPECT_EQ(stored()[0].status, VariantStatus::Failed);
    EXPECT_EQ(stored()[0].reason, "cudaMalloc: out of memory");
    EXPECT_FALSE(stored()[0].gpu);
    EXPECT_EQ(stored()[0].activity.memory.size(), 2u);
    EXPECT_EQ(stored()[1].status, VariantStatus::Ok);
}

TEST_F(GpuRunnerTest, AnUnavailableCollectorIsNotUsed) {
    gpu_.available = false;
    run({gpuSpec()});
    const auto& record = stored()[0];
    EXPECT_EQ(record.status, VariantStatus::Ok);
    EXPECT_FALSE(record.gpu);
    EXPECT_TRUE(record.activity.empty());
}

}  // namespace
}  // namespace costscope
