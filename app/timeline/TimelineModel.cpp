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
    return std::clamp<int64_t>(ns, 0, TimelineModel::kLatestNs);
}

// Every time into [0, kLatestNs], every end at or after its start.
void clampTimes(TimelineRows::Spans& spans) {
    for (size_t i = 0; i < spans.size(); ++i) {
        spans.start[i] = clampTime(spans.start[i]);
        spans.end[i] = std::max(spans.start[i], clampTime(spans.end[i]));
    }
}

}  // namespace

TimelineModel::TimelineModel(TimelineRows rows, const std::vector<VariantSummaryRow>& variants,
                             std::optional<CollectorInfo> collector)
    : rows_(std::move(rows)), collector_(std::move(collector)) {
    clampTimes(rows_.kernels);
    clampTimes(rows_.copies);
    clampTimes(rows_.memsets);
    for (size_t i = 0; i < rows_.ranges.size(); ++i) {
        rows_.ranges.start[i] = clampTime(rows_.ranges.start[i]);
        rows_.ranges.end[i] = std::max(rows_.ranges.start[i], clampTime(rows_.ranges.end[i]));
    }
    for (int64_t& start : rows_.memory.start) {
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
        lanes_.push_back(
            Lane{.kind = Kind::Variant,
                 .label = u"CPU variants"_s,
                 .spans = TimelineLane(std::move(starts), std::move(ends), std::move(indices))});
    }
    buildRangeLanes();
    buildGpuLanes();

    origin_ = INT64_MAX;
    finish_ = INT64_MIN;
    for (const Lane& lane : lanes_) {
        origin_ = std::min(origin_, lane.spans.firstStart());
        finish_ = std::max(finish_, lane.spans.lastEnd());
    }
    for (const int64_t start : rows_.memory.start) {
        origin_ = std::min(origin_, start);
        finish_ = std::max(finish_, start);
    }
    if (origin_ > finish_) {
        origin_ = finish_ = 0;
    }
    buildMemory();
}

int64_t TimelineModel::timeAt(double key) const {
    // Within [-kLatestNs, 2 kLatestNs] of the origin, which is in [0, kLatestNs]: the sum, and
    // the difference of two such times, stay below 2^62.
    constexpr double kReachMs = double(kLatestNs) / 1e6;
    return origin_ + int64_t(std::clamp(key, -kReachMs, 2 * kReachMs) * 1e6);
}

void TimelineModel::buildRangeLanes() {
    const TimelineRows::Ranges& ranges = rows_.ranges;
    std::vector<std::vector<uint32_t>> rowsOfLane(rows_.rangeLanes.size());
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
        lanes_.push_back(Lane{.kind = Kind::Range,
                              .label = QString::fromStdString(rows_.rangeLanes[lane]),
                              .spans = TimelineLane(std::move(starts), std::move(ends),
                                                    std::move(rowsOfLane[lane]))});
    }
}

QString TimelineModel::streamName(uint32_t deviceId, uint32_t streamId) const {
    const auto label = rows_.streamLabels.find(uint64_t(deviceId) << 32 | streamId);
    return u"GPU "_s + QString::number(deviceId) + u" · "_s +
           (label != rows_.streamLabels.end() ? QString::fromStdString(label->second)
                                              : u"stream "_s + QString::number(streamId));
}

void TimelineModel::buildGpuLanes() {
    struct Builder {
        uint32_t deviceId = 0;
        uint32_t streamId = 0;
        Kind kind = Kind::Kernel;
        std::vector<int64_t> starts;
        std::vector<int64_t> ends;
        std::vector<uint32_t> rows;
    };
    std::vector<Builder> builders;
    auto split = [&builders](Kind kind, const TimelineRows::Spans& spans) {
        const size_t firstOfKind = builders.size();
        size_t last = SIZE_MAX;  // consecutive rows mostly share a stream
        for (size_t row = 0; row < spans.size(); ++row) {
            const uint32_t device = spans.deviceId[row];
            const uint32_t stream = spans.streamId[row];
            if (last == SIZE_MAX || builders[last].deviceId != device ||
                builders[last].streamId != stream) {
                // A run has a handful of streams: a linear search beats hashing a million keys.
                last = SIZE_MAX;
                for (size_t b = firstOfKind; b < builders.size(); ++b) {
                    if (builders[b].deviceId == device && builders[b].streamId == stream) {
                        last = b;
                        break;
                    }
                }
                if (last == SIZE_MAX) {
                    builders.push_back(
                        Builder{.deviceId = device, .streamId = stream, .kind = kind});
                    last = builders.size() - 1;
                }
            }
            Builder& builder = builders[last];
            builder.starts.push_back(spans.start[row]);
            builder.ends.push_back(spans.end[row]);
            builder.rows.push_back(uint32_t(row));
        }
    };
    split(Kind::Kernel, rows_.kernels);
    split(Kind::Copy, rows_.copies);
    split(Kind::Memset, rows_.memsets);
    std::sort(builders.begin(), builders.end(), [](const Builder& a, const Builder& b) {
        return std::tie(a.deviceId, a.streamId, a.kind) < std::tie(b.deviceId, b.streamId, b.kind);
    });
    for (Builder& builder : builders) {
        const QString label =
            streamName(builder.deviceId, builder.streamId) + u" · "_s +
            (builder.kind == Kind::Copy ? u"copies"_s : kindName(builder.kind) + u"s"_s);
        lanes_.push_back(
            Lane{.kind = builder.kind,
                 .deviceId = builder.deviceId,
                 .streamId = builder.streamId,
                 .label = label,
                 .spans = TimelineLane(std::move(builder.starts), std::move(builder.ends),
                                       std::move(builder.rows))});
    }
}

void TimelineModel::buildMemory() {
    // The times are clamped already (the constructor), so the steps stay in [0, kLatestNs].
    memory_ = memoryInUse(rows_.memory, finish_);
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

std::optional<TimelineModel::SpanRef> TimelineModel::spanAt(int lane, int64_t time,
                                                            int64_t tolerance) const {
    if (lane < 0 || size_t(lane) >= lanes_.size()) {
        return std::nullopt;
    }
    if (const auto index = lanes_[size_t(lane)].spans.spanAt(time, tolerance)) {
        return SpanRef{lane, *index};
    }
    return std::nullopt;
}

QString TimelineModel::when(int64_t start, int64_t end) const {
    return u"Starts at "_s + QString::number(double(start - origin_) / 1e6, 'f', 6) +
           u" ms · lasts "_s + formatDuration(end - start);
}

const TimelineModel::VariantSpan* TimelineModel::variantOf(const SpanRef& span) const {
    const Lane& lane = lanes_.at(size_t(span.lane));
    const uint32_t row = lane.spans.row(span.index);
    int64_t variantId = 0;
    switch (lane.kind) {
        case Kind::Variant:
            return &variants_.at(row);
        case Kind::Kernel:
            variantId = rows_.kernels.variantId[row];
            break;
        case Kind::Copy:
            variantId = rows_.copies.variantId[row];
            break;
        case Kind::Memset:
            variantId = rows_.memsets.variantId[row];
            break;
        case Kind::Range:
        case Kind::Count:
            break;
    }
    const auto found = variantIndex_.find(variantId);
    return found == variantIndex_.end() ? nullptr : &variants_[found->second];
}

const TimelineModel::VariantSpan* TimelineModel::variantByName(const std::string& name) const {
    for (const VariantSpan& variant : variants_) {
        if (variant.name == name) {
            return &variant;
        }
    }
    return nullptr;
}

std::optional<size_t> TimelineModel::variantSpanIndex(int64_t variantId) const {
    if (lanes_.empty() || lanes_.front().kind != Kind::Variant) {
        return std::nullopt;
    }
    const TimelineLane& spans = lanes_.front().spans;
    for (size_t i = 0; i < spans.size(); ++i) {
        if (variants_[spans.row(i)].variantId == variantId) {
            return i;
        }
    }
    return std::nullopt;
}

QString TimelineModel::details(const SpanRef& span) const {
    const Lane& lane = lanes_.at(size_t(span.lane));
    const uint32_t row = lane.spans.row(span.index);
    const int64_t start = lane.spans.start(span.index);
    const int64_t end = lane.spans.end(span.index);
    const QString where = streamName(lane.deviceId, lane.streamId);
    QStringList lines;
    switch (lane.kind) {
        case Kind::Variant: {
            const VariantSpan& variant = variants_.at(row);
            lines << QString::fromStdString(variant.name)
                  << u"Variant measured on the "_s + QString::fromStdString(variant.device) +
                         u", its whole time on the CPU (set-up, warm-up and timed calls)"_s
                  << when(start, end);
            return lines.join(u'\n');
        }
        case Kind::Kernel: {
            const TimelineRows::KernelConfig& config = rows_.configs.at(rows_.kernelConfig[row]);
            const QString name = QString::fromStdString(rows_.strings.at(config.name));
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
            const int64_t bytes = rows_.copyBytes[row];
            QString line = formatBytes(bytes);
            if (end > start) {
                line += u" · "_s + formatNumber(double(bytes) / double(end - start)) + u" GB/s"_s;
            }
            lines << u"Copy "_s + copyDirection(rows_.copyKind[row]) << u"On "_s + where
                  << when(start, end) << line;
            break;
        }
        case Kind::Memset:
            lines << u"Memset"_s << u"On "_s + where << when(start, end)
                  << formatBytes(rows_.memsetBytes[row]) + u" set"_s;
            break;
        case Kind::Range:
            lines << QString::fromStdString(rows_.strings.at(rows_.ranges.name[row]))
                  << u"NVTX range on the host: "_s + lane.label << when(start, end);
            return lines.join(u'\n');
        case Kind::Count:
            break;
    }
    const VariantSpan* variant = variantOf(span);
    lines << (variant ? u"Variant: "_s + QString::fromStdString(variant->name)
                      : u"Outside any variant (the recorder's own work: ceilings, set-up)"_s);
    return lines.join(u'\n');
}

QString TimelineModel::shortLabel(const SpanRef& span) const {
    const Lane& lane = lanes_.at(size_t(span.lane));
    const uint32_t row = lane.spans.row(span.index);
    switch (lane.kind) {
        case Kind::Variant:
            return QString::fromStdString(variants_.at(row).name);
        case Kind::Kernel: {
            const TimelineRows::KernelConfig& config = rows_.configs.at(rows_.kernelConfig[row]);
            const std::string& shortName = rows_.strings.at(config.shortName);
            return QString::fromStdString(shortName.empty() ? rows_.strings.at(config.name)
                                                            : shortName);
        }
        case Kind::Copy:
            return copyShort(rows_.copyKind[row]) + u" "_s + formatBytes(rows_.copyBytes[row]);
        case Kind::Memset:
            return u"memset "_s + formatBytes(rows_.memsetBytes[row]);
        case Kind::Range:
            return QString::fromStdString(rows_.strings.at(rows_.ranges.name[row]));
        case Kind::Count:
            break;
    }
    return {};
}

QColor TimelineModel::color(const SpanRef& span) const {
    const Lane& lane = lanes_.at(size_t(span.lane));
    if (lane.kind == Kind::Variant) {
        return deviceColor(variants_.at(lane.spans.row(span.index)).device);
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
