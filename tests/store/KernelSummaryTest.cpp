// Recording::kernelSummary against the kernel_summary view it reimplements in C++, and against
// medians and standard deviations computed here from the durations written.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "StoreTestSupport.h"
#include "profiler/store/Recording.h"
#include "profiler/store/SqliteStore.h"

namespace costscope {
namespace {

using test::TempDir;

// The durations written, per run and demangled name: the ground truth for median and stddev.
using Durations = std::map<int64_t, std::map<std::string, std::vector<int64_t>>>;

// The kernel_summary view's rows of a run, read with a plain sqlite3 connection as a user would.
std::vector<KernelSummaryRow> viewRows(const std::filesystem::path& file, int64_t runId) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* select = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db,
                                 "SELECT name, short_name, instances, total_ns, avg_ns, min_ns, "
                                 "max_ns, percent FROM kernel_summary WHERE run_id = ? "
                                 "ORDER BY total_ns DESC, name",
                                 -1, &select, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_bind_int64(select, 1, runId);
    std::vector<KernelSummaryRow> rows;
    while (sqlite3_step(select) == SQLITE_ROW) {
        auto text = [&](int column) {
            return std::string(reinterpret_cast<const char*>(sqlite3_column_text(select, column)));
        };
        rows.push_back(KernelSummaryRow{
            .name = text(0),
            .shortName = text(1),
            .instances = sqlite3_column_int64(select, 2),
            .totalNs = sqlite3_column_int64(select, 3),
            .avgNs = sqlite3_column_double(select, 4),
            .minNs = sqlite3_column_int64(select, 5),
            .maxNs = sqlite3_column_int64(select, 6),
            // A run whose kernels sum to 0 ns divides by zero: NULL, which the reader gives as 0.
            .percent = sqlite3_column_type(select, 7) == SQLITE_NULL
                           ? 0.0
                           : sqlite3_column_double(select, 7)});
    }
    sqlite3_finalize(select);
    sqlite3_close(db);
    return rows;
}

double median(std::vector<int64_t> values) {
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 == 1 ? double(values[n / 2])
                      : (double(values[n / 2 - 1]) + double(values[n / 2])) / 2.0;
}

// Two-pass sample standard deviation in long double: independent of the reader's arithmetic.
double stddev(const std::vector<int64_t>& values) {
    if (values.size() < 2) {
        return 0.0;
    }
    long double mean = 0;
    for (const int64_t v : values) {
        mean += v;
    }
    mean /= values.size();
    long double squares = 0;
    for (const int64_t v : values) {
        squares += (v - mean) * (v - mean);
    }
    return double(std::sqrt(squares / (values.size() - 1)));
}

void expectRelative(double got, double want, const char* what) {
    EXPECT_LE(std::abs(got - want), 1e-9 * std::max(1.0, std::abs(want)))
        << what << ": got " << got << ", want " << want;
}

// One kernel launch of name `name` (an index into batch.strings) and configuration `grid`:
// launches with the same name but another grid are another kernel_configs row.
void launch(ActivityBatch& batch, int64_t& clock, uint32_t name, int32_t grid, int64_t ns) {
    KernelRow k;
    k.start = clock;
    k.end = clock + ns;
    k.demangledName = name;
    k.shortName = name + 1;
    k.gridX = grid;
    k.blockX = 128;
    batch.kernels.push_back(k);
    clock += std::max<int64_t>(ns, 0) + 1000;
}

TEST(KernelSummaryTest, DurationsADamagedFileMakesHugeHoldTheTotalsAtTheLimit) {
    // Found by tests/fuzz/RecordingValuesFuzzer.cpp: two launches whose end - start is the most
    // negative int64 overflowed the name's total (undefined behaviour). Totals now saturate.
    TempDir dir;
    const auto file = dir.file("huge.costscope");
    const std::vector<std::string> strings = {"", "void k()", "k"};
    int64_t runId = 0;
    {
        SqliteStore store(file);
        runId = store.beginRun(test::sampleRun());
        ActivityBatch batch;
        batch.strings = strings;
        int64_t clock = 1'000;
        launch(batch, clock, 1, 1, 10);
        launch(batch, clock, 1, 1, 10);
        store.addActivity(batch);
        store.endRun(RunStatus::Complete, "");
    }
    const std::pair<const char*, int64_t> cases[] = {
        {"UPDATE kernel_launches SET start = 9223372036854775807, end = 0",
         std::numeric_limits<int64_t>::min()},
        {"UPDATE kernel_launches SET start = 0, end = 9223372036854775807",
         std::numeric_limits<int64_t>::max()}};
    for (const auto& [sql, total] : cases) {
        SCOPED_TRACE(sql);
        test::rawExec(file, sql);
        const std::vector<KernelSummaryRow> rows = Recording(file).kernelSummary(runId);
        ASSERT_EQ(rows.size(), 1u);
        EXPECT_EQ(rows[0].instances, 2);
        EXPECT_EQ(rows[0].totalNs, total);
    }
}

TEST(KernelSummaryTest, MatchesTheViewWithMediansAndStddevsPerName) {
    TempDir dir;
    const auto file = dir.file("summary.costscope");
    // Names and their short names: index i is a demangled name, i + 1 its short name.
    const std::vector<std::string> strings = {"",     "void gemm<float>(int, int)",
                                              "gemm", "void relu<float>(float*)",
                                              "relu", "void fill()",
                                              "fill", "void tieB()",
                                              "tieB", "void tieA()",
                                              "tieA"};
    constexpr uint32_t gemm = 1, relu = 3, fill = 5, tieB = 7, tieA = 9;
    std::mt19937_64 random(7);
    std::uniform_int_distribution<int64_t> spread(1'000, 900'000);

    Durations written;
    std::vector<int64_t> runIds;
    {
        SqliteStore store(file);
        // Three runs: names shared between runs, several configurations per name, odd and
        // even instance counts, launches in variants and outside any, a negative duration.
        for (int r = 0; r < 3; ++r) {
            const int64_t runId = store.beginRun(test::sampleRun());
            runIds.push_back(runId);
            int64_t clock = 1'000'000'000;
            auto add = [&](ActivityBatch& batch, uint32_t name, int32_t grid, int64_t ns) {
                launch(batch, clock, name, grid, ns);
                written[runId][strings[name]].push_back(ns);
            };
            for (int v = 0; v < 3; ++v) {
                ActivityBatch batch;
                batch.strings = strings;
                // gemm over three configurations: 3 * (20 + r + v) launches, odd or even.
                for (int i = 0; i < 20 + r + v; ++i) {
                    for (int32_t grid : {16, 32, 64}) {
                        add(batch, gemm, grid + r, spread(random));
                    }
                }
                // relu over two configurations: 2 * (5 + v) + r launches.
                for (int i = 0; i < 5 + v; ++i) {
                    add(batch, relu, 8, spread(random) / 10);
                    add(batch, relu, 9, spread(random) / 10);
                }
                for (int i = 0; i < r; ++i) {
                    add(batch, relu, 10, 777);
                }
                store.addVariant(test::gpuVariant(batch));
            }
            ActivityBatch outside;  // the run's own activity, outside any variant
            outside.strings = strings;
            add(outside, fill, 1, 5'000);  // one instance: stddev 0
            add(outside, tieB, 1, 4'321);  // equal totals: sorted by name
            add(outside, tieA, 1, 4'321);
            if (r == 1) {
                add(outside, gemm, 99, -250);  // end before start: counted as the view does
            }
            store.addActivity(outside);
            store.endRun(RunStatus::Complete, "");
        }
        // A run whose kernels take 0 ns in all: the view's percent is NULL.
        const int64_t runId = store.beginRun(test::sampleRun());
        runIds.push_back(runId);
        ActivityBatch batch;
        batch.strings = strings;
        int64_t clock = 5'000'000'000;
        for (int i = 0; i < 4; ++i) {
            launch(batch, clock, relu, 8, 0);
            written[runId][strings[relu]].push_back(0);
        }
        store.addActivity(batch);
        store.endRun(RunStatus::Complete, "");
    }
    // Launches the view's inner join leaves out or places elsewhere: one whose configuration
    // does not exist (dropped), and one of the third run pointing at a configuration of the
    // first (counted in the third run, under that configuration's name).
    const std::string first = std::to_string(runIds[0]);
    const std::string third = std::to_string(runIds[2]);
    test::rawExec(file,
                  "INSERT INTO kernel_launches (start, end, streamId, gridId, configId, runId) "
                  "VALUES (10, 20, 1, 1, 999999, " +
                      first +
                      "), (30, 1030, 1, 1, (SELECT min(id) FROM kernel_configs WHERE runId = " +
                      first + "), " + third + ")");
    const int64_t borrowed =
        test::rawQueryInt(file, "SELECT demangledName FROM kernel_configs WHERE runId = " + first +
                                    " ORDER BY id LIMIT 1");
    written[runIds[2]][test::rawQueryText(file, "SELECT value FROM StringIds WHERE id = " +
                                                    std::to_string(borrowed))]
        .push_back(1000);

    const Recording recording(file);
    for (const int64_t runId : runIds) {
        SCOPED_TRACE("run " + std::to_string(runId));
        const std::vector<KernelSummaryRow> got = recording.kernelSummary(runId);
        const std::vector<KernelSummaryRow> want = viewRows(file, runId);
        ASSERT_EQ(got.size(), want.size());
        ASSERT_EQ(got.size(), written[runId].size());
        for (size_t i = 0; i < got.size(); ++i) {
            const KernelSummaryRow& g = got[i];
            const KernelSummaryRow& w = want[i];
            SCOPED_TRACE("row " + std::to_string(i) + ": " + w.name);
            EXPECT_EQ(g.name, w.name);
            EXPECT_EQ(g.shortName, w.shortName);
            EXPECT_EQ(g.instances, w.instances);
            EXPECT_EQ(g.totalNs, w.totalNs);
            EXPECT_EQ(g.minNs, w.minNs);
            EXPECT_EQ(g.maxNs, w.maxNs);
            expectRelative(g.avgNs, w.avgNs, "avg");
            expectRelative(g.percent, w.percent, "percent");
            const std::vector<int64_t>& durations = written[runId][w.name];
            ASSERT_EQ(int64_t(durations.size()), w.instances);
            expectRelative(g.medianNs, median(durations), "median");
            expectRelative(g.stddevNs, stddev(durations), "stddev");
        }
    }

    // The data covers what it claims: odd and even counts, shared names, the tie, the zero run.
    const std::vector<KernelSummaryRow> firstRun = recording.kernelSummary(runIds[0]);
    ASSERT_EQ(firstRun.size(), 5u);
    EXPECT_EQ(firstRun[0].name, strings[gemm]);
    EXPECT_EQ(firstRun[0].instances, 3 * (20 + 21 + 22));  // odd, over three configurations
    EXPECT_EQ(firstRun[1].instances, 2 * (5 + 6 + 7));     // even, over two
    EXPECT_EQ(firstRun[3].name, strings[tieA]);
    EXPECT_EQ(firstRun[4].name, strings[tieB]);
    EXPECT_EQ(firstRun[3].totalNs, firstRun[4].totalNs);
    EXPECT_DOUBLE_EQ(firstRun[2].stddevNs, 0.0);
    EXPECT_EQ(recording.kernelSummary(runIds[1])[0].minNs, -250);
    EXPECT_EQ(recording.kernelSummary(runIds[2])[0].instances, 3 * (22 + 23 + 24) + 1);
    const std::vector<KernelSummaryRow> zero = recording.kernelSummary(runIds[3]);
    ASSERT_EQ(zero.size(), 1u);
    EXPECT_EQ(zero[0].percent, 0.0);
    EXPECT_TRUE(recording.kernelSummary(runIds.back() + 1).empty());
}

}  // namespace
}  // namespace costscope
