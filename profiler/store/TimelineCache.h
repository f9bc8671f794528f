// The timeline cache of a recording (tables timeline_cache and timeline_lanes): a run's
// TimelineSummary kept in its file, so that opening its timeline reads the summary, not its rows.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "profiler/store/RecordingRows.h"
#include "profiler/store/TimelineSummary.h"

namespace costscope {

class ReadBudget;
class SqliteConnection;
struct TimelineRows;

class TimelineCache {
  public:
    // A run's rows in one activity table: its first and last rowid, how many there are, and the
    // table's last rowid then.
    struct Rows {
        int64_t first = 0;
        int64_t last = 0;
        int64_t count = 0;
        int64_t tableLast = 0;
        bool operator==(const Rows&) const = default;
    };
    // What a summary was built from; a cache whose rows no longer match the run's is stale.
    struct Source {
        Rows kernels;  // kernel_launches
        Rows copies;   // CUPTI_ACTIVITY_KIND_MEMCPY
        Rows memsets;  // CUPTI_ACTIVITY_KIND_MEMSET
        bool operator==(const Source&) const = default;
    };

    // The rows `rows` holds (their rowIds), as the cache records them, and the tables' last
    // rowids in `db` (read in the transaction that read the rows, or one that holds them still).
    static Source sourceOf(const TimelineRows& rows, SqliteConnection& db);

    // The run's cached summary, or nothing when it has none, or one of another version, or a
    // stale one (the run's first or last row in a table is gone or another run's, or the rows
    // next to them are the run's: probes of a few rows by rowid), or a damaged one (a lane that
    // does not decode, lanes whose spans do not add up to the rows recorded). Charges what it reads
    // to `budget`.
    static std::optional<TimelineSummary> read(SqliteConnection& db, int64_t runId,
                                               ReadBudget& budget);

    // Writes the run's cache into the recording at `path`, as the GUI does when it opens a run
    // without one: `summary` made from `rows`, all the run's rows read just before. Returns
    // what kept it from writing (the file is read-only, of an older format, locked by a
    // writer; the run is still being recorded), empty when it wrote. Never throws: a cache that
    // cannot be written is no error, the summary is then kept in memory only.
    static std::string store(const std::filesystem::path& path, int64_t runId,
                             const TimelineSummary& summary, const TimelineRows& rows,
                             const std::vector<KernelSummaryRow>& kernels);

    // Reads the run's rows from the recording at `path`, summarises them and stores the cache
    // (store()), as the recorder does when a run has ended, so that the GUI's first open of its
    // timeline reads the summary. Returns what kept it from writing, empty when it wrote.
    // Never throws.
    static std::string build(const std::filesystem::path& path, int64_t runId);

    // The run's kernel summary from its cache, under the same checks as read(); nothing when
    // there is no valid cache.
    static std::optional<std::vector<KernelSummaryRow>> readKernels(SqliteConnection& db,
                                                                    int64_t runId,
                                                                    ReadBudget& budget);
    // The kernel summary as the cache's bytes, and back (nothing for bytes that are not one).
    static std::string encodeKernels(const std::vector<KernelSummaryRow>& kernels);
    static std::optional<std::vector<KernelSummaryRow>> decodeKernels(std::string_view bytes);

    // Replaces the run's cache. Call inside a write transaction.
    static void write(SqliteConnection& db, int64_t runId, const TimelineSummary& summary,
                      const Source& source, const std::vector<KernelSummaryRow>& kernels);

  private:
    // The run's cache row when it is of this version and its rows still match the run's.
    static std::optional<Source> validSource(SqliteConnection& db, int64_t runId);
};

}  // namespace costscope
