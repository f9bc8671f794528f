// costscope-merge on real recordings: every row copied once, shards made one run, bad input
// refused with nothing written, the same merge twice giving the same file.
#include "profiler/merge/RecordingMerge.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "profiler/merge/MergeCommand.h"
#include "profiler/store/Recording.h"
#include "profiler/store/RecordingFormat.h"
#include "profiler/store/SqliteStore.h"
#include "profiler/store/StoreError.h"
#include "tests/store/StoreTestSupport.h"

namespace costscope {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

struct Recorded {
    std::string suite = "quick";
    int64_t started = 1'700'000'000'000'000'000;
    std::string cpu = "AMD EPYC 9B45";
    std::string job;
    std::optional<int64_t> shardIndex;
    std::optional<int64_t> shardCount;
    std::vector<int64_t> sizes = {64, 128};  // one CPU variant per size, plus a GPU one
    int seed = 0;
    bool end = true;
};

// A recording as the recorder writes it: a run, its CPU and GPU, variants with samples, GPU
// activity in a variant and outside any.
void record(const fs::path& file, const Recorded& what) {
    SqliteStore store(file);
    RunInfo run = test::sampleRun(what.suite);
    run.startedUnixNs = what.started;
    run.job = what.job;
    run.selection = "--devices cpu,gpu";
    run.shardIndex = what.shardIndex;
    run.shardCount = what.shardCount;
    run.warnings = {{"blas", "OpenBLAS runs Haswell kernels"}};
    store.beginRun(run);
    DeviceInfo cpu;
    cpu.kind = "cpu";
    cpu.name = what.cpu;
    cpu.details = R"({"logical_cores": 2, "isa": "avx512f"})";
    cpu.precisionCeilings = {{"fp32", 120.0 + what.seed, "measured"}};
    store.addDevice(cpu);
    for (const int64_t size : what.sizes)
        store.addVariant(test::okVariant(size, size, size, 4 + size % 5));
    store.addVariant(test::gpuVariant(test::sampleActivity(what.seed, what.seed * 10)));
    store.addActivity(test::sampleActivity(what.seed + 100, what.seed * 10 + 5));
    if (what.end)
        store.endRun(RunStatus::Complete, "");
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> result;
    std::istringstream stream(text);
    for (std::string line; std::getline(stream, line);)
        result.push_back(line);
    std::sort(result.begin(), result.end());
    return result;
}

// What a file holds, independent of ids: per run (by uid) its variants with their samples and
// rounds, its devices and ceilings, its warnings, and every kernel, copy and memset with names.
std::vector<std::string> contentOf(const fs::path& file) {
    return lines(test::rawQueryText(
        file,
        "SELECT group_concat(line, char(10)) FROM ("
        " SELECT 'variant ' || r.uid || ' ' || v.name || ' ' || v.status || ' ' || "
        "   coalesce(v.median_ns, '') || ' ' || (SELECT count(*) || ':' || "
        "   coalesce(sum(duration_ns), 0) || ':' || coalesce(sum(device_ns), 0) FROM samples "
        "   WHERE variant_id = v.id) || ' ' || (SELECT count(*) FROM variant_rounds WHERE "
        "   variant_id = v.id) AS line FROM variants AS v JOIN runs AS r ON r.id = v.run_id"
        " UNION ALL SELECT 'device ' || r.uid || ' ' || d.kind || ' ' || d.name || ' ' || "
        "   coalesce((SELECT group_concat(precision || '=' || gflops) FROM device_ceilings "
        "   WHERE device_id = d.id), '') FROM devices AS d JOIN runs AS r ON r.id = d.run_id"
        " UNION ALL SELECT 'warning ' || r.uid || ' ' || w.message FROM run_warnings AS w "
        "   JOIN runs AS r ON r.id = w.run_id"
        " UNION ALL SELECT 'kernel ' || r.uid || ' ' || coalesce(v.name, '-') || ' ' || "
        "   k.start || ' ' || k.end || ' ' || d.value || ' ' || sn.value || ' ' || "
        "   coalesce(mn.value, '') || ' ' || k.gridX FROM CUPTI_ACTIVITY_KIND_KERNEL AS k "
        "   JOIN runs AS r ON r.id = k.runId LEFT JOIN variants AS v ON v.id = k.variantId "
        "   JOIN StringIds AS d ON d.id = k.demangledName JOIN StringIds AS sn ON "
        "   sn.id = k.shortName LEFT JOIN StringIds AS mn ON mn.id = k.mangledName"
        " UNION ALL SELECT 'memcpy ' || r.uid || ' ' || coalesce(v.name, '-') || ' ' || "
        "   m.start || ' ' || m.bytes FROM CUPTI_ACTIVITY_KIND_MEMCPY AS m JOIN runs AS r ON "
        "   r.id = m.runId LEFT JOIN variants AS v ON v.id = m.variantId"
        " UNION ALL SELECT 'memset ' || r.uid || ' ' || m.start FROM CUPTI_ACTIVITY_KIND_MEMSET "
        "   AS m JOIN runs AS r ON r.id = m.runId"
        " UNION ALL SELECT 'memory ' || r.uid || ' ' || m.start || ' ' || m.bytes FROM "
        "   CUDA_GPU_MEMORY_USAGE_EVENTS AS m JOIN runs AS r ON r.id = m.runId"
        " UNION ALL SELECT 'overhead ' || r.uid || ' ' || o.start FROM "
        "   CUPTI_ACTIVITY_KIND_OVERHEAD AS o JOIN runs AS r ON r.id = o.runId"
        " UNION ALL SELECT 'gpu ' || r.uid || ' ' || g.id || ' ' || g.name FROM TARGET_INFO_GPU "
        "   AS g JOIN runs AS r ON r.id = g.runId)"));
}

std::vector<std::string> unionOf(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    std::sort(a.begin(), a.end());
    return a;
}

MergeResult merge(const fs::path& out, const std::vector<fs::path>& inputs,
                  bool acceptUnfinished = false) {
    MergeRequest request{.out = out.string(), .acceptUnfinished = acceptUnfinished};
    for (const fs::path& input : inputs)
        request.inputs.push_back(input.string());
    return mergeRecordings(request);
}

// The merge's refusal of `inputs`, checked to write nothing and change no input.
std::string refusal(const TempDir& dir, const fs::path& out, const std::vector<fs::path>& inputs,
                    bool acceptUnfinished = false) {
    const bool outExisted = fs::exists(out);
    const std::string outBytes = outExisted ? test::readBytes(out) : "";
    std::vector<std::string> before;
    for (const fs::path& input : inputs)
        before.push_back(fs::exists(input) ? test::readBytes(input) : "");
    const std::vector<std::string> entries = dir.entries();
    std::string message;
    try {
        merge(out, inputs, acceptUnfinished);
        ADD_FAILURE() << "the merge was not refused";
    } catch (const MergeError& e) {
        message = e.what();
    }
    EXPECT_EQ(dir.entries(), entries) << "a file was left behind";
    EXPECT_EQ(fs::exists(out), outExisted);
    if (outExisted) {
        EXPECT_EQ(test::readBytes(out), outBytes);
    }
    for (size_t i = 0; i < inputs.size(); ++i) {
        if (fs::exists(inputs[i])) {
            EXPECT_EQ(test::readBytes(inputs[i]), before[i]) << inputs[i];
        }
    }
    return message;
}

TEST(RecordingMergeTest, CopiesEveryRowOfEveryRunOnce) {
    TempDir dir;
    const auto a = dir.file("a.sqlite");
    const auto b = dir.file("b.sqlite");
    const auto out = dir.file("fleet.sqlite");
    record(a, {.seed = 1});
    record(b, {.started = 1'700'000'000'000'000'001,
               .cpu = "Intel Xeon",
               .sizes = {32, 64, 96},
               .seed = 2});
    const std::string aBytes = test::readBytes(a);
    const std::string bBytes = test::readBytes(b);

    const MergeResult result = merge(out, {a, b});

    EXPECT_TRUE(result.written);
    ASSERT_EQ(result.added.size(), 2u);
    EXPECT_EQ(result.added[0].id, 1);
    EXPECT_EQ(result.added[1].id, 2);
    EXPECT_EQ(contentOf(out), unionOf(contentOf(a), contentOf(b)));
    EXPECT_EQ(test::rawQueryInt(out, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    EXPECT_EQ(test::rawQueryText(out, "PRAGMA integrity_check"), "ok");
    EXPECT_EQ(test::rawQueryInt(out, "PRAGMA user_version"), RecordingFormat::kSchemaVersion);
    // Each kernel configuration belongs to its run, each string is stored once.
    EXPECT_EQ(test::rawQueryInt(out,
                                "SELECT count(*) FROM kernel_launches AS l JOIN "
                                "kernel_configs AS c ON c.id = l.configId WHERE c.runId "
                                "IS NOT l.runId"),
              0);
    EXPECT_EQ(test::rawQueryInt(out, "SELECT count(*) - count(DISTINCT value) FROM StringIds"), 0);
    EXPECT_EQ(test::readBytes(a), aBytes);
    EXPECT_EQ(test::readBytes(b), bBytes);
    EXPECT_EQ(dir.entries(), (std::vector<std::string>{"a.sqlite", "b.sqlite", "fleet.sqlite"}));

    // The reader takes it as any recording: both runs, with their own machines.
    const Recording recording(out);
    const auto runs = recording.runs();
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(recording.devices(runs[1].id).at(0).info.name, "Intel Xeon");
    EXPECT_EQ(recording.variantSummary(runs[1].id).size(), 4u);
}

TEST(RecordingMergeTest, MergingTheSameInputsAgainChangesNothing) {
    TempDir dir;
    const auto a = dir.file("a.sqlite");
    const auto b = dir.file("b.sqlite");
    const auto out = dir.file("fleet.sqlite");
    record(a, {.seed = 1});
    record(b, {.started = 1'700'000'000'000'000'001, .seed = 2});
    merge(out, {a, b});
    const std::string once = test::readBytes(out);

    const MergeResult again = merge(out, {a, b});

    EXPECT_FALSE(again.written);
    EXPECT_EQ(again.alreadyThere, 2);
    EXPECT_EQ(test::readBytes(out), once);
    // Naming the output among the inputs adds nothing either.
    EXPECT_FALSE(merge(out, {out, a}).written);
    EXPECT_EQ(test::readBytes(out), once);
}

TEST(RecordingMergeTest, AddsToAnExistingRecordingKeepingItsRuns) {
    TempDir dir;
    const auto a = dir.file("a.sqlite");
    const auto b = dir.file("b.sqlite");
    const auto out = dir.file("fleet.sqlite");
    record(a, {.seed = 1});
    record(b, {.started = 1'700'000'000'000'000'001, .seed = 2});
    merge(out, {a});
    const auto first = contentOf(out);

    const MergeResult result = merge(out, {a, b});

    EXPECT_EQ(result.alreadyThere, 1);
    ASSERT_EQ(result.added.size(), 1u);
    EXPECT_EQ(result.added[0].id, 2);
    EXPECT_EQ(contentOf(out), unionOf(first, contentOf(b)));
    EXPECT_EQ(test::rawQueryInt(out, "SELECT count(*) FROM runs"), 2);
}

TEST(RecordingMergeTest, ShardsOfOneJobBecomeOneRun) {
    TempDir dir;
    const auto s0 = dir.file("quick-n1-77_0.sqlite");
    const auto s1 = dir.file("quick-n2-77_1.sqlite");
    const auto out = dir.file("quick-77.sqlite");
    record(s0, {.job = "77", .shardIndex = 0, .shardCount = 2, .sizes = {64}, .seed = 1});
    record(s1, {.started = 1'700'000'000'000'000'009,
                .job = "77",
                .shardIndex = 1,
                .shardCount = 2,
                .sizes = {128},
                .seed = 2});
    // The GPU variant is the same in both fixtures: give the second shard's its own name.
    test::rawExec(s1,
                  "UPDATE variants SET m = 256, name = 'gemm/fp32/cublas/gpu/256x512x512' "
                  "WHERE device = 'gpu'");

    const MergeResult result = merge(out, {s1, s0});

    ASSERT_EQ(result.added.size(), 1u);
    EXPECT_EQ(result.added[0].shards, 2);
    EXPECT_EQ(result.added[0].shardCount, 2);
    const Recording recording(out);
    const auto runs = recording.runs();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].status, RunStatus::Complete);
    EXPECT_EQ(runs[0].note, "merged from shards 0, 1 of 2");
    EXPECT_FALSE(runs[0].info.shardIndex);
    EXPECT_EQ(runs[0].info.shardCount, 2);
    EXPECT_EQ(runs[0].info.startedUnixNs, 1'700'000'000'000'000'000);
    EXPECT_EQ(runs[0].uid.rfind("shards:", 0), 0u);
    EXPECT_EQ(recording.variantSummary(runs[0].id).size(), 4u);  // 2 CPU + 2 GPU
    EXPECT_EQ(recording.devices(runs[0].id).size(), 1u);  // one CPU for the identical machines
    EXPECT_EQ(recording.runShards(runs[0].id).size(), 2u);
    EXPECT_EQ(recording.runShards(runs[0].id).at(1).source, s1.string());
    // Every variant, sample and kernel of both shards, once; the warning both gave, once.
    EXPECT_EQ(test::rawQueryInt(out, "SELECT count(*) FROM samples"),
              test::rawQueryInt(s0, "SELECT count(*) FROM samples") +
                  test::rawQueryInt(s1, "SELECT count(*) FROM samples"));
    EXPECT_EQ(test::rawQueryInt(out, "SELECT count(*) FROM kernel_launches"),
              test::rawQueryInt(s0, "SELECT count(*) FROM kernel_launches") +
                  test::rawQueryInt(s1, "SELECT count(*) FROM kernel_launches"));
    EXPECT_EQ(test::rawQueryInt(out, "SELECT count(*) FROM run_warnings"), 1);
    EXPECT_EQ(test::rawQueryInt(out, "SELECT count(*) FROM pragma_foreign_key_check"), 0);

    // Once merged, the same shards add nothing.
    EXPECT_FALSE(merge(out, {s0, s1}).written);
}

TEST(RecordingMergeTest, AMissingShardLeavesTheRunInterruptedAndSaysWhich) {
    TempDir dir;
    const auto s0 = dir.file("s0.sqlite");
    const auto out = dir.file("out.sqlite");
    record(s0, {.job = "78", .shardIndex = 0, .shardCount = 3});
    merge(out, {s0});
    const auto runs = Recording(out).runs();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].status, RunStatus::Interrupted);
    EXPECT_EQ(runs[0].note, "merged from shards 0 of 3; shards 1, 2 missing");
}

TEST(RecordingMergeTest, AnOlderFormatIsMigratedOnTheWayAndLeftAsItWas) {
    TempDir dir;
    const auto old = dir.file("v4.sqlite");
    const auto out = dir.file("out.sqlite");
    const std::string schema =
        test::readBytes(fs::path(COSTSCOPE_STORE_FIXTURES) / "schema-v4.sql");
    test::rawExec(old,
                  "BEGIN;" + schema +
                      "PRAGMA application_id = 1129534544; PRAGMA user_version = 4;"
                      "INSERT INTO runs (suite, suite_json, command_line, host, pid, version, "
                      "  started_unix_ns, ended_unix_ns, status, warmup, min_iterations, "
                      "  min_time_s) VALUES ('quick', '{}', 'costscope-record', 'elsewhere', 42, "
                      "  '0.1.0', 7, 8, 'complete', 3, 10, 0.25);"
                      "INSERT INTO devices (run_id, kind, name) VALUES (1, 'cpu', 'Old CPU');"
                      "INSERT INTO variants (run_id, family, name, device, backend, precision, "
                      "  structure, sparsity, m, n, k, batch, flops, status, iterations, "
                      "  median_ns, started_ns, ended_ns) VALUES (1, 'gemm', "
                      "  'gemm/fp32/openblas/cpu/64x64x64', 'cpu', 'openblas', 'fp32', 'dense', "
                      "  0, 64, 64, 64, 1, 524288, 'ok', 2, 9000, 1, 2);"
                      "INSERT INTO samples VALUES (1, 0, 10, 9000, NULL, 0);"
                      "COMMIT;");
    const std::string bytes = test::readBytes(old);

    merge(out, {old});

    EXPECT_EQ(test::readBytes(old), bytes);
    EXPECT_EQ(test::rawQueryText(out, "SELECT uid FROM runs"), "elsewhere/42/7");
    EXPECT_EQ(test::rawQueryInt(out, "SELECT count(*) FROM samples"), 1);
    EXPECT_EQ(dir.entries(), (std::vector<std::string>{"out.sqlite", "v4.sqlite"}));
}

// The timeline cache holds the input's rowids, which the merge renumbers: it is not copied, and
// the output has none until the GUI writes it.
TEST(RecordingMergeTest, TheTimelineCacheIsNotCopied) {
    TempDir dir;
    const auto a = dir.file("a.sqlite");
    const auto b = dir.file("b.sqlite");
    const auto out = dir.file("fleet.sqlite");
    record(a, {.seed = 1});
    record(b, {.started = 1'700'000'000'000'000'001, .seed = 2});
    test::addTimelineCacheRows(a, 1);
    test::addTimelineCacheRows(b, 1);
    ASSERT_EQ(test::rawQueryInt(a, "SELECT count(*) FROM timeline_cache"), 1);
    ASSERT_EQ(test::rawQueryInt(b, "SELECT count(*) FROM timeline_lanes"), 2);
    const std::string aBytes = test::readBytes(a);

    const MergeResult result = merge(out, {a, b});

    EXPECT_TRUE(result.written);
    EXPECT_EQ(result.added.size(), 2u);
    EXPECT_EQ(contentOf(out), unionOf(contentOf(a), contentOf(b)));
    EXPECT_EQ(test::rawQueryInt(out, "SELECT count(*) FROM timeline_cache"), 0);
    EXPECT_EQ(test::rawQueryInt(out, "SELECT count(*) FROM timeline_lanes"), 0);
    EXPECT_EQ(test::readBytes(a), aBytes);  // the inputs keep theirs

    // An output that has a cache of its own is written anew when a run is added to it: its runs
    // are copied like any input's, their caches left behind.
    test::addTimelineCacheRows(out, 1);
    const auto c = dir.file("c.sqlite");
    record(c, {.started = 1'700'000'000'000'000'002, .seed = 3});
    test::addTimelineCacheRows(c, 1);
    EXPECT_EQ(merge(out, {c}).added.size(), 1u);
    EXPECT_EQ(test::rawQueryInt(out, "SELECT count(*) FROM runs"), 3);
    EXPECT_EQ(test::rawQueryInt(out, "SELECT count(*) FROM timeline_cache"), 0);
    EXPECT_EQ(test::rawQueryInt(out, "SELECT count(*) FROM timeline_lanes"), 0);
}

TEST(RecordingMergeTest, RefusesWhatIsNotARecordingAndWritesNothing) {
    TempDir dir;
    const auto a = dir.file("a.sqlite");
    const auto text = dir.file("notes.txt");
    const auto foreign = dir.file("other.sqlite");
    const auto out = dir.file("out.sqlite");
    record(a, {});
    test::writeBytes(text, "not a database\n");
    test::rawExec(foreign, "CREATE TABLE t (x)");

    EXPECT_NE(refusal(dir, out, {a, text})
                  .find("'" + text.string() +
                        "' is not a costscope "
                        "recording (it is not an SQLite database)"),
              std::string::npos);
    EXPECT_NE(refusal(dir, out, {a, foreign}).find("is not a costscope recording"),
              std::string::npos);
    EXPECT_NE(refusal(dir, out, {a, dir.file("missing.sqlite")}).find("no such file"),
              std::string::npos);
    // The output, when it is another program's file, is refused and kept.
    EXPECT_NE(refusal(dir, foreign, {a}).find("'" + foreign.string() + "' is not a costscope"),
              std::string::npos);
}

TEST(RecordingMergeTest, RefusesTheSameRunTwice) {
    TempDir dir;
    const auto a = dir.file("a.sqlite");
    const auto copy = dir.file("copy-of-a.sqlite");
    const auto out = dir.file("out.sqlite");
    record(a, {});
    fs::copy_file(a, copy);

    EXPECT_NE(refusal(dir, out, {a, copy}).find("are the same run"), std::string::npos);
    EXPECT_NE(refusal(dir, out, {a, a}).find("is named twice"), std::string::npos);
}

TEST(RecordingMergeTest, RefusesShardsThatAreNotPartsOfOneRun) {
    TempDir dir;
    const auto s0 = dir.file("s0.sqlite");
    const auto other = dir.file("other-suite.sqlite");
    const auto otherCpu = dir.file("other-cpu.sqlite");
    const auto again = dir.file("s0-again.sqlite");
    const auto out = dir.file("out.sqlite");
    record(s0, {.job = "9", .shardIndex = 0, .shardCount = 2, .sizes = {64}});
    record(other, {.suite = "standard",
                   .started = 2,
                   .job = "9",
                   .shardIndex = 1,
                   .shardCount = 2,
                   .sizes = {128}});
    record(otherCpu, {.started = 3,
                      .cpu = "Intel Xeon",
                      .job = "9",
                      .shardIndex = 1,
                      .shardCount = 2,
                      .sizes = {128}});
    record(again, {.started = 4, .job = "9", .shardIndex = 0, .shardCount = 2, .sizes = {32}});
    for (const auto& file : {other, otherCpu})
        test::rawExec(file, "DELETE FROM variants WHERE device = 'gpu'");

    EXPECT_NE(refusal(dir, out, {s0, other}).find("are shards of different suites"),
              std::string::npos);
    EXPECT_NE(refusal(dir, out, {s0, otherCpu}).find("were recorded on different machines"),
              std::string::npos);
    EXPECT_NE(refusal(dir, out, {s0, again}).find("are the same shard of job '9'"),
              std::string::npos);
    // A shard index no recorder writes: out of its count, or without one.
    test::rawExec(again, "UPDATE runs SET shard_index = 2");
    EXPECT_NE(refusal(dir, out, {again}).find("claims to be shard 2 of 2"), std::string::npos);
    test::rawExec(again, "UPDATE runs SET shard_index = 0, shard_count = NULL");
    EXPECT_NE(refusal(dir, out, {again}).find("claims to be shard 0 of ?"), std::string::npos);
}

TEST(RecordingMergeTest, RefusesARecordingStillBeingWritten) {
    TempDir dir;
    const auto live = dir.file("live.sqlite");
    const auto out = dir.file("out.sqlite");
    SqliteStore store(live);
    store.beginRun(test::sampleRun());  // this process: its recorder is alive

    EXPECT_NE(refusal(dir, out, {live}).find("is still being recorded on this machine"),
              std::string::npos);
}

TEST(RecordingMergeTest, ARunLeftRunningOnAnotherHostNeedsAcceptUnfinished) {
    TempDir dir;
    const auto killed = dir.file("killed.sqlite");
    const auto out = dir.file("out.sqlite");
    record(killed, {});
    test::rawExec(killed,
                  "UPDATE runs SET status = 'running', ended_unix_ns = NULL, "
                  "host = 'node17'");

    EXPECT_NE(refusal(dir, out, {killed}).find("--accept-unfinished"), std::string::npos);

    merge(out, {killed}, true);
    const auto runs = Recording(out).runs();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].status, RunStatus::Interrupted);
    EXPECT_NE(runs[0].note.find("merged as interrupted"), std::string::npos);
}

TEST(RecordingMergeTest, AnOutputThatCannotBeWrittenFailsAndLeavesNothing) {
    TempDir dir;
    const auto a = dir.file("a.sqlite");
    record(a, {});
    EXPECT_THROW(merge(dir.file("no-such-folder/out.sqlite"), {a}), StoreError);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"a.sqlite"});
}

int command(std::vector<const char*> args, std::string* out = nullptr, std::string* err = nullptr) {
    std::ostringstream o;
    std::ostringstream e;
    const int code = runMergeCommand(args, o, e);
    if (out)
        *out = o.str();
    if (err)
        *err = e.str();
    return code;
}

TEST(RecordingMergeTest, TheCommandSaysWhatItDidAndExitsAsDocumented) {
    TempDir dir;
    const auto a = dir.file("a.sqlite");
    const auto out = dir.file("out.sqlite");
    record(a, {});
    const std::string aPath = a.string();
    const std::string outPath = out.string();
    std::string said;
    std::string error;

    EXPECT_EQ(command({outPath.c_str(), aPath.c_str()}, &said), 0);
    EXPECT_NE(said.find("1 run added"), std::string::npos) << said;
    EXPECT_EQ(command({outPath.c_str(), aPath.c_str()}, &said), 0);
    EXPECT_NE(said.find("already holds every run"), std::string::npos) << said;

    EXPECT_EQ(command({}, nullptr, &error), 2);
    EXPECT_EQ(command({outPath.c_str()}, nullptr, &error), 2);
    EXPECT_EQ(command({"--frobnicate", outPath.c_str(), aPath.c_str()}, nullptr, &error), 2);
    EXPECT_NE(error.find("unknown option '--frobnicate'"), std::string::npos);
    const std::string other = dir.file("b.sqlite").string();
    EXPECT_EQ(command({other.c_str(), "/nonexistent.sqlite"}, nullptr, &error), 2);
    EXPECT_FALSE(fs::exists(other));
    const std::string nowhere = dir.file("no/out.sqlite").string();
    EXPECT_EQ(command({nowhere.c_str(), aPath.c_str()}, nullptr, &error), 1);
    EXPECT_EQ(command({"--help"}, &said), 0);
    EXPECT_NE(said.find("Usage: costscope-merge"), std::string::npos);
}

}  // namespace
}  // namespace costscope
