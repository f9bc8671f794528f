// costscope-record as users run it: a real process, a real SQLite file, real signals.
#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "profiler/GpuProbe.h"
#include "tests/recorder/Subprocess.h"
#include "tests/recorder/TestDatabase.h"

namespace costscope {
namespace {

namespace fs = std::filesystem;
using test::Database;
using test::ProcessResult;
using test::runProcess;
using test::Subprocess;

// A suite small enough to record in a few seconds: every CPU family once, odd shapes included,
// and GPU entries that must come back as skipped on a machine without a GPU.
constexpr const char* kTinySuite = R"({
  "name": "tiny",
  "description": "end-to-end test suite",
  "measure": { "warmup": 1, "min_iterations": 3, "min_time": 0.01 },
  "workloads": [
    { "family": "gemm", "precisions": ["fp32"], "devices": ["cpu", "gpu"], "sizes": [[33, 17, 65]] },
    { "family": "pruned", "structures": ["csr", "2:4"], "sparsities": [0.9], "devices": ["cpu"], "sizes": [64] },
    { "family": "quantized", "precisions": ["int8"], "devices": ["cpu"], "sizes": [64] }
  ]
}
)";

// 24 variants (OpenBLAS and oneDNN at each size) of ~0.2 s each: a signal lands mid-recording.
constexpr const char* kLongSuite = R"({
  "name": "long",
  "measure": { "warmup": 1, "min_iterations": 3, "min_time": 0.2 },
  "workloads": [
    { "family": "gemm", "precisions": ["fp32"], "devices": ["cpu"],
      "sizes": [64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416] }
  ]
}
)";

class RecorderEndToEnd : public ::testing::Test {
  protected:
    void SetUp() override {
        // Parameterised tests are named "Name/Param": one directory, not a parent left behind.
        std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        std::replace(name.begin(), name.end(), '/', '-');
        dir_ = fs::temp_directory_path() /
               ("costscope-e2e-" + std::to_string(::getpid()) + "-" + name);
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path write(const std::string& name, const std::string& text) const {
        const auto path = dir_ / name;
        std::ofstream(path) << text;
        return path;
    }
    static std::string slurp(const fs::path& path) {
        std::ifstream in(path, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), {}};
    }
    static ProcessResult record(std::vector<std::string> args) {
        args.insert(args.begin(), COSTSCOPE_RECORD_EXE);
        return runProcess(args);
    }

    fs::path dir_;
};

TEST_F(RecorderEndToEnd, RecordsATinySuiteThatSqliteCanQuery) {
    const auto suite = write("tiny.json", kTinySuite);
    const auto out = dir_ / "tiny.sqlite";
    const auto result = record({"--suite", suite, "--out", out});
    ASSERT_EQ(result.exitCode, 0) << result.err;

    const Database db(out);
    EXPECT_EQ(db.scalar("SELECT status FROM runs"), "complete");
    EXPECT_EQ(db.scalar("SELECT suite FROM runs"), "tiny");
    // The run's timeline summary is kept for the GUI's first open (no GPU rows here: no lanes).
    EXPECT_EQ(db.scalar("SELECT count(*) FROM timeline_cache"), "1");
    // The CPU row carries the measured ceilings for the roofline.
    EXPECT_GT(std::stod(db.scalar("SELECT peak_gflops FROM devices WHERE kind = 'cpu'")), 1.0);
    EXPECT_GT(std::stod(db.scalar("SELECT mem_bandwidth_gbs FROM devices WHERE kind = 'cpu'")),
              0.1);
    // What the sparse libraries are and chose here.
    const std::string details = db.scalar("SELECT details FROM devices WHERE kind = 'cpu'");
    for (const char* key : {"\"librsb_version\"", "\"libxsmm_version\"", "\"libxsmm_target\""})
        EXPECT_NE(details.find(key), std::string::npos) << key << " in " << details;

    const auto cpu = db.rows(
        "SELECT name, status, median_ms, gflops, kernel_error, approx_error, iterations, "
        "weight_bytes, implementation FROM variant_summary WHERE device = 'cpu' ORDER BY name");
    // gemm fp32 (openblas, onednn), pruned csr90 (librsb, libxsmm, costscope), 2:4, int8.
    ASSERT_EQ(cpu.size(), 7u);
    for (const auto& row : cpu) {
        SCOPED_TRACE(row[0]);
        EXPECT_EQ(row[1], "ok");
        EXPECT_GT(std::stod(row[2]), 0.0);
        EXPECT_GT(std::stod(row[3]), 0.0);
        EXPECT_LT(std::stod(row[4]), 1e-4);  // the kernel is right for the operands it was given
        EXPECT_GE(std::stoi(row[6]), 3);
        EXPECT_GT(std::stoll(row[7]), 0);
        EXPECT_NE(row[8], "NULL");
    }
    // Compression costs accuracy that exactness of the kernel does not hide.
    EXPECT_GT(std::stod(db.scalar("SELECT approx_error FROM variant_summary WHERE structure = "
                                  "'csr' AND backend = 'costscope'")),
              0.1);
    // Every timed iteration is stored.
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM variant_summary v WHERE status = 'ok' AND "
                        "iterations != (SELECT COUNT(*) FROM samples s WHERE s.variant_id = "
                        "v.variant_id)"),
              "0");

    if (!probeGpu().usable) {
        const auto gpu = db.rows("SELECT status, reason FROM variant_summary WHERE device = 'gpu'");
        ASSERT_FALSE(gpu.empty());
        for (const auto& row : gpu) {
            EXPECT_EQ(row[0], "skipped");
            EXPECT_EQ(row[1], probeGpu().reason);
        }
    }
    // The summary table on stdout names every variant.
    for (const auto& row : cpu)
        EXPECT_NE(result.out.find(row[0]), std::string::npos) << row[0];
}

TEST_F(RecorderEndToEnd, EveryVariantsPeakMemoryHoldsItsOwnOperands) {
    // Three variants of one shape in a row, in three rounds each: each allocates W, X and C
    // (3 x 256 KiB here, below the mmap threshold, so from the heap) after the one before freed
    // the same amount. Memory a variant freed and glibc kept must not hide the next one's.
    const auto suite = write("mem.json", R"({ "name": "mem",
  "measure": { "warmup": 1, "min_iterations": 3, "min_time": 0.01 },
  "workloads": [ { "family": "gemm", "precisions": ["fp32", "bf16"], "devices": ["cpu"],
                   "sizes": [256] } ] })");
    const auto out = dir_ / "mem.sqlite";
    const auto result = record({"--suite", suite, "--out", out});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const Database db(out);
    const auto rows = db.rows(
        "SELECT name, peak_mem_bytes FROM variant_summary WHERE status = 'ok' ORDER BY name");
    ASSERT_EQ(rows.size(), 3u);
    constexpr double kOperands = 3.0 * 256 * 256 * 4;
    for (const auto& row : rows) {
        SCOPED_TRACE(row[0]);
        ASSERT_FALSE(row[1].empty());
        const double peak = std::stod(row[1]);
        EXPECT_GE(peak, kOperands * 0.95);
        EXPECT_LT(peak, kOperands * 20);
    }
}

TEST_F(RecorderEndToEnd, AProductLargerThanTheMachineIsSkippedBeforeAnyAllocation) {
    // 10^6 x 10^6 x 10^6: 33,000 GiB of operands. Refused before allocating, with the reason,
    // where an overcommitting machine would otherwise hand out the memory and kill on touch.
    const auto suite = write("huge.json", R"({ "workloads": [ { "family": "gemm",
        "precisions": ["fp32"], "devices": ["cpu"], "sizes": [1000000] } ] })");
    const auto out = dir_ / "huge.sqlite";
    const auto result = record({"--suite", suite, "--out", out, "--min-time", "0.01"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const Database db(out);
    const auto rows = db.rows("SELECT status, reason FROM variants ORDER BY id");
    ASSERT_EQ(rows.size(), 2u);
    for (const auto& row : rows) {
        EXPECT_EQ(row[0], "skipped");
        EXPECT_NE(row[1].find("GiB of memory for its operands"), std::string::npos) << row[1];
        EXPECT_NE(row[1].find("more than this machine's"), std::string::npos) << row[1];
    }
}

TEST_F(RecorderEndToEnd, RecordingAgainIntoTheSameFileAddsARun) {
    const auto suite = write("tiny.json", kTinySuite);
    const auto out = dir_ / "twice.sqlite";
    ASSERT_EQ(record({"--suite", suite, "--out", out, "--only", "gemm/*", "-q"}).exitCode, 0);
    ASSERT_EQ(record({"--suite", suite, "--out", out, "--only", "quantized/*", "-q"}).exitCode, 0);
    const Database db(out);
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM runs WHERE status = 'complete'"), "2");
    EXPECT_EQ(db.scalar("SELECT COUNT(DISTINCT run_id) FROM variant_summary"), "2");
}

TEST_F(RecorderEndToEnd, MachineProgressIsOneParseableLinePerStartAndEnd) {
    const auto suite = write("tiny.json", kTinySuite);
    const auto out = dir_ / "machine.sqlite";
    const auto result = record({"--suite", suite, "--out", out, "--only", "gemm/*/cpu/*",
                                "--progress", "machine", "--rounds", "1"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    // gemm fp32 on the CPU: openblas and onednn, each started then stored (one round: a step
    // per variant; with R rounds the steps count R per variant).
    std::vector<std::string> events;
    std::istringstream lines(result.err);
    for (std::string line; std::getline(lines, line);) {
        EXPECT_NE(line.front(), '[') << "a human progress line in machine mode: " << line;
        if (line.rfind("progress ", 0) == 0)
            events.push_back(line);
    }
    ASSERT_EQ(events.size(), 4u) << result.err;
    EXPECT_EQ(events[0], "progress 1 2 running gemm/fp32/openblas/cpu/33x17x65");
    EXPECT_EQ(events[1], "progress 1 2 ok gemm/fp32/openblas/cpu/33x17x65");
    EXPECT_EQ(events[2], "progress 2 2 running gemm/fp32/onednn/cpu/33x17x65");
    EXPECT_EQ(events[3], "progress 2 2 ok gemm/fp32/onednn/cpu/33x17x65");
}

TEST_F(RecorderEndToEnd, ListPrintsTheSelectedVariantsAndWritesNothing) {
    const auto suite = write("tiny.json", kTinySuite);
    auto tinyRecordings = [] {
        int count = 0;
        if (fs::is_directory("recordings"))
            for (const auto& entry : fs::directory_iterator("recordings"))
                count += entry.path().filename().string().rfind("tiny-", 0) == 0;
        return count;
    };
    const int before = tinyRecordings();
    const auto result =
        record({"--suite", suite, "--list", "--devices", "cpu", "--only", "pruned/*"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    EXPECT_NE(result.out.find("pruned/csr90/librsb/cpu/64x64x64"), std::string::npos);
    EXPECT_NE(result.out.find("pruned/2:4/costscope/cpu/64x64x64"), std::string::npos);
    EXPECT_EQ(result.out.find("gemm/"), std::string::npos);
    EXPECT_EQ(tinyRecordings(), before) << "--list must not create a recording";
}

class RecorderInterrupt : public RecorderEndToEnd, public ::testing::WithParamInterface<int> {};

TEST_P(RecorderInterrupt, KeepsFinishedVariantsAndMarksTheRunInterrupted) {
    const auto suite = write("long.json", kLongSuite);
    const auto out = dir_ / "interrupted.sqlite";
    Subprocess recorder({COSTSCOPE_RECORD_EXE, "--suite", suite, "--out", out, "--rounds", "1"});
    // Non-terminal stderr: one line per finished variant; wait for two of them.
    ASSERT_TRUE(recorder.waitForErrLine("[ 2/24] ok", 120)) << "no second variant finished";
    recorder.signal(GetParam());
    const auto result = recorder.finish();
    EXPECT_EQ(result.exitCode, 130) << result.err;
    EXPECT_NE(result.err.find("interrupted"), std::string::npos) << result.err;

    const Database db(out);
    EXPECT_EQ(db.scalar("SELECT status FROM runs"), "interrupted");
    EXPECT_EQ(db.scalar("SELECT count(*) FROM timeline_cache"), "0");  // Ctrl-C stops at once
    const int kept = std::stoi(db.scalar("SELECT COUNT(*) FROM variants"));
    EXPECT_GE(kept, 2);
    EXPECT_LT(kept, 24);
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM variants WHERE status != 'ok'"), "0");
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM variant_summary v WHERE iterations != (SELECT "
                        "COUNT(*) FROM samples s WHERE s.variant_id = v.variant_id)"),
              "0");
}

TEST_P(RecorderInterrupt, InTheLastRoundKeepsEveryVariantWithTheRoundsItHad) {
    const auto suite = write("long.json", kLongSuite);
    const auto out = dir_ / "rounds.sqlite";
    Subprocess recorder({COSTSCOPE_RECORD_EXE, "--suite", suite, "--out", out, "--rounds", "3"});
    // A line per variant once its last round is stored: two of them mean round 3 is under way.
    ASSERT_TRUE(recorder.waitForErrLine("[ 2/24] ok", 180)) << "round 3 did not start";
    recorder.signal(GetParam());
    const auto result = recorder.finish();
    EXPECT_EQ(result.exitCode, 130) << result.err;
    const Database db(out);
    EXPECT_EQ(db.scalar("SELECT status FROM runs"), "interrupted");
    // Every variant was stored after its first round and kept what it measured since.
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM variants WHERE status = 'ok'"), "24");
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM variants WHERE rounds < 2"), "0");
    EXPECT_NE(db.scalar("SELECT COUNT(*) FROM variants WHERE rounds = 2"), "0");
    EXPECT_NE(db.scalar("SELECT COUNT(*) FROM variants WHERE rounds = 3"), "0");
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM variants v WHERE rounds != (SELECT COUNT(*) FROM "
                        "variant_rounds r WHERE r.variant_id = v.id)"),
              "0");
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM variant_summary v WHERE iterations != (SELECT "
                        "COUNT(*) FROM samples s WHERE s.variant_id = v.variant_id)"),
              "0");
}

INSTANTIATE_TEST_SUITE_P(Signals, RecorderInterrupt, ::testing::Values(SIGINT, SIGTERM),
                         [](const auto& param) {
                             return param.param == SIGINT ? "SIGINT" : "SIGTERM";
                         });

TEST_F(RecorderEndToEnd, APriceListGivesEachVariantItsCostAndEnergyIsMeasuredOrExplained) {
    const auto prices = write("prices.json",
                              R"({"currency": "EUR", "per_kwh": 0.36,
                                  "devices": [{"kind": "cpu", "per_hour": 3.6}]})");
    const auto out = dir_ / "priced.sqlite";
    const auto result = record({"--suite", "quick", "--only", "gemm/fp32/*/cpu/*", "--devices",
                                "cpu", "--out", out, "--prices", prices, "--rounds", "1"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const Database db(out);
    EXPECT_EQ(db.scalar("SELECT price_per_hour || ' ' || price_per_kwh || ' ' || currency "
                        "FROM devices WHERE kind = 'cpu'"),
              "3.6 0.36 EUR");
    // At 3.60 an hour a million calls cost as many euros as a call takes milliseconds.
    const auto rows =
        db.rows("SELECT name, median_ms, cost_per_million_calls, currency FROM variant_summary");
    ASSERT_EQ(rows.size(), 2u);
    for (const auto& row : rows) {
        SCOPED_TRACE(row[0]);
        EXPECT_NEAR(std::stod(row[2]), std::stod(row[1]), 1e-9 * std::stod(row[1]));
        EXPECT_EQ(row[3], "EUR");
    }
    EXPECT_NE(result.out.find("EUR/1M calls"), std::string::npos) << result.out;

    // Energy: measured where this machine's RAPL counters can be read, else the reason, once.
    const std::string note = db.scalar("SELECT energy_note FROM devices WHERE kind = 'cpu'");
    const auto energy = db.rows("SELECT source, joules_per_call, note FROM variant_energy");
    ASSERT_EQ(energy.size(), 2u);
    if (!note.empty()) {
        EXPECT_NE(note.find("CPU energy not measured"), std::string::npos) << note;
        for (const auto& row : energy) {
            EXPECT_EQ(row[0], "");
            EXPECT_EQ(row[1], "NULL");
            EXPECT_EQ(row[2], note);
        }
        EXPECT_NE(result.err.find(note), std::string::npos) << result.err;
    } else {
        for (const auto& row : energy) {
            EXPECT_EQ(row[0], "rapl");
            EXPECT_GT(std::stod(row[1]), 0.0);
        }
    }
}

TEST_F(RecorderEndToEnd, NoEnergyMeasuresNone) {
    const auto out = dir_ / "plain.sqlite";
    const auto result = record({"--suite", "quick", "--only", "gemm/fp32/openblas/cpu/*",
                                "--devices", "cpu", "--out", out, "--rounds", "1", "--no-energy"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const Database db(out);
    EXPECT_EQ(db.scalar("SELECT count(*) FROM variant_energy"), "0");
    EXPECT_EQ(db.scalar("SELECT energy_note FROM devices"), "");
    EXPECT_EQ(result.err.find("energy"), std::string::npos) << result.err;
}

TEST_F(RecorderEndToEnd, APriceListNamingNoDeviceHereIsAUsageErrorBeforeAnythingIsWritten) {
    const auto prices = write("prices.json",
                              "{\"devices\": [\n  {\"kind\": \"cpu\", \"per_hour\": 1},\n"
                              "  {\"kind\": \"gpu\", \"name\": \"No Such GPU 9000\", "
                              "\"per_hour\": 3}\n]}\n");
    const auto out = dir_ / "x.sqlite";
    const auto result = record({"--suite", "quick", "--out", out, "--prices", prices});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find(prices.string() + ":3:"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("names no device of this machine"), std::string::npos) << result.err;
    EXPECT_FALSE(fs::exists(out));
}

TEST_F(RecorderEndToEnd, UnknownSuiteIsAUsageErrorThatListsTheBuiltIns) {
    const auto result = record({"--suite", "nope", "--out", dir_ / "x.sqlite"});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find("quick"), std::string::npos) << result.err;
    EXPECT_FALSE(fs::exists(dir_ / "x.sqlite"));
}

TEST_F(RecorderEndToEnd, MalformedSuiteNamesFileAndLine) {
    const auto suite = write("broken.json",
                             "{\n  \"name\": \"broken\",\n  \"workloads\": [\n    {\"family\": "
                             "\"gemm\", \"sizes\": [64],}\n  ]\n}\n");
    const auto result = record({"--suite", suite, "--out", dir_ / "x.sqlite"});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find(suite.string() + ":4"), std::string::npos) << result.err;
}

TEST_F(RecorderEndToEnd, StructuredPruningThatLeavesNoFeatureIsRefusedBeforeAnyMeasurement) {
    const auto suite = write("struct.json",
                             "{\n  \"name\": \"struct\",\n  \"workloads\": [\n"
                             "    {\"family\": \"gemm\", \"sizes\": [64]},\n"
                             "    {\"family\": \"pruned\", \"structures\": [\"struct\"],\n"
                             "     \"sparsities\": [0.5, 0.999], \"sizes\": [64]}\n  ]\n}\n");
    const auto out = dir_ / "x.sqlite";
    const auto result = record({"--suite", suite, "--out", out});
    EXPECT_EQ(result.exitCode, 2);
    // The file and line of the entry, the key, and the range allowed.
    EXPECT_NE(result.err.find(suite.string() + ":6"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("/workloads/1/sparsities"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("must lie in [0, 1) and below 0.992188 for m = 64"),
              std::string::npos)
        << result.err;
    EXPECT_FALSE(fs::exists(out));
}

TEST_F(RecorderEndToEnd, UnknownKeyInSuiteNamesTheKey) {
    const auto suite = write("typo.json",
                             "{\n  \"name\": \"typo\",\n  \"workloads\": [\n    {\"family\": "
                             "\"gemm\",\n     \"sizez\": [64]}\n  ]\n}\n");
    const auto result = record({"--suite", suite, "--out", dir_ / "x.sqlite"});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find(suite.string() + ":5"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("sizez"), std::string::npos) << result.err;
}

TEST_F(RecorderEndToEnd, RefusesAnOutputThatIsNotARecordingAndLeavesItAlone) {
    const auto suite = write("tiny.json", kTinySuite);
    const auto text = write("notes.sqlite", "these are my notes, not a database\n");
    const auto foreign = dir_ / "foreign.sqlite";
    {
        sqlite3* db = nullptr;
        sqlite3_open(foreign.c_str(), &db);
        sqlite3_exec(db,
                     "CREATE TABLE accounts(id INTEGER, balance REAL); INSERT INTO accounts VALUES "
                     "(1, 2.5);",
                     nullptr, nullptr, nullptr);
        sqlite3_close(db);
    }
    for (const auto& path : {text, foreign}) {
        SCOPED_TRACE(path.string());
        const auto before = slurp(path);
        const auto result = record({"--suite", suite, "--out", path, "--devices", "cpu"});
        EXPECT_EQ(result.exitCode, 2);
        EXPECT_NE(result.err.find(path.string()), std::string::npos) << result.err;
        EXPECT_EQ(slurp(path), before) << "the file was modified";
    }
}

TEST_F(RecorderEndToEnd, UnwritableOutputIsAClearUsageError) {
    const auto suite = write("tiny.json", kTinySuite);
    const auto out = dir_ / "no-such-dir" / "x.sqlite";
    const auto result = record({"--suite", suite, "--out", out});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find(out.string()), std::string::npos) << result.err;
}

TEST_F(RecorderEndToEnd, BadOptionIsAUsageError) {
    const auto result = record({"--frobnicate"});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find("--frobnicate"), std::string::npos);
    EXPECT_NE(result.err.find("--help"), std::string::npos);
}

TEST_F(RecorderEndToEnd, TrainOnlyWithoutTheDatasetIsAUsageErrorNamingWhatToInstall) {
    const auto missing = dir_ / "no-fashion-mnist";
    ::setenv("COSTSCOPE_FASHION_MNIST", missing.c_str(), 1);
    ::setenv("XDG_CACHE_HOME", (dir_ / "cache").c_str(), 1);
    const auto result = record({"--train-only"});
    ::unsetenv("COSTSCOPE_FASHION_MNIST");
    ::unsetenv("XDG_CACHE_HOME");
    EXPECT_EQ(result.exitCode, 2) << result.err;
    EXPECT_NE(result.err.find(missing.string()), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("dataset-fashion-mnist"), std::string::npos) << result.err;
    EXPECT_TRUE(result.out.empty()) << result.out;
}

// Trains the model zoo into the user's cache the first time (about 90 s on two cores), then
// loads it: the same cache the slow model tests use.
TEST_F(RecorderEndToEnd, ModelVariantsStoreTheirAccuracyAndWhereTheWeightsCameFrom) {
    const auto suite = write("models.json", R"({
  "name": "models",
  "measure": { "warmup": 1, "min_iterations": 3, "min_time": 0.01 },
  "workloads": [ { "family": "mlp", "models": ["dense", "int8"], "devices": ["cpu"],
                   "batches": [1] } ]
})");
    const auto out = dir_ / "models.sqlite";
    const auto result = record({"--suite", suite, "--out", out});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const Database db(out);
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM variant_summary WHERE family = 'mlp' AND "
                        "status = 'ok' AND accuracy > 0.88"),
              "3");
    const auto source = db.rows("SELECT trained, cache_file, settings_key FROM mlp_training");
    ASSERT_EQ(source.size(), 1u);
    EXPECT_NE(source[0][1], "");
    EXPECT_NE(source[0][2], "");
    EXPECT_NE(result.out.find("accuracy"), std::string::npos) << result.out;
}

TEST_F(RecorderEndToEnd, GpuRequestedWithoutAGpuStoresSkippedRowsWithCudasReason) {
    const GpuProbe gpu = probeGpu();
    if (gpu.usable)
        GTEST_SKIP() << "a GPU is present: this checks the path without one";
    const auto suite = write("tiny.json", kTinySuite);
    const auto out = dir_ / "gpu.sqlite";
    const auto result = record({"--suite", suite, "--out", out, "--devices", "gpu"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const Database db(out);
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM variant_summary WHERE status != 'skipped'"), "0");
    EXPECT_EQ(db.scalar("SELECT DISTINCT reason FROM variant_summary"), gpu.reason);
    EXPECT_FALSE(gpu.reason.empty());
    // The collector never ran: the run says so, counts nothing and holds no GPU rows.
    EXPECT_EQ(db.scalar("SELECT cupti_enabled || ' ' || cupti_note FROM runs"), "0 no usable GPU");
    EXPECT_EQ(db.scalar("SELECT cupti_dropped_records FROM runs"), "NULL");
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM CUPTI_ACTIVITY_KIND_KERNEL"), "0");
}

// Sets (or, with nullopt, unsets) environment variables for one test and puts them back.
class ScopedEnvironment {
  public:
    ScopedEnvironment(
        std::initializer_list<std::pair<const char*, std::optional<std::string>>> set) {
        for (const auto& [name, value] : set) {
            const char* old = std::getenv(name);
            saved_.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
            if (value)
                setenv(name, value->c_str(), 1);
            else
                unsetenv(name);
        }
    }
    ~ScopedEnvironment() {
        for (const auto& [name, value] : saved_) {
            if (value)
                setenv(name, value->c_str(), 1);
            else
                unsetenv(name);
        }
    }
    ScopedEnvironment(const ScopedEnvironment&) = delete;
    ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

  private:
    std::vector<std::pair<const char*, std::optional<std::string>>> saved_;
};

// The CPU row's details, one key.
std::string detail(const Database& db, const std::string& key) {
    return db.scalar("SELECT json_extract(details, '$." + key +
                     "') FROM devices WHERE kind = 'cpu'");
}

bool cpuRunsAvx() {
    std::ifstream cpuinfo("/proc/cpuinfo");
    for (std::string line; std::getline(cpuinfo, line);)
        if (line.rfind("flags", 0) == 0)
            return line.find(" avx ") != std::string::npos;
    return false;
}

TEST_F(RecorderEndToEnd, OpenblasOnOldKernelsIsRestartedOnTheNewestBeforeMeasuring) {
    if (!cpuRunsAvx())
        GTEST_SKIP() << "this CPU runs no kernels newer than SSE: nothing to override";
    // The seam stands in for a library that chose its SSE kernels on this CPU.
    const ScopedEnvironment environment{{"COSTSCOPE_TEST_OPENBLAS_CORE", "Prescott"},
                                        {"OPENBLAS_CORETYPE", std::nullopt}};
    const auto suite = write("tiny.json", kTinySuite);
    const auto out = dir_ / "blas.sqlite";
    const auto result = record({"--suite", suite, "--out", out, "--devices", "cpu"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const Database db(out);
    EXPECT_EQ(detail(db, "openblas_first_choice"), "Prescott");
    EXPECT_EQ(detail(db, "openblas_core_source"), "costscope");
    const std::string core = detail(db, "openblas_core");
    EXPECT_NE(core, "Prescott");
    EXPECT_EQ(detail(db, "openblas_coretype"), core) << "the library took the family asked for";
    EXPECT_NE(detail(db, "openblas_note").find("re-ran itself with OPENBLAS_CORETYPE=" + core),
              std::string::npos);
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM run_warnings WHERE kind = 'blas'"), "0");
    // What was measured ran on it.
    EXPECT_NE(db.scalar("SELECT implementation FROM variant_summary WHERE backend = 'openblas'")
                  .find("OpenBLAS " + core),
              std::string::npos);
    EXPECT_NE(result.err.find("OpenBLAS chose Prescott"), std::string::npos) << result.err;
}

TEST_F(RecorderEndToEnd, KeepingOpenblasChoiceOnRequestLeavesAWarningWithTheRun) {
    if (!cpuRunsAvx())
        GTEST_SKIP() << "this CPU runs no kernels newer than SSE: nothing to keep";
    const ScopedEnvironment environment{{"COSTSCOPE_TEST_OPENBLAS_CORE", "Prescott"},
                                        {"OPENBLAS_CORETYPE", std::nullopt}};
    const auto suite = write("tiny.json", kTinySuite);
    const auto out = dir_ / "kept.sqlite";
    const auto result =
        record({"--suite", suite, "--out", out, "--devices", "cpu", "--keep-blas-choice"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const Database db(out);
    EXPECT_EQ(detail(db, "openblas_core_source"), "library");
    EXPECT_EQ(detail(db, "openblas_first_choice"), "");
    const std::string warning = db.scalar("SELECT message FROM run_warnings WHERE kind = 'blas'");
    EXPECT_NE(warning.find("OpenBLAS chose Prescott"), std::string::npos) << warning;
    EXPECT_NE(warning.find("--keep-blas-choice"), std::string::npos) << warning;
}

TEST_F(RecorderEndToEnd, TheUsersOpenblasCoretypeIsRespectedAndRecorded) {
    if (!cpuRunsAvx())
        GTEST_SKIP() << "Sandybridge kernels need AVX";
    const ScopedEnvironment environment{{"COSTSCOPE_TEST_OPENBLAS_CORE", "Prescott"},
                                        {"OPENBLAS_CORETYPE", "Sandybridge"}};
    const auto suite = write("tiny.json", kTinySuite);
    const auto out = dir_ / "user.sqlite";
    const auto result = record({"--suite", suite, "--out", out, "--devices", "cpu"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const Database db(out);
    EXPECT_EQ(detail(db, "openblas_core_source"), "user");
    EXPECT_EQ(detail(db, "openblas_coretype"), "Sandybridge");
    EXPECT_EQ(detail(db, "openblas_core"), "Sandybridge");
    EXPECT_NE(detail(db, "openblas_note").find("set by the user"), std::string::npos);
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM run_warnings"), "0");
}

TEST_F(RecorderEndToEnd, EveryRoundIsStoredWithItsSamplesAndItsMedian) {
    const auto suite = write("tiny.json", kTinySuite);
    const auto out = dir_ / "rounds.sqlite";
    const auto result =
        record({"--suite", suite, "--out", out, "--devices", "cpu", "--rounds", "4"});
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const Database db(out);
    EXPECT_EQ(db.scalar("SELECT rounds FROM runs"), "4");
    // Every ok variant: four rounds, each with samples, a median and a time span in order.
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM variants WHERE status = 'ok' AND (rounds != 4 OR "
                        "round_spread IS NULL OR rounds_disagree IS NULL)"),
              "0");
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM variants v WHERE status = 'ok' AND (SELECT "
                        "COUNT(DISTINCT round) FROM samples s WHERE s.variant_id = v.id) != 4"),
              "0");
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM variant_rounds r JOIN variants v ON v.id = "
                        "r.variant_id WHERE r.samples != (SELECT COUNT(*) FROM samples s WHERE "
                        "s.variant_id = r.variant_id AND s.round = r.round) OR r.median_ns <= 0 "
                        "OR r.started_ns > r.ended_ns OR r.started_ns < v.started_ns"),
              "0");
    EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM variants WHERE status = 'ok'"),
              db.scalar("SELECT COUNT(*) / 4 FROM variant_rounds"));
}

// Three problems in three places of one file: each is listed with its line and column, in file
// order, and nothing is recorded.
TEST_F(RecorderEndToEnd, ASuiteWithSeveralProblemsListsEveryOneWithLineAndColumn) {
    const auto suite = write("three.json", R"({
  "name": "three",
  "measure": { "warmup": 1, "min_tme": 0.01 },
  "workloads": [
    { "family": "gemm", "devices": ["cpu"], "sizes": [0] },
    { "family": "pruned", "devices": "cpu", "sizes": [64] }
  ]
}
)");
    const auto out = dir_ / "x.sqlite";
    const auto result = record({"--suite", suite, "--out", out});
    EXPECT_EQ(result.exitCode, 2) << result.err;
    const std::string prefix = "costscope-record: " + suite.string();
    const std::vector<std::string> expected{
        prefix + ":3:29: /measure/min_tme: unknown key 'min_tme'; did you mean 'min_time'?",
        prefix + ":5:55: /workloads/0/sizes/0: expected an array of three positive integers",
        prefix + ":6:27: /workloads/1/devices: expected a non-empty array of strings",
    };
    std::size_t from = 0;
    for (const auto& line : expected) {
        const std::size_t at = result.err.find(line, from);
        EXPECT_NE(at, std::string::npos) << "missing or out of order: " << line << "\n"
                                         << result.err;
        if (at != std::string::npos)
            from = at + line.size();
    }
    EXPECT_NE(result.err.find("3 problems in " + suite.string() + "; nothing was recorded"),
              std::string::npos)
        << result.err;
    EXPECT_FALSE(fs::exists(out));
}

TEST_F(RecorderEndToEnd, AMisspeltBuiltinSuiteGetsADidYouMean) {
    const auto result = record({"--suite", "standrd", "--out", dir_ / "x.sqlite"});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find("costscope-record: standrd: no such suite; did you mean "
                              "'standard'? The built-in suites are full, quick, standard"),
              std::string::npos)
        << result.err;
    EXPECT_FALSE(fs::exists(dir_ / "x.sqlite"));
}

// Parse only: --list stops before anything is measured, so no 600 s variant runs.
TEST_F(RecorderEndToEnd, AMinTimeAboveAMinuteIsRefusedUnlessAllowed) {
    const auto suite = write("slow.json", R"({
  "name": "slow",
  "measure": { "warmup": 1, "min_iterations": 3, "min_time": 600 },
  "workloads": [ { "family": "gemm", "precisions": ["fp32"], "devices": ["cpu"], "sizes": [64] } ]
}
)");
    const auto refused = record({"--suite", suite, "--list"});
    EXPECT_EQ(refused.exitCode, 2);
    EXPECT_NE(refused.err.find(suite.string() +
                               ":3:50: /measure/min_time: min_time is in seconds: 600 means at "
                               "least 600 s of timing per variant"),
              std::string::npos)
        << refused.err;
    EXPECT_NE(refused.err.find("--allow-long"), std::string::npos) << refused.err;
    EXPECT_TRUE(refused.out.empty()) << refused.out;

    const auto allowed = record({"--suite", suite, "--list", "--allow-long"});
    ASSERT_EQ(allowed.exitCode, 0) << allowed.err;
    // openblas and onednn, each 600 s timed and 3 warm-up calls of up to 200 s.
    EXPECT_NE(allowed.out.find("estimated wall time: about 40 min 0 s"), std::string::npos)
        << allowed.out;

    // The same limit on the command line.
    const auto tiny = write("tiny.json", kTinySuite);
    const auto option = record({"--suite", tiny, "--list", "--min-time", "600"});
    EXPECT_EQ(option.exitCode, 2);
    EXPECT_NE(option.err.find("--min-time is in seconds: 600 means at least 600 s of timing per "
                              "variant"),
              std::string::npos)
        << option.err;
    EXPECT_EQ(record({"--suite", tiny, "--list", "--min-time", "600", "--allow-long"}).exitCode, 0);
}

// oneDNN held to AVX2 makes this CPU one without VNNI, whatever it is: the INT8 variant is then
// listed as skipped with the reason the runner would store.
TEST_F(RecorderEndToEnd, ListCountsTheVariantsSaysWhichWouldBeSkippedAndEstimatesTheTime) {
    const auto suite = write("tiny.json", kTinySuite);
    const ScopedEnvironment environment{{"ONEDNN_MAX_CPU_ISA", "AVX2"}};
    const auto result = record({"--suite", suite, "--list"});
    ASSERT_EQ(result.exitCode, 0) << result.err;

    std::vector<std::string> names;
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line) && !line.empty();)
        names.push_back(line);
    // Six CPU variants and the GPU ones.
    ASSERT_GT(names.size(), 6u) << result.out;
    std::size_t skipped = 1;  // INT8
    const GpuProbe gpu = probeGpu();
    std::string gpuBlock;
    for (const auto& name : names) {
        if (name.find("/gpu/") != std::string::npos) {
            skipped += gpu.usable ? 0 : 1;
            gpuBlock += "    " + name + '\n';
        }
    }
    EXPECT_NE(
        result.out.find("\n\n" + std::to_string(names.size()) +
                        " variants of suite 'tiny': " + std::to_string(names.size() - skipped) +
                        " to measure, " + std::to_string(skipped) + " to skip on this machine\n"),
        std::string::npos)
        << result.out;
    EXPECT_NE(result.out.find("skipped 1 variant: oneDNN's int8 matmul needs AVX-512 VNNI"),
              std::string::npos)
        << result.out;
    EXPECT_NE(result.out.find(")\n    quantized/int8/onednn/cpu/64x64x64\n"), std::string::npos)
        << result.out;
    if (!gpu.usable) {
        EXPECT_NE(result.out.find(": " + gpu.reason + '\n' + gpuBlock), std::string::npos)
            << result.out;
    }
    EXPECT_NE(result.out.find("estimated wall time: about "), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("(an estimate, not a measurement)\n    based on the time budget "
                              "alone"),
              std::string::npos)
        << result.out;
    EXPECT_NE(result.out.find(std::to_string(names.size() - skipped) +
                              " variants x (min_time 0.01 s + 1 warm-up call x 3 rounds x "
                              "0.00333333 s)"),
              std::string::npos)
        << result.out;
}

}  // namespace
}  // namespace costscope
