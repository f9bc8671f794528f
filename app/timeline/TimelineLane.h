// One row of the timeline (the kernels of one stream, say): its spans sorted by start, and what to
// draw of them for a visible range at a pixel width, in time that grows with the pixels and the
// spans visible, never with the spans in the lane.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace costscope {

// A span drawn as itself: at least one pixel wide at the zoom asked for.
struct TimelineItem {
    int64_t start = 0;  // ns
    int64_t end = 0;
    uint32_t index = 0;  // the span's position in its lane (TimelineLane::row() for its row)
    int64_t row = 0;     // set by TimelineModel::query: the span's SpanRef row
};

// The spans narrower than a pixel whose start falls in one pixel column, merged.
struct TimelineBox {
    int column = 0;     // pixel column from the left of the visible range
    int64_t start = 0;  // ns: the column's time
    int64_t end = 0;
    uint32_t count = 0;  // spans merged
    // Their summed duration over the column's, capped at 1: how busy the column looks. (A span
    // counts whole in the column of its start, so a column may read fuller than it was.)
    double busy = 0;
};

// What to draw of a lane: wide spans in start order, then merged boxes in column order; never
// more boxes than pixel columns.
struct TimelineLod {
    std::vector<TimelineItem> items;
    std::vector<TimelineBox> boxes;

    void clear() {
        items.clear();
        boxes.clear();
    }
};

class TimelineLane {
  public:
    TimelineLane() = default;
    // Spans [starts[i], ends[i]) of rows[i]; sorted here by start (ties keep their order).
    TimelineLane(std::vector<int64_t> starts, std::vector<int64_t> ends,
                 std::vector<uint32_t> rows);

    size_t size() const { return start_.size(); }
    bool empty() const { return start_.empty(); }
    int64_t start(size_t index) const { return start_[index]; }
    int64_t end(size_t index) const { return end_[index]; }
    // The row (in the caller's table) of the span at `index`.
    uint32_t row(size_t index) const { return row_[index]; }
    // The earliest start and the latest end; 0 for an empty lane.
    int64_t firstStart() const { return start_.empty() ? 0 : start_.front(); }
    int64_t lastEnd() const { return prefixMaxEnd_.empty() ? 0 : prefixMaxEnd_.back(); }

    // What to draw of the spans that overlap [t0, t1) (ns) shown `width` pixels wide: spans of
    // at least one pixel as themselves, narrower ones merged per pixel column of their start
    // (a span that began before t0 in column 0). Every visible span is in exactly one of
    // them. `lod` is cleared first (pass one back in to reuse its memory).
    void query(int64_t t0, int64_t t1, int width, TimelineLod& lod) const;
    TimelineLod query(int64_t t0, int64_t t1, int width) const;

    // The span covering `time`, else the nearest one that ends or starts within `tolerance`
    // ns of it; none when there is none.
    std::optional<size_t> spanAt(int64_t time, int64_t tolerance) const;

  private:
    // Indices in [lo, hi) whose duration is at least `minimum`, ascending, appended to `out`.
    void collectLong(size_t lo, size_t hi, int64_t minimum, std::vector<uint32_t>& out) const;
    void collectLong(size_t node, size_t nodeLo, size_t nodeHi, size_t lo, size_t hi,
                     int64_t minimum, std::vector<uint32_t>& out) const;
    // The first index whose prefixMaxEnd_ exceeds `time`: spans before it all end by
    // `time` (the lane's spans may overlap, so some after it may end earlier too).
    size_t firstEndingAfter(int64_t time) const;

    std::vector<int64_t> start_;
    std::vector<int64_t> end_;
    std::vector<uint32_t> row_;
    // prefixDuration_[i]: summed durations of spans [0, i), so a column's busy time is one
    // subtraction. prefixMaxEnd_[i]: the latest end among spans [0, i], monotone, for a binary
    // search of the first span still visible at t0.
    std::vector<int64_t> prefixDuration_;
    std::vector<int64_t> prefixMaxEnd_;
    // A max-tree of durations (leaves at leaves_ + i): finds the spans wide enough to draw
    // alone inside a column range without looking at the others.
    std::vector<int64_t> longest_;
    size_t leaves_ = 0;
};

}  // namespace costscope
