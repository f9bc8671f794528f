// The read-only view of a recording file, for the recorder's summary, tests and the GUI.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "profiler/Records.h"
#include "profiler/store/RecordingRows.h"

namespace costscope {

class SqliteConnection;

class Recording {
  public:
    // Opens read-only: the file is never written, whatever happens. Throws NotARecording (not
    // SQLite, another program's database, an empty file), NewerSchema, or StoreError (missing,
    // unreadable, corrupt), each naming the file and what to do.
    explicit Recording(const std::filesystem::path& path);
    ~Recording();
    Recording(const Recording&) = delete;
    Recording& operator=(const Recording&) = delete;
    Recording(Recording&&) noexcept;
    Recording& operator=(Recording&&) noexcept;

    const std::string& path() const { return path_; }
    int64_t schemaVersion() const { return schemaVersion_; }

    // Oldest first.
    std::vector<RunRow> runs() const;
    std::vector<DeviceRow> devices(int64_t runId) const;
    // The variant_summary view for one run, in recording order.
    std::vector<VariantSummaryRow> variantSummary(int64_t runId) const;
    // The pruning_crossover view for one run.
    std::vector<CrossoverRow> pruningCrossover(int64_t runId) const;
    // Every timed iteration of a variant, in the order run.
    std::vector<Sample> samples(int64_t variantId) const;

  private:
    std::string path_;
    std::unique_ptr<SqliteConnection> db_;
    int64_t schemaVersion_ = 0;
};

}  // namespace costscope
