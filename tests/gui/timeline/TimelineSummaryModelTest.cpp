// The timeline drawn from summaries: zoomed in, exactly what the full rows give; zoomed out, every
// span counted once at every level; the file's cache written on first open, read after, ignored
// and rebuilt when damaged, computed in memory (and said so) when the file cannot take it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/fs.h>
#include <sqlite3.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <QString>
#include <algorithm>
#include <filesystem>
#include <random>

#include "app/core/RunLoader.h"
#include "app/timeline/TimelineLoader.h"
#include "app/timeline/TimelineModel.h"
#include "profiler/store/Recording.h"
#include "profiler/store/SqliteConnection.h"
#include "profiler/store/StoreError.h"
#include "tests/gui/support/FixtureRecording.h"

namespace costscope {
namespace {

using test::ScratchDir;
using test::writeFixtureRun;

// Kernels on two streams, back to back in bursts with idle stretches between, with now and then
// one far longer than the rest (a long span, drawn whole); copies on a third stream.
TimelineRows generated(size_t kernels) {
    std::mt19937_64 random(17);
    std::uniform_int_distribution<int64_t> duration(2'000, 200'000);
    std::uniform_int_distribution<int64_t> gap(500, 5'000);
    TimelineRows rows;
    rows.configs.push_back({});
    int64_t clock[2] = {1'000'000'000, 1'000'000'000};
    for (size_t i = 0; i < kernels; ++i) {
        const size_t s = i % 2;
        if (i % 3'000 == 2'999) {
            clock[s] += 80'000'000;
        }
        const int64_t length = i % 511 == 0 ? 20'000'000 : duration(random);
        rows.kernels.push(clock[s], clock[s] + length, 0, uint32_t(7 + s), 0);
        rows.kernelConfig.push_back(0);
        clock[s] += length + gap(random);
        if (i % 10 == 0) {
            rows.copies.push(clock[0], clock[0] + 30'000, 0, 9, 0);
            rows.copyBytes.push_back(1 << 20);
            rows.copyKind.push_back(1);
        }
    }
    return rows;
}

// The lane of (stream, kind) over every row, as the timeline drew it before summaries.
TimelineLane fullLane(const TimelineRows::Spans& spans, uint32_t stream) {
    std::vector<int64_t> starts;
    std::vector<int64_t> ends;
    std::vector<uint32_t> rows;
    for (size_t i = 0; i < spans.size(); ++i) {
        if (spans.streamId[i] == stream) {
            starts.push_back(spans.start[i]);
            ends.push_back(spans.end[i]);
            rows.push_back(uint32_t(spans.rowId[i]));
        }
    }
    return TimelineLane(std::move(starts), std::move(ends), std::move(rows));
}

uint64_t counted(const TimelineLod& lod) {
    uint64_t spans = lod.items.size();
    for (const TimelineBox& box : lod.boxes) {
        spans += box.count;
    }
    return spans;
}

TEST(TimelineSummaryModelTest, ZoomedInLanesDrawExactlyWhatTheFullRowsGive) {
    const TimelineRows rows = generated(40'000);
    const TimelineModel model(rows, {});
    ASSERT_EQ(model.lanes().size(), 3u);  // stream 7, stream 8, copies on stream 9
    for (int lane = 0; lane < 3; ++lane) {
        const TimelineModel::Lane& shown = model.lanes()[size_t(lane)];
        ASSERT_NE(shown.summary, nullptr);
        const TimelineLane full = fullLane(
            shown.kind == TimelineModel::Kind::Copy ? rows.copies : rows.kernels, shown.streamId);
        ASSERT_EQ(full.size(), shown.spans);
        const int64_t limit = shown.summary->shortLimit();
        std::mt19937_64 random{uint64_t(lane)};
        for (int trial = 0; trial < 60; ++trial) {
            // A view narrower than the summary's buckets at this width: the rows are read.
            const int width = 200 + int(random() % 1400);
            const int64_t span = 1 + int64_t(random() % uint64_t(limit * width - 1));
            const int64_t t0 =
                full.firstStart() - span +
                int64_t(random() % uint64_t(full.lastEnd() - full.firstStart() + span));
            const TimelineLod expected = full.query(t0, t0 + span, width);
            const TimelineLod got = model.query(lane, t0, t0 + span, width);
            ASSERT_EQ(got.boxes.size(), expected.boxes.size()) << "lane " << lane;
            for (size_t b = 0; b < got.boxes.size(); ++b) {
                EXPECT_EQ(got.boxes[b].column, expected.boxes[b].column);
                EXPECT_EQ(got.boxes[b].count, expected.boxes[b].count);
                EXPECT_NEAR(got.boxes[b].busy, expected.boxes[b].busy, 1e-9);
            }
            std::vector<std::pair<int64_t, int64_t>> gotItems;
            std::vector<std::pair<int64_t, int64_t>> expectedItems;
            for (const TimelineItem& item : got.items) {
                gotItems.emplace_back(item.start, item.row);
            }
            for (const TimelineItem& item : expected.items) {
                expectedItems.emplace_back(item.start, int64_t(full.row(item.index)));
            }
            std::sort(gotItems.begin(), gotItems.end());
            std::sort(expectedItems.begin(), expectedItems.end());
            EXPECT_EQ(gotItems, expectedItems);
        }
    }
}

TEST(TimelineSummaryModelTest, ZoomedOutEverySpanIsCountedOnceAtEveryLevel) {
    const TimelineRows rows = generated(60'000);
    const TimelineModel model(rows, {});
    for (int lane = 0; lane < int(model.lanes().size()); ++lane) {
        const TimelineModel::Lane& shown = model.lanes()[size_t(lane)];
        if (shown.kind == TimelineModel::Kind::Kernel) {
            ASSERT_GE(shown.summary->levels.size(), 2u);  // wider levels drawn from too
        }
        const int64_t t0 = shown.summary->firstStart;
        const int64_t t1 = shown.summary->lastEnd + 1;
        // From one pixel to one per narrowest bucket: every level is drawn from once.
        for (int64_t width = 1; width <= (t1 - t0) / shown.summary->shortLimit();
             width = width * 3 + 1) {
            EXPECT_EQ(counted(model.query(lane, t0, t1, int(width))), shown.spans)
                << "lane " << lane << " at " << width << " px";
        }
        // Part of the run: each span whose bucket lies in view counted once, whichever level.
        const int64_t from = t0 + (t1 - t0) / 3;
        const int64_t to = t0 + (t1 - t0) / 2;
        for (const int width : {3, 40, 800}) {
            const double perPixel = double(to - from) / width;
            size_t at = 0;
            while (at + 1 < shown.summary->levels.size() &&
                   double(shown.summary->levels[at + 1].width) <= perPixel) {
                ++at;
            }
            const int64_t bucket = shown.summary->levels[at].width;
            const auto& spans =
                shown.kind == TimelineModel::Kind::Copy ? rows.copies : rows.kernels;
            uint64_t expected = 0;
            for (size_t i = 0; i < spans.size(); ++i) {
                if (spans.streamId[i] != shown.streamId) {
                    continue;
                }
                const int64_t length = spans.end[i] - spans.start[i];
                if (length >= shown.summary->shortLimit()) {
                    expected += spans.start[i] < to && spans.end[i] > from;  // drawn whole
                    continue;
                }
                if (perPixel < double(shown.summary->shortLimit())) {
                    expected += spans.start[i] < to && spans.end[i] > from;  // the rows read
                    continue;
                }
                const int64_t first = shown.summary->origin +
                                      (spans.start[i] - shown.summary->origin) / bucket * bucket;
                expected += first < to && first + bucket > from;
            }
            EXPECT_EQ(counted(model.query(lane, from, to, width)), expected)
                << "lane " << lane << " at " << width << " px";
        }
    }
}

TEST(TimelineSummaryModelTest, AClickFindsTheSpanZoomedInOrOutAndReadsItsDetails) {
    const TimelineRows rows = generated(20'000);
    const TimelineModel model(rows, {});
    const auto spans = model.spansIn(0, model.origin(), model.finish() + 1);
    ASSERT_EQ(spans.size(), model.lanes()[0].spans);
    for (const size_t pick : {size_t(0), size_t(511 / 2), spans.size() / 2, spans.size() - 1}) {
        const auto [start, end] = *model.times(spans[pick]);
        EXPECT_EQ(model.spanAt(0, (start + end) / 2, 0), spans[pick]);
        EXPECT_TRUE(model.details(spans[pick]).contains(QStringLiteral("Kernel on GPU 0")));
    }
}

TEST(TimelineSummaryModelTest, AFileThatFailsToReadLeavesTheSummaryDrawnAndSaysWhy) {
    // The summary of the rows, and a reader that fails as a file deleted since does.
    const TimelineRows rows = generated(20'000);
    const TimelineModel whole(rows, {});
    const TimelineModel model(whole.summary(), TimelineRows(),
                              [](TimelineLaneSummary::Kind, int64_t, int64_t) -> TimelineRows {
                                  throw StoreError("/tmp/gone.sqlite: no such file");
                              },
                              {});
    const int64_t t0 = model.origin();
    const int64_t t1 = model.finish() + 1;
    EXPECT_EQ(counted(model.query(0, t0, t1, 100)), model.lanes()[0].spans);
    EXPECT_TRUE(model.readFailure().isEmpty());
    // Zoomed in: the long spans are there, the rest could not be read.
    const TimelineLod in = model.query(0, t0, t0 + 50'000'000, 1600);
    EXPECT_LT(counted(in), counted(whole.query(0, t0, t0 + 50'000'000, 1600)));
    EXPECT_TRUE(model.readFailure().contains(QStringLiteral("no such file")));
    // A short span is found in the rows only: not at all now. The first, a long one, still is.
    const auto [start, end] = *whole.times(whole.spansIn(0, t0, t0 + 50'000'000)[1]);
    EXPECT_FALSE(model.spanAt(0, (start + end) / 2, 0).has_value());
    EXPECT_TRUE(model.spanAt(0, t0 + 1'000, 0).has_value());
}

class TimelineCacheOnOpenTest : public ::testing::Test {
  protected:
    void SetUp() override {
        path_ = dir_.file("gpu.sqlite");
        runId_ = writeFixtureRun(path_);
    }
    RunData run() const { return loadRun(path_, runId_); }
    bool cached() const { return Recording(path_).timelineSummary(runId_).has_value(); }

    ScratchDir dir_;
    std::filesystem::path path_;
    int64_t runId_ = 0;
};

TEST_F(TimelineCacheOnOpenTest, TheFirstOpenWritesTheCacheAndTheNextReadsIt) {
    ASSERT_FALSE(cached());
    const TimelineModel first = TimelineLoader::read(run());
    EXPECT_TRUE(first.summaryNote().isEmpty()) << first.summaryNote().toStdString();
    ASSERT_TRUE(cached());
    const TimelineModel again = TimelineLoader::read(run());
    EXPECT_EQ(again.summary().lanes, first.summary().lanes);
    ASSERT_EQ(again.lanes().size(), first.lanes().size());
    const auto kernels = again.spansIn(1, again.origin(), again.finish() + 1);
    EXPECT_EQ(kernels, first.spansIn(1, first.origin(), first.finish() + 1));
    EXPECT_EQ(again.details(kernels.back()), first.details(kernels.back()));
}

TEST_F(TimelineCacheOnOpenTest, ADamagedCacheIsIgnoredAndWrittenAgain) {
    const TimelineModel first = TimelineLoader::read(run());
    {
        SqliteConnection db(path_.string(), SQLITE_OPEN_READWRITE);
        db.exec("UPDATE timeline_lanes SET summary = x'00112233'");
    }
    ASSERT_FALSE(cached());
    const TimelineModel again = TimelineLoader::read(run());
    EXPECT_TRUE(again.summaryNote().isEmpty());
    EXPECT_EQ(again.summary().lanes, first.summary().lanes);
    EXPECT_TRUE(cached());
}

TEST_F(TimelineCacheOnOpenTest, AReportLeavesTheFileAsItFoundIt) {
    const TimelineModel model = TimelineLoader::read(run(), /*writeCache=*/false);
    EXPECT_TRUE(model.hasGpuActivity());
    EXPECT_TRUE(model.summaryNote().isEmpty());
    EXPECT_FALSE(cached());
}

TEST_F(TimelineCacheOnOpenTest, AFileLockedByAWriterIsSummarisedInMemoryAndSaysSo) {
    SqliteConnection writer(path_.string(), SQLITE_OPEN_READWRITE);
    writer.exec("BEGIN EXCLUSIVE");
    const TimelineModel model = [&] {
        // Readers are shut out by an exclusive lock too: release it for the read only, take a
        // reserved one (a writer's) that still keeps the cache from being written.
        writer.exec("ROLLBACK");
        writer.exec("BEGIN IMMEDIATE");
        return TimelineLoader::read(run());
    }();
    writer.exec("ROLLBACK");
    EXPECT_TRUE(model.hasGpuActivity());
    EXPECT_TRUE(model.summaryNote().contains(QStringLiteral("computed in memory")))
        << model.summaryNote().toStdString();
    EXPECT_FALSE(cached());
    EXPECT_EQ(model.spansIn(1, model.origin(), model.finish() + 1).size(), 13u * 15u);
}

// Makes `path` unwritable, for root too where it can: root writes files whatever their mode, but
// not an immutable one (ext4, XFS, Btrfs, with CAP_LINUX_IMMUTABLE). Returns why it could not.
std::string makeReadOnly(const std::filesystem::path& path, bool readOnly) {
    if (geteuid() != 0) {
        std::filesystem::permissions(path, readOnly ? std::filesystem::perms::owner_read
                                                    : std::filesystem::perms::owner_all);
        return {};
    }
    const int fd = ::open(path.c_str(), O_RDONLY);
    int flags = 0;
    std::string why;
    if (fd < 0 || ::ioctl(fd, FS_IOC_GETFLAGS, &flags) != 0) {
        why = std::strerror(errno);
    } else {
        flags = readOnly ? flags | FS_IMMUTABLE_FL : flags & ~FS_IMMUTABLE_FL;
        if (::ioctl(fd, FS_IOC_SETFLAGS, &flags) != 0) {
            why = std::strerror(errno);
        }
    }
    if (fd >= 0) {
        ::close(fd);
    }
    return why;
}

TEST_F(TimelineCacheOnOpenTest, AReadOnlyFileIsSummarisedInMemoryAndSaysSo) {
    if (const std::string why = makeReadOnly(path_, true); !why.empty()) {
        GTEST_SKIP() << "root writes files whatever their mode, and this file system cannot "
                        "make one immutable ("
                     << why << "): run as a user to check this";
    }
    // Writable again whatever happens below: an immutable file outlives its scratch folder.
    struct Writable {
        std::filesystem::path path;
        ~Writable() { makeReadOnly(path, false); }
    } writable{path_};
    const TimelineModel model = TimelineLoader::read(run());
    EXPECT_TRUE(model.summaryNote().contains(QStringLiteral("read-only")))
        << model.summaryNote().toStdString();
    EXPECT_FALSE(cached());
}

}  // namespace
}  // namespace costscope
