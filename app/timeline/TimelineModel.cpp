// TimelineModel: lanes from the run's rows, the memory line, and the words for a span.
#include "app/timeline/TimelineModel.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>

#include "app/charts/ChartStyle.h"
#include "app/core/Format.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

QString copyDirection(uint8_t kind) {
    switch (kind) {  // CUpti_ActivityMemcpyKind
        case 1:
            return u"host → device (HtoD)"_s;
        case 2:
            return u"device → host (DtoH)"_s;
        case 3:
            return u"host → array (HtoA)"_s;
        case 4:
            return u"array → host (AtoH)"_s;
        case 5:
            return u"array → array (AtoA)"_s;
        case 6:
            return u"array → device (AtoD)"_s;
        case 7:
            return u"device → array (DtoA)"_s;
        case 8:
            return u"device → device (DtoD)"_s;
        case 9:
            return u"host → host (HtoH)"_s;
        case 10:
            return u"peer → peer (PtoP)"_s;
        default:
            return u"of unknown direction"_s;
    }
}

QString copyShort(uint8_t kind) {
    switch (kind) {
        case 1:
            return u"HtoD"_s;
        case 2:
            return u"DtoH"_s;
        case 8:
            return u"DtoD"_s;
        case 10:
            return u"PtoP"_s;
        default:
            return u"copy"_s;
    }
}

int64_t clampTime(int64_t ns) {
    return clampTimelineTime(ns);
}

// Every time into [0, kLatestNs], every end at or after its start.
void clampTimes(TimelineRows::Spans& spans) {
    for (size_t i = 0; i < spans.size(); ++i) {
        spans.start[i] = clampTime(spans.start[i]);
        spans.end[i] = std::max(spans.start[i], clampTime(spans.end[i]));
    }
}

using Table = TimelineLaneSummary::Kind;

std::optional<Table> tableOf(TimelineModel::Kind kind) {
    switch (kind) {
        case TimelineModel::Kind::Kernel:
            return Table::Kernel;
        case TimelineModel::Kind::Copy:
            return Table::Copy;
        case TimelineModel::Kind::Memset:
            return Table::Memset;
        default:
            return std::nullopt;
    }
}

TimelineModel::Kind kindOf(Table table) {
    switch (table) {
        case Table::Kernel:
            return TimelineModel::Kind::Kernel;
        case Table::Copy:
            return TimelineModel::Kind::Copy;
        case Table::Memset:
            break;
    }
    return TimelineModel::Kind::Memset;
}

int64_t floorDiv(int64_t a, int64_t b) {
    const int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// The rows of one table of `all` whose row ids lie in [first, last], with what they refer to.
TimelineRows cut(const TimelineRows& all, Table table, int64_t first, int64_t last,
                 bool sortedIds) {
    TimelineRows out;
    out.strings = all.strings;
    out.configs = all.configs;
    const TimelineRows::Spans& from = table == Table::Kernel ? all.kernels
                                      : table == Table::Copy ? all.copies
                                                             : all.memsets;
    TimelineRows::Spans& to = table == Table::Kernel ? out.kernels
                              : table == Table::Copy ? out.copies
                                                     : out.memsets;
    size_t lo = 0;
    size_t hi = from.size();
    if (sortedIds) {
        lo = size_t(std::lower_bound(from.rowId.begin(), from.rowId.end(), first) -
                    from.rowId.begin());
        hi = size_t(std::upper_bound(from.rowId.begin(), from.rowId.end(), last) -
                    from.rowId.begin());
    }
    for (size_t i = lo; i < hi; ++i) {
        if (from.rowId[i] < first || from.rowId[i] > last) {
            continue;
        }
        to.push(from.start[i], from.end[i], from.deviceId[i], from.streamId[i], from.variantId[i],
                from.rowId[i]);
        switch (table) {
            case Table::Kernel:
                out.kernelConfig.push_back(all.kernelConfig[i]);
                break;
            case Table::Copy:
                out.copyBytes.push_back(all.copyBytes[i]);
                out.copyKind.push_back(all.copyKind[i]);
                break;
            case Table::Memset:
                out.memsetBytes.push_back(all.memsetBytes[i]);
                break;
        }
    }
    return out;
}

// How far a span is from `time`: 0 when it covers it, else from its nearer end (its last
// nanosecond: ends are exclusive), as TimelineLane::spanAt measures.
int64_t distanceTo(int64_t start, int64_t end, int64_t time) {
    if (time < start) {
        return start - time;
    }
    return time >= end ? time - end + 1 : 0;
}

}  // namespace

TimelineModel::TimelineModel(TimelineRows rows, const std::vector<VariantSummaryRow>& variants,
                             std::optional<CollectorInfo> collector)
    : collector_(std::move(collector)) {
    clampTimes(rows.kernels);
    clampTimes(rows.copies);
    clampTimes(rows.memsets);
    summary_ = TimelineSummary::of(rows);
    // Windows are cut from the rows in memory: by binary search where their ids ascend.
    const bool sorted = std::is_sorted(rows.kernels.rowId.begin(), rows.kernels.rowId.end()) &&
                        std::is_sorted(rows.copies.rowId.begin(), rows.copies.rowId.end()) &&
                        std::is_sorted(rows.memsets.rowId.begin(), rows.memsets.rowId.end());
    // What the windows never cut moves to the base; the names serve both.
    base_.memory = std::move(rows.memory);
    base_.ranges = std::move(rows.ranges);
    base_.rangeLanes = std::move(rows.rangeLanes);
    base_.streamLabels = std::move(rows.streamLabels);
    base_.strings = rows.strings;
    auto all = std::make_shared<const TimelineRows>(std::move(rows));
    reader_ = [all, sorted](Table table, int64_t first, int64_t last) {
        return cut(*all, table, first, last, sorted);
    };
    build(variants);
}

TimelineModel::TimelineModel(TimelineSummary summary, TimelineRows base, WindowReader reader,
                             const std::vector<VariantSummaryRow>& variants,
                             std::optional<CollectorInfo> collector)
    : summary_(std::move(summary)),
      base_(std::move(base)),
      reader_(std::move(reader)),
      collector_(std::move(collector)) {
    build(variants);
}

TimelineModel::TimelineModel(TimelineModel&&) noexcept = default;
TimelineModel& TimelineModel::operator=(TimelineModel&&) noexcept = default;
TimelineModel::~TimelineModel() = default;

void TimelineModel::build(const std::vector<VariantSummaryRow>& variants) {
    for (size_t i = 0; i < base_.ranges.size(); ++i) {
        base_.ranges.start[i] = clampTime(base_.ranges.start[i]);
        base_.ranges.end[i] = std::max(base_.ranges.start[i], clampTime(base_.ranges.end[i]));
    }
    for (int64_t& start : base_.memory.start) {
        start = clampTime(start);
    }
    std::vector<int64_t> starts;
    std::vector<int64_t> ends;
    std::vector<uint32_t> indices;
    for (const VariantSummaryRow& variant : variants) {
        variantIndex_[variant.variantId] = variants_.size();
        // A skipped variant never ran: no span (its times read 0), never a span at zero.
        const int64_t started = clampTime(variant.startedNs);
        const int64_t ended = clampTime(variant.endedNs);
        if (variant.status != VariantStatus::Skipped && started > 0 && ended > started) {
            starts.push_back(started);
            ends.push_back(ended);
            indices.push_back(uint32_t(variants_.size()));
        }
        variants_.push_back(VariantSpan{.variantId = variant.variantId,
                                        .name = variant.name,
                                        .device = variant.device,
                                        .startedNs = started,
                                        .endedNs = ended,
                                        .measured = variant.status == VariantStatus::Ok});
    }
    if (!starts.empty()) {
        const uint64_t spans = starts.size();
        lanes_.push_back(
            Lane{.kind = Kind::Variant,
                 .label = u"CPU variants"_s,
                 .whole = TimelineLane(std::move(starts), std::move(ends), std::move(indices)),
                 .spans = spans});
    }
    buildRangeLanes();
    buildGpuLanes();

    origin_ = INT64_MAX;
    finish_ = INT64_MIN;
    for (const Lane& lane : lanes_) {
        const bool whole = lane.summary == nullptr;
        origin_ = std::min(origin_, whole ? lane.whole.firstStart() : lane.summary->firstStart);
        finish_ = std::max(finish_, whole ? lane.whole.lastEnd() : lane.summary->lastEnd);
    }
    for (const int64_t start : base_.memory.start) {
        origin_ = std::min(origin_, start);
        finish_ = std::max(finish_, start);
    }
    if (origin_ > finish_) {
        origin_ = finish_ = 0;
    }
    // The times are clamped already, so the steps stay in [0, kLatestNs].
    memory_ = memoryInUse(base_.memory, finish_);
}

int64_t TimelineModel::timeAt(double key) const {
    // Within [-kLatestNs, 2 kLatestNs] of the origin, which is in [0, kLatestNs]: the sum, and
    // the difference of two such times, stay below 2^62.
    constexpr double kReachMs = double(kLatestNs) / 1e6;
    return origin_ + int64_t(std::clamp(key, -kReachMs, 2 * kReachMs) * 1e6);
}

void TimelineModel::buildRangeLanes() {
    const TimelineRows::Ranges& ranges = base_.ranges;
    std::vector<std::vector<uint32_t>> rowsOfLane(base_.rangeLanes.size());
    for (size_t row = 0; row < ranges.size(); ++row) {
        if (ranges.lane[row] < rowsOfLane.size()) {  // a lane that has no label is dropped
            rowsOfLane[ranges.lane[row]].push_back(uint32_t(row));
        }
    }
    for (size_t lane = 0; lane < rowsOfLane.size(); ++lane) {
        std::vector<int64_t> starts;
        std::vector<int64_t> ends;
        for (const uint32_t row : rowsOfLane[lane]) {
            starts.push_back(ranges.start[row]);
            ends.push_back(ranges.end[row]);
        }
        if (starts.empty()) {
            continue;
        }
        const uint64_t spans = starts.size();
        lanes_.push_back(Lane{
            .kind = Kind::Range,
            .label = QString::fromStdString(base_.rangeLanes[lane]),
            .whole = TimelineLane(std::move(starts), std::move(ends), std::move(rowsOfLane[lane])),
            .spans = spans});
    }
}

QString TimelineModel::streamName(uint32_t deviceId, uint32_t streamId) const {
    const auto label = base_.streamLabels.find(uint64_t(deviceId) << 32 | streamId);
    return u"GPU "_s + QString::number(deviceId) + u" · "_s +
           (label != base_.streamLabels.end() ? QString::fromStdString(label->second)
                                              : u"stream "_s + QString::number(streamId));
}

void TimelineModel::buildGpuLanes() {
    // The summary's lanes come by device, stream and kind.
    for (const TimelineLaneSummary& summary : summary_.lanes) {
        const Kind kind = kindOf(summary.kind);
        std::vector<uint32_t> rows(summary.longStart.size());
        std::iota(rows.begin(), rows.end(), 0u);
        lanes_.push_back(
            Lane{.kind = kind,
                 .deviceId = summary.deviceId,
                 .streamId = summary.streamId,
                 .label = streamName(summary.deviceId, summary.streamId) + u" · "_s +
                          (kind == Kind::Copy ? u"copies"_s : kindName(kind) + u"s"_s),
                 .whole = TimelineLane(summary.longStart, summary.longEnd, std::move(rows)),
                 .summary = &summary,
                 .spans = summary.spans});
    }
}

const TimelineRows::Spans& TimelineModel::spansOf(const TimelineRows& rows, Kind kind) {
    return kind == Kind::Kernel ? rows.kernels : kind == Kind::Copy ? rows.copies : rows.memsets;
}

std::optional<std::pair<int64_t, int64_t>> TimelineModel::rowsBetween(Kind kind, int64_t t0,
                                                                      int64_t t1) const {
    std::optional<std::pair<int64_t, int64_t>> rows;
    for (const Lane& lane : lanes_) {
        if (lane.kind != kind || !lane.summary) {
            continue;
        }
        const TimelineLaneSummary::Level& level = lane.summary->levels.front();
        const int64_t origin = lane.summary->origin;
        const int64_t first = floorDiv(t0 - origin, level.width);
        const int64_t last = floorDiv(t1 - 1 - origin, level.width);
        const auto lo = std::lower_bound(level.bucket.begin(), level.bucket.end(), first);
        const auto hi = std::upper_bound(level.bucket.begin(), level.bucket.end(), last);
        for (auto at = lo; at < hi; ++at) {
            const size_t i = size_t(at - level.bucket.begin());
            if (!rows) {
                rows = std::pair(level.firstRow[i], level.lastRow[i]);
            }
            rows->first = std::min(rows->first, level.firstRow[i]);
            rows->second = std::max(rows->second, level.lastRow[i]);
        }
    }
    return rows;
}

const TimelineModel::Window& TimelineModel::window(Kind kind, int64_t t0, int64_t t1,
                                                   int64_t margin) const {
    std::unique_ptr<Window>& held = windows_[size_t(*tableOf(kind))];
    if (held && held->t0 <= t0 && t1 <= held->t1) {
        return *held;
    }
    // Times here lie within [-2^61, 2^62]: the margin added stays far from the int64 limits.
    margin = std::clamp<int64_t>(margin, 0, kLatestNs);
    auto next = std::make_unique<Window>();
    next->t0 = t0 - margin;
    next->t1 = t1 + margin;
    if (const auto rows = rowsBetween(kind, next->t0, next->t1)) {
        next->rows = read(*tableOf(kind), rows->first, rows->second);
    }
    TimelineRows::Spans& spans = kind == Kind::Kernel ? next->rows.kernels
                                 : kind == Kind::Copy ? next->rows.copies
                                                      : next->rows.memsets;
    clampTimes(spans);
    // Each lane's short spans (its long ones are drawn whole).
    struct Builder {
        int lane = -1;
        std::vector<int64_t> starts;
        std::vector<int64_t> ends;
        std::vector<uint32_t> rows;
    };
    std::vector<Builder> builders;
    size_t last = SIZE_MAX;
    for (size_t row = 0; row < spans.size(); ++row) {
        const uint32_t device = spans.deviceId[row];
        const uint32_t stream = spans.streamId[row];
        if (last == SIZE_MAX || lanes_[size_t(builders[last].lane)].deviceId != device ||
            lanes_[size_t(builders[last].lane)].streamId != stream) {
            last = SIZE_MAX;
            for (size_t b = 0; b < builders.size(); ++b) {
                const Lane& lane = lanes_[size_t(builders[b].lane)];
                if (lane.deviceId == device && lane.streamId == stream) {
                    last = b;
                    break;
                }
            }
            if (last == SIZE_MAX) {
                for (size_t lane = 0; lane < lanes_.size(); ++lane) {
                    if (lanes_[lane].kind == kind && lanes_[lane].summary &&
                        lanes_[lane].deviceId == device && lanes_[lane].streamId == stream) {
                        builders.push_back(Builder{.lane = int(lane)});
                        last = builders.size() - 1;
                        break;
                    }
                }
            }
            if (last == SIZE_MAX) {
                continue;  // a row of no lane: the file changed since the summary
            }
        }
        Builder& builder = builders[last];
        if (spans.end[row] - spans.start[row] >=
            lanes_[size_t(builder.lane)].summary->shortLimit()) {
            continue;
        }
        builder.starts.push_back(spans.start[row]);
        builder.ends.push_back(spans.end[row]);
        builder.rows.push_back(uint32_t(row));
    }
    for (Builder& builder : builders) {
        next->lanes.emplace(builder.lane,
                            TimelineLane(std::move(builder.starts), std::move(builder.ends),
                                         std::move(builder.rows)));
    }
    held = std::move(next);
    return *held;
}

TimelineLod TimelineModel::query(int lane, int64_t t0, int64_t t1, int width) const {
    TimelineLod lod;
    query(lane, t0, t1, width, lod);
    return lod;
}

void TimelineModel::query(int laneIndex, int64_t t0, int64_t t1, int width,
                          TimelineLod& lod) const {
    lod.clear();
    if (laneIndex < 0 || size_t(laneIndex) >= lanes_.size()) {
        return;
    }
    const Lane& lane = lanes_[size_t(laneIndex)];
    lane.whole.query(t0, t1, width, lod);
    for (TimelineItem& item : lod.items) {
        item.row = lane.summary ? lane.summary->longRow[lane.whole.row(item.index)]
                                : int64_t(lane.whole.row(item.index));
    }
    if (!lane.summary || lane.summary->shortSpans() == 0 || width <= 0 || t1 <= t0) {
        return;
    }
    const TimelineLaneSummary& summary = *lane.summary;
    const double scale = double(width) / double(t1 - t0);  // pixels per ns
    std::vector<TimelineBox> boxes;
    if (1.0 / scale >= double(summary.shortLimit())) {
        // The widest buckets no wider than a pixel column, each counted in the column of its
        // start (or column 0): every short span narrower than a pixel, so merged.
        size_t at = 0;
        while (at + 1 < summary.levels.size() &&
               double(summary.levels[at + 1].width) * scale <= 1.0) {
            ++at;
        }
        const TimelineLaneSummary::Level& level = summary.levels[at];
        const int64_t first = floorDiv(t0 - summary.origin, level.width);
        const int64_t last = floorDiv(t1 - 1 - summary.origin, level.width);
        const auto lo = std::lower_bound(level.bucket.begin(), level.bucket.end(), first);
        const auto hi = std::upper_bound(level.bucket.begin(), level.bucket.end(), last);
        for (auto bucket = lo; bucket < hi; ++bucket) {
            const size_t i = size_t(bucket - level.bucket.begin());
            const int64_t start = std::max(t0, summary.origin + *bucket * level.width);
            const int column = std::min(width - 1, int(double(start - t0) * scale));
            if (boxes.empty() || boxes.back().column != column) {
                boxes.push_back(TimelineBox{
                    .column = column,
                    .start = t0 + int64_t(std::floor(double(column) / scale)),
                    .end = std::min(t1, t0 + int64_t(std::ceil(double(column + 1) / scale)))});
            }
            boxes.back().count += level.count[i];
            boxes.back().busy += double(level.busy[i]) * scale;
        }
        for (TimelineBox& box : boxes) {
            box.busy = std::clamp(box.busy, 0.0, 1.0);
        }
    } else {
        // Zoomed in: the window's rows, read with a view's width more on each side for the pans
        // that follow.
        const Window& held = window(lane.kind, t0 - summary.shortLimit(), t1, t1 - t0);
        const auto rows = held.lanes.find(laneIndex);
        if (rows == held.lanes.end()) {
            return;
        }
        TimelineLod part;
        rows->second.query(t0, t1, width, part);
        const TimelineRows::Spans& spans = spansOf(held.rows, lane.kind);
        for (TimelineItem item : part.items) {
            item.row = spans.rowId[rows->second.row(item.index)];
            lod.items.push_back(item);
        }
        boxes = std::move(part.boxes);
    }
    // The long spans' boxes and the short ones', one box a column.
    std::vector<TimelineBox> merged;
    merged.reserve(lod.boxes.size() + boxes.size());
    size_t a = 0;
    size_t b = 0;
    while (a < lod.boxes.size() || b < boxes.size()) {
        if (b == boxes.size() || (a < lod.boxes.size() && lod.boxes[a].column < boxes[b].column)) {
            merged.push_back(lod.boxes[a++]);
        } else if (a == lod.boxes.size() || boxes[b].column < lod.boxes[a].column) {
            merged.push_back(boxes[b++]);
        } else {
            TimelineBox box = lod.boxes[a++];
            box.count += boxes[b].count;
            box.busy = std::min(1.0, box.busy + boxes[b++].busy);
            merged.push_back(box);
        }
    }
    lod.boxes = std::move(merged);
}

QString TimelineModel::whyEmpty() const {
    // GPU variants that were measured; a failed or skipped one never ran anything to collect.
    const bool gpuVariants = std::any_of(
        variants_.begin(), variants_.end(),
        [](const VariantSpan& variant) { return variant.device == "gpu" && variant.measured; });
    const QString note = collector_ && !collector_->note.empty()
                             ? QString::fromStdString(collector_->note)
                             : QString();
    if (note.startsWith(u"imported from"_s)) {
        return u"This profile holds no kernel, copy or memset: profile the program with "
               u"nsys profile --trace=cuda,nvtx to see its GPU work here."_s;
    }
    if (!gpuVariants) {
        return note.isEmpty() ? u"This run measured no GPU activity: it recorded CPU variants "
                                u"only (no GPU variant ran, so no GPU activity was collected)."_s
                              : u"This run measured no GPU activity: it recorded CPU variants "
                                u"only (no GPU, or CUPTI was off: "_s +
                                    note + u")."_s;
    }
    if (!collector_) {
        return u"This run measured no GPU activity: its GPU variants were recorded without the "
               u"CUPTI collector, so only their end-to-end times are known."_s;
    }
    if (!collector_->enabled) {
        return u"This run measured no GPU activity: CUPTI was off ("_s +
               (note.isEmpty() ? u"no reason recorded"_s : note) +
               u"), so its GPU variants have end-to-end times only."_s;
    }
    return u"This run measured no GPU activity: the CUPTI collector was on but stored no kernel, "
           u"copy or memset ("_s +
           (note.isEmpty() ? u"no collector note was recorded"_s : note) + u")."_s;
}

std::optional<TimelineModel::SpanRef> TimelineModel::spanAt(int laneIndex, int64_t time,
                                                            int64_t tolerance) const {
    if (laneIndex < 0 || size_t(laneIndex) >= lanes_.size()) {
        return std::nullopt;
    }
    const Lane& lane = lanes_[size_t(laneIndex)];
    tolerance = std::clamp<int64_t>(tolerance, 0, kLatestNs);
    std::optional<SpanRef> best;
    int64_t bestDistance = INT64_MAX;
    if (const auto index = lane.whole.spanAt(time, tolerance)) {
        best = SpanRef{laneIndex, lane.summary ? lane.summary->longRow[lane.whole.row(*index)]
                                               : int64_t(lane.whole.row(*index))};
        bestDistance = distanceTo(lane.whole.start(*index), lane.whole.end(*index), time);
    }
    if (!lane.summary || lane.summary->shortSpans() == 0) {
        return best;
    }
    // The short spans near `time`: the window in view holds them, or a small one is read.
    const Window& held =
        window(lane.kind, time - tolerance - lane.summary->shortLimit(), time + tolerance + 1, 0);
    const auto rows = held.lanes.find(laneIndex);
    if (rows == held.lanes.end()) {
        return best;
    }
    if (const auto index = rows->second.spanAt(time, tolerance)) {
        const int64_t distance =
            distanceTo(rows->second.start(*index), rows->second.end(*index), time);
        if (distance <= bestDistance) {
            best =
                SpanRef{laneIndex, spansOf(held.rows, lane.kind).rowId[rows->second.row(*index)]};
        }
    }
    return best;
}

std::vector<TimelineModel::SpanRef> TimelineModel::spansIn(int laneIndex, int64_t t0,
                                                           int64_t t1) const {
    std::vector<std::pair<int64_t, SpanRef>> found;  // by start
    if (laneIndex < 0 || size_t(laneIndex) >= lanes_.size() || t1 <= t0) {
        return {};
    }
    const Lane& lane = lanes_[size_t(laneIndex)];
    for (size_t i = 0; i < lane.whole.size(); ++i) {
        if (lane.whole.start(i) < t1 && lane.whole.end(i) > t0) {
            found.emplace_back(
                lane.whole.start(i),
                SpanRef{laneIndex, lane.summary ? lane.summary->longRow[lane.whole.row(i)]
                                                : int64_t(lane.whole.row(i))});
        }
    }
    if (lane.summary && lane.summary->shortSpans() > 0) {
        const Window& held = window(lane.kind, t0 - lane.summary->shortLimit(), t1, 0);
        if (const auto rows = held.lanes.find(laneIndex); rows != held.lanes.end()) {
            const TimelineLane& spans = rows->second;
            for (size_t i = 0; i < spans.size(); ++i) {
                if (spans.start(i) < t1 && spans.end(i) > t0) {
                    found.emplace_back(
                        spans.start(i),
                        SpanRef{laneIndex, spansOf(held.rows, lane.kind).rowId[spans.row(i)]});
                }
            }
        }
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<SpanRef> spans;
    spans.reserve(found.size());
    for (const auto& [start, span] : found) {
        spans.push_back(span);
    }
    return spans;
}

TimelineRows TimelineModel::read(Table table, int64_t firstRow, int64_t lastRow) const {
    try {
        return reader_(table, firstRow, lastRow);
    } catch (const std::exception& error) {
        readFailure_ = u"Some of the timeline's rows could not be read: "_s +
                       QString::fromStdString(error.what());
        return {};
    }
}

TimelineModel::Found TimelineModel::find(const SpanRef& span) const {
    if (span.lane < 0 || size_t(span.lane) >= lanes_.size() || !lanes_[size_t(span.lane)].summary) {
        return {};
    }
    const Lane& lane = lanes_[size_t(span.lane)];
    const size_t table = size_t(lane.summary->kind);
    auto within = [&](const TimelineRows& rows) -> std::optional<size_t> {
        const std::vector<int64_t>& ids = spansOf(rows, lane.kind).rowId;
        // A window's rows come in rowid order (the reads walk the rowid's b-tree).
        const auto at = std::lower_bound(ids.begin(), ids.end(), span.row);
        if (at != ids.end() && *at == span.row) {
            return size_t(at - ids.begin());
        }
        return std::nullopt;
    };
    if (const std::unique_ptr<Window>& held = windows_[table]) {
        if (const auto index = within(held->rows)) {
            return {&held->rows, *index};
        }
    }
    auto& alone = alone_[table];
    auto known = alone.find(span.row);
    if (known == alone.end()) {
        if (alone.size() >= 1024) {
            alone.clear();  // spans clicked or labelled long ago: read again if asked
        }
        TimelineRows rows = read(lane.summary->kind, span.row, span.row);
        clampTimes(lane.kind == Kind::Kernel ? rows.kernels
                   : lane.kind == Kind::Copy ? rows.copies
                                             : rows.memsets);
        known = alone.emplace(span.row, std::move(rows)).first;
    }
    if (const auto index = within(known->second)) {
        // The span must be the lane's: a row id of another stream names no span here.
        const TimelineRows::Spans& spans = spansOf(known->second, lane.kind);
        if (spans.deviceId[*index] == lane.deviceId && spans.streamId[*index] == lane.streamId) {
            return {&known->second, *index};
        }
    }
    return {};
}

std::optional<std::pair<int64_t, int64_t>> TimelineModel::times(const SpanRef& span) const {
    if (span.lane < 0 || size_t(span.lane) >= lanes_.size()) {
        return std::nullopt;
    }
    const Lane& lane = lanes_[size_t(span.lane)];
    switch (lane.kind) {
        case Kind::Variant:
            if (span.row >= 0 && size_t(span.row) < variants_.size()) {
                return std::pair(variants_[size_t(span.row)].startedNs,
                                 variants_[size_t(span.row)].endedNs);
            }
            return std::nullopt;
        case Kind::Range:
            if (span.row >= 0 && size_t(span.row) < base_.ranges.size()) {
                return std::pair(base_.ranges.start[size_t(span.row)],
                                 base_.ranges.end[size_t(span.row)]);
            }
            return std::nullopt;
        default:
            break;
    }
    const Found found = find(span);
    if (!found.rows) {
        return std::nullopt;
    }
    const TimelineRows::Spans& spans = spansOf(*found.rows, lane.kind);
    return std::pair(spans.start[found.index], spans.end[found.index]);
}

QString TimelineModel::when(int64_t start, int64_t end) const {
    return u"Starts at "_s + QString::number(double(start - origin_) / 1e6, 'f', 6) +
           u" ms · lasts "_s + formatDuration(end - start);
}

const TimelineModel::VariantSpan* TimelineModel::variantOf(const SpanRef& span) const {
    if (span.lane < 0 || size_t(span.lane) >= lanes_.size()) {
        return nullptr;
    }
    const Lane& lane = lanes_[size_t(span.lane)];
    if (lane.kind == Kind::Variant) {
        return span.row >= 0 && size_t(span.row) < variants_.size() ? &variants_[size_t(span.row)]
                                                                    : nullptr;
    }
    const Found found = find(span);
    if (!found.rows) {
        return nullptr;
    }
    const auto variant = variantIndex_.find(spansOf(*found.rows, lane.kind).variantId[found.index]);
    return variant == variantIndex_.end() ? nullptr : &variants_[variant->second];
}

const TimelineModel::VariantSpan* TimelineModel::variantByName(const std::string& name) const {
    for (const VariantSpan& variant : variants_) {
        if (variant.name == name) {
            return &variant;
        }
    }
    return nullptr;
}

std::optional<TimelineModel::SpanRef> TimelineModel::variantSpan(int64_t variantId) const {
    if (lanes_.empty() || lanes_.front().kind != Kind::Variant) {
        return std::nullopt;
    }
    const TimelineLane& spans = lanes_.front().whole;
    for (size_t i = 0; i < spans.size(); ++i) {
        if (variants_[spans.row(i)].variantId == variantId) {
            return SpanRef{0, int64_t(spans.row(i))};
        }
    }
    return std::nullopt;
}

QString TimelineModel::details(const SpanRef& span) const {
    const auto spanTimes = times(span);
    if (!spanTimes) {
        return {};
    }
    const auto [start, end] = *spanTimes;
    const Lane& lane = lanes_[size_t(span.lane)];
    const QString where = streamName(lane.deviceId, lane.streamId);
    QStringList lines;
    if (lane.kind == Kind::Variant) {
        const VariantSpan& variant = variants_.at(size_t(span.row));
        lines << QString::fromStdString(variant.name)
              << u"Variant measured on the "_s + QString::fromStdString(variant.device) +
                     u", its whole time on the CPU (set-up, warm-up and timed calls)"_s
              << when(start, end);
        return lines.join(u'\n');
    }
    if (lane.kind == Kind::Range) {
        lines << QString::fromStdString(base_.strings.at(base_.ranges.name[size_t(span.row)]))
              << u"NVTX range on the host: "_s + lane.label << when(start, end);
        return lines.join(u'\n');
    }
    const Found found = find(span);
    const TimelineRows& rows = *found.rows;
    const size_t row = found.index;
    switch (lane.kind) {
        case Kind::Kernel: {
            const TimelineRows::KernelConfig& config = rows.configs.at(rows.kernelConfig[row]);
            const QString name = QString::fromStdString(rows.strings.at(config.name));
            lines << (name.isEmpty() ? u"(unnamed kernel)"_s : name) << u"Kernel on "_s + where
                  << when(start, end)
                  << u"Grid "_s + QString::number(config.gridX) + u" × "_s +
                         QString::number(config.gridY) + u" × "_s + QString::number(config.gridZ) +
                         u" · block "_s + QString::number(config.blockX) + u" × "_s +
                         QString::number(config.blockY) + u" × "_s +
                         QString::number(config.blockZ) + u" · "_s +
                         QString::number(config.registersPerThread) + u" registers per thread"_s
                  << u"Shared memory per block: "_s + formatBytes(config.staticSharedMemory) +
                         u" static + "_s + formatBytes(config.dynamicSharedMemory) + u" dynamic"_s;
            break;
        }
        case Kind::Copy: {
            const int64_t bytes = rows.copyBytes[row];
            QString line = formatBytes(bytes);
            if (end > start) {
                line += u" · "_s + formatNumber(double(bytes) / double(end - start)) + u" GB/s"_s;
            }
            lines << u"Copy "_s + copyDirection(rows.copyKind[row]) << u"On "_s + where
                  << when(start, end) << line;
            break;
        }
        case Kind::Memset:
            lines << u"Memset"_s << u"On "_s + where << when(start, end)
                  << formatBytes(rows.memsetBytes[row]) + u" set"_s;
            break;
        default:
            break;
    }
    const VariantSpan* variant = variantOf(span);
    lines << (variant ? u"Variant: "_s + QString::fromStdString(variant->name)
                      : u"Outside any variant (the recorder's own work: ceilings, set-up)"_s);
    return lines.join(u'\n');
}

QString TimelineModel::shortLabel(const SpanRef& span) const {
    if (span.lane < 0 || size_t(span.lane) >= lanes_.size()) {
        return {};
    }
    const Lane& lane = lanes_[size_t(span.lane)];
    if (lane.kind == Kind::Variant) {
        return span.row >= 0 && size_t(span.row) < variants_.size()
                   ? QString::fromStdString(variants_[size_t(span.row)].name)
                   : QString();
    }
    if (lane.kind == Kind::Range) {
        return span.row >= 0 && size_t(span.row) < base_.ranges.size()
                   ? QString::fromStdString(base_.strings.at(base_.ranges.name[size_t(span.row)]))
                   : QString();
    }
    const Found found = find(span);
    if (!found.rows) {
        return {};
    }
    const TimelineRows& rows = *found.rows;
    const size_t row = found.index;
    switch (lane.kind) {
        case Kind::Kernel: {
            const TimelineRows::KernelConfig& config = rows.configs.at(rows.kernelConfig[row]);
            const std::string& shortName = rows.strings.at(config.shortName);
            return QString::fromStdString(shortName.empty() ? rows.strings.at(config.name)
                                                            : shortName);
        }
        case Kind::Copy:
            return copyShort(rows.copyKind[row]) + u" "_s + formatBytes(rows.copyBytes[row]);
        case Kind::Memset:
            return u"memset "_s + formatBytes(rows.memsetBytes[row]);
        default:
            break;
    }
    return {};
}

QColor TimelineModel::color(const SpanRef& span) const {
    const Lane& lane = lanes_.at(size_t(span.lane));
    if (lane.kind == Kind::Variant && span.row >= 0 && size_t(span.row) < variants_.size()) {
        return deviceColor(variants_[size_t(span.row)].device);
    }
    return kindColor(lane.kind);
}

QColor TimelineModel::kindColor(Kind kind) {
    switch (kind) {
        case Kind::Variant:
            return deviceColor("cpu");
        case Kind::Kernel:
            return deviceColor("gpu");
        case Kind::Copy:
            return QColor(0xff, 0x7f, 0x0e);  // orange
        case Kind::Memset:
            return QColor(0x94, 0x67, 0xbd);  // purple
        case Kind::Range:
            return QColor(0x8c, 0x8c, 0x8c);  // grey: host time, as nsys draws NVTX
        case Kind::Count:
            break;
    }
    return QColor(Qt::gray);
}

QString TimelineModel::kindName(Kind kind) {
    switch (kind) {
        case Kind::Variant:
            return u"variant"_s;
        case Kind::Kernel:
            return u"kernel"_s;
        case Kind::Copy:
            return u"copy"_s;
        case Kind::Memset:
            return u"memset"_s;
        case Kind::Range:
            return u"NVTX range"_s;
        case Kind::Count:
            break;
    }
    return {};
}

}  // namespace costscope
