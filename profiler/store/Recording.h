// The read-only view of a recording file, for the recorder's summary, tests and the GUI.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "profiler/Records.h"
#include "profiler/store/ReadBudget.h"
#include "profiler/store/RecordingRows.h"
#include "profiler/store/TimelineRows.h"
#include "profiler/store/TimelineSummary.h"

namespace costscope {

class SqliteConnection;

class Recording {
  public:
    // Opens read-only: the file is never written, whatever happens, and nothing it holds runs
    // (its views are replaced by the embedded schema's, its triggers and extension loading are
    // off). A file of an older format reads as the current one, with what it lacks absent
    // (RecordingFormat::presentAsCurrent).
    // Throws NotARecording (not SQLite, another program's database, an empty file), NewerSchema,
    // or StoreError (missing, unreadable, corrupt), each naming the file and what to do.
    // Everything read through this object together may take `readLimitBytes` in memory; a read
    // that passes it throws StoreError (ReadBudget), so a file holding billions of rows is
    // refused instead of read until memory runs out.
    // Use it from one thread at a time (it may be handed from one thread to another).
    explicit Recording(const std::filesystem::path& path,
                       uint64_t readLimitBytes = ReadBudget::forThisMachine());
    ~Recording();
    Recording(const Recording&) = delete;
    Recording& operator=(const Recording&) = delete;
    Recording(Recording&&) noexcept;
    Recording& operator=(Recording&&) noexcept;

    const std::string& path() const { return path_; }
    int64_t schemaVersion() const { return schemaVersion_; }

    // Oldest first.
    std::vector<RunRow> runs() const;
    // The shards a run was merged from, by shard index; empty for a run recorded whole.
    std::vector<RunShardRow> runShards(int64_t runId) const;
    std::vector<DeviceRow> devices(int64_t runId) const;
    // The variant_summary view for one run, in recording order.
    std::vector<VariantSummaryRow> variantSummary(int64_t runId) const;
    // The pruning_crossover view for one run.
    std::vector<CrossoverRow> pruningCrossover(int64_t runId) const;
    // Every timed iteration of a variant, in the order run (deviceNs -1 where not measured).
    std::vector<Sample> samples(int64_t variantId) const;

    // GPU activity as stored, rows in the order stored, names as indices into the returned
    // batch's strings. `tag` is not stored (the store turned it into variantId) and reads 0.
    // The activity a variant caused:
    ActivityBatch variantActivity(int64_t variantId) const;
    // A run's activity outside any variant (variantId NULL): ceilings, context creation.
    ActivityBatch runActivity(int64_t runId) const;
    // Kernel executions stored with a variant.
    int64_t kernelCount(int64_t variantId) const;
    // GPU time per kernel name in a run, the largest total first (the kernel_summary view, with
    // the median and standard deviation added).
    std::vector<KernelSummaryRow> kernelSummary(int64_t runId) const;
    // Copies by kind and memsets of a run, sizes and times (CopySummary).
    std::vector<CopySummaryRow> copySummary(int64_t runId) const;
    // Every kernel, copy, memset and memory row of a run (inside variants and outside), for the
    // timeline: only the columns it draws and shows, kernel configurations read once, names
    // as indices. One scan per table; rows in the order stored.
    TimelineRows timeline(int64_t runId) const;
    // The rows of one table of the timeline between two rowids (a window of a zoomed-in
    // timeline: see TimelineSummary's firstRow and lastRow), as timeline() reads them, with the
    // kernel configurations they use; no memory events.
    TimelineRows timelineWindow(int64_t runId, const TimelineWindow& window) const;
    // The run's device memory allocations and releases, as timeline() reads them.
    TimelineRows::Memory timelineMemory(int64_t runId) const;
    // The run's timeline summary from the file's cache (TimelineCache), or nothing when the file
    // has none for the run, or a stale or damaged one.
    std::optional<TimelineSummary> timelineSummary(int64_t runId) const;

  private:
    // The rows of every activity table that match `where` (SQL with one integer parameter).
    ActivityBatch activity(const char* where, int64_t id) const;
    // timeline(), or timelineWindow() when `window` is set.
    TimelineRows readTimeline(int64_t runId, const TimelineWindow* window) const;

    std::string path_;
    std::unique_ptr<SqliteConnection> db_;
    mutable ReadBudget budget_;  // what the reads so far hold (reads are const)
    int64_t schemaVersion_ = 0;
};

}  // namespace costscope
