// An Nsight Systems SQLite export (`nsys export --type sqlite`) of any program, read-only, as one
// run: its GPUs, the kernel summary, the timeline, and its NVTX ranges as variants (docs/nsys.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
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
class StoreError;

class NsysExport {
  public:
    // The export schema majors this build reads: EXPORT_SCHEMA_VERSION 2.x and 3.x.
    static constexpr int kOldestMajor = 2;
    static constexpr int kNewestMajor = 3;
    // Every run of an export has this id: an export is one profiling session.
    static constexpr int64_t kRunId = 1;

    // True when `path` is an SQLite file with nsys's export metadata table (META_DATA_EXPORT, or
    // EXPORT_META_DATA in older exports), also when the file is too damaged to read but its
    // first MiB still holds that table's definition. Reads the file's first bytes and its table
    // list only; never throws.
    static bool recognises(const std::filesystem::path& path);

    // Opens read-only and checks the schema version and the columns it reads. Throws
    // NotARecording (not an nsys export), NewerSchema (a schema major this build does not know)
    // or StoreError (damaged, still being written, columns missing), each naming the file, what
    // is wrong and what to do. Reads share `readLimitBytes` of memory (ReadBudget).
    explicit NsysExport(const std::filesystem::path& path,
                        uint64_t readLimitBytes = ReadBudget::forThisMachine());
    ~NsysExport();
    NsysExport(const NsysExport&) = delete;
    NsysExport& operator=(const NsysExport&) = delete;

    const std::string& path() const { return path_; }
    // EXPORT_SCHEMA_VERSION as written ("3.15.1"), its major, and the nsys version that wrote it.
    const std::string& schemaText() const { return schemaText_; }
    int64_t schemaVersion() const { return schemaMajor_; }
    const std::string& nsysVersion() const { return nsysVersion_; }
    // "Nsight Systems 2024.7.1 export, schema 3.15.1": what the reports say the file is.
    std::string formatText() const;

    // One run, complete (an export is written when the session has ended): suite is the file's
    // stem, host and start time from the export's target info where it has them, a warning for
    // NVTX ranges that never ended (see readWarnings() for what later reads find).
    std::vector<RunRow> runs() const;
    // Each GPU of TARGET_INFO_GPU.
    std::vector<DeviceRow> devices(int64_t runId) const;
    // Each distinct NVTX range name (push/pop and start/end) as a variant of family "nvtx": its
    // instances' durations (host time) as samples, the kernels their CUDA runtime calls launched
    // as device time. Without NVTX ranges, each kernel name is a variant of family "kernel" whose
    // samples are its instances' durations, so two exports compare kernel by kernel.
    std::vector<VariantSummaryRow> variantSummary(int64_t runId) const;
    std::vector<CrossoverRow> pruningCrossover(int64_t) const { return {}; }
    std::vector<Sample> samples(int64_t variantId) const;
    // GPU time per kernel name, as `nsys stats --report cuda_gpu_kern_sum` computes it.
    std::vector<KernelSummaryRow> kernelSummary(int64_t runId) const;
    // Copies by kind and memsets, sizes and times (CopySummary), as nsys stats'
    // cuda_gpu_mem_time_sum and cuda_gpu_mem_size_sum.
    std::vector<CopySummaryRow> copySummary(int64_t runId) const;
    // What the reads so far found wrong but could show anyway (kernels whose names are missing
    // from StringIds, found by kernelSummary()): for the run's warnings once it is read.
    const std::vector<RunWarning>& readWarnings() const { return warnings_; }
    // Every kernel, copy, memset and device-memory event, and the NVTX ranges as lanes per
    // thread and nesting level. Each span's rowId is its row's rowid in the export.
    TimelineRows timeline(int64_t runId) const;
    // What timeline() reads but the kernels, copies and memsets: the memory events, the NVTX
    // ranges and the streams' labels, to draw beside the summary.
    TimelineRows timelineBase(int64_t runId) const;
    // The rows of one table between two rowids (a window of the zoomed-in timeline), as
    // timeline() reads them, with the kernel configurations they use.
    TimelineRows timelineWindow(int64_t runId, const TimelineWindow& window) const;
    // The timeline's summary from the export's cache (NsysCache, in the user's cache directory),
    // or nothing when there is none for the export as it is now, or a damaged one.
    std::optional<TimelineSummary> timelineSummary(int64_t runId) const;
    // Keeps `summary` (of timeline()'s rows) and the streams' numbering in the export's cache,
    // for the next open of the timeline. Returns what kept it from writing, empty when it wrote.
    // Never throws.
    std::string storeTimelineCache(int64_t runId, const TimelineSummary& summary) const;
    // Keeps the variants (NVTX ranges, with their samples) and the kernel summary in the export's
    // cache, computed first if they were not yet, so that the next open reads them instead of
    // attributing every kernel again. Returns as storeTimelineCache().
    std::string storeRunCache(int64_t runId) const;

  private:
    struct Variants;
    struct Streams;
    // Each (device, process, stream) as the timeline numbers it: from the export's cache when
    // timelineSummary() read it, else from a scan of the three tables, once.
    const Streams& streams() const;
    enum class Part { All, Base, Window };
    TimelineRows readTimeline(int64_t runId, Part part, const TimelineWindow* window) const;
    // The kernel summary from the export's cache, if it holds one.
    std::optional<std::vector<KernelSummaryRow>> cachedKernels() const;
    void warnUnnamed(int64_t unnamed) const;
    // The NVTX ranges that ended, oldest first, their names (with the domain's) held once.
    struct RangeRow {
        int64_t start = 0;
        int64_t end = 0;
        uint64_t globalTid = 0;
        bool startEnd = false;  // a start/end range (else push/pop)
        uint32_t name = 0;      // index into names
    };
    struct RangeRows {
        std::vector<std::string> names;
        std::vector<RangeRow> rows;
    };
    RangeRows readRanges() const;
    // Processes and threads as the timeline names them: "python [4242]", "MainThread [4243]",
    // from PROCESSES and ThreadNames where the export has them, else "pid 4242", "thread 4243".
    struct ProcessNames {
        std::map<uint64_t, std::string> processes;  // by globalPid
        std::map<uint64_t, std::string> threads;    // by globalTid
        std::string process(uint64_t globalId) const;
        std::string thread(uint64_t globalTid) const;
    };
    ProcessNames processNames() const;
    bool hasColumn(const char* table, const char* column) const;
    // Computed once, on first use, or read from the export's cache.
    const Variants& variants() const;
    void requireRun(int64_t runId) const;
    // Called from a read's handler: a failed SQLite read refused with the export's advice.
    [[noreturn]] void rethrowRead(const StoreError& error) const;
    bool hasTable(const char* table) const;
    std::string nameOf(int64_t stringId) const;
    bool hasString(int64_t stringId) const;

    std::string path_;
    std::unique_ptr<SqliteConnection> db_;
    mutable ReadBudget budget_;
    std::string schemaText_;
    int64_t schemaMajor_ = 0;
    std::string nsysVersion_;
    mutable std::shared_ptr<const Variants> variants_;
    mutable std::vector<RunWarning> warnings_;
    mutable std::shared_ptr<const Streams> streams_;
    mutable int64_t unnamedKernels_ = 0;  // found by the last kernelSummary()
    // Whether variants() and kernelSummary() read the export's cache rather than its rows.
    mutable bool variantsCached_ = false;
    mutable bool kernelsCached_ = false;
};

}  // namespace costscope
