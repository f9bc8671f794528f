// A run's timeline, shaped for drawing and read-only once built: the variants' spans on the CPU,
// then one lane per device, stream and kind of GPU work, each with its level of detail; device
// memory in use over time; the details of any span. Built off the GUI thread (TimelineLoader).
#pragma once

#include <QColor>
#include <QString>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/timeline/TimelineLane.h"
#include "profiler/store/MemoryInUse.h"
#include "profiler/store/RecordingRows.h"
#include "profiler/store/TimelineRows.h"

namespace costscope {

class TimelineModel {
  public:
    // Range: an NVTX range of an imported profile, in a lane of its thread and nesting level.
    enum class Kind { Variant, Kernel, Copy, Memset, Range, Count };

    // A variant's time on the CPU, from the variant summary.
    struct VariantSpan {
        int64_t variantId = 0;
        std::string name;
        std::string device;  // "cpu", "gpu": the device it measured
        int64_t startedNs = 0;
        int64_t endedNs = 0;
        bool measured = false;  // status ok
    };

    struct Lane {
        Kind kind = Kind::Kernel;
        uint32_t deviceId = 0;  // GPU lanes
        uint32_t streamId = 0;
        QString label;  // "GPU 0 · stream 7 · kernels", "CPU variants", "NVTX · pid 1 · thread 2"
        TimelineLane spans;
    };

    // Device memory in use on one GPU (profiler/store/MemoryInUse.h).
    using MemoryLine = MemoryInUse;

    // One span of one lane.
    struct SpanRef {
        int lane = -1;
        size_t index = 0;  // in the lane (TimelineLane order)
        bool operator==(const SpanRef&) const = default;
    };

    TimelineModel() = default;
    // The variants with a span (started and ended; not the skipped) go into the CPU lane; every
    // kernel, copy and memset into the lane of its device, stream and kind. `collector` is the
    // run's CUPTI note, for the sentence shown when there is no GPU activity.
    TimelineModel(TimelineRows rows, const std::vector<VariantSummaryRow>& variants,
                  std::optional<CollectorInfo> collector = std::nullopt);

    const std::vector<Lane>& lanes() const { return lanes_; }
    const std::vector<MemoryLine>& memory() const { return memory_; }
    const TimelineRows& rows() const { return rows_; }

    // The run's first and last timestamps (ns) over spans, activity and memory events; the
    // x axis counts from origin(). Times are held in [0, kLatestNs]: a damaged file's (negative,
    // or near the int64 limits) are clamped when the model is built, so that every difference of
    // two times, and every time a key names, fits in 64 bits.
    static constexpr int64_t kLatestNs = int64_t(1) << 60;  // 36 years of uptime
    int64_t origin() const { return origin_; }
    int64_t finish() const { return finish_; }
    // The x axis key (ms since origin()) of a time, and the time (ns) a key names: keys beyond
    // the times a model can hold name the nearest that fits, so that a zoomed-out view's edges
    // stay in range.
    double keyOf(int64_t ns) const { return double(ns - origin_) / 1e6; }
    int64_t timeAt(double key) const;

    // True when the run recorded kernels, copies or memsets; else whyEmpty() says why not.
    bool hasGpuActivity() const { return rows_.hasGpuRows(); }
    QString whyEmpty() const;

    // The span of `lane` at `time` (ns), or the nearest within `tolerance` ns.
    std::optional<SpanRef> spanAt(int lane, int64_t time, int64_t tolerance) const;
    // Everything known of a span, several lines: name, where and when it ran, its launch
    // configuration or bytes, its variant.
    QString details(const SpanRef& span) const;
    // A short name to write inside a span drawn wide enough.
    QString shortLabel(const SpanRef& span) const;
    // The variant that caused a span (the variant itself in the CPU lane), or nullptr.
    const VariantSpan* variantOf(const SpanRef& span) const;
    const VariantSpan* variantByName(const std::string& name) const;
    // The index in the CPU lane of the variant's span, if it has one.
    std::optional<size_t> variantSpanIndex(int64_t variantId) const;
    // Colour of a span: the variants by their device (ChartStyle), GPU work by kind.
    QColor color(const SpanRef& span) const;
    static QColor kindColor(Kind kind);
    static QString kindName(Kind kind);  // "kernel", "copy", "memset", "variant"

  private:
    void buildRangeLanes();
    void buildGpuLanes();
    QString streamName(uint32_t deviceId, uint32_t streamId) const;
    void buildMemory();
    QString when(int64_t start, int64_t end) const;

    TimelineRows rows_;
    std::vector<VariantSpan> variants_;  // every variant; the CPU lane's rows index it
    std::unordered_map<int64_t, size_t> variantIndex_;  // by variant id
    std::optional<CollectorInfo> collector_;
    std::vector<Lane> lanes_;
    std::vector<MemoryLine> memory_;
    int64_t origin_ = 0;
    int64_t finish_ = 0;
};

}  // namespace costscope
