// The recording writer: a RecordSink that stores runs, devices, variants, samples and GPU activity
// in one SQLite file (WAL while recording), each call durable when it returns.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "profiler/RecordSink.h"

namespace costscope {

class SqliteConnection;
class SqliteStatement;

class SqliteStore final : public RecordSink {
  public:
    // Creates `path`, or opens it to append a run when it is already a costscope recording (an
    // empty zero-byte file counts as new). A recording of an older format is first migrated to
    // the current one, in one transaction (RecordingFormat::migrate). Throws:
    //  - NotARecording when the file exists but is not SQLite or is another program's database;
    //    such a file is only ever opened read-only, so it is never changed;
    //  - NewerSchema when a newer costscope wrote it;
    //  - StoreError when an older file cannot be migrated; it is then left as it was;
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
    // One transaction: the device, its precision ceilings and, for a GPU with gpuTarget, its
    // TARGET_INFO_GPU row.
    int64_t addDevice(const DeviceInfo& device) override;
    // One transaction: the variant row, all its samples, its rounds and its activity rows
    // (variantId = the new id), committed before returning. A full disk throws StoreError ("the
    // disk is full ...") and keeps everything before.
    int64_t addVariant(const VariantRecord& variant) override;
    // One transaction: the variant's figures updated, the samples from `firstSample` on, its
    // last round's summary and the round's activity rows.
    void addRound(int64_t variantId, const VariantRecord& variant, size_t firstSample) override;
    // One transaction: the rows with runId = the current run and variantId NULL.
    void addActivity(const ActivityBatch& batch) override;
    void setCollectorInfo(const CollectorInfo& info) override;
    void setModelSource(const ModelSource& source) override;
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
    // A kernel launch configuration, the kernel_configs columns of one run that vary, packed:
    // the three StringIds ids (0: mangledName NULL), then the 32-bit fields two to a word.
    using KernelConfig = std::array<uint64_t, 11>;
    struct KernelConfigHash {
        size_t operator()(const KernelConfig& config) const;
    };
    // What one transaction added to the in-memory maps: forgotten again when it rolls back.
    struct Added {
        std::vector<std::string> strings;
        std::vector<KernelConfig> configs;
    };
    // Inserts the batch's rows inside the caller's transaction, listing in `added` the strings
    // and kernel configurations it stored.
    void insertActivity(const ActivityBatch& batch, int64_t run, std::optional<int64_t> variant,
                        Added& added);
    // A variant's figures (UPDATE), its samples from `firstSample` and rounds from `firstRound`,
    // and its activity, inside the caller's transaction.
    void writeRounds(int64_t run, int64_t id, const VariantRecord& variant, size_t firstSample,
                     size_t firstRound, Added& added);
    // Undoes `added` in the maps after its transaction rolled back.
    void forget(const Added& added);
    // The StringIds id of batch.strings[index], interned on first use.
    int64_t stringId(const ActivityBatch& batch, uint32_t index, std::vector<std::string>& added);
    // The kernel_configs id of the current run for `config`, which describes `row`; stored on
    // first use.
    int64_t configId(const KernelConfig& config, const KernelRow& row, int64_t run, Added& added);

    std::string path_;
    // Declared before the statements so that they are finalized first.
    std::unique_ptr<SqliteConnection> db_;
    std::unique_ptr<SqliteStatement> insertRun_;
    std::unique_ptr<SqliteStatement> insertDevice_;
    std::unique_ptr<SqliteStatement> insertVariant_;
    std::unique_ptr<SqliteStatement> updateVariant_;
    std::unique_ptr<SqliteStatement> insertSample_;
    std::unique_ptr<SqliteStatement> insertRound_;
    std::unique_ptr<SqliteStatement> deleteEnergy_;
    std::unique_ptr<SqliteStatement> insertEnergy_;
    std::unique_ptr<SqliteStatement> updateRun_;
    std::unique_ptr<SqliteStatement> insertCeiling_;
    std::unique_ptr<SqliteStatement> insertGpuTarget_;
    std::unique_ptr<SqliteStatement> updateCollector_;
    std::unique_ptr<SqliteStatement> insertString_;
    std::unique_ptr<SqliteStatement> insertConfig_;
    std::unique_ptr<SqliteStatement> insertLaunch_;
    std::unique_ptr<SqliteStatement> insertLaunches_;  // kLaunchRowsPerInsert rows at once
    std::unique_ptr<SqliteStatement> insertMemcpy_;
    std::unique_ptr<SqliteStatement> insertMemcpys_;
    std::unique_ptr<SqliteStatement> insertMemset_;
    std::unique_ptr<SqliteStatement> insertMemory_;
    std::unique_ptr<SqliteStatement> insertOverhead_;
    std::optional<int64_t> runId_;
    bool runEnded_ = false;
    // nsys's globalPid encoding of this process: pid << 24 (the low bits hold a thread there).
    int64_t globalPid_ = 0;
    // StringIds of the file, value -> id, for the store's lifetime: one id per distinct string,
    // across batches and runs; loaded from the file when appending to it.
    std::unordered_map<std::string, int64_t> stringIds_;
    // kernel_configs of the current run, configuration -> id: a launch costs a look-up here
    // and a narrow row. Configurations are not shared between runs, so a new run starts empty.
    std::unordered_map<KernelConfig, int64_t, KernelConfigHash> configIds_;
    // Per batch, batch.strings index -> StringIds id (0: not looked up yet). Kept to reuse its
    // memory.
    std::vector<int64_t> batchStringIds_;
};

}  // namespace costscope
