// Helpers for the store tests: a scratch directory, file snapshots, ready-made records.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "profiler/Records.h"

namespace costscope::test {

// A fresh directory under the system temp dir, removed with everything in it at the end.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path file(const std::string& name) const { return path_ / name; }
    // Names of the entries in the directory, sorted: shows stray -wal and -shm files.
    std::vector<std::string> entries() const;

  private:
    std::filesystem::path path_;
};

std::string readBytes(const std::filesystem::path& path);
void writeBytes(const std::filesystem::path& path, const std::string& bytes);

// Runs SQL on a file through a plain sqlite3 connection, as a user with the sqlite3 shell would.
void rawExec(const std::filesystem::path& path, const std::string& sql);
int64_t rawQueryInt(const std::filesystem::path& path, const std::string& sql);
std::string rawQueryText(const std::filesystem::path& path, const std::string& sql);

// Gives run `runId` of `file` a timeline cache by raw SQL, as a file the GUI wrote would hold
// one: a timeline_cache row (version 1, every other column 0, whatever columns the table has)
// and `lanes` timeline_lanes rows with a few bytes each. Not a summary that decodes.
void addTimelineCacheRows(const std::filesystem::path& file, int64_t runId, int lanes = 2);

RunInfo sampleRun(const std::string& suite = "quick");
// An ok variant with `samples` iterations of 4 ms each, starting at 1 s on the monotonic clock.
VariantRecord okVariant(int64_t m, int64_t n, int64_t k, size_t samples = 12);
VariantRecord skippedVariant();
// A GPU variant measured with CUPTI: device times in its samples and stats, and `activity`.
VariantRecord gpuVariant(const ActivityBatch& activity);
// A batch with every field of every row kind set to something other than its default; `seed`
// varies the values (and, with `firstName`, the kernel names: "kernel<firstName>" ...).
ActivityBatch sampleActivity(int seed, int firstName = 0);

}  // namespace costscope::test
