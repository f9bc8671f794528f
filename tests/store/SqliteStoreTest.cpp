// Writing recordings and reading them back: every field, the view, appends, crashes, full disks.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <fstream>
#include <set>

#include "StoreTestSupport.h"
#include "profiler/store/Recording.h"
#include "profiler/store/RecordingFormat.h"
#include "profiler/store/SqliteConnection.h"
#include "profiler/store/SqliteStore.h"
#include "profiler/store/StoreError.h"

namespace costscope {
namespace {

using test::TempDir;

TEST(SqliteStoreTest, RoundTripsEveryField) {
    TempDir dir;
    const auto file = dir.file("run.costscope");

    const RunInfo run = test::sampleRun();
    DeviceInfo cpu;
    cpu.kind = "cpu";
    cpu.name = "AMD EPYC 9454P";
    cpu.details = R"({"cores": 48, "isa": ["avx2", "avx512f"]})";
    cpu.peakGflops = 2450.5;
    cpu.memBandwidthGBs = 310.25;
    cpu.ceilingsMethod = "openblas sgemm 4096^3, triad 1 GiB";
    DeviceInfo gpu;  // ceilings not measured: must read back absent, not 0
    gpu.kind = "gpu";
    gpu.name = "NVIDIA H100 80GB HBM3";
    gpu.details = R"({"driver": "550.54"})";

    VariantRecord ok = test::okVariant(1024, 512, 2048);
    ok.quality.accuracy = 0.9125;
    VariantRecord skipped = test::skippedVariant();
    VariantRecord failed = test::okVariant(64, 64, 64, 3);
    failed.spec.family = "pruned";
    failed.spec.backend = "librsb";
    failed.spec.structure = "csr";
    failed.spec.sparsity = 0.9;
    failed.spec.batch = 4;
    failed.status = VariantStatus::Failed;
    failed.reason = "kernel error 0.3 above tolerance";
    failed.stats.reset();
    failed.quality.kernelError = 0.3;
    failed.quality.approxError = NAN;
    failed.weightBytes.reset();

    int64_t runId = 0;
    std::vector<int64_t> deviceIds;
    std::vector<int64_t> variantIds;
    {
        SqliteStore store(file);
        runId = store.beginRun(run);
        deviceIds = {store.addDevice(cpu), store.addDevice(gpu)};
        variantIds = {store.addVariant(ok), store.addVariant(skipped), store.addVariant(failed)};
        store.endRun(RunStatus::Complete, "all variants measured");
    }

    Recording recording(file);
    EXPECT_EQ(recording.schemaVersion(), RecordingFormat::kSchemaVersion);

    const auto runs = recording.runs();
    ASSERT_EQ(runs.size(), 1u);
    const RunRow& r = runs[0];
    EXPECT_EQ(r.id, runId);
    EXPECT_EQ(r.info.suite, run.suite);
    EXPECT_EQ(r.info.suiteJson, run.suiteJson);
    EXPECT_EQ(r.info.commandLine, run.commandLine);
    EXPECT_FALSE(r.info.host.empty());  // filled in by the store
    EXPECT_EQ(r.info.version, run.version);
    EXPECT_EQ(r.info.startedUnixNs, run.startedUnixNs);
    EXPECT_EQ(r.info.warmup, run.warmup);
    EXPECT_EQ(r.info.minIterations, run.minIterations);
    EXPECT_DOUBLE_EQ(r.info.minTimeS, run.minTimeS);
    EXPECT_EQ(r.pid, getpid());
    ASSERT_TRUE(r.endedUnixNs.has_value());
    EXPECT_GT(*r.endedUnixNs, run.startedUnixNs);
    EXPECT_EQ(r.status, RunStatus::Complete);
    EXPECT_EQ(r.state, RunState::Complete);
    EXPECT_EQ(r.note, "all variants measured");

    const auto devices = recording.devices(runId);
    ASSERT_EQ(devices.size(), 2u);
    EXPECT_EQ(devices[0].id, deviceIds[0]);
    EXPECT_EQ(devices[0].runId, runId);
    EXPECT_EQ(devices[0].info.kind, "cpu");
    EXPECT_EQ(devices[0].info.name, cpu.name);
    EXPECT_EQ(devices[0].info.details, cpu.details);
    EXPECT_EQ(devices[0].info.peakGflops, cpu.peakGflops);
    EXPECT_EQ(devices[0].info.memBandwidthGBs, cpu.memBandwidthGBs);
    EXPECT_EQ(devices[0].info.ceilingsMethod, cpu.ceilingsMethod);
    EXPECT_EQ(devices[1].id, deviceIds[1]);
    EXPECT_EQ(devices[1].info.kind, "gpu");
    EXPECT_EQ(devices[1].info.name, gpu.name);
    EXPECT_FALSE(devices[1].info.peakGflops.has_value());
    EXPECT_FALSE(devices[1].info.memBandwidthGBs.has_value());

    const auto rows = recording.variantSummary(runId);
    ASSERT_EQ(rows.size(), 3u);

    const VariantSummaryRow& a = rows[0];
    EXPECT_EQ(a.runId, runId);
    EXPECT_EQ(a.variantId, variantIds[0]);
    EXPECT_EQ(a.family, "gemm");
    EXPECT_EQ(a.name, ok.spec.name());
    EXPECT_EQ(a.device, "cpu");
    EXPECT_EQ(a.backend, "openblas");
    EXPECT_EQ(a.precision, "fp32");
    EXPECT_EQ(a.structure, "dense");
    EXPECT_EQ(a.sparsity, 0.0);
    EXPECT_EQ(a.m, 1024);
    EXPECT_EQ(a.n, 512);
    EXPECT_EQ(a.k, 2048);
    EXPECT_EQ(a.batch, 1);
    EXPECT_DOUBLE_EQ(a.flops, ok.spec.flops());
    EXPECT_EQ(a.status, VariantStatus::Ok);
    EXPECT_EQ(a.reason, "");
    EXPECT_EQ(a.implementation, "sgemm_haswell");
    EXPECT_EQ(a.threads, 2);
    EXPECT_EQ(a.warmup, 3);
    EXPECT_EQ(a.iterations, 12);
    EXPECT_EQ(a.callsPerSample, 16);
    EXPECT_DOUBLE_EQ(a.medianMs.value(), 4.0);
    EXPECT_DOUBLE_EQ(a.p5Ms.value(), 3.9);
    EXPECT_DOUBLE_EQ(a.p95Ms.value(), 4.2);
    EXPECT_DOUBLE_EQ(a.meanMs.value(), 4.01);
    EXPECT_DOUBLE_EQ(a.stddevMs.value(), 0.05);
    EXPECT_DOUBLE_EQ(a.cv.value(), ok.stats->cv);
    EXPECT_EQ(a.noisy, std::optional<bool>(false));
    EXPECT_EQ(a.weightBytes, ok.weightBytes);
    EXPECT_EQ(a.peakMemBytes, ok.peakMemBytes);
    EXPECT_DOUBLE_EQ(a.kernelError.value(), 1.5e-7);
    EXPECT_DOUBLE_EQ(a.approxError.value(), 2.5e-7);
    EXPECT_DOUBLE_EQ(a.accuracy.value(), 0.9125);
    EXPECT_EQ(a.startedNs, ok.startedNs);
    EXPECT_EQ(a.endedNs, ok.endedNs);

    const VariantSummaryRow& b = rows[1];
    EXPECT_EQ(b.variantId, variantIds[1]);
    EXPECT_EQ(b.status, VariantStatus::Skipped);
    EXPECT_EQ(b.reason, skipped.reason);
    EXPECT_EQ(b.precision, "bf16");
    EXPECT_EQ(b.iterations, 0);
    EXPECT_FALSE(b.medianMs.has_value());
    EXPECT_FALSE(b.p5Ms.has_value());
    EXPECT_FALSE(b.p95Ms.has_value());
    EXPECT_FALSE(b.meanMs.has_value());
    EXPECT_FALSE(b.stddevMs.has_value());
    EXPECT_FALSE(b.cv.has_value());
    EXPECT_FALSE(b.noisy.has_value());
    EXPECT_FALSE(b.gflops.has_value());
    EXPECT_FALSE(b.weightBytes.has_value());
    EXPECT_FALSE(b.peakMemBytes.has_value());
    EXPECT_FALSE(b.kernelError.has_value());  // NaN went in, NULL came out
    EXPECT_FALSE(b.approxError.has_value());
    EXPECT_FALSE(b.accuracy.has_value());
    EXPECT_EQ(b.startedNs, skipped.startedNs);

    const VariantSummaryRow& c = rows[2];
    EXPECT_EQ(c.status, VariantStatus::Failed);
    EXPECT_EQ(c.reason, failed.reason);
    EXPECT_EQ(c.name, "pruned/csr90/librsb/cpu/64x64x64x4");
    EXPECT_EQ(c.structure, "csr");
    EXPECT_DOUBLE_EQ(c.sparsity, 0.9);
    EXPECT_EQ(c.batch, 4);
    EXPECT_EQ(c.iterations, 3);  // samples taken before the failure are kept
    EXPECT_FALSE(c.medianMs.has_value());
    EXPECT_FALSE(c.gflops.has_value());
    EXPECT_DOUBLE_EQ(c.kernelError.value(), 0.3);
    EXPECT_FALSE(c.approxError.has_value());
    EXPECT_FALSE(c.weightBytes.has_value());

    const auto samples = recording.samples(variantIds[0]);
    ASSERT_EQ(samples.size(), ok.samples.size());
    for (size_t i = 0; i < samples.size(); ++i) {
        EXPECT_EQ(samples[i].startNs, ok.samples[i].startNs) << i;
        EXPECT_EQ(samples[i].durationNs, ok.samples[i].durationNs) << i;
    }
    EXPECT_TRUE(recording.samples(variantIds[1]).empty());
    EXPECT_EQ(recording.samples(variantIds[2]).size(), 3u);
}

TEST(SqliteStoreTest, VariantSummaryHasTheDocumentedColumnsAndComputesGflops) {
    TempDir dir;
    const auto file = dir.file("view.costscope");
    VariantRecord square = test::okVariant(1000, 1000, 1000);  // 2e9 flops in 4 ms
    VariantRecord sparse = test::okVariant(512, 256, 1024);
    sparse.spec.structure = "csr";
    sparse.spec.sparsity = 0.75;
    sparse.spec.batch = 2;
    sparse.stats->medianNs = 1'048'576;  // 2*512*256*1024*2 = 2^29 ops in 2^20 ns
    {
        SqliteStore store(file);
        store.beginRun(test::sampleRun());
        store.addVariant(square);
        store.addVariant(sparse);
        store.addVariant(test::skippedVariant());
        store.endRun(RunStatus::Complete, "");
    }

    // The public surface is the view itself: users query it with the sqlite3 shell.
    std::set<std::string> columns;
    {
        const std::string list = test::rawQueryText(
            file, "SELECT group_concat(name, ',') FROM pragma_table_info('variant_summary')");
        size_t begin = 0;
        while (begin <= list.size()) {
            const size_t end = std::min(list.find(',', begin), list.size());
            columns.insert(list.substr(begin, end - begin));
            begin = end + 1;
        }
    }
    for (const char* required : {"run_id",
                                 "variant_id",
                                 "family",
                                 "name",
                                 "device",
                                 "backend",
                                 "precision",
                                 "structure",
                                 "sparsity",
                                 "m",
                                 "n",
                                 "k",
                                 "batch",
                                 "status",
                                 "reason",
                                 "iterations",
                                 "median_ms",
                                 "p5_ms",
                                 "p95_ms",
                                 "gflops",
                                 "weight_bytes",
                                 "peak_mem_bytes",
                                 "kernel_error",
                                 "approx_error",
                                 "accuracy",
                                 "implementation",
                                 "threads",
                                 "noisy",
                                 "cv"}) {
        EXPECT_TRUE(columns.count(required)) << "variant_summary lacks " << required;
    }

    EXPECT_DOUBLE_EQ(
        std::stod(test::rawQueryText(file, "SELECT gflops FROM variant_summary WHERE m = 1000")),
        500.0);
    EXPECT_EQ(test::rawQueryInt(
                  file, "SELECT gflops IS NULL FROM variant_summary WHERE status = 'skipped'"),
              1);

    Recording recording(file);
    const auto rows = recording.variantSummary(recording.runs().at(0).id);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_DOUBLE_EQ(rows[0].gflops.value(), 500.0);
    EXPECT_DOUBLE_EQ(rows[0].medianMs.value(), 4.0);
    EXPECT_DOUBLE_EQ(rows[1].flops, 536870912.0);
    EXPECT_DOUBLE_EQ(rows[1].gflops.value(), 512.0);  // dense-equivalent, batch included
    EXPECT_FALSE(rows[2].gflops.has_value());
}

TEST(SqliteStoreTest, RecordingIntoAnExistingFileAppendsARun) {
    TempDir dir;
    const auto file = dir.file("two-runs.costscope");
    {
        SqliteStore first(file);
        first.beginRun(test::sampleRun("quick"));
        first.addVariant(test::okVariant(128, 128, 128));
        first.endRun(RunStatus::Complete, "");
    }
    {
        SqliteStore second(file);
        second.beginRun(test::sampleRun("full"));
        second.addVariant(test::okVariant(256, 256, 256));
        second.addVariant(test::okVariant(512, 512, 512));
        second.endRun(RunStatus::Interrupted, "Ctrl-C");
    }
    Recording recording(file);
    const auto runs = recording.runs();
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].info.suite, "quick");
    EXPECT_EQ(runs[0].state, RunState::Complete);
    EXPECT_EQ(runs[1].info.suite, "full");
    EXPECT_EQ(runs[1].state, RunState::Interrupted);
    EXPECT_EQ(runs[1].note, "Ctrl-C");
    EXPECT_EQ(recording.variantSummary(runs[0].id).size(), 1u);
    const auto second = recording.variantSummary(runs[1].id);
    ASSERT_EQ(second.size(), 2u);
    EXPECT_EQ(second[0].m, 256);
    EXPECT_EQ(second[1].m, 512);
}

TEST(SqliteStoreTest, WritesInWalModeAndLeavesOneFileWhenClosed) {
    TempDir dir;
    const auto file = dir.file("wal.costscope");
    {
        SqliteStore store(file);
        store.beginRun(test::sampleRun());
        store.addVariant(test::okVariant(64, 64, 64));
        EXPECT_EQ(test::rawQueryText(file, "PRAGMA journal_mode"), "wal");
        store.endRun(RunStatus::Complete, "");
    }
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"wal.costscope"});
    EXPECT_EQ(test::rawQueryText(file, "PRAGMA journal_mode"), "delete");
    EXPECT_EQ(test::rawQueryInt(file, "PRAGMA application_id"), 0x43535450);
    EXPECT_EQ(test::rawQueryInt(file, "PRAGMA user_version"), RecordingFormat::kSchemaVersion);
}

TEST(SqliteStoreTest, TenThousandSamplesGoInWithTheirVariantAsOneTransaction) {
    TempDir dir;
    const auto file = dir.file("many.costscope");
    SqliteStore store(file);
    store.beginRun(test::sampleRun());
    const int64_t before = store.commitCount();
    const int64_t id = store.addVariant(test::okVariant(32, 32, 32, 10'000));
    EXPECT_EQ(store.commitCount() - before, 1);
    // Committed before addVariant returned: another connection sees all of it.
    EXPECT_EQ(test::rawQueryInt(
                  file, "SELECT count(*) FROM samples WHERE variant_id = " + std::to_string(id)),
              10'000);
    EXPECT_EQ(
        test::rawQueryInt(file, "SELECT iterations FROM variants WHERE id = " + std::to_string(id)),
        10'000);
}

TEST(SqliteStoreTest, ARunLeftRunningReadsAsIncompleteOnceTheRecorderIsGone) {
    TempDir dir;
    const auto file = dir.file("killed.costscope");
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        // The recorder, killed after its first variant: no destructor, no endRun.
        try {
            SqliteStore store(file);
            store.beginRun(test::sampleRun());
            store.addVariant(test::okVariant(96, 96, 96));
            raise(SIGKILL);
        } catch (...) {
        }
        _exit(3);
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the child recorder did not get as far as the kill";

    Recording recording(file);
    const auto runs = recording.runs();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].pid, child);
    EXPECT_EQ(runs[0].status, RunStatus::Running);
    EXPECT_EQ(runs[0].state, RunState::Incomplete);
    EXPECT_STREQ(toString(runs[0].state), "incomplete");
    EXPECT_FALSE(runs[0].endedUnixNs.has_value());
    // What was committed before the kill is all there.
    const auto rows = recording.variantSummary(runs[0].id);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(recording.samples(rows[0].variantId).size(), 12u);
}

TEST(SqliteStoreTest, ARunStillBeingRecordedReadsAsRunning) {
    TempDir dir;
    const auto file = dir.file("live.costscope");
    SqliteStore store(file);
    store.beginRun(test::sampleRun());
    store.addVariant(test::okVariant(96, 96, 96));
    {
        Recording recording(file);
        const auto runs = recording.runs();
        ASSERT_EQ(runs.size(), 1u);
        EXPECT_EQ(runs[0].state, RunState::Running);  // this process is the recorder
        EXPECT_EQ(recording.variantSummary(runs[0].id).size(), 1u);
    }
    // Recorded on another machine: nothing to check there, so it cannot claim to be live.
    test::rawExec(file, "UPDATE runs SET host = 'gpu-node-17.elsewhere'");
    Recording recording(file);
    EXPECT_EQ(recording.runs().at(0).state, RunState::Incomplete);
}

TEST(SqliteStoreTest, AFullDiskIsAStoreErrorAndKeepsEverythingBefore) {
    TempDir dir;
    const auto file = dir.file("full.costscope");
    {
        SqliteStore store(file);
        store.beginRun(test::sampleRun());
        const int64_t kept = store.addVariant(test::okVariant(64, 64, 64, 50));
        // No room to grow: the next variant with many samples needs new pages.
        EXPECT_GT(store.setMaxPageCount(1), 1);
        try {
            store.addVariant(test::okVariant(128, 128, 128, 20'000));
            FAIL() << "a variant larger than the space left was stored";
        } catch (const StoreError& error) {
            const std::string message = error.what();
            EXPECT_NE(message.find("disk is full"), std::string::npos) << message;
            EXPECT_NE(message.find(file.string()), std::string::npos) << message;
        }
        // The recorder can still close the run properly after the failure.
        store.endRun(RunStatus::Failed, "disk full");
        EXPECT_GT(kept, 0);
    }
    Recording recording(file);
    const auto runs = recording.runs();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].status, RunStatus::Failed);
    const auto rows = recording.variantSummary(runs[0].id);
    ASSERT_EQ(rows.size(), 1u);  // the failed variant left no half row behind
    EXPECT_EQ(rows[0].m, 64);
    EXPECT_EQ(recording.samples(rows[0].variantId).size(), 50u);
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM samples"), 50);
}

TEST(SqliteStoreTest, OnlyAFullDiskOrAnIoErrorWithEnospcIsADiskFull) {
    EXPECT_TRUE(SqliteConnection::isDiskFull(SQLITE_FULL, 0));
    EXPECT_TRUE(SqliteConnection::isDiskFull(SQLITE_IOERR_WRITE, ENOSPC));
    EXPECT_TRUE(SqliteConnection::isDiskFull(SQLITE_IOERR_FSYNC, ENOSPC));
    EXPECT_FALSE(SqliteConnection::isDiskFull(SQLITE_IOERR_READ, EIO));
    // sqlite3_system_errno() keeps the errno of an earlier I/O failure: with another result
    // code an ENOSPC there is stale and must not turn, say, a constraint into "disk is full".
    EXPECT_FALSE(SqliteConnection::isDiskFull(SQLITE_CONSTRAINT_PRIMARYKEY, ENOSPC));
    EXPECT_FALSE(SqliteConnection::isDiskFull(SQLITE_BUSY, ENOSPC));
    EXPECT_FALSE(SqliteConnection::isDiskFull(SQLITE_CANTOPEN, ENOSPC));
}

// A failed start removes the file the store created, and only while it is still that empty file.
TEST(SqliteStoreTest, AFailedStartRemovesTheEmptyFileItCreated) {
    TempDir dir;
    const auto file = dir.file("new.costscope");
    EXPECT_THROW(SqliteStore(file, [] { throw StoreError("interrupted"); }), StoreError);
    EXPECT_TRUE(dir.entries().empty()) << "the store left its empty file behind";
}

TEST(SqliteStoreTest, AFailedStartKeepsItsFileOnceAnotherProcessWroteToIt) {
    TempDir dir;
    const auto file = dir.file("new.costscope");
    EXPECT_THROW(SqliteStore(file,
                             [&] {
                                 // Same file, same inode: another process's bytes.
                                 std::ofstream(file, std::ios::app) << "someone's data";
                                 throw StoreError("interrupted");
                             }),
                 StoreError);
    EXPECT_EQ(test::readBytes(file), "someone's data");
}

TEST(SqliteStoreTest, AFailedStartKeepsAnotherFilePutInPlaceOfItsOwn) {
    TempDir dir;
    const auto file = dir.file("new.costscope");
    EXPECT_THROW(SqliteStore(file,
                             [&] {
                                 // Empty like ours, but another file (another inode).
                                 const auto other = dir.file("other");
                                 test::writeBytes(other, "");
                                 std::filesystem::rename(other, file);
                                 throw StoreError("interrupted");
                             }),
                 StoreError);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"new.costscope"});
}

TEST(SqliteStoreTest, AFileSwappedInEmptyIsTakenAsNew) {
    TempDir dir;
    const auto file = dir.file("new.costscope");
    {
        SqliteStore store(file, [&] {
            std::filesystem::remove(file);
            test::writeBytes(file, "");
        });
        store.beginRun(test::sampleRun());
        store.endRun(RunStatus::Complete, "");
    }
    EXPECT_EQ(Recording(file).runs().size(), 1u);
}

TEST(SqliteStoreTest, AnUnwritablePathNamesThePathAndTheReason) {
    TempDir dir;
    const auto missingDir = dir.file("no-such-dir") / "run.costscope";
    try {
        SqliteStore store(missingDir);
        FAIL() << "created a recording in a directory that does not exist";
    } catch (const StoreError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find(missingDir.string()), std::string::npos) << message;
        EXPECT_NE(message.find("No such file or directory"), std::string::npos) << message;
    }

    test::writeBytes(dir.file("plain-file"), "x");
    const auto underAFile = dir.file("plain-file") / "run.costscope";
    try {
        SqliteStore store(underAFile);
        FAIL() << "created a recording under a regular file";
    } catch (const StoreError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find(underAFile.string()), std::string::npos) << message;
        EXPECT_NE(message.find("Not a directory"), std::string::npos) << message;
    }

    EXPECT_THROW(SqliteStore store(dir.path()), StoreError);  // a directory
}

TEST(SqliteStoreTest, AReadOnlyDirectoryIsRefusedWithTheOsReason) {
    if (geteuid() == 0) {
        GTEST_SKIP() << "root writes through permission bits";
    }
    TempDir dir;
    const auto locked = dir.file("locked");
    std::filesystem::create_directory(locked);
    std::filesystem::permissions(
        locked, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    try {
        SqliteStore store(locked / "run.costscope");
        FAIL() << "created a recording in a read-only directory";
    } catch (const StoreError& error) {
        EXPECT_NE(std::string(error.what()).find("Permission denied"), std::string::npos)
            << error.what();
    }

    // An existing recording the user may not write to: refused before any measuring starts.
    const auto readOnly = dir.file("read-only.costscope");
    {
        SqliteStore store(readOnly);
        store.beginRun(test::sampleRun());
        store.endRun(RunStatus::Complete, "");
    }
    std::filesystem::permissions(readOnly, std::filesystem::perms::owner_read);
    try {
        SqliteStore store(readOnly);
        FAIL() << "opened a read-only recording for writing";
    } catch (const StoreError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find(readOnly.string()), std::string::npos) << message;
        EXPECT_NE(message.find("Permission denied"), std::string::npos) << message;
    }
}

TEST(SqliteStoreTest, AnEmptyFileIsTakenAsNew) {
    TempDir dir;
    const auto file = dir.file("mktemp.costscope");
    test::writeBytes(file, "");
    {
        SqliteStore store(file);
        store.beginRun(test::sampleRun());
        store.endRun(RunStatus::Complete, "");
    }
    EXPECT_EQ(Recording(file).runs().size(), 1u);
}

TEST(SqliteStoreTest, CallsOutOfOrderAreRefused) {
    TempDir dir;
    SqliteStore store(dir.file("order.costscope"));
    EXPECT_THROW(store.addVariant(test::okVariant(8, 8, 8)), StoreError);
    EXPECT_THROW(store.addDevice(DeviceInfo{}), StoreError);
    EXPECT_THROW(store.endRun(RunStatus::Complete, ""), StoreError);
    store.beginRun(test::sampleRun());
    EXPECT_THROW(store.endRun(RunStatus::Running, ""), StoreError);
    store.endRun(RunStatus::Complete, "");
    EXPECT_THROW(store.addVariant(test::okVariant(8, 8, 8)), StoreError);
}

TEST(SqliteStoreTest, ClosingWithoutEndRunMarksTheRunInterrupted) {
    TempDir dir;
    const auto file = dir.file("abandoned.costscope");
    {
        SqliteStore store(file);
        store.beginRun(test::sampleRun());
    }
    const auto runs = Recording(file).runs();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].state, RunState::Interrupted);
    EXPECT_TRUE(runs[0].endedUnixNs.has_value());
}

TEST(SqliteStoreTest, NsightNamedTablesAreCreatedWithVariantLinks) {
    TempDir dir;
    const auto file = dir.file("cupti.costscope");
    { SqliteStore store(file); }
    for (const std::string table : {"CUPTI_ACTIVITY_KIND_KERNEL", "CUPTI_ACTIVITY_KIND_MEMCPY",
                                    "CUPTI_ACTIVITY_KIND_MEMSET", "CUDA_GPU_MEMORY_USAGE_EVENTS"}) {
        EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM pragma_table_info('" + table +
                                              "') WHERE name IN ('start', 'deviceId', "
                                              "'correlationId', 'globalPid', 'variantId')"),
                  5)
            << table;
        // Indexed, so "all kernels of this variant" stays fast on long recordings. The kernel
        // table is a view; its rows, and the index, are kernel_launches'.
        const std::string stored =
            table == "CUPTI_ACTIVITY_KIND_KERNEL" ? std::string("kernel_launches") : table;
        EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM pragma_index_list('" + stored +
                                              "') AS l, pragma_index_info(l.name) AS i "
                                              "WHERE i.name = 'variantId'"),
                  1)
            << stored;
    }
    // The view has nsys's kernel columns, in nsys's order.
    EXPECT_EQ(
        test::rawQueryText(file,
                           "SELECT group_concat(name, ' ') FROM "
                           "(SELECT name FROM pragma_table_info('CUPTI_ACTIVITY_KIND_KERNEL') "
                           "ORDER BY cid)"),
        "start end deviceId contextId greenContextId streamId correlationId globalPid "
        "demangledName shortName mangledName launchType cacheConfig registersPerThread "
        "gridX gridY gridZ blockX blockY blockZ staticSharedMemory dynamicSharedMemory "
        "localMemoryPerThread localMemoryTotal gridId sharedMemoryExecuted graphNodeId "
        "sharedMemoryLimitConfig runId variantId");
    EXPECT_EQ(test::rawQueryText(file,
                                 "SELECT type FROM sqlite_schema WHERE name = "
                                 "'CUPTI_ACTIVITY_KIND_KERNEL'"),
              "view");
    EXPECT_EQ(test::rawQueryInt(file, "SELECT count(*) FROM pragma_table_info('StringIds')"), 2);
    EXPECT_EQ(test::rawQueryInt(file,
                                "SELECT count(*) FROM pragma_table_info('TARGET_INFO_GPU') WHERE "
                                "name IN ('runId', 'computeMajor', 'smCount', 'totalMemory')"),
              4);
    EXPECT_EQ(test::rawQueryText(file, "SELECT label FROM ENUM_CUDA_MEMCPY_OPER WHERE id = 1"),
              "Host-to-Device");
}

}  // namespace
}  // namespace costscope

namespace costscope {
namespace {

// A variant of one shape with a given median, for the crossover view.
VariantRecord timed(const char* family, const char* backend, const char* structure, double sparsity,
                    double medianNs) {
    VariantRecord variant = test::okVariant(64, 64, 64, 3);
    variant.spec.family = family;
    variant.spec.backend = backend;
    variant.spec.structure = structure;
    variant.spec.sparsity = sparsity;
    variant.stats->medianNs = medianNs;
    return variant;
}

TEST(SqliteStoreTest, PruningCrossoverFindsWherePruningBeatsTheBestDenseVariant) {
    test::TempDir dir;
    const auto path = dir.file("crossover.sqlite");
    {
        SqliteStore store(path);
        store.beginRun(test::sampleRun());
        store.addVariant(timed("gemm", "openblas", "dense", 0, 10e6));
        store.addVariant(timed("gemm", "onednn", "dense", 0, 8e6));  // the best dense: 8 ms
        store.addVariant(timed("pruned", "costscope", "csr", 0.5, 12e6));
        store.addVariant(timed("pruned", "costscope", "csr", 0.7, 8e6));  // a tie is not a win
        store.addVariant(timed("pruned", "costscope", "csr", 0.9, 3e6));
        store.addVariant(timed("pruned", "costscope", "csr", 0.99, 1e6));
        store.addVariant(timed("pruned", "librsb", "csr", 0.5, 30e6));
        store.addVariant(timed("pruned", "librsb", "csr", 0.9, 9e6));
        store.addVariant(timed("pruned", "costscope", "2:4", 0.5, 1e6));  // not unstructured
        store.endRun(RunStatus::Complete, "");
    }
    const Recording recording(path);
    const auto rows = recording.pruningCrossover(recording.runs().at(0).id);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].backend, "costscope");
    EXPECT_DOUBLE_EQ(rows[0].denseMs, 8.0);
    EXPECT_DOUBLE_EQ(rows[0].slowerUpTo.value(), 0.7);
    EXPECT_DOUBLE_EQ(rows[0].fasterFrom.value(), 0.9);
    EXPECT_EQ(rows[1].backend, "librsb");
    EXPECT_DOUBLE_EQ(rows[1].slowerUpTo.value(), 0.9);
    EXPECT_FALSE(rows[1].fasterFrom) << "librsb never beats dense here";
}

}  // namespace
}  // namespace costscope

namespace costscope {
namespace {

TEST(ModelSourceTest, WhereTheModelWeightsCameFromIsKeptPerRun) {
    test::TempDir dir;
    const auto file = dir.file("mlp.sqlite");
    {
        SqliteStore store(file);
        store.beginRun(test::sampleRun());
        store.setModelSource(ModelSource{.trained = true,
                                         .trainSeconds = 61.5,
                                         .cacheFile = "/home/u/.cache/costscope/mlp-ab12.bin",
                                         .settingsKey = "ab12",
                                         .settingsJson = R"({"epochs":8})"});
        store.endRun(RunStatus::Complete, "");
        store.beginRun(test::sampleRun());
        store.setModelSource(ModelSource{.trained = false, .trainSeconds = 0.0});
        store.endRun(RunStatus::Complete, "");
        store.beginRun(test::sampleRun());  // no mlp variant: no row
        store.endRun(RunStatus::Complete, "");
    }
    const auto runs = Recording(file).runs();
    ASSERT_EQ(runs.size(), 3u);
    ASSERT_TRUE(runs[0].modelSource);
    EXPECT_TRUE(runs[0].modelSource->trained);
    EXPECT_DOUBLE_EQ(runs[0].modelSource->trainSeconds, 61.5);
    EXPECT_EQ(runs[0].modelSource->cacheFile, "/home/u/.cache/costscope/mlp-ab12.bin");
    EXPECT_EQ(runs[0].modelSource->settingsKey, "ab12");
    EXPECT_EQ(runs[0].modelSource->settingsJson, R"({"epochs":8})");
    ASSERT_TRUE(runs[1].modelSource);
    EXPECT_FALSE(runs[1].modelSource->trained);
    EXPECT_FALSE(runs[2].modelSource);
    EXPECT_EQ(test::rawQueryText(file,
                                 "SELECT quote(train_seconds) FROM mlp_training WHERE "
                                 "run_id = 2"),
              "NULL");
}

}  // namespace
}  // namespace costscope
