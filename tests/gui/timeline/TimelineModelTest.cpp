// The timeline read from fixture recordings: every row in its lane, the store's new read against
// its full one, the memory line, the details of a span, and the sentence for a CPU-only run.
#include <gtest/gtest.h>

#include <QString>
#include <algorithm>
#include <limits>

#include "app/core/Format.h"
#include "app/core/RunLoader.h"
#include "app/timeline/TimelineLoader.h"
#include "app/timeline/TimelineModel.h"
#include "profiler/store/Recording.h"
#include "tests/gui/support/FixtureRecording.h"

namespace costscope {
namespace {

using test::ScratchDir;
using test::writeFixtureRun;

TEST(TimelineRowsTest, ReadsEveryKernelCopyAndMemoryRowOfTheRunAsTheFullReadDoes) {
    ScratchDir dir;
    const auto path = dir.file("two.sqlite");
    writeFixtureRun(path, {.seed = 1});
    const int64_t second = writeFixtureRun(path, {.timeScale = 0.8, .seed = 2});
    const Recording recording(path);
    const TimelineRows rows = recording.timeline(second);

    // The same rows, variant by variant, through the store's full read.
    size_t kernels = 0;
    size_t copies = 0;
    size_t memory = 0;
    for (const VariantSummaryRow& variant : recording.variantSummary(second)) {
        const ActivityBatch batch = recording.variantActivity(variant.variantId);
        for (const KernelRow& kernel : batch.kernels) {
            ASSERT_LT(kernels, rows.kernels.size());
            EXPECT_EQ(rows.kernels.start[kernels], kernel.start);
            EXPECT_EQ(rows.kernels.end[kernels], kernel.end);
            EXPECT_EQ(rows.kernels.streamId[kernels], kernel.streamId);
            EXPECT_EQ(rows.kernels.variantId[kernels], variant.variantId);
            const TimelineRows::KernelConfig& config = rows.configs.at(rows.kernelConfig[kernels]);
            EXPECT_EQ(rows.strings.at(config.name), batch.strings.at(kernel.demangledName));
            EXPECT_EQ(rows.strings.at(config.shortName), batch.strings.at(kernel.shortName));
            EXPECT_EQ(config.gridX, kernel.gridX);
            EXPECT_EQ(config.blockX, kernel.blockX);
            EXPECT_EQ(config.registersPerThread, kernel.registersPerThread);
            EXPECT_EQ(config.dynamicSharedMemory, kernel.dynamicSharedMemory);
            ++kernels;
        }
        for (const MemcpyRow& copy : batch.memcpys) {
            ASSERT_LT(copies, rows.copies.size());
            EXPECT_EQ(rows.copies.start[copies], copy.start);
            EXPECT_EQ(rows.copyBytes[copies], copy.bytes);
            EXPECT_EQ(rows.copyKind[copies], copy.copyKind);
            ++copies;
        }
        memory += batch.memory.size();
    }
    EXPECT_EQ(kernels, rows.kernels.size());
    EXPECT_EQ(copies, rows.copies.size());
    EXPECT_EQ(memory, rows.memory.size());
    EXPECT_EQ(rows.kernels.size(), 13u * 15u);  // 13 GPU variants of 15 calls
    EXPECT_TRUE(rows.memsets.size() == 0);
    // Names once each: 13 demangled names (three share one) and their short forms.
    EXPECT_LT(rows.strings.size(), 40u);
}

TEST(TimelineModelTest, PutsVariantsAboveOneLanePerStreamAndKind) {
    ScratchDir dir;
    const auto path = dir.file("gpu.sqlite");
    const int64_t id = writeFixtureRun(path);
    const RunData run = loadRun(path, id);
    const TimelineModel model = TimelineLoader::read(run);

    ASSERT_TRUE(model.hasGpuActivity());
    const auto& lanes = model.lanes();
    ASSERT_EQ(lanes.size(), 3u);
    EXPECT_EQ(lanes[0].label, QStringLiteral("CPU variants"));
    EXPECT_EQ(lanes[1].label, QStringLiteral("GPU 0 · stream 7 · kernels"));
    EXPECT_EQ(lanes[2].label, QStringLiteral("GPU 0 · stream 7 · copies"));
    // Every variant that ran has its span; the skipped one (no times) has none.
    const auto ran =
        std::count_if(run.variants.begin(), run.variants.end(), [](const VariantSummaryRow& v) {
            return v.status != VariantStatus::Skipped && v.endedNs > v.startedNs && v.startedNs > 0;
        });
    EXPECT_EQ(lanes[0].spans, uint64_t(ran));
    EXPECT_EQ(lanes[1].spans, 13u * 15u);
    EXPECT_EQ(lanes[2].spans, 2u * 13u * 15u);
    EXPECT_EQ(model.origin(), run.variants.front().startedNs);
    EXPECT_GT(model.finish(), model.origin());
}

TEST(TimelineModelTest, DetailsOfAKernelNameItsLaunchAndItsVariant) {
    ScratchDir dir;
    const auto path = dir.file("gpu.sqlite");
    const int64_t id = writeFixtureRun(path);
    const RunData run = loadRun(path, id);
    const TimelineModel model = TimelineLoader::read(run);
    const auto kernels = model.spansIn(1, model.origin(), model.finish() + 1);
    ASSERT_EQ(kernels.size(), 13u * 15u);
    const TimelineModel::SpanRef first = kernels.front();
    const auto [firstStart, firstEnd] = *model.times(first);
    const QString text = model.details(first);
    EXPECT_TRUE(text.startsWith(QStringLiteral("sm90_xmma_gemm_f32f32_f32f32_f32_nn_n")))
        << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("Kernel on GPU 0 · stream 7")));
    EXPECT_TRUE(text.contains(QStringLiteral("Grid 8 × 8 × 1 · block 256 × 1 × 1")));
    EXPECT_TRUE(text.contains(QStringLiteral("168 registers per thread")));
    EXPECT_TRUE(text.contains(QStringLiteral("0 B static + 96.0 KiB dynamic")));
    EXPECT_TRUE(text.contains(QStringLiteral("lasts ")));
    EXPECT_TRUE(text.contains(QStringLiteral("Variant: gemm/fp32/cublas/gpu/1024x1024x1024")))
        << text.toStdString();
    ASSERT_NE(model.variantOf(first), nullptr);
    EXPECT_EQ(model.variantOf(first)->name, "gemm/fp32/cublas/gpu/1024x1024x1024");

    // A click in the middle of the kernel finds it; one between kernels with no tolerance not.
    const int64_t middle = (firstStart + firstEnd) / 2;
    EXPECT_EQ(model.spanAt(1, middle, 0), first);
    EXPECT_FALSE(model.spanAt(1, firstEnd + 10, 0).has_value());
    EXPECT_FALSE(model.spanAt(7, middle, 0).has_value());
    // A row id that is not a span of the lane names nothing.
    EXPECT_TRUE(model.details({1, -5}).isEmpty());
    EXPECT_FALSE(model.times({1, -5}).has_value());

    const QString copy = model.details(model.spansIn(2, model.origin(), model.finish() + 1)[0]);
    EXPECT_TRUE(copy.startsWith(QStringLiteral("Copy host → device (HtoD)"))) << copy.toStdString();
    EXPECT_TRUE(copy.contains(QStringLiteral("4.00 MiB")));
    EXPECT_TRUE(copy.contains(QStringLiteral("GB/s")));

    const QString variant = model.details({0, 0});
    EXPECT_TRUE(variant.startsWith(QString::fromStdString(run.variants.front().name)));
    EXPECT_TRUE(variant.contains(QStringLiteral("Starts at 0.000000 ms")));
}

TEST(TimelineModelTest, DeviceMemoryInUseRisesWithEachAllocationAndFallsWithItsRelease) {
    ScratchDir dir;
    const auto path = dir.file("gpu.sqlite");
    const int64_t id = writeFixtureRun(path);
    const RunData run = loadRun(path, id);
    const TimelineModel model = TimelineLoader::read(run);
    ASSERT_EQ(model.memory().size(), 1u);
    const TimelineModel::MemoryLine& line = model.memory().front();
    EXPECT_EQ(line.deviceId, 0u);
    // The fixture's GPU variants hold their weights one after the other, never together.
    int64_t largest = 0;
    for (const VariantSummaryRow& variant : run.variants) {
        if (variant.device == "gpu" && variant.weightBytes) {
            largest = std::max(largest, *variant.weightBytes);
        }
    }
    EXPECT_EQ(line.peak, largest);
    EXPECT_EQ(line.bytes.back(), 0);
    EXPECT_EQ(line.time.back(), model.finish());
    EXPECT_TRUE(std::is_sorted(line.time.begin(), line.time.end()));
    EXPECT_EQ(*std::min_element(line.bytes.begin(), line.bytes.end()), 0);
}

TEST(TimelineModelTest, MemoryReleasedBeforeItWasSeenAllocatedLiftsTheLine) {
    TimelineRows rows;
    // A release of 100 B allocated before the collector started, then 50 B allocated.
    rows.memory.start = {10, 20, 30};
    rows.memory.deviceId = {1, 1, 1};
    rows.memory.bytes = {100, 50, 50};
    rows.memory.memKind = {3, 3, 3};
    rows.memory.operationType = {2, 1, 2};
    rows.kernels.push(5, 40, 1, 3, 0);
    rows.kernelConfig.push_back(0);
    rows.configs.push_back({});
    const TimelineModel model(std::move(rows), {});
    ASSERT_EQ(model.memory().size(), 1u);
    const auto& line = model.memory().front();
    EXPECT_EQ(line.time, (std::vector<int64_t>{10, 20, 30, 40}));
    EXPECT_EQ(line.bytes, (std::vector<int64_t>{0, 50, 0, 0}));
    EXPECT_EQ(line.peak, 50);
}

TEST(TimelineModelTest, TimesADamagedFileHoldsAtTheInt64LimitsAreHeldInRange) {
    // Found by tests/fuzz/ReportFuzzer.cpp: a memory event at the most negative int64 made the
    // timeline's key of a time (time - origin) overflow. Times are clamped as the model is built.
    constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
    TimelineRows rows;
    rows.memory.start = {kMin, 10};
    rows.memory.deviceId = {0, 0};
    rows.memory.bytes = {100, 100};
    rows.memory.memKind = {3, 3};
    rows.memory.operationType = {1, 2};
    for (int i = 0; i < 20; ++i) {  // more than 2^63 ns of spans in all, unclamped
        rows.kernels.push(i % 2 == 0 ? kMin : 5, kMax, 0, 7, 0);
        rows.kernelConfig.push_back(0);
    }
    rows.configs.push_back({});
    const TimelineModel model(std::move(rows), {});
    EXPECT_EQ(model.origin(), 0);
    EXPECT_EQ(model.finish(), TimelineModel::kLatestNs);
    EXPECT_EQ(model.keyOf(model.finish()), double(TimelineModel::kLatestNs) / 1e6);
    EXPECT_EQ(model.memory().front().time.front(), 0);
    // Keys past any zoom name the edges of what a model holds; their difference fits.
    const int64_t t0 = model.timeAt(-1e300), t1 = model.timeAt(1e300);
    EXPECT_EQ(t0, -TimelineModel::kLatestNs);
    EXPECT_EQ(t1, 2 * TimelineModel::kLatestNs);
    const TimelineLod lod = model.query(0, t0, t1, 800);
    EXPECT_FALSE(lod.items.empty() && lod.boxes.empty());
    for (const TimelineBox& box : lod.boxes) {
        EXPECT_GE(box.busy, 0.0);
        EXPECT_LE(box.busy, 1.0);
    }
}

TEST(TimelineModelTest, SizesADamagedFileHoldsAtTheInt64LimitsAreHeldInRange) {
    // Found by tests/fuzz/ReportFuzzer.cpp: a release of INT64_MIN bytes made the memory line's
    // level negate it (undefined behaviour), and sizes near the limits overflowed its sum.
    constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
    TimelineRows rows;
    rows.memory.start = {10, 20, 30, 40, 50};
    rows.memory.deviceId = {0, 0, 0, 0, 0};
    rows.memory.bytes = {kMin, kMax, kMax, kMax, -5};
    rows.memory.memKind = {3, 3, 3, 3, 3};
    rows.memory.operationType = {2, 1, 1, 1, 2};
    rows.kernels.push(5, 60, 0, 7, 0);
    rows.kernelConfig.push_back(0);
    rows.configs.push_back({});
    const TimelineModel model(std::move(rows), {});
    ASSERT_EQ(model.memory().size(), 1u);
    const auto& line = model.memory().front();
    // A size below zero counts as none; one above 2^60 as 2^60; the level stays within 2^61.
    EXPECT_EQ(line.bytes.front(), 0);
    EXPECT_EQ(line.bytes[1], int64_t(1) << 60);
    EXPECT_EQ(line.peak, int64_t(1) << 61);
    for (const int64_t bytes : line.bytes) {
        EXPECT_GE(bytes, 0);
        EXPECT_LE(bytes, line.peak);
    }
}

TEST(TimelineModelTest, CpuOnlyRunSaysWhyThereIsNothingToDraw) {
    ScratchDir dir;
    const auto path = dir.file("cpu.sqlite");
    const int64_t id = writeFixtureRun(path, {.withGpu = false});
    const RunData run = loadRun(path, id);
    const TimelineModel model = TimelineLoader::read(run);
    EXPECT_FALSE(model.hasGpuActivity());
    EXPECT_TRUE(model.memory().empty());
    const QString why = model.whyEmpty();
    EXPECT_TRUE(why.startsWith(QStringLiteral("This run measured no GPU activity")));
    EXPECT_TRUE(why.contains(QStringLiteral("CPU variants only"))) << why.toStdString();
}

TEST(TimelineModelTest, CollectorOffIsNamedWithItsNote) {
    VariantSummaryRow gpu;
    gpu.variantId = 1;
    gpu.name = "gemm/fp32/cublas/gpu/64x64x64";
    gpu.device = "gpu";
    const TimelineModel model(TimelineRows{}, {gpu},
                              CollectorInfo{.enabled = false, .note = "no CUDA driver found"});
    EXPECT_TRUE(model.whyEmpty().contains(QStringLiteral("CUPTI was off (no CUDA driver found)")))
        << model.whyEmpty().toStdString();
}

TEST(TimelineFormatTest, DurationsAndBytesInTheUnitThatReadsBest) {
    EXPECT_EQ(formatDuration(812), QStringLiteral("812 ns"));
    EXPECT_EQ(formatDuration(151'200), QStringLiteral("151 µs"));
    EXPECT_EQ(formatDuration(2'500), QStringLiteral("2.50 µs"));
    EXPECT_EQ(formatDuration(12'340'000), QStringLiteral("12.3 ms"));
    EXPECT_EQ(formatDuration(2'410'000'000), QStringLiteral("2.41 s"));
    EXPECT_EQ(formatBytes(512), QStringLiteral("512 B"));
    EXPECT_EQ(formatBytes(98'304), QStringLiteral("96.0 KiB"));
    EXPECT_EQ(formatBytes(4 << 20), QStringLiteral("4.00 MiB"));
}

}  // namespace
}  // namespace costscope
