// GPU measures and CUPTI activity through SqliteStore and back through Recording.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <string>

#include "StoreTestSupport.h"
#include "profiler/store/Recording.h"
#include "profiler/store/RecordingFormat.h"
#include "profiler/store/SqliteStore.h"
#include "profiler/store/StoreError.h"

namespace costscope {
namespace {

using test::TempDir;

// Compares two batches row by row, names by their text (indices differ between batches).
void expectSameActivity(const ActivityBatch& got, const ActivityBatch& want) {
    auto text = [](const ActivityBatch& batch, uint32_t index) {
        return index < batch.strings.size() ? batch.strings[index] : "<out of range>";
    };
    ASSERT_EQ(got.kernels.size(), want.kernels.size());
    for (size_t i = 0; i < got.kernels.size(); ++i) {
        const KernelRow& g = got.kernels[i];
        const KernelRow& w = want.kernels[i];
        SCOPED_TRACE("kernel " + std::to_string(i));
        EXPECT_EQ(g.start, w.start);
        EXPECT_EQ(g.end, w.end);
        EXPECT_EQ(g.deviceId, w.deviceId);
        EXPECT_EQ(g.contextId, w.contextId);
        EXPECT_EQ(g.streamId, w.streamId);
        EXPECT_EQ(g.correlationId, w.correlationId);
        EXPECT_EQ(text(got, g.demangledName), text(want, w.demangledName));
        EXPECT_EQ(text(got, g.shortName), text(want, w.shortName));
        EXPECT_EQ(text(got, g.mangledName), text(want, w.mangledName));
        EXPECT_EQ(g.gridX, w.gridX);
        EXPECT_EQ(g.gridY, w.gridY);
        EXPECT_EQ(g.gridZ, w.gridZ);
        EXPECT_EQ(g.blockX, w.blockX);
        EXPECT_EQ(g.blockY, w.blockY);
        EXPECT_EQ(g.blockZ, w.blockZ);
        EXPECT_EQ(g.registersPerThread, w.registersPerThread);
        EXPECT_EQ(g.staticSharedMemory, w.staticSharedMemory);
        EXPECT_EQ(g.dynamicSharedMemory, w.dynamicSharedMemory);
        EXPECT_EQ(g.localMemoryPerThread, w.localMemoryPerThread);
        EXPECT_EQ(g.localMemoryTotal, w.localMemoryTotal);
        EXPECT_EQ(g.gridId, w.gridId);
        EXPECT_EQ(g.sharedMemoryExecuted, w.sharedMemoryExecuted);
        EXPECT_EQ(g.launchType, w.launchType);
        EXPECT_EQ(g.cacheConfig, w.cacheConfig);
        EXPECT_EQ(g.sharedMemoryLimitConfig, w.sharedMemoryLimitConfig);
        EXPECT_EQ(g.graphNodeId, w.graphNodeId);
    }
    ASSERT_EQ(got.memcpys.size(), want.memcpys.size());
    for (size_t i = 0; i < got.memcpys.size(); ++i) {
        const MemcpyRow& g = got.memcpys[i];
        const MemcpyRow& w = want.memcpys[i];
        SCOPED_TRACE("memcpy " + std::to_string(i));
        EXPECT_EQ(g.start, w.start);
        EXPECT_EQ(g.end, w.end);
        EXPECT_EQ(g.deviceId, w.deviceId);
        EXPECT_EQ(g.contextId, w.contextId);
        EXPECT_EQ(g.streamId, w.streamId);
        EXPECT_EQ(g.correlationId, w.correlationId);
        EXPECT_EQ(g.bytes, w.bytes);
        EXPECT_EQ(g.copyKind, w.copyKind);
        EXPECT_EQ(g.srcKind, w.srcKind);
        EXPECT_EQ(g.dstKind, w.dstKind);
        EXPECT_EQ(g.graphNodeId, w.graphNodeId);
    }
    ASSERT_EQ(got.memsets.size(), want.memsets.size());
    for (size_t i = 0; i < got.memsets.size(); ++i) {
        const MemsetRow& g = got.memsets[i];
        const MemsetRow& w = want.memsets[i];
        SCOPED_TRACE("memset " + std::to_string(i));
        EXPECT_EQ(g.start, w.start);
        EXPECT_EQ(g.end, w.end);
        EXPECT_EQ(g.deviceId, w.deviceId);
        EXPECT_EQ(g.contextId, w.contextId);
        EXPECT_EQ(g.streamId, w.streamId);
        EXPECT_EQ(g.correlationId, w.correlationId);
        EXPECT_EQ(g.value, w.value);
        EXPECT_EQ(g.bytes, w.bytes);
        EXPECT_EQ(g.memKind, w.memKind);
        EXPECT_EQ(g.graphNodeId, w.graphNodeId);
    }
    ASSERT_EQ(got.memory.size(), want.memory.size());
    for (size_t i = 0; i < got.memory.size(); ++i) {
        const MemoryRow& g = got.memory[i];
        const MemoryRow& w = want.memory[i];
        SCOPED_TRACE("memory " + std::to_string(i));
        EXPECT_EQ(g.start, w.start);
        EXPECT_EQ(g.deviceId, w.deviceId);
        EXPECT_EQ(g.contextId, w.contextId);
        EXPECT_EQ(g.streamId, w.streamId);
        EXPECT_EQ(g.correlationId, w.correlationId);
        EXPECT_EQ(g.address, w.address);
        EXPECT_EQ(g.pc, w.pc);
        EXPECT_EQ(g.bytes, w.bytes);
        EXPECT_EQ(g.memKind, w.memKind);
        EXPECT_EQ(g.operationType, w.operationType);
        EXPECT_EQ(text(got, g.name), text(want, w.name));
    }
    ASSERT_EQ(got.overheads.size(), want.overheads.size());
    for (size_t i = 0; i < got.overheads.size(); ++i) {
        const OverheadRow& g = got.overheads[i];
        const OverheadRow& w = want.overheads[i];
        SCOPED_TRACE("overhead " + std::to_string(i));
        EXPECT_EQ(g.start, w.start);
        EXPECT_EQ(g.end, w.end);
        EXPECT_EQ(g.overheadKind, w.overheadKind);
        EXPECT_EQ(g.objectKind, w.objectKind);
        EXPECT_EQ(g.objectId, w.objectId);
        EXPECT_EQ(g.correlationId, w.correlationId);
    }
}

DeviceInfo h100() {
    DeviceInfo gpu;
    gpu.kind = "gpu";
    gpu.name = "NVIDIA H100 80GB HBM3";
    gpu.details = R"({"driver": "550.54"})";
    gpu.peakGflops = 51'000.5;
    gpu.memBandwidthGBs = 3'050.25;
    gpu.ceilingsMethod = "cuBLAS sgemm 8192^3; copy kernel 4 GiB";
    gpu.precisionCeilings = {{"fp32", 51'000.5, "cuBLAS sgemm 8192^3, median of 20"},
                             {"bf16", 740'000.0, "cuBLAS bf16 8192^3, median of 20"},
                             {"int8", NAN, "not measured: no cuBLASLt"}};
    GpuTarget target;
    target.id = 1;
    target.name = gpu.name;
    target.busLocation = "0000:41:00.0";
    target.uuid = "GPU-0f3b7c1e-1234-5678-9abc-def012345678";
    target.l2CacheSize = 52'428'800;
    target.totalMemory = 85'520'809'984;
    target.memoryBandwidth = 3'352'320'000'000;
    target.clockRate = 1'980'000'000;
    target.smCount = 132;
    target.maxThreadsPerBlock = 1024;
    target.threadsPerWarp = 32;
    target.maxWarpsPerSm = 64;
    target.maxShmemPerBlock = 49152;
    target.maxShmemPerSm = 233'472;
    target.maxRegistersPerSm = 65536;
    target.computeMajor = 9;
    target.computeMinor = 0;
    gpu.gpuTarget = target;
    return gpu;
}

TEST(ActivityStoreTest, RoundTripsGpuMeasuresDevicesCollectorAndEveryActivityField) {
    TempDir dir;
    const auto file = dir.file("gpu.costscope");
    const DeviceInfo gpu = h100();
    DeviceInfo cpu;
    cpu.kind = "cpu";
    cpu.name = "AMD EPYC 9454P";
    const ActivityBatch variantRows = test::sampleActivity(1);
    const ActivityBatch runRows = test::sampleActivity(2, 2);  // shares kernel2 with the variant
    const VariantRecord measured = test::gpuVariant(variantRows);
    CollectorInfo collector{
        .enabled = true, .note = "CUPTI 12.4; timestamps on CLOCK_MONOTONIC", .droppedRecords = 17};

    int64_t runId = 0;
    int64_t gpuId = 0;
    int64_t variantId = 0;
    int64_t cpuVariantId = 0;
    {
        SqliteStore store(file);
        runId = store.beginRun(test::sampleRun());
        store.addDevice(cpu);
        gpuId = store.addDevice(gpu);
        store.addActivity(runRows);
        variantId = store.addVariant(measured);
        cpuVariantId = store.addVariant(test::okVariant(64, 64, 64));
        store.setCollectorInfo(collector);
        store.endRun(RunStatus::Complete, "");
    }

    const Recording recording(file);
    EXPECT_EQ(recording.schemaVersion(), RecordingFormat::kSchemaVersion);
    const RunRow run = recording.runs().at(0);
    ASSERT_TRUE(run.collector.has_value());
    EXPECT_TRUE(run.collector->enabled);
    EXPECT_EQ(run.collector->note, collector.note);
    EXPECT_EQ(run.collector->droppedRecords, 17u);

    const auto devices = recording.devices(runId);
    ASSERT_EQ(devices.size(), 2u);
    EXPECT_TRUE(devices[0].info.precisionCeilings.empty());
    EXPECT_FALSE(devices[0].info.gpuTarget.has_value());
    const DeviceInfo& readGpu = devices[1].info;
    EXPECT_EQ(devices[1].id, gpuId);
    ASSERT_EQ(readGpu.precisionCeilings.size(), 3u);
    for (size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(readGpu.precisionCeilings[i].precision, gpu.precisionCeilings[i].precision);
        EXPECT_DOUBLE_EQ(readGpu.precisionCeilings[i].gflops, gpu.precisionCeilings[i].gflops);
        EXPECT_EQ(readGpu.precisionCeilings[i].method, gpu.precisionCeilings[i].method);
    }
    EXPECT_TRUE(std::isnan(readGpu.precisionCeilings[2].gflops));  // stored as NULL
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM device_ceilings WHERE gflops IS NULL"),
              1);
    ASSERT_TRUE(readGpu.gpuTarget.has_value());
    const GpuTarget& t = *readGpu.gpuTarget;
    const GpuTarget& w = *gpu.gpuTarget;
    EXPECT_EQ(t.id, w.id);
    EXPECT_EQ(t.name, w.name);
    EXPECT_EQ(t.busLocation, w.busLocation);
    EXPECT_EQ(t.uuid, w.uuid);
    EXPECT_EQ(t.l2CacheSize, w.l2CacheSize);
    EXPECT_EQ(t.totalMemory, w.totalMemory);
    EXPECT_EQ(t.memoryBandwidth, w.memoryBandwidth);
    EXPECT_EQ(t.clockRate, w.clockRate);
    EXPECT_EQ(t.smCount, w.smCount);
    EXPECT_EQ(t.maxThreadsPerBlock, w.maxThreadsPerBlock);
    EXPECT_EQ(t.threadsPerWarp, w.threadsPerWarp);
    EXPECT_EQ(t.maxWarpsPerSm, w.maxWarpsPerSm);
    EXPECT_EQ(t.maxShmemPerBlock, w.maxShmemPerBlock);
    EXPECT_EQ(t.maxShmemPerSm, w.maxShmemPerSm);
    EXPECT_EQ(t.maxRegistersPerSm, w.maxRegistersPerSm);
    EXPECT_EQ(t.computeMajor, w.computeMajor);
    EXPECT_EQ(t.computeMinor, w.computeMinor);
    EXPECT_DOUBLE_EQ(std::stod(test::rawQueryText(
                         file, "SELECT measuredPeakGflops FROM TARGET_INFO_GPU WHERE id = 1")),
                     51'000.5);
    EXPECT_DOUBLE_EQ(std::stod(test::rawQueryText(
                         file, "SELECT measuredMemBandwidthGBs FROM TARGET_INFO_GPU WHERE id = 1")),
                     3'050.25);
    EXPECT_EQ(test::rawQueryInt(file, "SELECT cuDevice FROM TARGET_INFO_GPU"), 1);

    const auto rows = recording.variantSummary(runId);
    ASSERT_EQ(rows.size(), 2u);
    const VariantSummaryRow& g = rows[0];
    EXPECT_DOUBLE_EQ(g.deviceMedianMs.value(), 3.0);
    EXPECT_DOUBLE_EQ(g.deviceP5Ms.value(), 2.9);
    EXPECT_DOUBLE_EQ(g.deviceP95Ms.value(), 3.1);
    EXPECT_DOUBLE_EQ(g.deviceGflops.value(), measured.spec.flops() / 3'000'000.0);
    EXPECT_DOUBLE_EQ(g.kernelsPerCall.value(), 2.0);
    EXPECT_DOUBLE_EQ(g.copiedBytesPerCall.value(), 4096.0);
    EXPECT_EQ(g.peakDeviceMemBytes, measured.gpu->peakDeviceMemBytes);
    const VariantSummaryRow& c = rows[1];  // a CPU variant: nothing from CUPTI
    EXPECT_FALSE(c.deviceMedianMs || c.deviceP5Ms || c.deviceP95Ms || c.deviceGflops ||
                 c.kernelsPerCall || c.copiedBytesPerCall || c.peakDeviceMemBytes);

    const auto samples = recording.samples(variantId);
    ASSERT_EQ(samples.size(), measured.samples.size());
    for (size_t i = 0; i < samples.size(); ++i) {
        EXPECT_EQ(samples[i].deviceNs, measured.samples[i].deviceNs) << i;
    }
    EXPECT_EQ(test::rawQueryInt(file,
                                "SELECT count(*) FROM samples WHERE device_ns IS NULL AND "
                                "variant_id = " +
                                    std::to_string(variantId)),
              1);
    EXPECT_EQ(recording.samples(cpuVariantId).at(0).deviceNs, -1);

    expectSameActivity(recording.variantActivity(variantId), variantRows);
    expectSameActivity(recording.runActivity(runId), runRows);
    EXPECT_TRUE(recording.variantActivity(cpuVariantId).empty());
    EXPECT_EQ(recording.kernelCount(variantId), 4);
    EXPECT_EQ(recording.kernelCount(cpuVariantId), 0);

    // nsys's conventions: globalPid = pid << 24, no graph node and no mangled name are NULL.
    EXPECT_EQ(test::rawQueryInt(file, "SELECT DISTINCT globalPid FROM CUPTI_ACTIVITY_KIND_KERNEL"),
              int64_t{getpid()} << 24);
    EXPECT_EQ(test::rawQueryInt(file,
                                "SELECT count(*) FROM CUPTI_ACTIVITY_KIND_KERNEL WHERE "
                                "graphNodeId IS NULL AND mangledName IS NULL"),
              0);
    EXPECT_EQ(
        test::rawQueryInt(
            file, "SELECT count(*) FROM CUPTI_ACTIVITY_KIND_KERNEL WHERE mangledName IS NULL"),
        2);
    EXPECT_EQ(test::rawQueryInt(file,
                                "SELECT count(*) FROM CUDA_GPU_MEMORY_USAGE_EVENTS WHERE "
                                "name = 'cudaMalloc workspace'"),
              2);
    EXPECT_EQ(test::rawQueryInt(file,
                                "SELECT count(*) FROM CUPTI_ACTIVITY_KIND_OVERHEAD AS o "
                                "JOIN ENUM_CUPTI_OVERHEAD_KIND AS e ON e.id = o.overheadKind "
                                "WHERE e.label = 'Driver compiler'"),
              2);
    EXPECT_EQ(test::rawQueryInt(file,
                                "SELECT count(*) FROM CUPTI_ACTIVITY_KIND_KERNEL WHERE "
                                "runId = " +
                                    std::to_string(runId) + " AND variantId IS NULL"),
              4);
}

TEST(ActivityStoreTest, StringsAreInternedOnceAcrossBatchesRunsAndReopens) {
    TempDir dir;
    const auto file = dir.file("strings.costscope");
    {
        SqliteStore store(file);
        store.beginRun(test::sampleRun());
        store.addActivity(test::sampleActivity(1, 0));  // kernel0..2
        store.addActivity(test::sampleActivity(2, 1));  // kernel1..3
        store.addVariant(test::gpuVariant(test::sampleActivity(3, 0)));
        store.endRun(RunStatus::Complete, "");
    }
    {
        SqliteStore store(file);  // appends: must reuse the file's ids
        store.beginRun(test::sampleRun());
        store.addActivity(test::sampleActivity(4, 2));  // kernel2..4
        store.endRun(RunStatus::Complete, "");
    }
    // Five kernels with three names each; memory event names are text, not StringIds, and a
    // missing mangled name is NULL, not "".
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM StringIds"), 5 * 3);
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(DISTINCT value) FROM StringIds"),
              test::rawQueryInt(file, "SELECT count(*) FROM StringIds"));
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM StringIds WHERE value = ''"), 0);
    // Every name a row points at exists.
    EXPECT_EQ(test::rawQueryInt(file,
                                "SELECT count(*) FROM CUPTI_ACTIVITY_KIND_KERNEL AS k "
                                "LEFT JOIN StringIds AS s ON s.id = k.shortName "
                                "WHERE s.id IS NULL"),
              0);
}

TEST(ActivityStoreTest, AFailedBatchLeavesNoRowsAndForgetsItsStrings) {
    TempDir dir;
    const auto file = dir.file("bad.costscope");
    SqliteStore store(file);
    store.beginRun(test::sampleRun());
    ActivityBatch bad = test::sampleActivity(1, 40);
    bad.kernels.back().shortName = 999;  // beyond its strings
    EXPECT_THROW(store.addActivity(bad), StoreError);
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM CUPTI_ACTIVITY_KIND_KERNEL"), 0);
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM StringIds"), 0);
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM kernel_configs"), 0);
    // The names and kernel configurations the rolled-back batch stored are not taken as stored
    // afterwards (the good batch has the same configurations as the bad one).
    const ActivityBatch good = test::sampleActivity(2, 40);
    store.addActivity(good);
    EXPECT_EQ(test::rawQueryInt(file,
                                "SELECT count(*) FROM CUPTI_ACTIVITY_KIND_KERNEL AS k "
                                "LEFT JOIN StringIds AS s ON s.id = k.demangledName "
                                "WHERE s.id IS NULL"),
              0);
    EXPECT_EQ(test::rawQueryInt(file,
                                "SELECT count(*) FROM kernel_launches AS l "
                                "LEFT JOIN kernel_configs AS c ON c.id = l.configId "
                                "WHERE c.id IS NULL"),
              0);
    expectSameActivity(Recording(file).runActivity(*store.runId()), good);
    store.endRun(RunStatus::Complete, "");
}

TEST(ActivityStoreTest, LaunchesShareTheConfigurationsOfTheirRun) {
    TempDir dir;
    const auto file = dir.file("configs.costscope");
    int64_t first = 0;
    {
        SqliteStore store(file);
        first = store.beginRun(test::sampleRun());
        // Four configurations (sampleActivity varies gridX per kernel; its seed only times),
        // stored once across a batch and a variant of the same run.
        store.addActivity(test::sampleActivity(1));
        store.addVariant(test::gpuVariant(test::sampleActivity(2)));
        store.endRun(RunStatus::Complete, "");
        EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM kernel_configs"), 4);
        store.beginRun(test::sampleRun());  // a run of its own: configurations of its own
        store.addActivity(test::sampleActivity(3));
        store.endRun(RunStatus::Complete, "");
    }
    {
        SqliteStore store(file);
        store.beginRun(test::sampleRun());
        store.addActivity(test::sampleActivity(4));
        store.endRun(RunStatus::Complete, "");
    }
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM kernel_launches"), 16);
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM kernel_configs"), 12);
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(DISTINCT runId) FROM kernel_configs"), 3);
    EXPECT_EQ(test::rawQueryInt(file,
                                "SELECT count(*) FROM kernel_launches AS l "
                                "JOIN kernel_configs AS c ON c.id = l.configId "
                                "WHERE c.runId IS NOT l.runId"),
              0);
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM CUPTI_ACTIVITY_KIND_KERNEL"), 16);

    // Deleting a run deletes its launches and its configurations, and nothing of the others.
    test::rawExec(file,
                  "PRAGMA foreign_keys = ON; DELETE FROM runs WHERE id = " + std::to_string(first));
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM kernel_launches"), 8);
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM kernel_configs"), 8);
    EXPECT_EQ(test::rawQueryInt(file,
                                "SELECT count(*) FROM kernel_launches AS l "
                                "LEFT JOIN kernel_configs AS c ON c.id = l.configId "
                                "WHERE c.id IS NULL"),
              0);
}

TEST(ActivityStoreTest, AVariantAndItsActivityAreOneTransaction) {
    TempDir dir;
    const auto file = dir.file("one.costscope");
    SqliteStore store(file);
    store.beginRun(test::sampleRun());
    const int64_t before = store.commitCount();
    const int64_t id = store.addVariant(test::gpuVariant(test::sampleActivity(1)));
    EXPECT_EQ(store.commitCount() - before, 1);
    EXPECT_EQ(test::rawQueryInt(file,
                                "SELECT count(*) FROM CUPTI_ACTIVITY_KIND_MEMCPY WHERE "
                                "variantId = " +
                                    std::to_string(id)),
              2);
    store.endRun(RunStatus::Complete, "");
}

TEST(ActivityStoreTest, DeletingARunOrAVariantDeletesItsActivityCeilingsAndTarget) {
    TempDir dir;
    const auto file = dir.file("cascade.costscope");
    int64_t keptVariant = 0;
    {
        SqliteStore store(file);
        store.beginRun(test::sampleRun());
        store.addDevice(h100());
        store.addActivity(test::sampleActivity(1));
        const int64_t dropped = store.addVariant(test::gpuVariant(test::sampleActivity(2)));
        keptVariant = store.addVariant(test::gpuVariant(test::sampleActivity(3)));
        store.endRun(RunStatus::Complete, "");
        test::rawExec(file, "PRAGMA foreign_keys = ON; DELETE FROM variants WHERE id = " +
                                std::to_string(dropped));
    }
    const std::string tables[] = {"CUPTI_ACTIVITY_KIND_KERNEL", "CUPTI_ACTIVITY_KIND_MEMCPY",
                                  "CUPTI_ACTIVITY_KIND_MEMSET", "CUDA_GPU_MEMORY_USAGE_EVENTS",
                                  "CUPTI_ACTIVITY_KIND_OVERHEAD"};
    for (const std::string& table : tables) {
        EXPECT_EQ(
            test::rawQueryInt(file, "SELECT count(DISTINCT coalesce(variantId, 0)) FROM " + table),
            2)
            << table << ": the run's rows and the kept variant's";
    }
    EXPECT_EQ(Recording(file).kernelCount(keptVariant), 4);

    test::rawExec(file, "PRAGMA foreign_keys = ON; DELETE FROM runs");
    for (const std::string& table : tables) {
        EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM " + table), 0) << table;
    }
    // CUPTI_ACTIVITY_KIND_KERNEL is a view, which has no cascade: the tables under it have.
    for (const char* table : {"device_ceilings", "TARGET_INFO_GPU", "samples", "variants",
                              "kernel_launches", "kernel_configs"}) {
        EXPECT_EQ(test::rawQueryInt(file, std::string("SELECT count(*) FROM ") + table), 0)
            << table;
    }
}

TEST(ActivityStoreTest, KernelSummaryFollowsNsysAndTheView) {
    TempDir dir;
    const auto file = dir.file("kernels.costscope");
    ActivityBatch batch;
    batch.strings = {"", "void gemm<float>()", "gemm", "void relu()", "relu"};
    // gemm: 100, 200, 300, 1000 us; relu: 50 ns.
    int64_t start = 1'000'000;
    for (int64_t ns : {100'000, 200'000, 300'000, 1'000'000}) {
        KernelRow k;
        k.start = start;
        k.end = start + ns;
        k.demangledName = 1;
        k.shortName = 2;
        batch.kernels.push_back(k);
        start += 2'000'000;
    }
    KernelRow relu;
    relu.start = start;
    relu.end = start + 50;
    relu.demangledName = 3;
    relu.shortName = 4;
    batch.kernels.push_back(relu);
    int64_t runId = 0;
    {
        SqliteStore store(file);
        runId = store.beginRun(test::sampleRun());
        store.addActivity(batch);
        store.addVariant(test::gpuVariant(test::sampleActivity(1)));  // kernel0..2, a few us
        store.endRun(RunStatus::Complete, "");
        SqliteStore other(file);
        other.beginRun(test::sampleRun());
        other.addVariant(test::gpuVariant(test::sampleActivity(2)));
        other.endRun(RunStatus::Complete, "");
    }
    const auto rows = Recording(file).kernelSummary(runId);
    ASSERT_EQ(rows.size(), 5u);  // gemm, kernel0..2 of the variant, relu: total descending
    int64_t all = 0;
    for (const auto& row : rows) {
        all += row.totalNs;
    }
    const KernelSummaryRow& gemm = rows[0];
    EXPECT_EQ(gemm.name, "void gemm<float>()");
    EXPECT_EQ(gemm.shortName, "gemm");
    EXPECT_EQ(gemm.instances, 4);
    EXPECT_EQ(gemm.totalNs, 1'600'000);
    EXPECT_DOUBLE_EQ(gemm.avgNs, 400'000.0);
    EXPECT_DOUBLE_EQ(gemm.medianNs, 250'000.0);
    EXPECT_EQ(gemm.minNs, 100'000);
    EXPECT_EQ(gemm.maxNs, 1'000'000);
    EXPECT_NEAR(gemm.stddevNs, 1e5 * std::sqrt((3.0 * 3 + 2 * 2 + 1 * 1 + 6 * 6) / 3), 1e-6);
    EXPECT_NEAR(gemm.percent, 100.0 * 1'600'000 / double(all), 1e-9);
    const KernelSummaryRow& last = rows.back();
    EXPECT_EQ(last.shortName, "relu");
    EXPECT_EQ(last.instances, 1);
    EXPECT_DOUBLE_EQ(last.medianNs, 50.0);
    EXPECT_DOUBLE_EQ(last.stddevNs, 0.0);
    EXPECT_EQ(test::rawQueryInt(file, "SELECT instances FROM kernel_summary WHERE run_id = " +
                                          std::to_string(runId) + " AND short_name = 'gemm'"),
              4);
    EXPECT_EQ(test::rawQueryInt(file,
                                "SELECT round(sum(percent)) FROM kernel_summary WHERE "
                                "run_id = " +
                                    std::to_string(runId)),
              100);
}

TEST(ActivityStoreTest, CollectorInfoIsAbsentWhenNoGpuVariantRan) {
    TempDir dir;
    const auto file = dir.file("cpu.costscope");
    {
        SqliteStore store(file);
        store.beginRun(test::sampleRun());
        store.addVariant(test::okVariant(8, 8, 8));
        store.endRun(RunStatus::Complete, "");
    }
    EXPECT_FALSE(Recording(file).runs().at(0).collector.has_value());
    EXPECT_EQ(test::rawQueryText(file, "SELECT cupti_note FROM runs"), "");
}

TEST(ActivityStoreTest, ActivityOutsideARunIsRefused) {
    TempDir dir;
    SqliteStore store(dir.file("norun.costscope"));
    EXPECT_THROW(store.addActivity(test::sampleActivity(1)), StoreError);
    EXPECT_THROW(store.setCollectorInfo(CollectorInfo{}), StoreError);
}

}  // namespace
}  // namespace costscope

namespace costscope {
namespace {

// Recording::copySummary: the run's copies by kind and its memsets, each run's own only, figured
// against the rows handed to the store.
TEST(ActivityStoreTest, CopySummaryCountsEachKindOfTheRunOnly) {
    test::TempDir dir;
    const auto file = dir.file("copies.sqlite");
    ActivityBatch batch;
    const std::vector<std::pair<uint8_t, int64_t>> copies = {
        {1, 1000}, {1, 3000}, {1, 2000}, {2, 500}, {8, 70}};
    int64_t time = 1'000'000;
    for (const auto& [kind, bytes] : copies) {
        batch.memcpys.push_back(
            MemcpyRow{.start = time, .end = time + bytes, .bytes = bytes, .copyKind = kind});
        time += 10'000;
    }
    batch.memsets.push_back(MemsetRow{.start = time, .end = time + 40, .bytes = 4096});
    int64_t runId = 0;
    {
        SqliteStore store(file);
        runId = store.beginRun(test::sampleRun());
        store.addActivity(batch);
        store.endRun(RunStatus::Complete, "");
        SqliteStore other(file);  // another run's copies are not this run's
        other.beginRun(test::sampleRun());
        other.addActivity(batch);
        other.endRun(RunStatus::Complete, "");
    }
    const std::vector<CopySummaryRow> rows = Recording(file).copySummary(runId);
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[0].operation, "[CUDA memcpy Host-to-Device]");
    EXPECT_EQ(rows[0].count, 3);
    EXPECT_EQ(rows[0].totalBytes, 6000);
    EXPECT_DOUBLE_EQ(rows[0].medianBytes, 2000);
    EXPECT_DOUBLE_EQ(rows[0].stddevBytes, 1000);
    EXPECT_EQ(rows[0].totalNs, 6000);
    EXPECT_EQ(rows[1].operation, "[CUDA memcpy Device-to-Host]");
    EXPECT_EQ(rows[2].operation, "[CUDA memcpy Device-to-Device]");
    EXPECT_EQ(rows[3].operation, "[CUDA memset]");
    EXPECT_EQ(rows[3].totalBytes, 4096);
    double percent = 0;
    for (const CopySummaryRow& row : rows) {
        percent += row.percent;
    }
    EXPECT_NEAR(percent, 100, 1e-9);
}

}  // namespace
}  // namespace costscope
