// The timeline's level of detail on known spans, checked without drawing: exact merged counts and
// busy time per pixel column, every visible span drawn once, the range's edges, click look-ups.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "app/timeline/TimelineLane.h"

namespace costscope {
namespace {

struct Span {
    int64_t start;
    int64_t end;
};

TimelineLane laneOf(const std::vector<Span>& spans) {
    std::vector<int64_t> starts;
    std::vector<int64_t> ends;
    std::vector<uint32_t> rows;
    for (size_t i = 0; i < spans.size(); ++i) {
        starts.push_back(spans[i].start);
        ends.push_back(spans[i].end);
        rows.push_back(uint32_t(i));
    }
    return TimelineLane(std::move(starts), std::move(ends), std::move(rows));
}

// What query() must return, worked out span by span: the definition the fast path implements.
struct Expected {
    std::vector<uint32_t> rows;                           // drawn alone, by row
    std::map<int, std::pair<uint32_t, int64_t>> columns;  // column -> count, busy ns
};

Expected bruteForce(const std::vector<Span>& spans, int64_t t0, int64_t t1, int width) {
    Expected expected;
    const double scale = double(width) / double(t1 - t0);
    for (size_t i = 0; i < spans.size(); ++i) {
        const Span& span = spans[i];
        if (span.end <= t0 || span.start >= t1) {
            continue;
        }
        if (double(span.end - span.start) * scale >= 1.0) {
            expected.rows.push_back(uint32_t(i));
            continue;
        }
        const int column =
            span.start < t0 ? 0 : std::min(width - 1, int(double(span.start - t0) * scale));
        auto& [count, busy] = expected.columns[column];
        ++count;
        busy += span.end - std::max(span.start, t0);
    }
    std::sort(expected.rows.begin(), expected.rows.end());
    return expected;
}

void expectMatches(const TimelineLane& lane, const std::vector<Span>& spans, int64_t t0, int64_t t1,
                   int width) {
    const TimelineLod lod = lane.query(t0, t1, width);
    const Expected expected = bruteForce(spans, t0, t1, width);
    std::vector<uint32_t> rows;
    for (const TimelineItem& item : lod.items) {
        rows.push_back(lane.row(item.index));
        EXPECT_EQ(item.start, spans[lane.row(item.index)].start);
        EXPECT_EQ(item.end, spans[lane.row(item.index)].end);
    }
    std::sort(rows.begin(), rows.end());
    EXPECT_EQ(rows, expected.rows) << "range " << t0 << ".." << t1 << " width " << width;
    ASSERT_LE(lod.boxes.size(), size_t(width));
    ASSERT_EQ(lod.boxes.size(), expected.columns.size()) << t0 << ".." << t1 << " w " << width;
    const double scale = double(width) / double(t1 - t0);
    int previous = -1;
    for (const TimelineBox& box : lod.boxes) {
        EXPECT_GT(box.column, previous) << "one box per column, in column order";
        previous = box.column;
        const auto found = expected.columns.find(box.column);
        ASSERT_NE(found, expected.columns.end()) << "column " << box.column;
        EXPECT_EQ(box.count, found->second.first) << "column " << box.column;
        EXPECT_NEAR(box.busy, std::min(1.0, double(found->second.second) * scale), 1e-9);
    }
}

TEST(TimelineLaneTest, MergesSpansNarrowerThanAPixelPerColumnWithExactCounts) {
    // 1,000 spans of 10 ns every 100 ns; 100 columns of 1,000 ns: 10 spans per column.
    std::vector<Span> spans;
    for (int64_t i = 0; i < 1000; ++i) {
        spans.push_back({i * 100, i * 100 + 10});
    }
    const TimelineLane lane = laneOf(spans);
    const TimelineLod lod = lane.query(0, 100'000, 100);
    EXPECT_TRUE(lod.items.empty());
    ASSERT_EQ(lod.boxes.size(), 100u);
    for (int column = 0; column < 100; ++column) {
        const TimelineBox& box = lod.boxes[size_t(column)];
        EXPECT_EQ(box.column, column);
        EXPECT_EQ(box.count, 10u);
        EXPECT_DOUBLE_EQ(box.busy, 0.1);  // 100 ns busy of 1,000
        EXPECT_EQ(box.start, column * 1000);
        EXPECT_EQ(box.end, column * 1000 + 1000);
    }
}

TEST(TimelineLaneTest, DrawsSpansOfAPixelOrMoreAsThemselves) {
    // At 1 px per 100 ns: the 100 ns span is one pixel wide (drawn), the 99 ns one is not.
    const std::vector<Span> spans = {{0, 100}, {1000, 1099}, {5000, 9000}, {9500, 9501}};
    const TimelineLane lane = laneOf(spans);
    const TimelineLod lod = lane.query(0, 10'000, 100);
    ASSERT_EQ(lod.items.size(), 2u);
    EXPECT_EQ(lane.row(lod.items[0].index), 0u);
    EXPECT_EQ(lane.row(lod.items[1].index), 2u);
    ASSERT_EQ(lod.boxes.size(), 2u);
    EXPECT_EQ(lod.boxes[0].column, 10);
    EXPECT_EQ(lod.boxes[0].count, 1u);
    EXPECT_NEAR(lod.boxes[0].busy, 0.99, 1e-12);
    EXPECT_EQ(lod.boxes[1].column, 95);
}

TEST(TimelineLaneTest, EdgesOfTheRange) {
    const std::vector<Span> spans = {
        {0, 1000},     // ends exactly at t0: not visible
        {950, 1001},   // began before t0, still runs: column 0 (51 ns: narrow), 1 ns visible
        {1000, 1001},  // starts at t0: column 0
        {1999, 2000},  // the last ns: the last column
        {2000, 2001},  // starts at t1: not visible
        {100, 5000},   // began before, ends after: drawn alone
    };
    const TimelineLane lane = laneOf(spans);
    const TimelineLod lod = lane.query(1000, 2000, 10);  // 100 ns per column
    ASSERT_EQ(lod.items.size(), 1u);
    EXPECT_EQ(lane.row(lod.items[0].index), 5u);
    ASSERT_EQ(lod.boxes.size(), 2u);
    EXPECT_EQ(lod.boxes[0].column, 0);
    EXPECT_EQ(lod.boxes[0].count, 2u);
    EXPECT_NEAR(lod.boxes[0].busy, 2.0 / 100, 1e-12);  // 1 ns visible of each
    EXPECT_EQ(lod.boxes[1].column, 9);
    EXPECT_EQ(lod.boxes[1].count, 1u);
    expectMatches(lane, spans, 1000, 2000, 10);
}

TEST(TimelineLaneTest, EmptyInputsAndRangesDrawNothing) {
    EXPECT_TRUE(TimelineLane().query(0, 100, 10).boxes.empty());
    const TimelineLane lane = laneOf({{10, 20}});
    EXPECT_TRUE(lane.query(100, 200, 10).boxes.empty());
    EXPECT_TRUE(lane.query(100, 200, 10).items.empty());
    EXPECT_TRUE(lane.query(0, 100, 0).boxes.empty());
    EXPECT_TRUE(lane.query(100, 100, 10).items.empty());
}

TEST(TimelineLaneTest, SortsSpansGivenOutOfOrderAndKeepsTheirRows) {
    const TimelineLane lane = laneOf({{300, 400}, {100, 200}, {200, 300}});
    ASSERT_EQ(lane.size(), 3u);
    EXPECT_EQ(lane.start(0), 100);
    EXPECT_EQ(lane.row(0), 1u);
    EXPECT_EQ(lane.row(1), 2u);
    EXPECT_EQ(lane.row(2), 0u);
    EXPECT_EQ(lane.firstStart(), 100);
    EXPECT_EQ(lane.lastEnd(), 400);
}

TEST(TimelineLaneTest, NoSpanLostAtAnyZoomOnRandomLanes) {
    std::mt19937_64 random(7);
    for (int trial = 0; trial < 40; ++trial) {
        // Back-to-back spans of a stream with gaps, and (odd trials) overlapping long ones.
        std::vector<Span> spans;
        int64_t clock = int64_t(random() % 1000);
        const int count = 200 + int(random() % 3000);
        for (int i = 0; i < count; ++i) {
            const int64_t length = 1 + int64_t(random() % (trial % 3 == 0 ? 50'000 : 2'000));
            spans.push_back({clock, clock + length});
            clock += length + int64_t(random() % 3'000);
            if (trial % 2 == 1 && random() % 50 == 0) {
                spans.push_back({clock - 100'000, clock + 200'000});
            }
        }
        std::shuffle(spans.begin(), spans.end(), random);
        const TimelineLane lane = laneOf(spans);
        for (int view = 0; view < 25; ++view) {
            const int64_t a = int64_t(random() % uint64_t(clock + 10'000)) - 5'000;
            const int64_t b = int64_t(random() % uint64_t(clock + 10'000)) - 5'000;
            if (a == b) {
                continue;
            }
            const int width = 1 + int(random() % 2000);
            expectMatches(lane, spans, std::min(a, b), std::max(a, b), width);
        }
        expectMatches(lane, spans, 0, clock, 1600);  // zoomed out
    }
}

TEST(TimelineLaneTest, AMillionSpansZoomedOutGiveAtMostAPixelsWorthOfBoxes) {
    std::vector<Span> spans;
    int64_t clock = 0;
    for (int i = 0; i < 1'000'000; ++i) {
        spans.push_back({clock, clock + 2'000 + (i % 97) * 2'000});
        clock += 2'000 + (i % 97) * 2'000 + 500;
    }
    const TimelineLane lane = laneOf(spans);
    const TimelineLod lod = lane.query(0, clock, 1600);
    EXPECT_TRUE(lod.items.empty());
    EXPECT_EQ(lod.boxes.size(), 1600u);
    uint64_t merged = 0;
    for (const TimelineBox& box : lod.boxes) {
        merged += box.count;
        EXPECT_GT(box.busy, 0.9);  // back-to-back work
    }
    EXPECT_EQ(merged, 1'000'000u);
}

TEST(TimelineLaneTest, FindsTheSpanUnderAPointOrTheNearestWithinTolerance) {
    const TimelineLane lane = laneOf({{100, 200}, {300, 310}, {1000, 2000}});
    EXPECT_EQ(lane.row(*lane.spanAt(150, 0)), 0u);
    EXPECT_EQ(lane.row(*lane.spanAt(1999, 0)), 2u);
    EXPECT_FALSE(lane.spanAt(2000, 0).has_value());  // ends are exclusive
    EXPECT_FALSE(lane.spanAt(250, 20).has_value());
    EXPECT_EQ(lane.row(*lane.spanAt(295, 10)), 1u);
    EXPECT_EQ(lane.row(*lane.spanAt(319, 10)), 1u);
    EXPECT_FALSE(lane.spanAt(320, 9).has_value());
    EXPECT_EQ(lane.row(*lane.spanAt(950, 60)), 2u);
    EXPECT_FALSE(TimelineLane().spanAt(0, 100).has_value());
}

}  // namespace
}  // namespace costscope
