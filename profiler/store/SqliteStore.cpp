// Creating, checking and appending to recording files.
#include "profiler/store/SqliteStore.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <system_error>

#include "profiler/store/RecordingFormat.h"
#include "profiler/store/SqliteConnection.h"
#include "profiler/store/SqliteStatement.h"
#include "profiler/store/SqliteTransaction.h"
#include "profiler/store/StoreError.h"

namespace costscope {

namespace {

namespace fs = std::filesystem;

int64_t unixNowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// True when `path` names nothing yet, or an empty file that a user created ahead (mktemp).
bool isNewFile(const std::string& path) {
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (!fs::exists(status)) {
        return true;
    }
    if (fs::is_directory(status)) {
        throw StoreError("cannot record into '" + path +
                         "': it is a directory. Give a file name, such as '" +
                         (fs::path(path) / "run.sqlite").string() + "'.");
    }
    if (!fs::is_regular_file(status)) {
        throw StoreError("cannot record into '" + path +
                         "': it is not a regular file. Record into a regular file (--out FILE).");
    }
    const auto size = fs::file_size(path, error);
    return !error && size == 0;
}

// Which file a path named at one moment: device and inode survive renames of the path.
struct FileId {
    dev_t device;
    ino_t inode;
};

// Creates the file ourselves: when SQLite's own create fails it retries read-only and reports
// that attempt's errno, so "Permission denied" would read "No such file or directory".
// Returns nothing when someone else created it meanwhile; it is then judged like any other.
std::optional<FileId> createEmptyFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        if (errno == EEXIST) {
            return std::nullopt;
        }
        const int error = errno;
        throw StoreError("cannot create '" + path + "': " + std::strerror(error) +
                         ". Check that the directory exists and that you may write to it.");
    }
    struct stat created = {};
    const int statResult = ::fstat(fd, &created);
    const int error = errno;
    ::close(fd);
    if (statResult != 0) {
        ::unlink(path.c_str());  // just made by O_EXCL, nothing in it: ours to remove
        throw StoreError("cannot create '" + path + "': " + std::strerror(error) +
                         ". Check the file system and try again.");
    }
    return FileId{created.st_dev, created.st_ino};
}

// Undoes createEmptyFile after a failure, and only that: while the path still names the very
// file created (same device and inode) and it is still empty. A file that another process put
// in its place or wrote into meanwhile is kept, with any journal beside it. (Between this check
// and the unlink the path could still be swapped; POSIX offers no conditional unlink, so the
// window is made as small as it can be, not closed.)
void removeIfStillOurs(const std::string& path, const FileId& ours) {
    struct stat now = {};
    if (::lstat(path.c_str(), &now) != 0 || !S_ISREG(now.st_mode) || now.st_dev != ours.device ||
        now.st_ino != ours.inode || now.st_size != 0) {
        return;
    }
    if (::unlink(path.c_str()) != 0) {
        return;
    }
    // A journal left beside a removed file would be applied to the next file of that name.
    std::error_code ignored;
    for (const char* suffix : {"-wal", "-shm", "-journal"}) {
        fs::remove(path + suffix, ignored);
    }
}

// True when the connection's file holds no database at all (zero bytes). Errors, such as a
// file that is not SQLite, answer false and are left for RecordingFormat::verify to explain.
bool holdsNoDatabase(SqliteConnection& db) {
    sqlite3_stmt* statement = nullptr;
    bool empty = false;
    if (sqlite3_prepare_v2(db.handle(), "PRAGMA page_count", -1, &statement, nullptr) ==
            SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
        empty = sqlite3_column_int64(statement, 0) == 0;
    }
    sqlite3_finalize(statement);
    return empty;
}

}  // namespace

SqliteStore::SqliteStore(const fs::path& path) : SqliteStore(path, {}) {}

SqliteStore::SqliteStore(const fs::path& path, const std::function<void()>& beforeWriteOpen)
    : path_(path.string()) {
    if (path_.empty()) {
        throw StoreError(
            "no file name given for the recording: name the file to record into (--out FILE)");
    }
    bool fresh = isNewFile(path_);
    std::optional<FileId> created;
    if (fresh && !fs::exists(path_)) {
        created = createEmptyFile(path_);
        if (!created) {
            fresh = isNewFile(path_);  // someone else's file appeared meanwhile: judge it
        }
    }
    if (!fresh) {
        // Judge an existing file through a read-only connection first: whatever it turns out
        // to be, nothing is written to it unless it is one of ours.
        SqliteConnection probe(path_, SQLITE_OPEN_READONLY);
        RecordingFormat::verify(probe, RecordingFormat::Purpose::Append);
    }
    try {
        if (beforeWriteOpen) {
            beforeWriteOpen();
        }
        open(fresh);
    } catch (...) {
        if (created) {
            // A failed start leaves no file of its own behind, and never removes another's.
            closeStatements();
            db_.reset();
            removeIfStillOurs(path_, *created);
        }
        throw;
    }
}

void SqliteStore::open(bool fresh) {
    db_ = std::make_unique<SqliteConnection>(path_, SQLITE_OPEN_READWRITE);
    if (sqlite3_db_readonly(db_->handle(), "main") == 1) {
        // SQLite falls back to read-only when it may not write; a recorder must not go on
        // measuring for an hour into a file it cannot write.
        const std::string reason =
            ::access(path_.c_str(), W_OK) != 0 ? std::strerror(errno) : "opened read-only";
        throw StoreError("cannot write to '" + path_ + "': " + reason +
                         ". Check its permissions, or record into a new file (--out FILE).");
    }
    // A reader (the GUI, a summary) may hold a lock briefly; wait rather than fail.
    sqlite3_busy_timeout(db_->handle(), 5000);

    // The path may name another file now than the one judged before (replaced in between):
    // judge again what this connection has open, reading only, before any setting PRAGMA or
    // write. The connection keeps that file open, so the file that passes here is the file
    // written below.
    const bool empty = fresh && holdsNoDatabase(*db_);
    if (!empty) {
        RecordingFormat::verify(*db_, RecordingFormat::Purpose::Append);
    }
    db_->exec("PRAGMA foreign_keys = ON");

    if (empty) {
        SqliteTransaction transaction(*db_);
        // Another recorder may have created the schema since; the write lock now keeps it out.
        if (db_->queryInt("SELECT count(*) FROM sqlite_schema") == 0) {
            RecordingFormat::create(*db_);
            transaction.commit();
        } else {
            RecordingFormat::verify(*db_, RecordingFormat::Purpose::Append);
        }
    }

    // WAL: a commit is one append, readers never block the recorder, and a killed recorder
    // leaves every committed variant readable. Switched only now, after the file proved ours.
    if (db_->queryText("PRAGMA journal_mode = WAL") != "wal") {
        throw StoreError("cannot switch '" + path_ +
                         "' to write-ahead logging; its file system may not support it (a network "
                         "share). Record onto a local disk.");
    }
    // FULL syncs the WAL at every commit, so a variant survives a power cut, not only a crash;
    // a variant takes far longer to measure than one fsync.
    db_->exec("PRAGMA synchronous = FULL");

    insertRun_ = std::make_unique<SqliteStatement>(
        *db_,
        "INSERT INTO runs (suite, suite_json, command_line, host, pid, version, "
        "started_unix_ns, status, warmup, min_iterations, min_time_s) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)");
    insertDevice_ = std::make_unique<SqliteStatement>(
        *db_,
        "INSERT INTO devices (run_id, kind, name, details, peak_gflops, mem_bandwidth_gbs, "
        "ceilings_method) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insertVariant_ = std::make_unique<SqliteStatement>(
        *db_,
        "INSERT INTO variants (run_id, family, name, device, backend, precision, structure, "
        "sparsity, m, n, k, batch, flops, status, reason, implementation, threads, warmup, "
        "iterations, median_ns, p5_ns, p95_ns, mean_ns, stddev_ns, cv, noisy, weight_bytes, "
        "peak_mem_bytes, kernel_error, approx_error, accuracy, started_ns, ended_ns, "
        "calls_per_sample) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?)");
    insertSample_ = std::make_unique<SqliteStatement>(
        *db_,
        "INSERT INTO samples (variant_id, iteration, start_ns, duration_ns) VALUES (?, ?, ?, ?)");
    updateRun_ = std::make_unique<SqliteStatement>(
        *db_, "UPDATE runs SET status = ?, ended_unix_ns = ?, note = ? WHERE id = ?");
}

SqliteStore::~SqliteStore() {
    try {
        if (runId_ && !runEnded_) {
            endRun(RunStatus::Interrupted, "the recorder closed the file without ending the run");
        }
    } catch (...) {
        // A destructor must not throw; the run then reads as incomplete, which is the truth.
    }
    // Finalize statements before changing the journal mode.
    closeStatements();
    if (db_) {
        // Back to a rollback journal so the finished recording is one file: copying it is
        // safe, and readers open it without creating -wal and -shm files beside it. Needs sole
        // access; with a reader attached it fails at once (no busy wait) and the file stays
        // in WAL mode, which is just as valid.
        sqlite3_busy_timeout(db_->handle(), 0);
        sqlite3_exec(db_->handle(), "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
    }
}

void SqliteStore::closeStatements() {
    insertRun_.reset();
    insertDevice_.reset();
    insertVariant_.reset();
    insertSample_.reset();
    updateRun_.reset();
}

int64_t SqliteStore::requireRun(const char* call) const {
    if (!runId_ || runEnded_) {
        throw StoreError(std::string(call) + " on '" + path_ +
                         "' needs a run: call beginRun() first");
    }
    return *runId_;
}

int64_t SqliteStore::beginRun(const RunInfo& run) {
    SqliteStatement& insert = *insertRun_;
    insert.reset();
    insert.bind(1, run.suite)
        .bind(2, run.suiteJson)
        .bind(3, run.commandLine)
        .bind(4, run.host.empty() ? RecordingFormat::hostName() : run.host)
        .bind(5, int64_t{getpid()})
        .bind(6, run.version)
        .bind(7, run.startedUnixNs)
        .bind(8, run.warmup)
        .bind(9, run.minIterations)
        .bind(10, run.minTimeS);
    insert.step();
    runId_ = sqlite3_last_insert_rowid(db_->handle());
    runEnded_ = false;
    return *runId_;
}

int64_t SqliteStore::addDevice(const DeviceInfo& device) {
    const int64_t run = requireRun("addDevice");
    SqliteStatement& insert = *insertDevice_;
    insert.reset();
    insert.bind(1, run)
        .bind(2, device.kind)
        .bind(3, device.name)
        .bind(4, device.details.empty() ? std::string_view("{}") : device.details)
        .bind(5, device.peakGflops)
        .bind(6, device.memBandwidthGBs)
        .bind(7, device.ceilingsMethod);
    insert.step();
    return sqlite3_last_insert_rowid(db_->handle());
}

int64_t SqliteStore::addVariant(const VariantRecord& variant) {
    const int64_t run = requireRun("addVariant");
    const VariantSpec& spec = variant.spec;
    const std::optional<SampleStats>& stats = variant.stats;
    auto stat = [&](double SampleStats::*field) -> std::optional<double> {
        return stats ? std::optional<double>((*stats).*field) : std::nullopt;
    };

    SqliteTransaction transaction(*db_);
    SqliteStatement& insert = *insertVariant_;
    insert.reset();
    insert.bind(1, run)
        .bind(2, spec.family)
        .bind(3, spec.name())
        .bind(4, spec.device)
        .bind(5, spec.backend)
        .bind(6, spec.precision)
        .bind(7, spec.structure)
        .bind(8, spec.sparsity)
        .bind(9, spec.m)
        .bind(10, spec.n)
        .bind(11, spec.k)
        .bind(12, spec.batch)
        .bind(13, spec.flops())
        .bind(14, toString(variant.status))
        .bind(15, variant.reason)
        .bind(16, variant.implementation)
        .bind(17, variant.threads)
        .bind(18, variant.warmup)
        .bind(19, int64_t(variant.samples.size()))
        .bind(20, stat(&SampleStats::medianNs))
        .bind(21, stat(&SampleStats::p5Ns))
        .bind(22, stat(&SampleStats::p95Ns))
        .bind(23, stat(&SampleStats::meanNs))
        .bind(24, stat(&SampleStats::stddevNs))
        .bind(25, stat(&SampleStats::cv))
        .bind(26, stats ? std::optional<int64_t>(stats->noisy ? 1 : 0) : std::nullopt)
        .bind(27, variant.weightBytes)
        .bind(28, variant.peakMemBytes)
        .bind(29, variant.quality.kernelError)
        .bind(30, variant.quality.approxError)
        .bind(31, variant.quality.accuracy)
        .bind(32, variant.startedNs)
        .bind(33, variant.endedNs)
        .bind(34, variant.callsPerSample);
    insert.step();
    const int64_t id = sqlite3_last_insert_rowid(db_->handle());

    SqliteStatement& sample = *insertSample_;
    for (size_t i = 0; i < variant.samples.size(); ++i) {
        sample.reset();
        sample.bind(1, id)
            .bind(2, int64_t(i))
            .bind(3, variant.samples[i].startNs)
            .bind(4, variant.samples[i].durationNs);
        sample.step();
    }
    transaction.commit();
    return id;
}

void SqliteStore::endRun(RunStatus status, std::string_view note) {
    const int64_t run = requireRun("endRun");
    if (status == RunStatus::Running) {
        throw StoreError("endRun on '" + path_ +
                         "' needs a final status: complete, interrupted or failed");
    }
    SqliteStatement& update = *updateRun_;
    update.reset();
    update.bind(1, toString(status)).bind(2, unixNowNs()).bind(3, note).bind(4, run);
    update.step();
    runEnded_ = true;
}

int64_t SqliteStore::setMaxPageCount(int64_t pages) {
    return db_->queryInt("PRAGMA max_page_count = " + std::to_string(pages));
}

int64_t SqliteStore::commitCount() const {
    return db_->commitCount();
}

}  // namespace costscope
