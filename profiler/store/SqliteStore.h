// The recording writer: a RecordSink that stores runs, devices, variants and samples in one
// SQLite file (WAL while recording), each call durable when it returns.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "profiler/RecordSink.h"

namespace costscope {

class SqliteConnection;
class SqliteStatement;

class SqliteStore final : public RecordSink {
  public:
    // Creates `path`, or opens it to append a run when it is already a costscope recording (an
    // empty zero-byte file counts as new). Throws:
    //  - NotARecording when the file exists but is not SQLite or is another program's database;
    //    such a file is only ever opened read-only, so it is never changed;
    //  - NewerSchema when a newer costscope wrote it;
    //  - StoreError naming the path and the OS reason when it cannot be created or written.
    // On failure a file the store created is removed, but only while it is still the empty file
    // it created: one that another process wrote to or put in its place meanwhile is kept.
    explicit SqliteStore(const std::filesystem::path& path);
    // The same with a test seam: `beforeWriteOpen` runs after the file was judged (and created,
    // when new) and before it is opened for writing, the window in which another process could
    // replace it. An exception it throws fails the constructor like any other failure there.
    SqliteStore(const std::filesystem::path& path, const std::function<void()>& beforeWriteOpen);
    // Ends a run still open as `interrupted` and leaves the file as a single self-contained
    // file (journal back to DELETE mode) when no one else has it open. Never throws.
    ~SqliteStore() override;
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;

    int64_t beginRun(const RunInfo& run) override;
    int64_t addDevice(const DeviceInfo& device) override;
    // One transaction: the variant row and all its samples, committed before returning.
    // A full disk throws StoreError ("the disk is full ...") and keeps everything before.
    int64_t addVariant(const VariantRecord& variant) override;
    void endRun(RunStatus status, std::string_view note) override;

    const std::string& path() const { return path_; }
    // The run begun last, if any.
    std::optional<int64_t> runId() const { return runId_; }

    // Caps the file at `pages` database pages (SQLite's max_page_count, never below the current
    // size) and returns the cap in effect. Lets tests run into a full disk for real.
    int64_t setMaxPageCount(int64_t pages);
    // Transactions committed through this store; see SqliteConnection::commitCount().
    int64_t commitCount() const;

  private:
    // Opens the file for writing (judged ours, or new and empty, through an earlier
    // connection), judges again what this connection has open, creates the schema in a new
    // one, switches to WAL and prepares the statements.
    void open(bool fresh);
    void closeStatements();
    int64_t requireRun(const char* call) const;

    std::string path_;
    // Declared before the statements so that they are finalized first.
    std::unique_ptr<SqliteConnection> db_;
    std::unique_ptr<SqliteStatement> insertRun_;
    std::unique_ptr<SqliteStatement> insertDevice_;
    std::unique_ptr<SqliteStatement> insertVariant_;
    std::unique_ptr<SqliteStatement> insertSample_;
    std::unique_ptr<SqliteStatement> updateRun_;
    std::optional<int64_t> runId_;
    bool runEnded_ = false;
};

}  // namespace costscope
