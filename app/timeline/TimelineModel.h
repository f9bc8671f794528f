// A run's timeline, shaped for drawing: the variants' spans on the CPU, then one lane per device,
// stream and kind of GPU work, each drawn from its summary (profiler/store/TimelineSummary.h)
// when zoomed out and from the rows of the window in view, read from the file, when zoomed in;
// device memory in use over time; the details of any span. Built off the GUI thread
// (TimelineLoader), then used on the GUI thread only.
#pragma once

#include <QColor>
#include <QString>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/timeline/TimelineLane.h"
#include "profiler/store/MemoryInUse.h"
#include "profiler/store/RecordingRows.h"
#include "profiler/store/TimelineRows.h"
#include "profiler/store/TimelineSummary.h"

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
        // The spans held whole: every span of the CPU and NVTX lanes; a GPU lane's long ones
        // (summary->longStart ...), the rest being counted in its summary and read from the
        // file a window at a time when zoomed in.
        TimelineLane whole;
        const TimelineLaneSummary* summary = nullptr;  // GPU lanes
        uint64_t spans = 0;                            // in all
    };

    // Device memory in use on one GPU (profiler/store/MemoryInUse.h).
    using MemoryLine = MemoryInUse;

    // One span of one lane: `row` is the variant's index in the CPU lane, the range's row in an
    // NVTX lane, and the row's id in its table (its rowid in the file) in a GPU lane.
    struct SpanRef {
        int lane = -1;
        int64_t row = 0;
        bool operator==(const SpanRef&) const = default;
    };

    // Reads the rows of one table between two row ids (TimelineRows::Spans::rowId) again: the
    // rows of a zoomed-in window, the row of a span clicked. Called on the GUI thread only.
    using WindowReader = std::function<TimelineRows(TimelineLaneSummary::Kind table,
                                                    int64_t firstRow, int64_t lastRow)>;

    TimelineModel() = default;
    // From every row in memory (an export, the tests): summarised here, windows cut from them.
    // The variants with a span (started and ended; not the skipped) go into the CPU lane; every
    // kernel, copy and memset into the lane of its device, stream and kind. `collector` is the
    // run's CUPTI note, for the sentence shown when there is no GPU activity.
    TimelineModel(TimelineRows rows, const std::vector<VariantSummaryRow>& variants,
                  std::optional<CollectorInfo> collector = std::nullopt);
    // From a summary (the file's cache, or built as the file was opened) and `base` (memory
    // events, NVTX ranges, stream labels; no spans): windows read through `reader`.
    TimelineModel(TimelineSummary summary, TimelineRows base, WindowReader reader,
                  const std::vector<VariantSummaryRow>& variants,
                  std::optional<CollectorInfo> collector = std::nullopt);
    TimelineModel(TimelineModel&&) noexcept;
    TimelineModel& operator=(TimelineModel&&) noexcept;
    ~TimelineModel();

    const std::vector<Lane>& lanes() const { return lanes_; }
    const std::vector<MemoryLine>& memory() const { return memory_; }
    const TimelineSummary& summary() const { return summary_; }

    // A note on how the summary was made, for the window to show once: empty when it came
    // from the file's cache or was written to it.
    const QString& summaryNote() const { return summaryNote_; }
    void setSummaryNote(QString note) { summaryNote_ = std::move(note); }

    // The run's first and last timestamps (ns) over spans, activity and memory events; the
    // x axis counts from origin(). Times are held in [0, kLatestNs]: a damaged file's (negative,
    // or near the int64 limits) are clamped when the model is built, so that every difference of
    // two times, and every time a key names, fits in 64 bits.
    static constexpr int64_t kLatestNs = kTimelineLatestNs;
    int64_t origin() const { return origin_; }
    int64_t finish() const { return finish_; }
    // The x axis key (ms since origin()) of a time, and the time (ns) a key names: keys beyond
    // the times a model can hold name the nearest that fits, so that a zoomed-out view's edges
    // stay in range.
    double keyOf(int64_t ns) const { return double(ns - origin_) / 1e6; }
    int64_t timeAt(double key) const;

    // True when the run recorded kernels, copies or memsets; else whyEmpty() says why not.
    bool hasGpuActivity() const { return !summary_.lanes.empty(); }
    QString whyEmpty() const;

    // What to draw of `lane` over [t0, t1) at `width` pixels (TimelineLane::query): the whole
    // spans' level of detail, with, in a GPU lane, the summary's buckets merged into pixel
    // columns when they are no wider than a column, else the rows of the window read from the
    // file (kept while the view stays within them). Items carry their SpanRef row.
    void query(int lane, int64_t t0, int64_t t1, int width, TimelineLod& lod) const;
    TimelineLod query(int lane, int64_t t0, int64_t t1, int width) const;

    // The span of `lane` at `time` (ns), or the nearest within `tolerance` ns.
    std::optional<SpanRef> spanAt(int lane, int64_t time, int64_t tolerance) const;
    // The spans of `lane` that overlap [t0, t1), by start (reads the rows of a GPU lane).
    std::vector<SpanRef> spansIn(int lane, int64_t t0, int64_t t1) const;
    // Where a span starts and ends (ns); nothing for a span the run does not hold.
    std::optional<std::pair<int64_t, int64_t>> times(const SpanRef& span) const;
    // Why rows the view asked for could not be read from the file, the last time it failed;
    // empty when every read succeeded.
    const QString& readFailure() const { return readFailure_; }
    // Everything known of a span, several lines: name, where and when it ran, its launch
    // configuration or bytes, its variant. Empty for a span the run does not hold.
    QString details(const SpanRef& span) const;
    // A short name to write inside a span drawn wide enough.
    QString shortLabel(const SpanRef& span) const;
    // The variant that caused a span (the variant itself in the CPU lane), or nullptr.
    const VariantSpan* variantOf(const SpanRef& span) const;
    const VariantSpan* variantByName(const std::string& name) const;
    // The CPU lane's span of the variant, if it has one.
    std::optional<SpanRef> variantSpan(int64_t variantId) const;
    // Colour of a span: the variants by their device (ChartStyle), GPU work by kind.
    QColor color(const SpanRef& span) const;
    static QColor kindColor(Kind kind);
    static QString kindName(Kind kind);  // "kernel", "copy", "memset", "variant"

  private:
    // The rows of one kind read for a window of time, and each lane's short spans among them.
    struct Window {
        int64_t t0 = 0;  // every short span starting in [t0, t1) of the kind's lanes is here
        int64_t t1 = 0;
        TimelineRows rows;
        std::unordered_map<int, TimelineLane> lanes;  // rows: indices into rows' spans of kind
    };
    // A GPU span found in a window, or read alone.
    struct Found {
        const TimelineRows* rows = nullptr;
        size_t index = 0;  // in rows' spans of the lane's kind
    };

    void build(const std::vector<VariantSummaryRow>& variants);
    void buildRangeLanes();
    void buildGpuLanes();
    QString streamName(uint32_t deviceId, uint32_t streamId) const;
    QString when(int64_t start, int64_t end) const;
    // The window of `kind` holding every short span that starts in [t0, t1), read when the one
    // held does not (then `margin` ns more on each side, for the pans that follow).
    const Window& window(Kind kind, int64_t t0, int64_t t1, int64_t margin) const;
    // The rowids of the lanes of `kind` whose short spans may start in [t0, t1).
    std::optional<std::pair<int64_t, int64_t>> rowsBetween(Kind kind, int64_t t0, int64_t t1) const;
    Found find(const SpanRef& span) const;
    // reader_, whose failures (the file gone or damaged since it was opened) read as no rows:
    // what was drawn from the summary stays, and readFailure() says why the rest is missing.
    TimelineRows read(TimelineLaneSummary::Kind table, int64_t firstRow, int64_t lastRow) const;
    static const TimelineRows::Spans& spansOf(const TimelineRows& rows, Kind kind);

    TimelineSummary summary_;
    TimelineRows base_;  // memory events, ranges, stream labels; every row when made from rows
    WindowReader reader_;
    std::vector<VariantSpan> variants_;  // every variant; the CPU lane's rows index it
    std::unordered_map<int64_t, size_t> variantIndex_;  // by variant id
    std::optional<CollectorInfo> collector_;
    std::vector<Lane> lanes_;
    std::vector<MemoryLine> memory_;
    int64_t origin_ = 0;
    int64_t finish_ = 0;
    QString summaryNote_;
    // What was read of the file for drawing and picking, on the GUI thread (the model is shared
    // with the views as const, and reads what they ask for).
    mutable std::unique_ptr<Window> windows_[3];                  // by TimelineLaneSummary::Kind
    mutable std::unordered_map<int64_t, TimelineRows> alone_[3];  // spans read one at a time
    mutable QString readFailure_;
};

}  // namespace costscope
