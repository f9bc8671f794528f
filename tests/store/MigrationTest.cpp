// Recordings of older versions (1 to 5): migrated in one transaction before an append, read as
// they are.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "StoreTestSupport.h"
#include "profiler/store/Recording.h"
#include "profiler/store/RecordingFormat.h"
#include "profiler/store/SqliteConnection.h"
#include "profiler/store/SqliteStore.h"
#include "profiler/store/StoreError.h"
#include "tests/support/HostileRecording.h"
#include "tests/support/Watchdog.h"

namespace costscope {
namespace {

using namespace std::chrono_literals;
using test::TempDir;

// A file as a released costscope wrote it: the schema of `version` as released
// (fixtures/schema-v<version>.sql), marked, with the rows of `inserts`, in one transaction.
void writeReleasedFile(const std::filesystem::path& file, int version, const std::string& inserts) {
    const std::string schema = test::readBytes(std::filesystem::path(COSTSCOPE_STORE_FIXTURES) /
                                               ("schema-v" + std::to_string(version) + ".sql"));
    ASSERT_FALSE(schema.empty());
    test::rawExec(file, "BEGIN;" + schema + "PRAGMA application_id = 1129534544; " +
                            "PRAGMA user_version = " + std::to_string(version) + ";" + inserts +
                            "COMMIT;");
}

// A version 1 recording as costscope 0.1 wrote it: the schema text kept from that release, one
// run with a CPU device, a variant with two samples and a kernel row, closed cleanly.
void makeVersion1File(const std::filesystem::path& file) {
    writeReleasedFile(
        file, 1,
        "INSERT INTO runs (suite, suite_json, command_line, host, pid, version, "
        "  started_unix_ns, ended_unix_ns, status, warmup, min_iterations, min_time_s) "
        "  VALUES ('quick', '{}', 'costscope-record', 'elsewhere', 42, '0.1.0', 1, 2, "
        "  'complete', 3, 10, 0.25);"
        "INSERT INTO devices (run_id, kind, name, peak_gflops) VALUES (1, 'cpu', 'EPYC', 99.5);"
        "INSERT INTO variants (run_id, family, name, device, backend, precision, structure, "
        "  sparsity, m, n, k, batch, flops, status, iterations, median_ns, started_ns, "
        "  ended_ns) VALUES (1, 'gemm', 'gemm/fp32/openblas/cpu/64x64x64', 'cpu', "
        "  'openblas', 'fp32', 'dense', 0, 64, 64, 64, 1, 524288, 'ok', 2, 1000, 1, 2);"
        "INSERT INTO samples VALUES (1, 0, 10, 1000), (1, 1, 20, 1000);"
        "INSERT INTO StringIds (value) VALUES ('gemm');"
        "INSERT INTO CUPTI_ACTIVITY_KIND_KERNEL (start, end, deviceId, contextId, streamId, "
        "  demangledName, shortName, registersPerThread, gridX, gridY, gridZ, blockX, "
        "  blockY, blockZ, staticSharedMemory, dynamicSharedMemory, localMemoryPerThread, "
        "  localMemoryTotal, gridId, runId, variantId) "
        "  VALUES (100, 600, 0, 1, 7, 1, 1, 32, 1, 1, 1, 32, 1, 1, 0, 0, 0, 0, 1, 1, 1);");
}

// Every table's and view's columns (type, NOT NULL, default, key), foreign keys and indexes:
// what must be the same in a migrated file and a new one. (The CREATE texts differ.)
std::string shapeOf(const std::filesystem::path& file) {
    return test::rawQueryText(
        file,
        "SELECT group_concat(line, char(10)) FROM ("
        " SELECT s.type || ' ' || s.name || ': ' || c.cid || ' ' || c.name || ' ' || c.type || "
        "   ' ' || c.\"notnull\" || ' ' || coalesce(c.dflt_value, 'NULL') || ' ' || c.pk AS line"
        "   FROM sqlite_schema AS s, pragma_table_info(s.name) AS c"
        "   WHERE s.type IN ('table', 'view')"
        " UNION ALL SELECT 'fk ' || s.name || '.' || f.\"from\" || ' -> ' || f.\"table\" || "
        "   '(' || coalesce(f.\"to\", '') || ') ' || f.on_delete"
        "   FROM sqlite_schema AS s, pragma_foreign_key_list(s.name) AS f WHERE s.type = 'table'"
        " UNION ALL SELECT 'index ' || s.name || ' ' || i.name || ' ' || group_concat(ii.name)"
        "   FROM sqlite_schema AS s, pragma_index_list(s.name) AS i, pragma_index_info(i.name) "
        "   AS ii WHERE s.type = 'table' GROUP BY s.name, i.name"
        " UNION ALL SELECT 'enum ' || id || ' ' || name FROM ENUM_CUPTI_OVERHEAD_KIND"
        " UNION ALL SELECT 'enum ' || id || ' ' || name FROM ENUM_CUPTI_OBJECT_KIND"
        " ORDER BY 1)");
}

TEST(MigrationTest, AppendingToAVersion1FileMigratesItFirst) {
    TempDir dir;
    const auto file = dir.file("old.costscope");
    makeVersion1File(file);
    int64_t newRun = 0;
    int64_t gpuVariant = 0;
    {
        SqliteStore store(file);
        // Migrated on opening, before anything is appended, and committed.
        EXPECT_EQ(test::rawQueryInt(file, "PRAGMA user_version"), RecordingFormat::kSchemaVersion);
        newRun = store.beginRun(test::sampleRun());
        ActivityBatch batch;
        batch.strings = {"", "gemm"};
        KernelRow k;
        k.start = 1000;
        k.end = 1500;
        k.demangledName = 1;
        k.shortName = 1;
        k.mangledName = 1;
        batch.kernels.push_back(k);
        gpuVariant = store.addVariant(test::gpuVariant(batch));
        store.setCollectorInfo(CollectorInfo{.enabled = true, .note = "ok", .droppedRecords = 0});
        store.endRun(RunStatus::Complete, "");
    }
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM StringIds WHERE value = 'gemm'"), 1)
        << "the version 1 file's string ids are reused";

    const Recording recording(file);
    EXPECT_EQ(recording.schemaVersion(), RecordingFormat::kSchemaVersion);
    const auto runs = recording.runs();
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_FALSE(runs[0].collector.has_value());
    EXPECT_EQ(runs[0].note, "");
    ASSERT_TRUE(runs[1].collector.has_value());
    const auto old = recording.variantSummary(runs[0].id);
    ASSERT_EQ(old.size(), 1u);
    EXPECT_DOUBLE_EQ(old[0].medianMs.value(), 0.001);
    EXPECT_FALSE(old[0].deviceMedianMs.has_value());
    EXPECT_FALSE(old[0].kernelsPerCall.has_value());
    EXPECT_EQ(recording.samples(old[0].variantId).at(1).deviceNs, -1);
    EXPECT_EQ(recording.kernelCount(old[0].variantId), 1);
    const auto added = recording.variantSummary(newRun);
    ASSERT_EQ(added.size(), 1u);
    EXPECT_DOUBLE_EQ(added[0].deviceMedianMs.value(), 3.0);
    EXPECT_EQ(recording.variantActivity(gpuVariant).kernels.size(), 1u);
    EXPECT_EQ(recording.devices(runs[0].id).at(0).info.peakGflops, 99.5);
}

TEST(MigrationTest, AMigratedFileHasTheShapeOfANewOne) {
    TempDir dir;
    const auto migrated = dir.file("migrated.costscope");
    const auto fresh = dir.file("fresh.costscope");
    makeVersion1File(migrated);
    { SqliteStore store(migrated); }
    { SqliteStore store(fresh); }
    const std::string want = shapeOf(fresh);
    EXPECT_NE(want.find("variants: 40 peak_device_mem_bytes INTEGER"), std::string::npos) << want;
    EXPECT_NE(want.find("variants: 41 device_note TEXT 1 '' 0"), std::string::npos) << want;
    EXPECT_EQ(shapeOf(migrated), want);
}

// A version 2 recording as costscope wrote it before version 3: one run with a GPU variant
// whose figures were measured, and one whose figures were voided (no reason was stored then).
void makeVersion2File(const std::filesystem::path& file) {
    writeReleasedFile(
        file, 2,
        "INSERT INTO runs (suite, suite_json, command_line, host, pid, version, "
        "  started_unix_ns, ended_unix_ns, status, warmup, min_iterations, min_time_s, "
        "  cupti_enabled, cupti_note, cupti_dropped_records) "
        "  VALUES ('quick', '{}', 'costscope-record', 'elsewhere', 42, '0.1.0', 1, 2, "
        "  'complete', 3, 10, 0.25, 1, 'monotonic', 0);"
        "INSERT INTO variants (run_id, family, name, device, backend, precision, structure, "
        "  sparsity, m, n, k, batch, flops, status, iterations, median_ns, started_ns, "
        "  ended_ns, device_median_ns) VALUES "
        "  (1, 'gemm', 'gemm/fp32/cublas/gpu/64x64x64', 'gpu', 'cublas', 'fp32', 'dense', 0, "
        "   64, 64, 64, 1, 524288, 'ok', 2, 9000, 1, 2, 4000),"
        "  (1, 'gemm', 'gemm/fp16/cublas/gpu/64x64x64', 'gpu', 'cublas', 'fp16', 'dense', 0, "
        "   64, 64, 64, 1, 524288, 'ok', 2, 8000, 3, 4, NULL);"
        "INSERT INTO samples VALUES (1, 0, 10, 9000, 4000), (1, 1, 20, 9000, 4000);");
}

TEST(MigrationTest, AppendingToAVersion2FileAddsTheDeviceNote) {
    TempDir dir;
    const auto file = dir.file("v2.costscope");
    const auto fresh = dir.file("fresh.costscope");
    makeVersion2File(file);
    {
        SqliteStore store(file);
        EXPECT_EQ(test::rawQueryInt(file, "PRAGMA user_version"), RecordingFormat::kSchemaVersion);
        store.beginRun(test::sampleRun());
        VariantRecord voided = test::gpuVariant(ActivityBatch{});
        voided.gpu.reset();
        voided.deviceNote = "CUPTI dropped or could not use 7 records while this variant ran";
        store.addVariant(voided);
        store.endRun(RunStatus::Complete, "");
    }
    { SqliteStore store(fresh); }
    EXPECT_EQ(shapeOf(file), shapeOf(fresh));
    const Recording recording(file);
    const auto runs = recording.runs();
    ASSERT_EQ(runs.size(), 2u);
    const auto old = recording.variantSummary(runs[0].id);
    ASSERT_EQ(old.size(), 2u);
    EXPECT_DOUBLE_EQ(old[0].deviceMedianMs.value(), 0.004);
    EXPECT_EQ(old[1].deviceNote, "");  // version 2 stored no reason
    const auto added = recording.variantSummary(runs[1].id);
    ASSERT_EQ(added.size(), 1u);
    EXPECT_EQ(added[0].deviceNote,
              "CUPTI dropped or could not use 7 records while this variant ran");
    EXPECT_FALSE(added[0].deviceMedianMs.has_value());
}

TEST(MigrationTest, ReadingAVersion2FileWritesNothingAndReadsTheNoteAsEmpty) {
    TempDir dir;
    const auto file = dir.file("v2.costscope");
    makeVersion2File(file);
    const std::string bytes = test::readBytes(file);
    {
        const Recording recording(file);
        EXPECT_EQ(recording.schemaVersion(), 2);  // read as it is
        const auto rows = recording.variantSummary(recording.runs().at(0).id);
        ASSERT_EQ(rows.size(), 2u);
        EXPECT_DOUBLE_EQ(rows[0].deviceMedianMs.value(), 0.004);
        EXPECT_EQ(rows[1].deviceNote, "");
        EXPECT_EQ(recording.samples(rows[0].variantId).at(1).deviceNs, 4000);
    }
    EXPECT_EQ(test::readBytes(file), bytes);
    EXPECT_EQ(test::rawQueryInt(file, "PRAGMA user_version"), 2);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"v2.costscope"});
}

// A version 3 recording as costscope wrote it before version 4: one run, its CPU device, one
// measured variant; no energy and no prices existed then.
void makeVersion3File(const std::filesystem::path& file) {
    writeReleasedFile(
        file, 3,
        "INSERT INTO runs (suite, suite_json, command_line, host, pid, version, "
        "  started_unix_ns, ended_unix_ns, status, warmup, min_iterations, min_time_s, "
        "  rounds) VALUES ('quick', '{}', 'costscope-record', 'elsewhere', 42, '0.1.0', 1, 2, "
        "  'complete', 3, 10, 0.25, 3);"
        "INSERT INTO devices (run_id, kind, name) VALUES (1, 'cpu', 'Old CPU');"
        "INSERT INTO variants (run_id, family, name, device, backend, precision, structure, "
        "  sparsity, m, n, k, batch, flops, status, iterations, median_ns, started_ns, "
        "  ended_ns) VALUES (1, 'gemm', 'gemm/fp32/openblas/cpu/64x64x64', 'cpu', "
        "  'openblas', 'fp32', 'dense', 0, 64, 64, 64, 1, 524288, 'ok', 2, 9000, 1, 2);"
        "INSERT INTO samples VALUES (1, 0, 10, 9000, NULL, 0), (1, 1, 20, 9000, NULL, 0);");
}

TEST(MigrationTest, AVersion3FileReadsWithoutEnergyAndTakesARunThatHasIt) {
    TempDir dir;
    const auto file = dir.file("v3.costscope");
    const auto fresh = dir.file("fresh.costscope");
    makeVersion3File(file);
    const std::string bytes = test::readBytes(file);
    {
        const Recording recording(file);  // read as it is: nothing measured, nothing priced
        EXPECT_EQ(recording.schemaVersion(), 3);
        const auto rows = recording.variantSummary(recording.runs().at(0).id);
        ASSERT_EQ(rows.size(), 1u);
        EXPECT_EQ(rows[0].energySource, "");
        EXPECT_FALSE(rows[0].joulesPerCall);
        EXPECT_FALSE(rows[0].costPerMillionCalls);
        EXPECT_FALSE(recording.devices(1).at(0).info.pricePerHour);
    }
    EXPECT_EQ(test::readBytes(file), bytes);

    {
        SqliteStore store(file);
        EXPECT_EQ(test::rawQueryInt(file, "PRAGMA user_version"), RecordingFormat::kSchemaVersion);
        store.beginRun(test::sampleRun());
        DeviceInfo cpu;
        cpu.kind = "cpu";
        cpu.name = "New CPU";
        cpu.pricePerHour = 3.6;
        cpu.pricePerKwh = 0.36;
        cpu.currency = "EUR";
        cpu.idleWatts = 12.5;
        store.addDevice(cpu);
        VariantRecord measured = test::okVariant(64, 64, 64);  // 4 ms a call
        measured.energy = EnergyMeasure{.source = "rapl",
                                        .joulesPerCall = 0.5,
                                        .joulesAboveIdlePerCall = 0.45,
                                        .watts = 125.0,
                                        .windowS = 1.02,
                                        .calls = 255,
                                        .updatePeriodS = 0.001,
                                        .note = ""};
        store.addVariant(measured);
        store.endRun(RunStatus::Complete, "");
    }
    { SqliteStore store(fresh); }
    EXPECT_EQ(shapeOf(file), shapeOf(fresh));
    const Recording recording(file);
    const auto runs = recording.runs();
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_FALSE(recording.variantSummary(runs[0].id).at(0).joulesPerCall);
    const auto rows = recording.variantSummary(runs[1].id);
    ASSERT_EQ(rows.size(), 1u);
    const VariantSummaryRow& row = rows[0];
    EXPECT_EQ(row.energySource, "rapl");
    EXPECT_DOUBLE_EQ(row.joulesPerCall.value(), 0.5);
    EXPECT_DOUBLE_EQ(row.joulesAboveIdle.value(), 0.45);
    EXPECT_DOUBLE_EQ(row.watts.value(), 125.0);
    EXPECT_DOUBLE_EQ(row.idleWatts.value(), 12.5);
    EXPECT_DOUBLE_EQ(row.energyWindowS, 1.02);
    EXPECT_DOUBLE_EQ(row.energyUpdatePeriodS, 0.001);
    // 4 ms at 3.60 an hour, a million times: 4.00; 0.5 J at 0.36 a kWh, a million times: 0.05.
    EXPECT_NEAR(row.costPerMillionCalls.value(), 4.0, 1e-9);
    EXPECT_NEAR(row.energyCostPerMillionCalls.value(), 0.05, 1e-12);
    EXPECT_EQ(row.currency, "EUR");
    const DeviceInfo& device = recording.devices(runs[1].id).at(0).info;
    EXPECT_DOUBLE_EQ(device.pricePerHour.value(), 3.6);
    EXPECT_DOUBLE_EQ(device.idleWatts.value(), 12.5);
}

// A version 4 recording, appended to: its run gets the uid version 5 gives runs, made the way
// the recorder makes it, and the new run is whole (no job, no shard).
TEST(MigrationTest, AVersion4FileGetsRunUidsAndTakesAShardedRun) {
    TempDir dir;
    const auto file = dir.file("v4.costscope");
    const auto fresh = dir.file("fresh.costscope");
    writeReleasedFile(
        file, 4,
        "INSERT INTO runs (suite, suite_json, command_line, host, pid, version, "
        "  started_unix_ns, ended_unix_ns, status, warmup, min_iterations, min_time_s) "
        "  VALUES ('quick', '{}', 'costscope-record', 'elsewhere', 42, '0.1.0', 7, 8, "
        "  'complete', 3, 10, 0.25);");
    {
        const Recording recording(file);  // read as it is: the uid made, no shard
        const auto runs = recording.runs();
        ASSERT_EQ(runs.size(), 1u);
        EXPECT_EQ(runs[0].uid, "elsewhere/42/7");
        EXPECT_FALSE(runs[0].info.shardCount);
        EXPECT_EQ(runs[0].info.job, "");
    }
    {
        SqliteStore store(file);
        RunInfo run = test::sampleRun();
        run.job = "4242";
        run.selection = "--devices cpu";
        run.shardIndex = 1;
        run.shardCount = 3;
        store.beginRun(run);
        store.endRun(RunStatus::Complete, "");
    }
    { SqliteStore store(fresh); }
    EXPECT_EQ(shapeOf(file), shapeOf(fresh));
    const auto runs = Recording(file).runs();
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(test::rawQueryText(file, "SELECT uid FROM runs WHERE id = 1"), "elsewhere/42/7");
    EXPECT_EQ(runs[1].uid, RecordingFormat::hostName() + "/" + std::to_string(getpid()) + "/" +
                               std::to_string(test::sampleRun().startedUnixNs));
    EXPECT_EQ(runs[1].info.job, "4242");
    EXPECT_EQ(runs[1].info.selection, "--devices cpu");
    EXPECT_EQ(runs[1].info.shardIndex, 1);
    EXPECT_EQ(runs[1].info.shardCount, 3);
}

// A version 5 recording as costscope wrote it before version 6: one run merged from two shards
// (with its run_shards), its CPU device, one measured variant and a kernel; no timeline cache
// existed then.
void makeVersion5File(const std::filesystem::path& file) {
    writeReleasedFile(
        file, 5,
        "INSERT INTO runs (suite, suite_json, command_line, host, pid, version, "
        "  started_unix_ns, ended_unix_ns, status, note, warmup, min_iterations, min_time_s, "
        "  uid, job, selection, shard_index, shard_count) VALUES ('quick', '{}', "
        "  'costscope-merge', 'n1,n2', 42, '0.1.0', 7, 8, 'complete', "
        "  'merged from shards 0, 1 of 2', 3, 10, 0.25, 'shards:n1/42/7,n2/43/9', '77', "
        "  '--devices cpu', NULL, 2);"
        "INSERT INTO run_shards (run_id, shard_index, uid, host, pid, started_unix_ns, "
        "  ended_unix_ns, status, command_line, source) VALUES "
        "  (1, 0, 'n1/42/7', 'n1', 42, 7, 8, 'complete', 'costscope-record', 'a.costscope'),"
        "  (1, 1, 'n2/43/9', 'n2', 43, 9, 10, 'complete', 'costscope-record', 'b.costscope');"
        "INSERT INTO devices (run_id, kind, name) VALUES (1, 'cpu', 'EPYC');"
        "INSERT INTO variants (run_id, family, name, device, backend, precision, structure, "
        "  sparsity, m, n, k, batch, flops, status, iterations, median_ns, started_ns, "
        "  ended_ns) VALUES (1, 'gemm', 'gemm/fp32/openblas/cpu/64x64x64', 'cpu', "
        "  'openblas', 'fp32', 'dense', 0, 64, 64, 64, 1, 524288, 'ok', 2, 9000, 1, 2);"
        "INSERT INTO samples VALUES (1, 0, 10, 9000, NULL, 0), (1, 1, 20, 9000, NULL, 0);"
        "INSERT INTO StringIds (value) VALUES ('gemm');"
        "INSERT INTO kernel_configs (deviceId, contextId, demangledName, shortName, "
        "  registersPerThread, gridX, gridY, gridZ, blockX, blockY, blockZ, "
        "  staticSharedMemory, dynamicSharedMemory, localMemoryPerThread, localMemoryTotal, "
        "  runId) VALUES (0, 1, 1, 1, 32, 1, 1, 1, 32, 1, 1, 0, 0, 0, 0, 1);"
        "INSERT INTO kernel_launches (start, end, streamId, gridId, configId, runId, "
        "  variantId) VALUES (100, 600, 7, 1, 1, 1, 1);");
}

// What the version 5 run of makeVersion5File() reads as, through `recording`.
void expectVersion5Run(const Recording& recording) {
    const auto runs = recording.runs();
    ASSERT_GE(runs.size(), 1u);
    const RunRow& run = runs[0];
    EXPECT_EQ(run.uid, "shards:n1/42/7,n2/43/9");
    EXPECT_EQ(run.status, RunStatus::Complete);
    EXPECT_EQ(run.note, "merged from shards 0, 1 of 2");
    EXPECT_EQ(run.info.job, "77");
    EXPECT_EQ(run.info.selection, "--devices cpu");
    EXPECT_FALSE(run.info.shardIndex);
    EXPECT_EQ(run.info.shardCount, 2);
    const auto shards = recording.runShards(run.id);
    ASSERT_EQ(shards.size(), 2u);
    EXPECT_EQ(shards[1].uid, "n2/43/9");
    EXPECT_EQ(shards[1].source, "b.costscope");
    const auto rows = recording.variantSummary(run.id);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].name, "gemm/fp32/openblas/cpu/64x64x64");
    EXPECT_EQ(recording.samples(rows[0].variantId).size(), 2u);
    EXPECT_EQ(recording.kernelCount(rows[0].variantId), 1);
    EXPECT_EQ(recording.timeline(run.id).kernels.size(), 1u);
}

// A version 5 recording, appended to: the migration adds the two tables of the timeline cache,
// empty (no run of the file has a cache yet), and changes nothing else.
TEST(MigrationTest, AVersion5FileGetsAnEmptyTimelineCache) {
    TempDir dir;
    const auto file = dir.file("v5.costscope");
    const auto fresh = dir.file("fresh.costscope");
    makeVersion5File(file);
    { SqliteStore store(file); }  // migrated on opening, before any run is begun
    EXPECT_EQ(test::rawQueryInt(file, "PRAGMA user_version"), RecordingFormat::kSchemaVersion);
    EXPECT_EQ(test::rawQueryInt(file,
                                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
                                "name IN ('timeline_cache', 'timeline_lanes')"),
              2);
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM timeline_cache"), 0);
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM timeline_lanes"), 0);
    { SqliteStore store(fresh); }
    EXPECT_EQ(shapeOf(file), shapeOf(fresh));
    {
        const Recording recording(file);
        EXPECT_EQ(recording.schemaVersion(), RecordingFormat::kSchemaVersion);
        ASSERT_EQ(recording.runs().size(), 1u);
        expectVersion5Run(recording);
    }

    // A run appended after the migration leaves the version 5 run as it was.
    {
        SqliteStore store(file);
        store.beginRun(test::sampleRun());
        store.addVariant(test::okVariant(32, 32, 32));
        store.endRun(RunStatus::Complete, "");
    }
    const Recording recording(file);
    ASSERT_EQ(recording.runs().size(), 2u);
    expectVersion5Run(recording);

    // The migrated tables cascade as a new file's do: a cache goes with its run.
    test::addTimelineCacheRows(file, 1);
    ASSERT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM timeline_lanes WHERE runId = 1"), 2);
    test::rawExec(file, "PRAGMA foreign_keys = ON; DELETE FROM runs WHERE id = 1;");
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM timeline_cache WHERE runId = 1"), 0);
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM timeline_lanes WHERE runId = 1"), 0);
}

// A reader of a version 5 file writes nothing, read-only file or not: it sees every run as it
// was, and the tables of the timeline cache as empty TEMP tables (no run has a cache).
TEST(MigrationTest, ReadingAVersion5FileWritesNothingAndSeesNoTimelineCache) {
    TempDir dir;
    const auto file = dir.file("v5.costscope");
    makeVersion5File(file);
    std::filesystem::permissions(file, std::filesystem::perms::owner_read |
                                           std::filesystem::perms::group_read |
                                           std::filesystem::perms::others_read);
    const std::string bytes = test::readBytes(file);
    const auto modified = std::filesystem::last_write_time(file);
    {
        const Recording recording(file);  // read as it is
        EXPECT_EQ(recording.schemaVersion(), 5);
        ASSERT_EQ(recording.runs().size(), 1u);
        expectVersion5Run(recording);
    }
    {
        // What the reader's connection presents: both tables, empty, with a new file's columns.
        TempDir elsewhere;
        const auto fresh = elsewhere.file("fresh.costscope");
        { SqliteStore store(fresh); }
        SqliteConnection db(file.string(), SQLITE_OPEN_READONLY);
        RecordingFormat::verify(db, RecordingFormat::Purpose::Read);
        RecordingFormat::presentAsCurrent(db);
        for (const std::string table : {"timeline_cache", "timeline_lanes"}) {
            SCOPED_TRACE(table);
            // The table's columns in `schema`, in order.
            const auto in = [&](const std::string& schema) {
                return "SELECT group_concat(name, ' ') FROM (SELECT name FROM pragma_table_info('" +
                       table + "', '" + schema + "') ORDER BY cid)";
            };
            EXPECT_EQ(db.queryText(in("temp")), test::rawQueryText(fresh, in("main")));
            EXPECT_NE(db.queryText(in("temp")).find("runId"), std::string::npos);
            EXPECT_EQ(db.queryInt("SELECT count(*) FROM " + table), 0);
        }
    }
    EXPECT_EQ(test::readBytes(file), bytes);
    EXPECT_EQ(std::filesystem::last_write_time(file), modified);
    EXPECT_EQ(test::rawQueryInt(file, "PRAGMA user_version"), 5);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"v5.costscope"});
}

// Every column of every kernel row, in rowid order, as text: the wide table of version 1 and
// the view of version 2 read the same.
std::string kernelRowsOf(const std::filesystem::path& file) {
    std::string row;
    for (const char* column : {"start",
                               "end",
                               "deviceId",
                               "contextId",
                               "greenContextId",
                               "streamId",
                               "correlationId",
                               "globalPid",
                               "demangledName",
                               "shortName",
                               "mangledName",
                               "launchType",
                               "cacheConfig",
                               "registersPerThread",
                               "gridX",
                               "gridY",
                               "gridZ",
                               "blockX",
                               "blockY",
                               "blockZ",
                               "staticSharedMemory",
                               "dynamicSharedMemory",
                               "localMemoryPerThread",
                               "localMemoryTotal",
                               "gridId",
                               "sharedMemoryExecuted",
                               "graphNodeId",
                               "sharedMemoryLimitConfig",
                               "runId",
                               "variantId"}) {
        row += (row.empty() ? "quote(" : " || ' ' || quote(") + std::string(column) + ")";
    }
    return test::rawQueryText(file, "SELECT group_concat(row, char(10)) FROM (SELECT " + row +
                                        " AS row FROM CUPTI_ACTIVITY_KIND_KERNEL)");
}

TEST(MigrationTest, Version1KernelRowsMoveIntoTheSplitTablesUnchanged) {
    TempDir dir;
    const auto file = dir.file("kernels.costscope");
    makeVersion1File(file);
    // Two more launches: one of the first row's configuration, one of another, with the
    // optional columns set.
    test::rawExec(file,
                  "INSERT INTO CUPTI_ACTIVITY_KIND_KERNEL SELECT 700, 900, deviceId, contextId, "
                  "greenContextId, streamId, 5, globalPid, demangledName, shortName, mangledName, "
                  "launchType, cacheConfig, registersPerThread, gridX, gridY, gridZ, blockX, "
                  "blockY, blockZ, staticSharedMemory, dynamicSharedMemory, localMemoryPerThread, "
                  "localMemoryTotal, 2, sharedMemoryExecuted, graphNodeId, "
                  "sharedMemoryLimitConfig, runId, variantId FROM CUPTI_ACTIVITY_KIND_KERNEL;"
                  "INSERT INTO CUPTI_ACTIVITY_KIND_KERNEL VALUES (1000, 1100, 0, 1, 3, 8, 6, 99, "
                  "1, 1, 1, 2, 1, 40, 2, 1, 1, 64, 1, 1, 16, 32, 4, 8, 3, 48, 77, 1, 1, NULL);");
    const std::string before = kernelRowsOf(file);
    ASSERT_EQ(std::count(before.begin(), before.end(), '\n'), 2) << before;
    {
        const Recording recording(file);  // read as they are, through TEMP views
        EXPECT_EQ(recording.kernelCount(1), 2);
        EXPECT_EQ(recording.runActivity(1).kernels.size(), 1u);
    }
    EXPECT_EQ(kernelRowsOf(file), before);
    { SqliteStore store(file); }
    EXPECT_EQ(test::rawQueryText(file,
                                 "SELECT type FROM sqlite_schema WHERE name = "
                                 "'CUPTI_ACTIVITY_KIND_KERNEL'"),
              "view");
    EXPECT_EQ(kernelRowsOf(file), before);
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM kernel_launches"), 3);
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM kernel_configs"), 2);
    const Recording recording(file);
    EXPECT_EQ(recording.kernelCount(1), 2);
    const ActivityBatch run = recording.runActivity(1);
    ASSERT_EQ(run.kernels.size(), 1u);
    EXPECT_EQ(run.kernels[0].graphNodeId, 77u);
    EXPECT_EQ(run.kernels[0].sharedMemoryExecuted, 48u);
    EXPECT_EQ(run.kernels[0].correlationId, 6u);
}

TEST(MigrationTest, AFailedMigrationLeavesTheFileAsItWas) {
    TempDir dir;
    const auto file = dir.file("clash.costscope");
    makeVersion1File(file);
    // A column some other tool added makes the migration's ALTER TABLE fail halfway.
    test::rawExec(file, "ALTER TABLE samples ADD COLUMN device_ns INTEGER");
    const std::string before = test::readBytes(file);
    try {
        SqliteStore store(file);
        ADD_FAILURE() << "appended to a file that could not be migrated";
    } catch (const StoreError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find(file.string()), std::string::npos) << message;
        EXPECT_NE(
            message.find("format 1 to format " + std::to_string(RecordingFormat::kSchemaVersion)),
            std::string::npos)
            << message;
        EXPECT_NE(message.find("new file"), std::string::npos) << message;
    }
    EXPECT_EQ(test::readBytes(file), before);
    EXPECT_EQ(test::rawQueryInt(file, "PRAGMA user_version"), 1);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"clash.costscope"});
}

TEST(MigrationTest, AFileLackingAVersion1ColumnIsRefusedUnchanged) {
    TempDir dir;
    const auto file = dir.file("prerelease.costscope");
    makeVersion1File(file);
    // Development builds before the release wrote version 1 without this column.
    test::rawExec(file,
                  "DROP VIEW variant_summary; ALTER TABLE variants DROP COLUMN calls_per_sample");
    const std::string before = test::readBytes(file);
    try {
        SqliteStore store(file);
        ADD_FAILURE() << "appended to a file whose tables are not version 1's";
    } catch (const StoreError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("variants has no column calls_per_sample"), std::string::npos)
            << message;
        EXPECT_NE(message.find("new file"), std::string::npos) << message;
    }
    EXPECT_TRUE(test::readBytes(file) == before) << "the file changed";
}

TEST(MigrationTest, ReadingAVersion1FileWritesNothingAndReadsTheNewColumnsAsAbsent) {
    TempDir dir;
    const auto file = dir.file("v1.costscope");
    makeVersion1File(file);
    const std::string bytes = test::readBytes(file);
    const auto modified = std::filesystem::last_write_time(file);
    {
        const Recording recording(file);
        EXPECT_EQ(recording.schemaVersion(), 1);
        const auto runs = recording.runs();
        ASSERT_EQ(runs.size(), 1u);
        EXPECT_EQ(runs[0].state, RunState::Complete);
        EXPECT_FALSE(runs[0].collector.has_value());
        const auto devices = recording.devices(runs[0].id);
        ASSERT_EQ(devices.size(), 1u);
        EXPECT_EQ(devices[0].info.peakGflops, 99.5);
        EXPECT_TRUE(devices[0].info.precisionCeilings.empty());
        EXPECT_FALSE(devices[0].info.gpuTarget.has_value());
        const auto rows = recording.variantSummary(runs[0].id);
        ASSERT_EQ(rows.size(), 1u);
        EXPECT_EQ(rows[0].name, "gemm/fp32/openblas/cpu/64x64x64");
        EXPECT_DOUBLE_EQ(rows[0].gflops.value(), 524.288);
        EXPECT_FALSE(rows[0].deviceMedianMs || rows[0].deviceP5Ms || rows[0].deviceP95Ms ||
                     rows[0].deviceGflops || rows[0].kernelsPerCall || rows[0].copiedBytesPerCall ||
                     rows[0].peakDeviceMemBytes);
        const auto samples = recording.samples(rows[0].variantId);
        ASSERT_EQ(samples.size(), 2u);
        EXPECT_EQ(samples[1].startNs, 20);
        EXPECT_EQ(samples[1].deviceNs, -1);
        const ActivityBatch activity = recording.variantActivity(rows[0].variantId);
        ASSERT_EQ(activity.kernels.size(), 1u);
        EXPECT_EQ(activity.strings.at(activity.kernels[0].shortName), "gemm");
        EXPECT_TRUE(activity.overheads.empty());  // a table version 1 did not have
        EXPECT_TRUE(recording.runActivity(runs[0].id).empty());
        const auto kernels = recording.kernelSummary(runs[0].id);
        ASSERT_EQ(kernels.size(), 1u);
        EXPECT_EQ(kernels[0].totalNs, 500);
        EXPECT_DOUBLE_EQ(kernels[0].percent, 100.0);
    }
    EXPECT_EQ(test::readBytes(file), bytes);
    EXPECT_EQ(std::filesystem::last_write_time(file), modified);
    EXPECT_EQ(test::rawQueryInt(file, "PRAGMA user_version"), 1);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"v1.costscope"});
}

TEST(MigrationTest, AReadOnlyVersion1FileCanBeRead) {
    TempDir dir;
    const auto file = dir.file("ro.costscope");
    makeVersion1File(file);
    std::filesystem::permissions(file, std::filesystem::perms::owner_read |
                                           std::filesystem::perms::group_read |
                                           std::filesystem::perms::others_read);
    const Recording recording(file);
    EXPECT_EQ(recording.variantSummary(recording.runs().at(0).id).size(), 1u);
}

// The views of an older file are not run either: it reads through the current views, made from
// the embedded schema, over the TEMP shapes of its tables.
TEST(MigrationTest, AnOlderFilesOwnViewsAreNeverRun) {
    // What the views give, and what the queries that join them read.
    const auto readThroughViews = [](const std::filesystem::path& file) {
        const test::Watchdog watchdog(60s, "reading " + file.string());
        const Recording recording(file);
        std::string text;
        for (const RunRow& run : recording.runs()) {
            for (const VariantSummaryRow& row : recording.variantSummary(run.id)) {
                text += row.name + " " + std::to_string(row.gflops.value_or(-1)) + " " +
                        std::to_string(recording.variantActivity(row.variantId).kernels.size()) +
                        "\n";
            }
            text += std::to_string(recording.pruningCrossover(run.id).size()) + " crossovers\n";
            for (const KernelSummaryRow& kernel : recording.kernelSummary(run.id)) {
                text += kernel.name + " " + std::to_string(kernel.totalNs) + "\n";
            }
            text += std::to_string(recording.timeline(run.id).kernels.size()) + " kernels\n";
        }
        return text;
    };
    for (const int version : {1, 2}) {
        SCOPED_TRACE("version " + std::to_string(version));
        TempDir dir;
        const auto clean = dir.file("clean.costscope");
        version == 1 ? makeVersion1File(clean) : makeVersion2File(clean);
        const auto file = dir.file("hostile.costscope");
        std::filesystem::copy_file(clean, file);
        test::makeHostile(file, test::Hostility::Views);
        const auto marker = test::armMarker(dir.path());
        const std::string bytes = test::readBytes(file);
        const std::string expected = readThroughViews(clean);
        ASSERT_NE(expected.find("gemm/fp32/"), std::string::npos) << expected;
        EXPECT_EQ(readThroughViews(file), expected);
        EXPECT_EQ(test::readBytes(file), bytes);
        EXPECT_FALSE(std::filesystem::exists(marker));
    }
}

}  // namespace
}  // namespace costscope
