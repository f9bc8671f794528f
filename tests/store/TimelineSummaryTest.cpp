// TimelineSummary: every level equal to what the full rows give, no span lost or counted twice,
// the cache's bytes read back as they were written, damaged bytes refused.
#include "profiler/store/TimelineSummary.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "profiler/store/TimelineRows.h"

namespace costscope {
namespace {

using Kind = TimelineLaneSummary::Kind;

// Kernels on three streams of two devices, back to back in bursts with idle stretches between,
// a few spans far longer than the rest, rows stored out of start order now and then (as CUPTI
// hands back buffers), plus copies on one stream and memsets on another.
TimelineRows generated(uint64_t seed, size_t kernels) {
    std::mt19937_64 random(seed);
    std::uniform_int_distribution<int64_t> duration(2'000, 200'000);
    std::uniform_int_distribution<int64_t> gap(500, 5'000);
    TimelineRows rows;
    int64_t clock[3] = {1'000'000'000, 1'000'000'000, 1'000'000'000};
    for (size_t i = 0; i < kernels; ++i) {
        const size_t s = i % 3;
        if (i % 5'000 == 4'999) {
            clock[s] += 50'000'000;  // an idle stretch
        }
        const int64_t length = i % 997 == 0 ? 30'000'000 : duration(random);
        rows.kernels.push(clock[s], clock[s] + length, s == 2 ? 1 : 0, uint32_t(7 + s), 0,
                          int64_t(i) + 1);
        clock[s] += length + gap(random);
        if (i % 4 == 0) {
            rows.copies.push(clock[0], clock[0] + 40'000, 0, 20, 0, int64_t(i));
        }
        if (i % 7 == 0) {
            rows.memsets.push(clock[1], clock[1] + 1'000, 0, 21, 0, int64_t(i));
        }
    }
    // Some rows out of order: swap neighbours' positions in the table.
    for (size_t i = 10; i + 1 < rows.kernels.size(); i += 301) {
        for (auto* column : {&rows.kernels.start, &rows.kernels.end, &rows.kernels.rowId}) {
            std::swap((*column)[i], (*column)[i + 1]);
        }
        std::swap(rows.kernels.streamId[i], rows.kernels.streamId[i + 1]);
        std::swap(rows.kernels.deviceId[i], rows.kernels.deviceId[i + 1]);
    }
    return rows;
}

const TimelineRows::Spans& spansOf(const TimelineRows& rows, Kind kind) {
    return kind == Kind::Kernel ? rows.kernels : kind == Kind::Copy ? rows.copies : rows.memsets;
}

struct Bucket {
    uint32_t count = 0;
    int64_t busy = 0;
    int64_t firstRow = INT64_MAX;
    int64_t lastRow = INT64_MIN;
};

TEST(TimelineSummary, EveryLevelEqualsWhatTheFullRowsGive) {
    const TimelineRows rows = generated(7, 150'000);
    const TimelineSummary summary = TimelineSummary::of(rows);
    ASSERT_EQ(summary.lanes.size(), 5u);  // three kernel streams, copies, memsets
    uint64_t spans = 0;
    size_t mostLevels = 0;
    for (const TimelineLaneSummary& lane : summary.lanes) {
        mostLevels = std::max(mostLevels, lane.levels.size());
        const TimelineRows::Spans& all = spansOf(rows, lane.kind);
        // The lane's spans, short ones by bucket at every level, long ones whole.
        std::vector<size_t> mine;
        for (size_t i = 0; i < all.size(); ++i) {
            if (all.deviceId[i] == lane.deviceId && all.streamId[i] == lane.streamId) {
                mine.push_back(i);
            }
        }
        ASSERT_EQ(lane.spans, mine.size());
        spans += lane.spans;
        std::set<int64_t> longRows(lane.longRow.begin(), lane.longRow.end());
        ASSERT_GE(lane.levels.size(), 1u);
        for (size_t l = 0; l < lane.levels.size(); ++l) {
            const TimelineLaneSummary::Level& level = lane.levels[l];
            EXPECT_EQ(level.width, lane.shortLimit() << (3 * l));
            std::map<int64_t, Bucket> expected;
            for (const size_t i : mine) {
                const int64_t duration = all.end[i] - all.start[i];
                EXPECT_EQ(duration >= lane.shortLimit(), longRows.count(all.rowId[i]) == 1);
                if (duration >= lane.shortLimit()) {
                    continue;
                }
                Bucket& bucket = expected[(all.start[i] - lane.origin) / level.width];
                ++bucket.count;
                bucket.busy += duration;
                bucket.firstRow = std::min(bucket.firstRow, all.rowId[i]);
                bucket.lastRow = std::max(bucket.lastRow, all.rowId[i]);
            }
            ASSERT_EQ(level.size(), expected.size()) << "level " << l;
            size_t b = 0;
            for (const auto& [index, bucket] : expected) {
                EXPECT_EQ(level.bucket[b], index);
                EXPECT_EQ(level.count[b], bucket.count);
                EXPECT_EQ(level.busy[b], bucket.busy);
                EXPECT_EQ(level.firstRow[b], bucket.firstRow);
                EXPECT_EQ(level.lastRow[b], bucket.lastRow);
                ++b;
            }
        }
        EXPECT_LE(lane.levels.back().size(), TimelineLaneSummary::kTopBuckets);
        EXPECT_TRUE(std::is_sorted(lane.longStart.begin(), lane.longStart.end()));
    }
    EXPECT_EQ(spans, rows.kernels.size() + rows.copies.size() + rows.memsets.size());
    EXPECT_GE(mostLevels, 2u);  // the wider levels were checked too
}

TEST(TimelineSummary, TheNarrowestBucketsFollowTheBusyStretchesNotTheIdleOnes) {
    // Back-to-back 10 us kernels in bursts of 1,000, an hour apart: the mean period is
    // 3.6 ms, the typical one 10 us. Buckets hold a handful of spans, and none is long.
    TimelineRows rows;
    int64_t clock = 0;
    for (int i = 0; i < 10'000; ++i) {
        if (i % 1'000 == 0) {
            clock += 3'600'000'000'000;
        }
        rows.kernels.push(clock, clock + 10'000, 0, 7, 0);
        clock += 10'000;
    }
    const TimelineLaneSummary lane = TimelineSummary::of(rows).lanes.at(0);
    EXPECT_EQ(lane.shortLimit(), 65'536);  // 4 x 10 us, to the next power of two
    EXPECT_TRUE(lane.longStart.empty());
    EXPECT_EQ(*std::max_element(lane.levels[0].count.begin(), lane.levels[0].count.end()), 7u);
}

TEST(TimelineSummary, TimesOfADamagedFileAreClampedAndNothingIsLost) {
    TimelineRows rows;
    rows.kernels.push(INT64_MIN, INT64_MAX, 0, 7, 0);
    rows.kernels.push(5, 3, 0, 7, 0);  // an end before its start: an instant
    rows.kernels.push(INT64_MAX, INT64_MIN, 0, 7, 0);
    const TimelineLaneSummary lane = TimelineSummary::of(rows).lanes.at(0);
    EXPECT_EQ(lane.spans, 3u);
    EXPECT_EQ(lane.firstStart, 0);
    EXPECT_EQ(lane.lastEnd, kTimelineLatestNs);
    uint64_t counted = lane.longStart.size();
    for (const uint32_t count : lane.levels[0].count) {
        counted += count;
    }
    EXPECT_EQ(counted, 3u);
}

TEST(TimelineSummary, TheCachesBytesReadBackAsTheyWereWritten) {
    const TimelineSummary summary = TimelineSummary::of(generated(11, 20'000));
    for (const TimelineLaneSummary& lane : summary.lanes) {
        const auto back = TimelineSummary::decode(TimelineSummary::encode(lane));
        ASSERT_TRUE(back.has_value());
        EXPECT_EQ(*back, lane);
    }
}

TEST(TimelineSummary, DamagedBytesAreRefusedAndNeverReadPastTheirEnd) {
    const TimelineLaneSummary lane = TimelineSummary::of(generated(3, 5'000)).lanes.at(0);
    const std::string bytes = TimelineSummary::encode(lane);
    EXPECT_FALSE(TimelineSummary::decode({}).has_value());
    EXPECT_FALSE(TimelineSummary::decode(std::string_view(bytes).substr(0, bytes.size() - 1)));
    EXPECT_FALSE(TimelineSummary::decode(bytes + "x").has_value());
    std::string version = bytes;
    version[4] = char(TimelineSummary::kVersion + 1);
    EXPECT_FALSE(TimelineSummary::decode(version).has_value());
    std::string spans = bytes;
    spans[17] ^= 1;  // the lane's span count no longer matches its buckets
    EXPECT_FALSE(TimelineSummary::decode(spans).has_value());
    // Any byte changed: refused, or read as a lane that keeps every invariant.
    std::mt19937 random(5);
    for (int trial = 0; trial < 2'000; ++trial) {
        std::string damaged = bytes;
        damaged[random() % damaged.size()] = char(random());
        if (const auto read = TimelineSummary::decode(damaged)) {
            uint64_t counted = read->longStart.size();
            for (const uint32_t count : read->levels[0].count) {
                counted += count;
            }
            EXPECT_EQ(counted, read->spans);
        }
    }
}

}  // namespace
}  // namespace costscope
