// TimelineSummary: lanes split from the rows, the narrowest level counted in one pass, the wider
// levels merged from it; the cache's bytes are the narrowest level and the long spans, the wider
// levels merged again on reading (so they cannot disagree with it).
#include "profiler/store/TimelineSummary.h"

#include <algorithm>
#include <bit>
#include <numeric>
#include <tuple>
#include <type_traits>

#include "profiler/Saturating.h"
#include "profiler/store/Bytes.h"
#include "profiler/store/StoreError.h"
#include "profiler/store/TimelineRows.h"

namespace costscope {

static_assert(std::endian::native == std::endian::little,
              "the timeline cache is written in this machine's byte order, assumed little-endian");

namespace {

using Kind = TimelineLaneSummary::Kind;
using Level = TimelineLaneSummary::Level;

struct LaneRows {
    Kind kind = Kind::Kernel;
    uint32_t deviceId = 0;
    uint32_t streamId = 0;
    std::vector<int64_t> start;
    std::vector<int64_t> end;
    std::vector<int64_t> row;
};

// The narrowest buckets: four times the typical start-to-start period (the median, so that the
// idle stretches of a bursty lane do not widen them), to the next power of two. Dense stretches
// then hold four to eight spans a bucket.
int64_t narrowestWidth(const std::vector<int64_t>& sortedStarts) {
    std::vector<int64_t> gaps;
    gaps.reserve(sortedStarts.size());
    for (size_t i = 1; i < sortedStarts.size(); ++i) {
        if (sortedStarts[i] > sortedStarts[i - 1]) {
            gaps.push_back(sortedStarts[i] - sortedStarts[i - 1]);
        }
    }
    if (gaps.empty()) {
        return kTimelineLatestNs;  // one start (or all alike): one bucket
    }
    const auto middle = gaps.begin() + ptrdiff_t(gaps.size() / 2);
    std::nth_element(gaps.begin(), middle, gaps.end());
    const int64_t wanted = std::min(*middle, kTimelineLatestNs / 4) * 4;
    return std::min(int64_t(std::bit_ceil(uint64_t(wanted))), kTimelineLatestNs);
}

// The level `kFanOut` times wider than `below`.
Level widen(const Level& below) {
    Level level;
    level.width = below.width * TimelineLaneSummary::kFanOut;
    for (size_t i = 0; i < below.size(); ++i) {
        const int64_t bucket = below.bucket[i] / TimelineLaneSummary::kFanOut;
        if (level.bucket.empty() || level.bucket.back() != bucket) {
            level.bucket.push_back(bucket);
            level.count.push_back(0);
            level.busy.push_back(0);
            level.firstRow.push_back(below.firstRow[i]);
            level.lastRow.push_back(below.lastRow[i]);
        }
        level.count.back() += below.count[i];
        level.busy.back() = saturatingAdd(level.busy.back(), below.busy[i]);
        level.firstRow.back() = std::min(level.firstRow.back(), below.firstRow[i]);
        level.lastRow.back() = std::max(level.lastRow.back(), below.lastRow[i]);
    }
    return level;
}

void addWiderLevels(TimelineLaneSummary& lane) {
    while (lane.levels.back().size() > TimelineLaneSummary::kTopBuckets &&
           lane.levels.back().width <= kTimelineLatestNs / TimelineLaneSummary::kFanOut) {
        lane.levels.push_back(widen(lane.levels.back()));
    }
}

TimelineLaneSummary summarize(LaneRows& rows) {
    const size_t n = rows.start.size();
    for (size_t i = 0; i < n; ++i) {
        rows.start[i] = clampTimelineTime(rows.start[i]);
        rows.end[i] = std::max(rows.start[i], clampTimelineTime(rows.end[i]));
    }
    // A stream runs its work in order, so its rows usually come sorted and cost one pass.
    std::vector<uint32_t> order;
    if (!std::is_sorted(rows.start.begin(), rows.start.end())) {
        order.resize(n);
        std::iota(order.begin(), order.end(), 0u);
        std::stable_sort(order.begin(), order.end(),
                         [&](uint32_t a, uint32_t b) { return rows.start[a] < rows.start[b]; });
        auto permute = [&order](std::vector<int64_t>& column) {
            std::vector<int64_t> sorted(column.size());
            for (size_t i = 0; i < order.size(); ++i) {
                sorted[i] = column[order[i]];
            }
            column = std::move(sorted);
        };
        permute(rows.start);
        permute(rows.end);
        permute(rows.row);
    }

    TimelineLaneSummary lane;
    lane.kind = rows.kind;
    lane.deviceId = rows.deviceId;
    lane.streamId = rows.streamId;
    lane.spans = n;
    lane.firstStart = lane.origin = rows.start.front();
    lane.lastEnd = *std::max_element(rows.end.begin(), rows.end.end());
    Level level;
    level.width = narrowestWidth(rows.start);
    for (size_t i = 0; i < n; ++i) {
        const int64_t duration = rows.end[i] - rows.start[i];
        if (duration >= level.width) {
            lane.longStart.push_back(rows.start[i]);
            lane.longEnd.push_back(rows.end[i]);
            lane.longRow.push_back(rows.row[i]);
            continue;
        }
        const int64_t bucket = (rows.start[i] - lane.origin) / level.width;
        if (level.bucket.empty() || level.bucket.back() != bucket) {
            level.bucket.push_back(bucket);
            level.count.push_back(0);
            level.busy.push_back(0);
            level.firstRow.push_back(rows.row[i]);
            level.lastRow.push_back(rows.row[i]);
        }
        ++level.count.back();
        level.busy.back() = saturatingAdd(level.busy.back(), duration);
        level.firstRow.back() = std::min(level.firstRow.back(), rows.row[i]);
        level.lastRow.back() = std::max(level.lastRow.back(), rows.row[i]);
    }
    lane.levels.push_back(std::move(level));
    addWiderLevels(lane);
    return lane;
}

// Bytes in and out, in the order encode() writes them.
constexpr uint32_t kMagic = 0x4c545343;  // "CSTL" read as little-endian bytes

bool inTime(int64_t ns) {
    return ns >= 0 && ns <= kTimelineLatestNs;
}

}  // namespace

TimelineSummary TimelineSummary::of(const TimelineRows& rows) {
    std::vector<LaneRows> lanes;
    auto split = [&lanes](Kind kind, const TimelineRows::Spans& spans) {
        const size_t firstOfKind = lanes.size();
        size_t last = SIZE_MAX;  // consecutive rows mostly share a stream
        for (size_t i = 0; i < spans.size(); ++i) {
            const uint32_t device = spans.deviceId[i];
            const uint32_t stream = spans.streamId[i];
            if (last == SIZE_MAX || lanes[last].deviceId != device ||
                lanes[last].streamId != stream) {
                // A run has a handful of streams: a linear search beats hashing every row.
                last = SIZE_MAX;
                for (size_t l = firstOfKind; l < lanes.size(); ++l) {
                    if (lanes[l].deviceId == device && lanes[l].streamId == stream) {
                        last = l;
                        break;
                    }
                }
                if (last == SIZE_MAX) {
                    lanes.push_back(LaneRows{.kind = kind, .deviceId = device, .streamId = stream});
                    last = lanes.size() - 1;
                }
            }
            if (lanes[last].start.size() >= UINT32_MAX) {
                throw StoreError("a stream of the timeline holds more than 2^32 spans");
            }
            lanes[last].start.push_back(spans.start[i]);
            lanes[last].end.push_back(spans.end[i]);
            lanes[last].row.push_back(spans.rowId[i]);
        }
    };
    split(Kind::Kernel, rows.kernels);
    split(Kind::Copy, rows.copies);
    split(Kind::Memset, rows.memsets);
    std::sort(lanes.begin(), lanes.end(), [](const LaneRows& a, const LaneRows& b) {
        return std::tie(a.deviceId, a.streamId, a.kind) < std::tie(b.deviceId, b.streamId, b.kind);
    });
    TimelineSummary summary;
    for (LaneRows& lane : lanes) {
        summary.lanes.push_back(summarize(lane));
        lane = LaneRows();  // its rows are summarised: the memory goes back now
    }
    return summary;
}

std::string TimelineSummary::encode(const TimelineLaneSummary& lane) {
    ByteWriter out;
    out.put(kMagic);
    out.put(kVersion);
    out.put(uint8_t(lane.kind));
    out.put(lane.deviceId);
    out.put(lane.streamId);
    out.put(lane.spans);
    out.put(lane.firstStart);
    out.put(lane.lastEnd);
    const Level& narrowest = lane.levels.front();
    out.put(narrowest.width);
    out.put(uint64_t(narrowest.size()));
    out.putAll(narrowest.bucket);
    out.putAll(narrowest.count);
    out.putAll(narrowest.busy);
    out.putAll(narrowest.firstRow);
    out.putAll(narrowest.lastRow);
    out.put(uint64_t(lane.longStart.size()));
    out.putAll(lane.longStart);
    out.putAll(lane.longEnd);
    out.putAll(lane.longRow);
    return out.take();
}

std::optional<TimelineLaneSummary> TimelineSummary::decode(std::string_view bytes) {
    ByteReader in(bytes);
    uint32_t magic = 0;
    uint32_t version = 0;
    uint8_t kind = 0;
    TimelineLaneSummary lane;
    Level level;
    uint64_t buckets = 0;
    if (!in.get(magic) || magic != kMagic || !in.get(version) || version != kVersion ||
        !in.get(kind) || kind > uint8_t(Kind::Memset) || !in.get(lane.deviceId) ||
        !in.get(lane.streamId) || !in.get(lane.spans) || !in.get(lane.firstStart) ||
        !in.get(lane.lastEnd) || !in.get(level.width) || !in.get(buckets) ||
        !in.getAll(level.bucket, buckets) || !in.getAll(level.count, buckets) ||
        !in.getAll(level.busy, buckets) || !in.getAll(level.firstRow, buckets) ||
        !in.getAll(level.lastRow, buckets)) {
        return std::nullopt;
    }
    lane.kind = Kind(kind);
    lane.origin = lane.firstStart;
    uint64_t longs = 0;
    if (!in.get(longs) || !in.getAll(lane.longStart, longs) || !in.getAll(lane.longEnd, longs) ||
        !in.getAll(lane.longRow, longs) || !in.done()) {
        return std::nullopt;
    }
    if (!inTime(lane.firstStart) || !inTime(lane.lastEnd) || lane.lastEnd < lane.firstStart ||
        level.width < 1 || level.width > kTimelineLatestNs ||
        !std::has_single_bit(uint64_t(level.width)) || lane.spans == 0 ||
        lane.spans >= UINT32_MAX) {  // a lane's limit: the wider levels' counts fit 32 bits
        return std::nullopt;
    }
    // Every span in one bucket or one long span, each where its times put it.
    uint64_t counted = 0;
    const int64_t lastBucket = (lane.lastEnd - lane.origin) / level.width;
    for (size_t i = 0; i < level.size(); ++i) {
        if (level.bucket[i] < 0 || level.bucket[i] > lastBucket ||
            (i > 0 && level.bucket[i] <= level.bucket[i - 1]) || level.count[i] == 0 ||
            level.busy[i] < 0 || level.firstRow[i] > level.lastRow[i]) {
            return std::nullopt;
        }
        counted += level.count[i];
    }
    for (size_t i = 0; i < lane.longStart.size(); ++i) {
        if (lane.longStart[i] < lane.firstStart || lane.longEnd[i] > lane.lastEnd ||
            lane.longEnd[i] - lane.longStart[i] < level.width ||
            (i > 0 && lane.longStart[i] < lane.longStart[i - 1])) {
            return std::nullopt;
        }
    }
    if (counted + longs != lane.spans) {
        return std::nullopt;
    }
    lane.levels.push_back(std::move(level));
    addWiderLevels(lane);
    return lane;
}

}  // namespace costscope
