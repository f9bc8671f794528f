// TimelineLane: sorting once, then level of detail by binary search, prefix sums and a max-tree.
#include "app/timeline/TimelineLane.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>

#include "profiler/Saturating.h"

namespace costscope {

TimelineLane::TimelineLane(std::vector<int64_t> starts, std::vector<int64_t> ends,
                           std::vector<uint32_t> rows)
    : start_(std::move(starts)), end_(std::move(ends)), row_(std::move(rows)) {
    const size_t n = start_.size();
    // A stream runs its work in order, so a lane usually arrives sorted and costs one pass.
    if (!std::is_sorted(start_.begin(), start_.end())) {
        std::vector<uint32_t> order(n);
        std::iota(order.begin(), order.end(), 0u);
        std::stable_sort(order.begin(), order.end(),
                         [this](uint32_t a, uint32_t b) { return start_[a] < start_[b]; });
        auto permute = [&order](auto& column) {
            auto sorted = column;
            for (size_t i = 0; i < order.size(); ++i) {
                sorted[i] = column[order[i]];
            }
            column = std::move(sorted);
        };
        permute(start_);
        permute(end_);
        permute(row_);
    }
    prefixDuration_.resize(n + 1);
    prefixMaxEnd_.resize(n);
    leaves_ = std::bit_ceil(std::max<size_t>(n, 1));
    longest_.assign(2 * leaves_, 0);
    int64_t latest = INT64_MIN;
    for (size_t i = 0; i < n; ++i) {
        // An end before its start would be a broken row: it counts as an instant.
        end_[i] = std::max(end_[i], start_[i]);
        const int64_t duration = end_[i] - start_[i];
        prefixDuration_[i + 1] = saturatingAdd(prefixDuration_[i], duration);
        latest = std::max(latest, end_[i]);
        prefixMaxEnd_[i] = latest;
        longest_[leaves_ + i] = duration;
    }
    for (size_t node = leaves_ - 1; node >= 1; --node) {
        longest_[node] = std::max(longest_[2 * node], longest_[2 * node + 1]);
    }
}

size_t TimelineLane::firstEndingAfter(int64_t time) const {
    return size_t(std::upper_bound(prefixMaxEnd_.begin(), prefixMaxEnd_.end(), time) -
                  prefixMaxEnd_.begin());
}

void TimelineLane::collectLong(size_t lo, size_t hi, int64_t minimum,
                               std::vector<uint32_t>& out) const {
    if (lo < hi) {
        collectLong(1, 0, leaves_, lo, hi, minimum, out);
    }
}

void TimelineLane::collectLong(size_t node, size_t nodeLo, size_t nodeHi, size_t lo, size_t hi,
                               int64_t minimum, std::vector<uint32_t>& out) const {
    if (nodeHi <= lo || hi <= nodeLo || longest_[node] < minimum) {
        return;
    }
    if (nodeHi - nodeLo == 1) {
        out.push_back(uint32_t(nodeLo));
        return;
    }
    const size_t middle = nodeLo + (nodeHi - nodeLo) / 2;
    collectLong(2 * node, nodeLo, middle, lo, hi, minimum, out);
    collectLong(2 * node + 1, middle, nodeHi, lo, hi, minimum, out);
}

TimelineLod TimelineLane::query(int64_t t0, int64_t t1, int width) const {
    TimelineLod lod;
    query(t0, t1, width, lod);
    return lod;
}

void TimelineLane::query(int64_t t0, int64_t t1, int width, TimelineLod& lod) const {
    lod.clear();
    if (start_.empty() || width <= 0 || t1 <= t0) {
        return;
    }
    const double scale = double(width) / double(t1 - t0);  // pixels per ns
    // The shortest duration drawn alone: the least d with d * scale >= 1, found with the same
    // arithmetic as the test below so that the two never disagree.
    const double perPixel = std::min(1.0 / scale, 9.0e18);
    int64_t minimum = std::max<int64_t>(1, int64_t(std::ceil(perPixel)));
    while (minimum > 1 && double(minimum - 1) * scale >= 1.0) {
        --minimum;
    }
    while (double(minimum) * scale < 1.0) {
        ++minimum;
    }
    // The pixel column of a start at or after t0; monotone in `start`.
    auto columnOf = [t0, scale, width](int64_t start) {
        return std::min(width - 1, int(double(start - t0) * scale));
    };

    const size_t first = firstEndingAfter(t0);
    const size_t last = size_t(std::lower_bound(start_.begin(), start_.end(), t1) - start_.begin());
    if (first >= last) {
        return;
    }
    const size_t atT0 = std::max(
        first, size_t(std::lower_bound(start_.begin(), start_.end(), t0) - start_.begin()));

    // Spans that began before t0 and still run: few (one per stream, unless spans overlap).
    uint32_t countBefore = 0;
    int64_t busyBefore = 0;
    for (size_t i = first; i < atT0; ++i) {
        if (end_[i] <= t0) {
            continue;
        }
        if (end_[i] - start_[i] >= minimum) {
            lod.items.push_back(TimelineItem{start_[i], end_[i], uint32_t(i)});
        } else {
            ++countBefore;
            busyBefore = saturatingAdd(busyBefore, end_[i] - t0);
        }
    }

    // Spans that begin in view: the wide ones from the max-tree, the rest counted per column
    // from prefix sums, less the wide ones among them.
    std::vector<uint32_t> wide;
    collectLong(atT0, last, minimum, wide);
    for (const uint32_t i : wide) {
        lod.items.push_back(TimelineItem{start_[i], end_[i], i});
    }
    auto addBox = [&](int column, uint32_t count, int64_t busy) {
        if (count == 0) {
            return;
        }
        lod.boxes.push_back(
            TimelineBox{.column = column,
                        .start = t0 + int64_t(std::floor(double(column) / scale)),
                        .end = std::min(t1, t0 + int64_t(std::ceil(double(column + 1) / scale))),
                        .count = count,
                        .busy = std::clamp(double(busy) * scale, 0.0, 1.0)});
    };
    bool columnZeroDone = false;
    size_t nextWide = 0;
    for (size_t i = atT0; i < last;) {
        const int column = columnOf(start_[i]);
        const size_t j = size_t(
            std::partition_point(start_.begin() + ptrdiff_t(i), start_.begin() + ptrdiff_t(last),
                                 [&](int64_t start) { return columnOf(start) <= column; }) -
            start_.begin());
        auto count = uint32_t(j - i);
        int64_t busy = prefixDuration_[j] - prefixDuration_[i];
        for (; nextWide < wide.size() && wide[nextWide] < j; ++nextWide) {
            --count;
            busy = saturatingAdd(busy, start_[wide[nextWide]] - end_[wide[nextWide]]);
        }
        if (column == 0) {
            count += countBefore;
            busy = saturatingAdd(busy, busyBefore);
        } else if (!columnZeroDone) {
            addBox(0, countBefore, busyBefore);
        }
        columnZeroDone = true;
        addBox(column, count, busy);
        i = j;
    }
    if (!columnZeroDone) {
        addBox(0, countBefore, busyBefore);
    }
}

std::optional<size_t> TimelineLane::spanAt(int64_t time, int64_t tolerance) const {
    if (start_.empty()) {
        return std::nullopt;
    }
    tolerance = std::max<int64_t>(tolerance, 0);
    const size_t lo = firstEndingAfter(time - tolerance - 1);
    const size_t hi =
        size_t(std::upper_bound(start_.begin(), start_.end(), time + tolerance) - start_.begin());
    std::optional<size_t> best;
    int64_t bestDistance = INT64_MAX;
    for (size_t i = lo; i < hi; ++i) {
        int64_t distance = 0;
        if (time < start_[i]) {
            distance = start_[i] - time;
        } else if (time >= end_[i]) {
            distance = time - end_[i] + 1;  // from its last nanosecond: ends are exclusive
        }
        // `<=`: of overlapping spans the later one, drawn on top, wins.
        if (distance <= tolerance && distance <= bestDistance) {
            best = i;
            bestDistance = distance;
        }
    }
    return best;
}

}  // namespace costscope
