// TimelineCache and the reads of a zoomed-in window: a cache written is read back equal to the
// summary of the rows; a stale, damaged or foreign-version cache is ignored; a window holds the
// rows between its rowids and nothing else.
#include "profiler/store/TimelineCache.h"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include "profiler/store/ReadBudget.h"
#include "profiler/store/Recording.h"
#include "profiler/store/SqliteConnection.h"
#include "profiler/store/SqliteStatement.h"
#include "profiler/store/SqliteStore.h"
#include "profiler/store/TimelineRows.h"
#include "tests/store/StoreTestSupport.h"

namespace costscope {
namespace {

using Kind = TimelineLaneSummary::Kind;
using test::TempDir;

class TimelineCacheTest : public ::testing::Test {
  protected:
    // Two runs of three GPU variants each: 12 kernels, 6 copies and 3 memsets a run.
    void SetUp() override {
        file_ = dir_.file("run.sqlite");
        SqliteStore store(file_);
        for (int run = 0; run < 2; ++run) {
            store.beginRun(test::sampleRun());
            for (int v = 0; v < 3; ++v) {
                store.addVariant(test::gpuVariant(test::sampleActivity(run * 3 + v)));
            }
            store.endRun(RunStatus::Complete, "");
            runs_.push_back(Recording(file_).runs().back().id);
        }
    }

    // Writes the run's cache as the GUI does: summary and source from all its rows.
    void writeCache(int64_t runId) {
        const Recording recording(file_);
        const TimelineRows rows = recording.timeline(runId);
        const std::vector<KernelSummaryRow> kernels = recording.kernelSummary(runId);
        SqliteConnection db(file_.string(), SQLITE_OPEN_READWRITE);
        db.exec("BEGIN");
        TimelineCache::write(db, runId, TimelineSummary::of(rows),
                             TimelineCache::sourceOf(rows, db), kernels);
        db.exec("COMMIT");
    }

    std::optional<TimelineSummary> cached(int64_t runId) const {
        return Recording(file_).timelineSummary(runId);
    }

    TempDir dir_;
    std::filesystem::path file_;
    std::vector<int64_t> runs_;
};

TEST_F(TimelineCacheTest, ARunWithoutACacheHasNone) {
    EXPECT_FALSE(cached(runs_[0]).has_value());
}

TEST_F(TimelineCacheTest, AWrittenCacheReadsBackAsTheSummaryOfTheRows) {
    writeCache(runs_[1]);
    const auto summary = cached(runs_[1]);
    ASSERT_TRUE(summary.has_value());
    const TimelineSummary expected = TimelineSummary::of(Recording(file_).timeline(runs_[1]));
    ASSERT_EQ(summary->lanes.size(), expected.lanes.size());
    EXPECT_EQ(summary->lanes, expected.lanes);
    EXPECT_FALSE(cached(runs_[0]).has_value());  // each run its own
    writeCache(runs_[1]);                        // written again: replaced, not doubled
    EXPECT_EQ(cached(runs_[1])->lanes, expected.lanes);
}

TEST_F(TimelineCacheTest, ACacheWhoseRowsChangedIsIgnored) {
    writeCache(runs_[1]);
    ASSERT_TRUE(cached(runs_[1]).has_value());
    // A kernel of the last run added after the cache was written.
    test::rawExec(file_,
                  "INSERT INTO kernel_launches (start, end, streamId, gridId, configId, "
                  "runId) SELECT start, end, streamId, gridId, configId, runId FROM "
                  "kernel_launches WHERE runId = " +
                      std::to_string(runs_[1]) + " LIMIT 1");
    EXPECT_FALSE(cached(runs_[1]).has_value());

    writeCache(runs_[0]);
    ASSERT_TRUE(cached(runs_[0]).has_value());
    // Its last copy deleted.
    test::rawExec(file_,
                  "DELETE FROM CUPTI_ACTIVITY_KIND_MEMCPY WHERE rowid = (SELECT max(rowid) "
                  "FROM CUPTI_ACTIVITY_KIND_MEMCPY WHERE runId = " +
                      std::to_string(runs_[0]) + ")");
    EXPECT_FALSE(cached(runs_[0]).has_value());
}

TEST_F(TimelineCacheTest, BuildReadsTheRunsRowsAndWritesTheirSummary) {
    EXPECT_EQ(TimelineCache::build(file_, runs_[1]), "");
    const auto summary = cached(runs_[1]);
    ASSERT_TRUE(summary.has_value());
    EXPECT_EQ(summary->lanes, TimelineSummary::of(Recording(file_).timeline(runs_[1])).lanes);
    EXPECT_FALSE(cached(runs_[0]).has_value());
    // What keeps it from writing is said, not thrown.
    EXPECT_NE(TimelineCache::build(dir_.file("missing.sqlite"), runs_[0]), "");
}

TEST_F(TimelineCacheTest, ARunAppendedAfterTheCacheLeavesItValid) {
    writeCache(runs_[0]);
    {
        SqliteStore store(file_);
        store.beginRun(test::sampleRun());
        store.addVariant(test::gpuVariant(test::sampleActivity(9)));
        store.endRun(RunStatus::Complete, "");
    }
    const auto summary = cached(runs_[0]);
    ASSERT_TRUE(summary.has_value());
    EXPECT_EQ(summary->lanes, TimelineSummary::of(Recording(file_).timeline(runs_[0])).lanes);
}

TEST_F(TimelineCacheTest, ADamagedOrOtherVersionCacheIsIgnored) {
    writeCache(runs_[0]);
    test::rawExec(file_, "UPDATE timeline_cache SET version = version + 1");
    EXPECT_FALSE(cached(runs_[0]).has_value());

    writeCache(runs_[0]);
    test::rawExec(file_,
                  "UPDATE timeline_lanes SET summary = substr(summary, 1, 20) WHERE lane = 0");
    EXPECT_FALSE(cached(runs_[0]).has_value());

    writeCache(runs_[0]);
    test::rawExec(file_, "DELETE FROM timeline_lanes WHERE lane = 1");  // spans missing
    EXPECT_FALSE(cached(runs_[0]).has_value());

    writeCache(runs_[0]);
    test::rawExec(file_, "UPDATE timeline_cache SET kernels = kernels + 1");
    EXPECT_FALSE(cached(runs_[0]).has_value());
}

TEST_F(TimelineCacheTest, DeletingARunDeletesItsCache) {
    writeCache(runs_[0]);
    test::rawExec(
        file_, "PRAGMA foreign_keys = ON; DELETE FROM runs WHERE id = " + std::to_string(runs_[0]));
    EXPECT_EQ(test::rawQueryInt(file_, "SELECT count(*) FROM timeline_cache"), 0);
    EXPECT_EQ(test::rawQueryInt(file_, "SELECT count(*) FROM timeline_lanes"), 0);
}

TEST_F(TimelineCacheTest, AWindowHoldsTheRowsBetweenItsRowidsOfItsRunAndKind) {
    const Recording recording(file_);
    const TimelineRows all = recording.timeline(runs_[1]);
    ASSERT_EQ(all.kernels.size(), 12u);
    const int64_t first = all.kernels.rowId[3];
    const int64_t last = all.kernels.rowId[8];
    const TimelineRows window = recording.timelineWindow(
        runs_[1], {.kind = Kind::Kernel, .firstRow = first, .lastRow = last});
    ASSERT_EQ(window.kernels.size(), 6u);
    EXPECT_TRUE(window.copies.size() == 0 && window.memsets.size() == 0);
    EXPECT_TRUE(window.memory.start.empty());
    for (size_t i = 0; i < window.kernels.size(); ++i) {
        EXPECT_EQ(window.kernels.rowId[i], all.kernels.rowId[3 + i]);
        EXPECT_EQ(window.kernels.start[i], all.kernels.start[3 + i]);
        EXPECT_EQ(window.kernels.end[i], all.kernels.end[3 + i]);
        EXPECT_EQ(window.kernels.streamId[i], all.kernels.streamId[3 + i]);
        EXPECT_EQ(window.kernels.variantId[i], all.kernels.variantId[3 + i]);
        // The same configuration, named the same, though indexed in the window's own tables.
        const auto& config = window.configs.at(window.kernelConfig[i]);
        const auto& expected = all.configs.at(all.kernelConfig[3 + i]);
        EXPECT_EQ(window.strings.at(config.name), all.strings.at(expected.name));
        EXPECT_EQ(config.gridX, expected.gridX);
    }
    // The first run's rows are not the second run's, whatever the rowids asked.
    const TimelineRows none =
        recording.timelineWindow(runs_[0], {.kind = Kind::Copy,
                                            .firstRow = all.copies.rowId.front(),
                                            .lastRow = all.copies.rowId.back()});
    EXPECT_EQ(none.copies.size(), 0u);
    const TimelineRows copies =
        recording.timelineWindow(runs_[1], {.kind = Kind::Copy,
                                            .firstRow = all.copies.rowId.front(),
                                            .lastRow = all.copies.rowId.back()});
    EXPECT_EQ(copies.copies.size(), all.copies.size());
    EXPECT_EQ(copies.copyBytes, all.copyBytes);
    EXPECT_EQ(copies.kernels.size(), 0u);
}

TEST_F(TimelineCacheTest, TheKernelSummaryComesFromTheCacheWhileItHoldsAndFromTheRowsAfter) {
    const std::vector<KernelSummaryRow> scanned = Recording(file_).kernelSummary(runs_[0]);
    ASSERT_FALSE(scanned.empty());
    writeCache(runs_[0]);
    auto equal = [](const std::vector<KernelSummaryRow>& a,
                    const std::vector<KernelSummaryRow>& b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (size_t i = 0; i < a.size(); ++i) {
            if (a[i].name != b[i].name || a[i].shortName != b[i].shortName ||
                a[i].instances != b[i].instances || a[i].totalNs != b[i].totalNs ||
                a[i].medianNs != b[i].medianNs || a[i].stddevNs != b[i].stddevNs ||
                a[i].percent != b[i].percent || a[i].minNs != b[i].minNs ||
                a[i].maxNs != b[i].maxNs || a[i].avgNs != b[i].avgNs) {
                return false;
            }
        }
        return true;
    };
    // The cache's copy, told apart from a scan by one name changed in it.
    std::vector<KernelSummaryRow> marked = scanned;
    marked.front().name = "read from the cache";
    {
        SqliteConnection db(file_.string(), SQLITE_OPEN_READWRITE);
        SqliteStatement update(db, "UPDATE timeline_cache SET kernelSummary = ? WHERE runId = ?");
        const std::string bytes = TimelineCache::encodeKernels(marked);
        sqlite3_bind_blob(update.handle(), 1, bytes.data(), int(bytes.size()), SQLITE_TRANSIENT);
        update.bind(2, runs_[0]).step();
    }
    EXPECT_TRUE(equal(Recording(file_).kernelSummary(runs_[0]), marked));
    // A launch of the run deleted: the cache is stale, the rows are scanned again.
    test::rawExec(file_,
                  "DELETE FROM kernel_launches WHERE rowid = (SELECT max(rowid) FROM "
                  "kernel_launches WHERE runId = " +
                      std::to_string(runs_[0]) + ")");
    const std::vector<KernelSummaryRow> again = Recording(file_).kernelSummary(runs_[0]);
    EXPECT_EQ(again.front().name, scanned.front().name);
    int64_t launches = 0;
    for (const KernelSummaryRow& row : again) {
        launches += row.instances;
    }
    EXPECT_EQ(launches, 11);
}

TEST(TimelineCacheKernels, TheKernelSummaryReadsBackAsWrittenAndDamageIsRefused) {
    std::vector<KernelSummaryRow> kernels(3);
    for (size_t i = 0; i < kernels.size(); ++i) {
        kernels[i] = {.name = "void k" + std::to_string(i) + "<float>(float*)",
                      .shortName = "k" + std::to_string(i),
                      .instances = int64_t(i) + 1,
                      .totalNs = 1'000 * int64_t(i + 1),
                      .avgNs = 1'000,
                      .medianNs = 999.5,
                      .minNs = 10,
                      .maxNs = 5'000,
                      .stddevNs = 12.25,
                      .percent = 100.0 / 3};
    }
    const std::string bytes = TimelineCache::encodeKernels(kernels);
    const auto back = TimelineCache::decodeKernels(bytes);
    ASSERT_TRUE(back.has_value());
    ASSERT_EQ(back->size(), 3u);
    EXPECT_EQ((*back)[2].name, kernels[2].name);
    EXPECT_EQ((*back)[2].medianNs, 999.5);
    EXPECT_EQ((*back)[1].instances, 2);
    EXPECT_TRUE(TimelineCache::decodeKernels(TimelineCache::encodeKernels({}))->empty());
    EXPECT_FALSE(TimelineCache::decodeKernels(bytes.substr(0, bytes.size() - 1)).has_value());
    EXPECT_FALSE(TimelineCache::decodeKernels(bytes + "x").has_value());
    std::string huge = bytes;
    huge[7] = char(0x7f);  // a count no bytes could hold
    EXPECT_FALSE(TimelineCache::decodeKernels(huge).has_value());
    std::string longName = bytes;
    longName[8 + 7] = char(0x7f);  // a name longer than the bytes left
    EXPECT_FALSE(TimelineCache::decodeKernels(longName).has_value());
}

TEST_F(TimelineCacheTest, WindowsReadOneAfterAnotherDoNotAddUpAgainstTheReadBudget) {
    // A budget that holds one window of 12 kernels, and far fewer than a long session's reads.
    const Recording recording(file_, 4'096);
    const TimelineRows all = Recording(file_).timeline(runs_[1]);
    for (int read = 0; read < 100; ++read) {
        EXPECT_EQ(recording
                      .timelineWindow(runs_[1], {.kind = Kind::Kernel,
                                                 .firstRow = all.kernels.rowId.front(),
                                                 .lastRow = all.kernels.rowId.back()})
                      .kernels.size(),
                  12u);
    }
}

}  // namespace
}  // namespace costscope
