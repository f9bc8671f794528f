// The cache costscope keeps of an Nsight Systems export in the user's cache directory: entries
// read back while the export is unchanged and never after; damage, another version, no directory
// and the size limit met; and what NsysExport keeps there (the timeline's summary, the streams'
// numbering, the kernel summary) read back equal to what the rows give, with windows of rows read
// by rowid.
#include "profiler/nsys/NsysCache.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "profiler/nsys/NsysExport.h"
#include "profiler/store/ReadBudget.h"
#include "profiler/store/SqliteConnection.h"
#include "profiler/store/TimelineRows.h"
#include "profiler/store/TimelineSummary.h"
#include "tests/support/NsysFixture.h"

namespace costscope {
namespace {

namespace fs = std::filesystem;
using test::NsysFixture;
using Entries = std::vector<std::pair<std::string, std::string>>;

class NsysCacheTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "costscope-nsys-cache-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
        if (const char* old = std::getenv("COSTSCOPE_CACHE_DIR")) {
            saved_ = old;
        }
        useCacheDirectory(dir_ / "cache");
    }
    void TearDown() override {
        if (saved_) {
            setenv("COSTSCOPE_CACHE_DIR", saved_->c_str(), 1);
        } else {
            unsetenv("COSTSCOPE_CACHE_DIR");
        }
        fs::remove_all(dir_);
    }
    static void useCacheDirectory(const fs::path& path) {
        setenv("COSTSCOPE_CACHE_DIR", path.c_str(), 1);
    }
    fs::path file(const std::string& name) const { return dir_ / name; }
    fs::path anExport(const std::string& name) const {
        NsysFixture fixture(file(name));
        fixture.kernel({.start = 100, .end = 200, .correlationId = 1});
        fixture.finish();
        return file(name);
    }
    static std::optional<Entries> read(const fs::path& exportPath, std::string_view prefix = "") {
        ReadBudget budget(exportPath.string(), 1 << 30);
        return NsysCache(exportPath).read(prefix, budget);
    }

    fs::path dir_;
    std::optional<std::string> saved_;
};

TEST_F(NsysCacheTest, EntriesReadBackWhileTheExportIsUnchanged) {
    const fs::path profile = anExport("a.sqlite");
    EXPECT_FALSE(read(profile).has_value());  // none yet
    const NsysCache cache(profile);
    EXPECT_EQ(cache.file().parent_path(), dir_ / "cache" / "nsys");
    const Entries entries = {{"a", "1"}, {"b/1", std::string("\0x", 2)}, {"b/2", ""}};
    ASSERT_EQ(cache.put(entries), "");
    EXPECT_EQ(read(profile), entries);
    EXPECT_EQ(read(profile, "b/"), (Entries{entries[1], entries[2]}));
    EXPECT_EQ(read(profile, "c"), Entries{});
    // An entry put again replaces the one of its name; the others stay.
    ASSERT_EQ(cache.put({{"a", "2"}}), "");
    EXPECT_EQ(read(profile), (Entries{{"a", "2"}, entries[1], entries[2]}));
    // Another export has a cache of its own.
    EXPECT_NE(NsysCache(anExport("b.sqlite")).file(), cache.file());
    EXPECT_FALSE(read(file("b.sqlite")).has_value());
}

TEST_F(NsysCacheTest, AnExportWrittenAgainHasNoCacheUntilItIsMadeAgain) {
    const fs::path profile = anExport("a.sqlite");
    ASSERT_EQ(NsysCache(profile).put({{"a", "1"}}), "");
    // Exported again to the same path: another file (inode, time, size).
    fs::remove(profile);
    {
        NsysFixture fixture(profile);
        fixture.kernel({.start = 100, .end = 300, .correlationId = 1});
        fixture.kernel({.start = 400, .end = 500, .correlationId = 2});
        fixture.finish();
    }
    EXPECT_FALSE(read(profile).has_value());
    // What is put then starts a cache of its own: nothing of the old export's is left.
    ASSERT_EQ(NsysCache(profile).put({{"b", "2"}}), "");
    EXPECT_EQ(read(profile), (Entries{{"b", "2"}}));
    // Changed in place, its size kept: its time tells.
    ASSERT_TRUE(read(profile).has_value());
    fs::last_write_time(profile, fs::last_write_time(profile) + std::chrono::seconds(1));
    EXPECT_FALSE(read(profile).has_value());
}

TEST_F(NsysCacheTest, ADamagedCacheFileIsIgnoredAndWrittenAgain) {
    const fs::path profile = anExport("a.sqlite");
    const NsysCache cache(profile);
    ASSERT_EQ(cache.put({{"a", "1"}}), "");
    std::ofstream(cache.file(), std::ios::binary | std::ios::trunc) << "not a database at all";
    EXPECT_FALSE(read(profile).has_value());
    ASSERT_EQ(cache.put({{"a", "1"}}), "");
    EXPECT_EQ(read(profile), (Entries{{"a", "1"}}));
}

TEST_F(NsysCacheTest, WithoutACacheDirectoryWritingSaysWhyAndReadingFindsNothing) {
    const fs::path profile = anExport("a.sqlite");
    std::ofstream(file("blocker")) << "a file where the directory would be";
    useCacheDirectory(file("blocker") / "below");
    const std::string why = NsysCache(profile).put({{"a", "1"}});
    EXPECT_NE(why.find("cannot create"), std::string::npos) << why;
    EXPECT_NE(why.find("blocker"), std::string::npos) << why;
    EXPECT_FALSE(read(profile).has_value());
    EXPECT_NE(NsysCache(file("missing.sqlite")).put({{"a", "1"}}), "");
}

TEST_F(NsysCacheTest, PastTheLimitTheLeastRecentlyUsedCachesGoFirst) {
    const std::string big(100'000, 'x');
    std::vector<fs::path> profiles;
    for (const char* name : {"a.sqlite", "b.sqlite", "c.sqlite"}) {
        profiles.push_back(anExport(name));
        ASSERT_EQ(NsysCache(profiles.back()).put({{"a", big}}), "");
        // Times a few milliseconds apart, so that the order of use is unambiguous.
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    // "a" read now: "b" is then the least recently used.
    ASSERT_TRUE(read(profiles[0]).has_value());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const uint64_t one = fs::file_size(NsysCache(profiles[2]).file());
    ASSERT_EQ(NsysCache(anExport("d.sqlite")).put({{"a", big}}, 3 * one + one / 2), "");
    EXPECT_TRUE(read(profiles[0]).has_value());
    EXPECT_FALSE(fs::exists(NsysCache(profiles[1]).file()));
    EXPECT_TRUE(read(profiles[2]).has_value());
    EXPECT_TRUE(read(file("d.sqlite")).has_value());
}

// Three processes' kernels on one stream number (renumbered apart), copies and memsets, and
// ranges: every part the timeline reads.
fs::path writeBusyExport(const fs::path& path) {
    NsysFixture fixture(path);
    const uint64_t thread = NsysFixture::globalTid(100, 101);
    int64_t time = 1'000;
    for (int i = 0; i < 600; ++i) {
        const uint64_t process = NsysFixture::globalPid(100 + 100 * (i % 3));
        fixture.kernel({.start = time,
                        .end = time + 700 + (i % 7) * 100,
                        .correlationId = i + 1,
                        .globalPid = process,
                        .name = i % 2 ? "relu(float*)" : "gemm(float*)",
                        .shortName = i % 2 ? "relu" : "gemm",
                        .streamId = 7 + i % 2});
        // The launching calls on the ranges' thread: the first process's kernels count toward
        // the ranges' device time.
        fixture.runtimeCall(thread, time + 10, time + 20, i + 1);
        if (i % 5 == 0) {
            fixture.copy(time, time + 300, 4096, 1 + i % 2, 9, process);
        }
        if (i % 50 == 0) {
            fixture.memset(time, time + 50, 512, 9, process);
            fixture.pushPop(thread, time, time + 40'000, "step");
        }
        time += 800;
    }
    fixture.memoryEvent(10, 1 << 20, 0);
    fixture.finish();
    return path;
}

TEST_F(NsysCacheTest, AnExportsTimelineIsKeptAndItsWindowsReadByRowid) {
    const fs::path profile = writeBusyExport(file("busy.sqlite"));
    const NsysExport first(profile);
    EXPECT_FALSE(first.timelineSummary(NsysExport::kRunId).has_value());
    const TimelineRows rows = first.timeline(NsysExport::kRunId);
    ASSERT_EQ(rows.kernels.size(), 600u);
    const TimelineSummary summary = TimelineSummary::of(rows);
    const std::vector<KernelSummaryRow> kernels = first.kernelSummary(NsysExport::kRunId);
    ASSERT_EQ(first.storeTimelineCache(NsysExport::kRunId, summary), "");
    ASSERT_EQ(first.storeRunCache(NsysExport::kRunId), "");

    // Opened again: the summary from the cache, the streams numbered as before.
    const NsysExport again(profile);
    const std::optional<TimelineSummary> cached = again.timelineSummary(NsysExport::kRunId);
    ASSERT_TRUE(cached.has_value());
    EXPECT_EQ(cached->lanes, summary.lanes);
    const std::vector<KernelSummaryRow> cachedKernels = again.kernelSummary(NsysExport::kRunId);
    ASSERT_EQ(cachedKernels.size(), kernels.size());
    for (size_t i = 0; i < kernels.size(); ++i) {
        EXPECT_EQ(cachedKernels[i].name, kernels[i].name);
        EXPECT_EQ(cachedKernels[i].instances, kernels[i].instances);
        EXPECT_EQ(cachedKernels[i].medianNs, kernels[i].medianNs);
    }
    const TimelineRows base = again.timelineBase(NsysExport::kRunId);
    EXPECT_EQ(base.kernels.size() + base.copies.size() + base.memsets.size(), 0u);
    EXPECT_EQ(base.streamLabels, rows.streamLabels);
    EXPECT_EQ(base.ranges.start, rows.ranges.start);
    EXPECT_EQ(base.rangeLanes, rows.rangeLanes);
    EXPECT_EQ(base.memory.start, rows.memory.start);

    // A window holds the rows of its table between its rowids, as timeline() read them.
    using Kind = TimelineLaneSummary::Kind;
    const auto check = [&](Kind kind, const TimelineRows::Spans& all, size_t from, size_t to) {
        const TimelineRows window = again.timelineWindow(
            NsysExport::kRunId,
            {.kind = kind, .firstRow = all.rowId[from], .lastRow = all.rowId[to]});
        const TimelineRows::Spans& spans = kind == Kind::Kernel ? window.kernels
                                           : kind == Kind::Copy ? window.copies
                                                                : window.memsets;
        ASSERT_EQ(spans.size(), to - from + 1);
        EXPECT_EQ(window.kernels.size() + window.copies.size() + window.memsets.size(),
                  spans.size());
        for (size_t i = 0; i < spans.size(); ++i) {
            EXPECT_EQ(spans.rowId[i], all.rowId[from + i]);
            EXPECT_EQ(spans.start[i], all.start[from + i]);
            EXPECT_EQ(spans.end[i], all.end[from + i]);
            EXPECT_EQ(spans.streamId[i], all.streamId[from + i]);
        }
        if (kind == Kind::Kernel) {
            const auto& config = window.configs[window.kernelConfig[0]];
            const auto& expected = rows.configs[rows.kernelConfig[from]];
            EXPECT_EQ(window.strings[config.name], rows.strings[expected.name]);
        }
    };
    check(Kind::Kernel, rows.kernels, 100, 250);
    check(Kind::Copy, rows.copies, 3, 40);
    check(Kind::Memset, rows.memsets, 0, rows.memsets.size() - 1);

    // A lane that does not decode, or no streams' numbering: no summary (the rows are read).
    {
        SqliteConnection db(NsysCache(profile).file().string(), SQLITE_OPEN_READWRITE);
        db.exec(
            "UPDATE entries SET value = substr(value, 1, 40) WHERE name = (SELECT max(name) "
            "FROM entries WHERE name LIKE 'timeline/%')");
    }
    EXPECT_FALSE(NsysExport(profile).timelineSummary(NsysExport::kRunId).has_value());
    ASSERT_EQ(first.storeTimelineCache(NsysExport::kRunId, summary), "");
    EXPECT_TRUE(NsysExport(profile).timelineSummary(NsysExport::kRunId).has_value());
    {
        SqliteConnection db(NsysCache(profile).file().string(), SQLITE_OPEN_READWRITE);
        db.exec("DELETE FROM entries WHERE name = 'streams'");
    }
    EXPECT_FALSE(NsysExport(profile).timelineSummary(NsysExport::kRunId).has_value());
}

TEST_F(NsysCacheTest, TheKernelSummarysWarningComesBackWithItFromTheCache) {
    NsysFixture fixture(file("names.sqlite"));
    fixture.kernel({.start = 100, .end = 200, .correlationId = 1});
    fixture.exec("UPDATE CUPTI_ACTIVITY_KIND_KERNEL SET demangledName = 4242");
    fixture.finish();
    const NsysExport first(file("names.sqlite"));
    first.kernelSummary(NsysExport::kRunId);
    ASSERT_EQ(first.storeRunCache(NsysExport::kRunId), "");
    EXPECT_EQ(first.readWarnings().size(), 1u);  // once, although read twice
    // The name mended in place, the file's size and time kept: the cache still holds, and the
    // summary read from it is the one written, warning and all.
    const fs::path path = file("names.sqlite");
    const auto size = fs::file_size(path);
    const auto time = fs::last_write_time(path);
    {
        SqliteConnection db(path.string(), SQLITE_OPEN_READWRITE);
        db.exec("UPDATE CUPTI_ACTIVITY_KIND_KERNEL SET demangledName = shortName");
    }
    fs::last_write_time(path, time);
    ASSERT_EQ(fs::file_size(path), size);
    const NsysExport again(path);
    const std::vector<KernelSummaryRow> rows = again.kernelSummary(NsysExport::kRunId);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].name, "(name 4242 missing from StringIds)");
    ASSERT_EQ(again.readWarnings().size(), 1u);
    EXPECT_NE(again.readWarnings()[0].message.find("1 kernel(s)"), std::string::npos);
}

// Keeps the file's size and modification time around `change`: the export's cache then still
// holds, and what is read from it is told apart from what the rows now give.
template <typename Change>
void changeUnnoticed(const fs::path& path, Change change) {
    const auto size = fs::file_size(path);
    const auto time = fs::last_write_time(path);
    {
        SqliteConnection db(path.string(), SQLITE_OPEN_READWRITE);
        change(db);
    }
    fs::last_write_time(path, time);
    ASSERT_EQ(fs::file_size(path), size);
}

TEST_F(NsysCacheTest, TheVariantsComeBackFromTheCacheWithEverySample) {
    const fs::path profile = writeBusyExport(file("busy.sqlite"));
    const NsysExport first(profile);
    const std::vector<VariantSummaryRow> variants = first.variantSummary(NsysExport::kRunId);
    ASSERT_EQ(variants.size(), 1u);  // "step"
    ASSERT_TRUE(variants[0].deviceMedianMs.has_value());
    ASSERT_EQ(first.storeRunCache(NsysExport::kRunId), "");
    // Without its runtime calls the rows would give the ranges no device time: the cache does.
    changeUnnoticed(
        profile, [](SqliteConnection& db) { db.exec("DELETE FROM CUPTI_ACTIVITY_KIND_RUNTIME"); });
    const NsysExport again(profile);
    const std::vector<VariantSummaryRow> cached = again.variantSummary(NsysExport::kRunId);
    ASSERT_EQ(cached.size(), 1u);
    EXPECT_EQ(cached[0].name, variants[0].name);
    EXPECT_EQ(cached[0].device, variants[0].device);
    EXPECT_EQ(cached[0].iterations, variants[0].iterations);
    EXPECT_EQ(cached[0].medianMs, variants[0].medianMs);
    EXPECT_EQ(cached[0].deviceMedianMs, variants[0].deviceMedianMs);
    EXPECT_EQ(cached[0].kernelsPerCall, variants[0].kernelsPerCall);
    EXPECT_EQ(cached[0].deviceNote, variants[0].deviceNote);
    const std::vector<Sample> samples = first.samples(1);
    const std::vector<Sample> cachedSamples = again.samples(1);
    ASSERT_EQ(cachedSamples.size(), samples.size());
    for (size_t i = 0; i < samples.size(); ++i) {
        EXPECT_EQ(cachedSamples[i].startNs, samples[i].startNs);
        EXPECT_EQ(cachedSamples[i].durationNs, samples[i].durationNs);
        EXPECT_EQ(cachedSamples[i].deviceNs, samples[i].deviceNs);
    }
    // A damaged entry is not used: the rows are read again (and now give no device time).
    changeUnnoticed(NsysCache(profile).file(), [](SqliteConnection& db) {
        db.exec("UPDATE entries SET value = substr(value, 1, 30) WHERE name = 'variants'");
    });
    EXPECT_FALSE(NsysExport(profile).variantSummary(NsysExport::kRunId)[0].deviceMedianMs);
}

}  // namespace
}  // namespace costscope
