// A run's timeline summarised for drawing at any zoom without reading its rows: per lane (device,
// stream, kind of GPU work), the spans counted into buckets at a few widths, and the few long
// spans kept whole. Built in one pass over the rows, stored in the recording as a cache
// (timeline_cache, timeline_lanes) and read back in a fraction of the rows' time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace costscope {

struct TimelineRows;

// The times a timeline holds: a damaged file's (negative, or near the int64 limits) are clamped
// into [0, kTimelineLatestNs] so that every difference of two times fits in 64 bits.
inline constexpr int64_t kTimelineLatestNs = int64_t(1) << 60;  // 36 years of uptime

inline int64_t clampTimelineTime(int64_t ns) {
    return ns < 0 ? 0 : ns > kTimelineLatestNs ? kTimelineLatestNs : ns;
}

struct TimelineLaneSummary {
    // The TimelineRows table a lane's spans come from.
    enum class Kind : uint8_t { Kernel = 0, Copy = 1, Memset = 2 };

    // The lane's short spans counted by the bucket their start falls in; buckets are `width`
    // ns wide from the lane's origin, and only buckets holding a span are listed.
    struct Level {
        int64_t width = 1;
        std::vector<int64_t> bucket;    // index from the origin, ascending
        std::vector<uint32_t> count;    // spans starting in the bucket
        std::vector<int64_t> busy;      // their summed durations, ns
        std::vector<int64_t> firstRow;  // the least and the greatest row id among them: the rows
        std::vector<int64_t> lastRow;   // of a window lie between those of its buckets

        size_t size() const { return bucket.size(); }
        bool operator==(const Level&) const = default;
    };

    // Each level's buckets are this many times wider than the level below.
    static constexpr int kFanOut = 8;
    // Levels are added until the widest holds at most this many buckets.
    static constexpr size_t kTopBuckets = 4096;

    Kind kind = Kind::Kernel;
    uint32_t deviceId = 0;
    uint32_t streamId = 0;
    uint64_t spans = 0;         // short and long
    int64_t firstStart = 0;     // ns, clamped (kTimelineLatestNs)
    int64_t lastEnd = 0;        // the latest end
    int64_t origin = 0;         // where bucket 0 of every level starts: firstStart
    std::vector<Level> levels;  // [0] the narrowest; never empty

    // Spans at least levels[0].width long: drawn and picked from these at every zoom, so a
    // level's buckets hold only spans narrower than any of its buckets. Few in practice: the
    // narrowest width is a few times the lane's typical start-to-start period. By start.
    std::vector<int64_t> longStart;
    std::vector<int64_t> longEnd;
    std::vector<int64_t> longRow;

    // Spans shorter than this are counted in the levels; the others are long.
    int64_t shortLimit() const { return levels.front().width; }
    uint64_t shortSpans() const { return spans - longStart.size(); }

    bool operator==(const TimelineLaneSummary&) const = default;
};

// The rows of one table of a timeline between two rowids: a window of a zoomed-in timeline, found
// from its summary's buckets (TimelineLaneSummary::Level's firstRow and lastRow).
struct TimelineWindow {
    TimelineLaneSummary::Kind kind = TimelineLaneSummary::Kind::Kernel;
    int64_t firstRow = 0;
    int64_t lastRow = 0;
};

struct TimelineSummary {
    // Of the encoding below; a cache of another version is ignored and rebuilt.
    static constexpr uint32_t kVersion = 1;

    std::vector<TimelineLaneSummary> lanes;  // by device, stream, kind

    // Every kernel, copy and memset of `rows` (times clamped), one lane per device, stream and
    // kind. Linear in the rows when each stream's rows come in start order (as recorded),
    // n log n otherwise.
    static TimelineSummary of(const TimelineRows& rows);

    // A lane as bytes for the cache (this machine's byte order: little-endian x86-64 and
    // AArch64), and back. decode() checks everything it reads (sizes, order, the counts against
    // the lane's spans) and returns nothing for bytes that are not a lane of this version.
    static std::string encode(const TimelineLaneSummary& lane);
    static std::optional<TimelineLaneSummary> decode(std::string_view bytes);
};

}  // namespace costscope
