// Creating, checking, migrating and appending to recording files, GPU activity included.
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

// The activity ingest binds millions of rows per second, so its loops call sqlite3_bind_*
// directly: binding a number to a reset statement at an index its SQL has cannot fail, and the
// step that follows reports any error there is (SqliteStatement::bind checks each bind).
void bindOptional(sqlite3_stmt* statement, int index, uint64_t value) {
    // 0 is CUPTI's "none" for these fields (graph node ids); stored as NULL, as nsys does.
    if (value == 0) {
        sqlite3_bind_null(statement, index);
    } else {
        sqlite3_bind_int64(statement, index, static_cast<int64_t>(value));
    }
}

void bindScope(sqlite3_stmt* statement, int runIndex, int64_t run, std::optional<int64_t> variant) {
    sqlite3_bind_int64(statement, runIndex, run);
    if (variant) {
        sqlite3_bind_int64(statement, runIndex + 1, *variant);
    } else {
        sqlite3_bind_null(statement, runIndex + 1);
    }
}

void stepInsert(SqliteConnection& db, const SqliteStatement& insert) {
    sqlite3_stmt* statement = insert.handle();
    const int rc = sqlite3_step(statement);
    if (rc != SQLITE_DONE) {
        try {
            db.check(rc, insert.sql());
        } catch (...) {
            sqlite3_reset(statement);
            throw;
        }
    }
    sqlite3_reset(statement);  // bindings stay: the per-batch ones are bound once
}

// Rows per multi-row INSERT of copies: beyond a few dozen the gain levels off, and 32 rows stay
// far below SQLite's limit of 32766 parameters.
constexpr int kRowsPerInsert = 32;
constexpr int kMemcpyColumns = 14;
// Kernel launches: rows per INSERT, and parameters per row after the two every row shares (?1
// runId, ?2 variantId).
constexpr int kLaunchRowsPerInsert = 64;
constexpr int kLaunchColumns = 7;

// "(?, ?), (?, ?)" for `rows` rows of `columns` parameters.
std::string valueRows(int columns, int rows) {
    std::string row = "(?";
    for (int i = 1; i < columns; ++i) {
        row += ", ?";
    }
    row += ")";
    std::string text = row;
    for (int i = 1; i < rows; ++i) {
        text += ", ";
        text += row;
    }
    return text;
}

// "(?3, ?4, ?1, ?2), (?5, ?6, ?1, ?2)" for `rows` rows of `columns` own parameters each, all
// sharing ?1 and ?2.
std::string sharedValueRows(int columns, int rows) {
    std::string text;
    int next = 3;
    for (int row = 0; row < rows; ++row) {
        text += row == 0 ? "(" : ", (";
        for (int column = 0; column < columns; ++column) {
            text += '?';
            text += std::to_string(next++);
            text += ", ";
        }
        text += "?1, ?2)";
    }
    return text;
}

// Inserts `rows` `perInsert` at a time through `many`, the rest through `one`. `constants`
// binds the parameters that are the same for every row of the batch (once per row slot),
// `bind` one row's own after parameter `base`, which is `first` + slot * `columns`.
template <typename Row, typename Constants, typename Bind>
void insertRows(const std::vector<Row>& rows, SqliteStatement& many, SqliteStatement& one,
                int perInsert, int first, int columns, Constants constants, Bind bind) {
    SqliteConnection& db = many.connection();
    size_t next = 0;
    if (rows.size() >= size_t(perInsert)) {
        sqlite3_stmt* s = many.handle();
        for (int slot = 0; slot < perInsert; ++slot) {
            constants(s, first + slot * columns);
        }
        for (; next + size_t(perInsert) <= rows.size(); next += size_t(perInsert)) {
            for (int slot = 0; slot < perInsert; ++slot) {
                bind(s, first + slot * columns, rows[next + size_t(slot)]);
            }
            stepInsert(db, many);
        }
    }
    if (next < rows.size()) {
        sqlite3_stmt* s = one.handle();
        constants(s, first);
        for (; next < rows.size(); ++next) {
            bind(s, first, rows[next]);
            stepInsert(db, one);
        }
    }
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
    // NOMUTEX: a store is used from one thread at a time, so SQLite need not lock the
    // connection around every bind and step (a tenth of the activity ingest's time).
    db_ = std::make_unique<SqliteConnection>(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX);
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
    // Foreign keys stay off in the writer (SQLite's default): every reference it writes is
    // one it just made (the run it began, the variant it inserted, the string ids it
    // interned, the kernel configurations it stored), and checking them again would cost a
    // b-tree look-up per reference of every activity row. They are declared for the cascades
    // of users who delete runs with PRAGMA foreign_keys = ON.

    if (!empty) {
        const int64_t found = RecordingFormat::version(*db_);
        if (found < RecordingFormat::kSchemaVersion) {
            try {
                SqliteTransaction transaction(*db_);
                RecordingFormat::migrate(*db_);  // reads the version again under the lock
                transaction.commit();
            } catch (const StoreError& error) {
                throw StoreError("cannot bring '" + path_ + "' from recording format " +
                                 std::to_string(found) + " to format " +
                                 std::to_string(RecordingFormat::kSchemaVersion) +
                                 " before appending to it; costscope left it unchanged. Record "
                                 "into a new file (choose another --out FILE). (" +
                                 error.what() + ")");
            }
        }
    }

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
    // 64 MiB of page cache (SQLite's default is 2 MiB) and a checkpoint every 40 MiB of WAL
    // (default 4 MiB): a 50,000-row activity batch is some 4 MiB of pages, and copying the
    // WAL back after each would write every page twice as often.
    db_->exec("PRAGMA cache_size = -65536");
    db_->exec("PRAGMA wal_autocheckpoint = 10000");

    insertRun_ = std::make_unique<SqliteStatement>(
        *db_,
        "INSERT INTO runs (suite, suite_json, command_line, host, pid, version, "
        "started_unix_ns, status, warmup, min_iterations, min_time_s, rounds, uid, job, "
        "selection, shard_index, shard_count) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insertDevice_ = std::make_unique<SqliteStatement>(
        *db_,
        "INSERT INTO devices (run_id, kind, name, details, peak_gflops, mem_bandwidth_gbs, "
        "ceilings_method, gpu_id, price_per_hour, price_per_kwh, currency, idle_watts, "
        "energy_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insertCeiling_ = std::make_unique<SqliteStatement>(
        *db_,
        "INSERT INTO device_ceilings (device_id, precision, gflops, method) VALUES (?, ?, ?, ?)");
    insertGpuTarget_ = std::make_unique<SqliteStatement>(
        *db_,
        "INSERT INTO TARGET_INFO_GPU (id, name, busLocation, uuid, l2CacheSize, totalMemory, "
        "memoryBandwidth, clockRate, smCount, cuDevice, maxThreadsPerBlock, threadsPerWarp, "
        "maxWarpsPerSm, maxShmemPerBlock, maxShmemPerSm, maxRegistersPerSm, computeMajor, "
        "computeMinor, runId, measuredPeakGflops, measuredMemBandwidthGBs) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    // A variant's row is inserted with what never changes, then given its figures by the same
    // UPDATE that each later round uses.
    insertVariant_ = std::make_unique<SqliteStatement>(
        *db_,
        "INSERT INTO variants (run_id, family, name, device, backend, precision, structure, "
        "sparsity, m, n, k, batch, flops, status, started_ns, ended_ns) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    updateVariant_ = std::make_unique<SqliteStatement>(
        *db_,
        "UPDATE variants SET status = ?, reason = ?, implementation = ?, threads = ?, warmup = ?, "
        "iterations = ?, median_ns = ?, p5_ns = ?, p95_ns = ?, mean_ns = ?, stddev_ns = ?, "
        "cv = ?, noisy = ?, weight_bytes = ?, peak_mem_bytes = ?, kernel_error = ?, "
        "approx_error = ?, accuracy = ?, ended_ns = ?, calls_per_sample = ?, "
        "device_median_ns = ?, device_p5_ns = ?, device_p95_ns = ?, kernels_per_call = ?, "
        "copied_bytes_per_call = ?, peak_device_mem_bytes = ?, device_note = ?, rounds = ?, "
        "round_spread = ?, rounds_disagree = ? WHERE id = ?");
    insertSample_ = std::make_unique<SqliteStatement>(
        *db_,
        "INSERT INTO samples (variant_id, iteration, start_ns, duration_ns, device_ns, round) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    // A variant's energy is replaced whole by each round that stores it (the last measures it).
    deleteEnergy_ =
        std::make_unique<SqliteStatement>(*db_, "DELETE FROM variant_energy WHERE variant_id = ?");
    insertEnergy_ = std::make_unique<SqliteStatement>(
        *db_,
        "INSERT INTO variant_energy (variant_id, source, joules_per_call, joules_above_idle, "
        "watts, window_s, calls, update_period_s, clocks_event_reasons, max_temperature_c, "
        "mean_sm_clock_mhz, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insertRound_ = std::make_unique<SqliteStatement>(
        *db_,
        "INSERT INTO variant_rounds (variant_id, round, samples, median_ns, started_ns, "
        "ended_ns) VALUES (?, ?, ?, ?, ?, ?)");
    updateRun_ = std::make_unique<SqliteStatement>(
        *db_, "UPDATE runs SET status = ?, ended_unix_ns = ?, note = ? WHERE id = ?");
    updateCollector_ = std::make_unique<SqliteStatement>(
        *db_,
        "UPDATE runs SET cupti_enabled = ?, cupti_note = ?, cupti_dropped_records = ? "
        "WHERE id = ?");
    insertString_ =
        std::make_unique<SqliteStatement>(*db_, "INSERT INTO StringIds (value) VALUES (?)");
    insertConfig_ = std::make_unique<SqliteStatement>(
        *db_,
        "INSERT INTO kernel_configs (deviceId, contextId, globalPid, demangledName, shortName, "
        "mangledName, launchType, cacheConfig, registersPerThread, gridX, gridY, gridZ, blockX, "
        "blockY, blockZ, staticSharedMemory, dynamicSharedMemory, localMemoryPerThread, "
        "localMemoryTotal, sharedMemoryExecuted, sharedMemoryLimitConfig, runId) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const std::string launchInsert =
        "INSERT INTO kernel_launches (start, end, streamId, correlationId, gridId, graphNodeId, "
        "configId, runId, variantId) VALUES ";
    insertLaunch_ =
        std::make_unique<SqliteStatement>(*db_, launchInsert + sharedValueRows(kLaunchColumns, 1));
    insertLaunches_ = std::make_unique<SqliteStatement>(
        *db_, launchInsert + sharedValueRows(kLaunchColumns, kLaunchRowsPerInsert));
    const std::string memcpyInsert =
        "INSERT INTO CUPTI_ACTIVITY_KIND_MEMCPY (start, end, deviceId, contextId, streamId, "
        "correlationId, globalPid, bytes, copyKind, srcKind, dstKind, graphNodeId, runId, "
        "variantId) VALUES ";
    insertMemcpy_ =
        std::make_unique<SqliteStatement>(*db_, memcpyInsert + valueRows(kMemcpyColumns, 1));
    insertMemcpys_ = std::make_unique<SqliteStatement>(
        *db_, memcpyInsert + valueRows(kMemcpyColumns, kRowsPerInsert));
    insertMemset_ = std::make_unique<SqliteStatement>(
        *db_,
        "INSERT INTO CUPTI_ACTIVITY_KIND_MEMSET (start, end, deviceId, contextId, streamId, "
        "correlationId, globalPid, value, bytes, graphNodeId, memKind, runId, variantId) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insertMemory_ = std::make_unique<SqliteStatement>(
        *db_,
        "INSERT INTO CUDA_GPU_MEMORY_USAGE_EVENTS (start, globalPid, deviceId, contextId, "
        "address, pc, bytes, memKind, memoryOperationType, name, correlationId, streamId, "
        "runId, variantId) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insertOverhead_ = std::make_unique<SqliteStatement>(
        *db_,
        "INSERT INTO CUPTI_ACTIVITY_KIND_OVERHEAD (start, end, overheadKind, objectKind, "
        "objectId, correlationId, runId, variantId) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

    globalPid_ = int64_t{getpid()} << 24;
    // Appending: strings already in the file keep their ids.
    SqliteStatement strings(*db_, "SELECT id, value FROM StringIds ORDER BY id");
    while (strings.step()) {
        stringIds_.emplace(strings.columnText(1), strings.columnInt(0));
    }
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
    deleteEnergy_.reset();
    insertEnergy_.reset();
    insertSample_.reset();
    updateRun_.reset();
    insertCeiling_.reset();
    insertGpuTarget_.reset();
    updateCollector_.reset();
    insertString_.reset();
    insertConfig_.reset();
    insertLaunch_.reset();
    insertLaunches_.reset();
    insertMemcpy_.reset();
    insertMemcpys_.reset();
    insertMemset_.reset();
    insertMemory_.reset();
    insertOverhead_.reset();
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
    const std::string host = run.host.empty() ? RecordingFormat::hostName() : run.host;
    const int64_t pid = getpid();
    insert.reset();
    insert.bind(1, run.suite)
        .bind(2, run.suiteJson)
        .bind(3, run.commandLine)
        .bind(4, host)
        .bind(5, pid)
        .bind(6, run.version)
        .bind(7, run.startedUnixNs)
        .bind(8, run.warmup)
        .bind(9, run.minIterations)
        .bind(10, run.minTimeS)
        .bind(11, run.rounds)
        .bind(12, RecordingFormat::runUid(host, pid, run.startedUnixNs))
        .bind(13, run.job)
        .bind(14, run.selection)
        .bind(15, run.shardIndex)
        .bind(16, run.shardCount);
    SqliteTransaction transaction(*db_);
    insert.step();
    runId_ = sqlite3_last_insert_rowid(db_->handle());
    SqliteStatement warning(*db_,
                            "INSERT INTO run_warnings (run_id, kind, message) VALUES (?, ?, ?)");
    for (const RunWarning& w : run.warnings) {
        warning.reset();
        warning.bind(1, *runId_).bind(2, w.kind).bind(3, w.message);
        warning.step();
    }
    transaction.commit();
    runEnded_ = false;
    configIds_.clear();  // kernel configurations belong to their run
    return *runId_;
}

int64_t SqliteStore::addDevice(const DeviceInfo& device) {
    const int64_t run = requireRun("addDevice");
    const std::optional<GpuTarget>& gpu = device.gpuTarget;
    SqliteTransaction transaction(*db_);
    SqliteStatement& insert = *insertDevice_;
    insert.reset();
    insert.bind(1, run)
        .bind(2, device.kind)
        .bind(3, device.name)
        .bind(4, device.details.empty() ? std::string_view("{}") : device.details)
        .bind(5, device.peakGflops)
        .bind(6, device.memBandwidthGBs)
        .bind(7, device.ceilingsMethod)
        .bind(8, gpu ? std::optional<int64_t>(gpu->id) : std::nullopt)
        .bind(9, device.pricePerHour)
        .bind(10, device.pricePerKwh)
        .bind(11, device.currency)
        .bind(12, device.idleWatts)
        .bind(13, device.energyNote);
    insert.step();
    const int64_t id = sqlite3_last_insert_rowid(db_->handle());

    for (const PrecisionCeiling& ceiling : device.precisionCeilings) {
        SqliteStatement& row = *insertCeiling_;
        row.reset();
        row.bind(1, id).bind(2, ceiling.precision).bind(3, ceiling.gflops).bind(4, ceiling.method);
        row.step();
    }
    if (gpu) {
        SqliteStatement& row = *insertGpuTarget_;
        row.reset();
        row.bind(1, gpu->id)
            .bind(2, gpu->name)
            .bind(3, gpu->busLocation)
            .bind(4, gpu->uuid)
            .bind(5, gpu->l2CacheSize)
            .bind(6, gpu->totalMemory)
            .bind(7, gpu->memoryBandwidth)
            .bind(8, gpu->clockRate)
            .bind(9, gpu->smCount)
            .bind(10, gpu->id)  // cuDevice: the ordinal is the driver's device handle here
            .bind(11, gpu->maxThreadsPerBlock)
            .bind(12, gpu->threadsPerWarp)
            .bind(13, gpu->maxWarpsPerSm)
            .bind(14, gpu->maxShmemPerBlock)
            .bind(15, gpu->maxShmemPerSm)
            .bind(16, gpu->maxRegistersPerSm)
            .bind(17, gpu->computeMajor)
            .bind(18, gpu->computeMinor)
            .bind(19, run)
            .bind(20, device.peakGflops)
            .bind(21, device.memBandwidthGBs);
        row.step();
    }
    transaction.commit();
    return id;
}

int64_t SqliteStore::addVariant(const VariantRecord& variant) {
    const int64_t run = requireRun("addVariant");
    const VariantSpec& spec = variant.spec;
    Added added;
    try {
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
            .bind(15, variant.startedNs)
            .bind(16, variant.endedNs);
        insert.step();
        const int64_t id = sqlite3_last_insert_rowid(db_->handle());
        writeRounds(run, id, variant, 0, 0, added);
        transaction.commit();
        return id;
    } catch (...) {
        forget(added);  // rolled back with the transaction
        throw;
    }
}

void SqliteStore::addRound(int64_t variantId, const VariantRecord& variant, size_t firstSample) {
    const int64_t run = requireRun("addRound");
    Added added;
    try {
        SqliteTransaction transaction(*db_);
        writeRounds(run, variantId, variant, firstSample,
                    variant.rounds.empty() ? 0 : variant.rounds.size() - 1, added);
        transaction.commit();
    } catch (...) {
        forget(added);
        throw;
    }
}

void SqliteStore::writeRounds(int64_t run, int64_t id, const VariantRecord& variant,
                              size_t firstSample, size_t firstRound, Added& added) {
    const std::optional<SampleStats>& stats = variant.stats;
    auto stat = [&](double SampleStats::*field) -> std::optional<double> {
        return stats ? std::optional<double>((*stats).*field) : std::nullopt;
    };
    const std::optional<GpuMeasures>& gpu = variant.gpu;
    const std::optional<SampleStats>* device = gpu ? &gpu->deviceStats : nullptr;
    auto deviceStat = [&](double SampleStats::*field) -> std::optional<double> {
        return device && *device ? std::optional<double>((**device).*field) : std::nullopt;
    };
    const std::optional<RoundAgreement>& agreement = variant.roundAgreement;
    SqliteStatement& update = *updateVariant_;
    update.reset();
    update.bind(1, toString(variant.status))
        .bind(2, variant.reason)
        .bind(3, variant.implementation)
        .bind(4, variant.threads)
        .bind(5, variant.warmup)
        .bind(6, int64_t(variant.samples.size()))
        .bind(7, stat(&SampleStats::medianNs))
        .bind(8, stat(&SampleStats::p5Ns))
        .bind(9, stat(&SampleStats::p95Ns))
        .bind(10, stat(&SampleStats::meanNs))
        .bind(11, stat(&SampleStats::stddevNs))
        .bind(12, stat(&SampleStats::cv))
        .bind(13, stats ? std::optional<int64_t>(stats->noisy ? 1 : 0) : std::nullopt)
        .bind(14, variant.weightBytes)
        .bind(15, variant.peakMemBytes)
        .bind(16, variant.quality.kernelError)
        .bind(17, variant.quality.approxError)
        .bind(18, variant.quality.accuracy)
        .bind(19, variant.endedNs)
        .bind(20, variant.callsPerSample)
        .bind(21, deviceStat(&SampleStats::medianNs))
        .bind(22, deviceStat(&SampleStats::p5Ns))
        .bind(23, deviceStat(&SampleStats::p95Ns))
        .bind(24, gpu ? std::optional<double>(gpu->kernelsPerCall) : std::nullopt)
        .bind(25, gpu ? std::optional<double>(gpu->copiedBytesPerCall) : std::nullopt)
        .bind(26, gpu ? gpu->peakDeviceMemBytes : std::nullopt)
        .bind(27, variant.deviceNote)
        .bind(28, int64_t(std::max<size_t>(variant.rounds.size(), 1)))
        .bind(29, agreement ? std::optional<double>(agreement->spread) : std::nullopt)
        .bind(30, agreement ? std::optional<int64_t>(agreement->disagree ? 1 : 0) : std::nullopt)
        .bind(31, id);
    update.step();

    SqliteStatement& sample = *insertSample_;
    for (size_t i = firstSample; i < variant.samples.size(); ++i) {
        const Sample& taken = variant.samples[i];
        sample.reset();
        sample.bind(1, id)
            .bind(2, int64_t(i))
            .bind(3, taken.startNs)
            .bind(4, taken.durationNs)
            .bind(5, taken.deviceNs >= 0 ? std::optional<int64_t>(taken.deviceNs) : std::nullopt)
            .bind(6, int64_t(taken.round));
        sample.step();
    }
    SqliteStatement& round = *insertRound_;
    for (size_t r = firstRound; r < variant.rounds.size(); ++r) {
        const RoundSummary& summary = variant.rounds[r];
        round.reset();
        round.bind(1, id)
            .bind(2, int64_t(summary.round))
            .bind(3, summary.samples)
            .bind(4, summary.medianNs)
            .bind(5, summary.startedNs)
            .bind(6, summary.endedNs);
        round.step();
    }

    deleteEnergy_->reset();
    deleteEnergy_->bind(1, id);
    deleteEnergy_->step();
    if (const std::optional<EnergyMeasure>& energy = variant.energy) {
        SqliteStatement& row = *insertEnergy_;
        row.reset();
        row.bind(1, id)
            .bind(2, energy->source)
            .bind(3, energy->joulesPerCall)
            .bind(4, energy->joulesAboveIdlePerCall)
            .bind(5, energy->watts)
            .bind(6, energy->windowS)
            .bind(7, energy->calls)
            .bind(8, energy->updatePeriodS)
            .bind(9, int64_t(energy->clocksEventReasons))
            .bind(10, int64_t(energy->maxTemperatureC))
            .bind(11, energy->meanSmClockMHz)
            .bind(12, energy->note);
        row.step();
    }

    // The round's activity goes in with it: durable together, or not at all.
    insertActivity(variant.activity, run, id, added);
}

void SqliteStore::addActivity(const ActivityBatch& batch) {
    const int64_t run = requireRun("addActivity");
    if (batch.empty()) {
        return;
    }
    Added added;
    try {
        SqliteTransaction transaction(*db_);
        insertActivity(batch, run, std::nullopt, added);
        transaction.commit();
    } catch (...) {
        forget(added);
        throw;
    }
}

void SqliteStore::setCollectorInfo(const CollectorInfo& info) {
    const int64_t run = requireRun("setCollectorInfo");
    SqliteStatement& update = *updateCollector_;
    update.reset();
    update.bind(1, info.enabled ? 1 : 0)
        .bind(2, info.note)
        // A collector that never ran dropped nothing it could count: NULL, not 0.
        .bind(3, info.enabled ? std::optional<int64_t>(int64_t(info.droppedRecords)) : std::nullopt)
        .bind(4, run);
    update.step();
}

void SqliteStore::setModelSource(const ModelSource& source) {
    const int64_t run = requireRun("setModelSource");
    SqliteStatement insert(*db_,
                           "INSERT OR REPLACE INTO mlp_training (run_id, trained, train_seconds, "
                           "cache_file, settings_key, settings_json) VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, run)
        .bind(2, source.trained ? 1 : 0)
        .bind(3, source.trained ? std::optional<double>(source.trainSeconds) : std::nullopt)
        .bind(4, source.cacheFile)
        .bind(5, source.settingsKey)
        .bind(6, source.settingsJson);
    insert.step();
}

int64_t SqliteStore::stringId(const ActivityBatch& batch, uint32_t index,
                              std::vector<std::string>& added) {
    if (index >= batch.strings.size()) {
        throw StoreError("cannot store GPU activity in '" + path_ + "': a row names string " +
                         std::to_string(index) + " of a batch that has " +
                         std::to_string(batch.strings.size()) +
                         " (the collector built the batch wrongly)");
    }
    int64_t& id = batchStringIds_[index];
    if (id != 0) {
        return id;
    }
    const std::string& value = batch.strings[index];
    if (const auto found = stringIds_.find(value); found != stringIds_.end()) {
        id = found->second;
        return id;
    }
    SqliteStatement& insert = *insertString_;
    insert.reset();
    insert.bind(1, value);
    insert.step();
    id = sqlite3_last_insert_rowid(db_->handle());
    stringIds_.emplace(value, id);
    added.push_back(value);
    return id;
}

void SqliteStore::forget(const Added& added) {
    for (const std::string& value : added.strings) {
        stringIds_.erase(value);
    }
    for (const KernelConfig& config : added.configs) {
        configIds_.erase(config);
    }
}

size_t SqliteStore::KernelConfigHash::operator()(const KernelConfig& config) const {
    // Multiply-xorshift over the words: the fields that vary (grid, names) spread over all bits.
    uint64_t hash = 0;
    for (const uint64_t word : config) {
        hash = (hash ^ word) * 0x9E37'79B9'7F4A'7C15ULL;
        hash ^= hash >> 29;
    }
    return size_t(hash);
}

int64_t SqliteStore::configId(const KernelConfig& config, const KernelRow& row, int64_t run,
                              Added& added) {
    if (const auto found = configIds_.find(config); found != configIds_.end()) {
        return found->second;
    }
    sqlite3_stmt* s = insertConfig_->handle();
    sqlite3_bind_int64(s, 1, row.deviceId);
    sqlite3_bind_int64(s, 2, row.contextId);
    sqlite3_bind_int64(s, 3, globalPid_);
    sqlite3_bind_int64(s, 4, int64_t(config[0]));
    sqlite3_bind_int64(s, 5, int64_t(config[1]));
    bindOptional(s, 6, config[2]);  // nsys leaves mangledName NULL where there is none
    sqlite3_bind_int64(s, 7, row.launchType);
    sqlite3_bind_int64(s, 8, row.cacheConfig);
    sqlite3_bind_int64(s, 9, row.registersPerThread);
    sqlite3_bind_int64(s, 10, row.gridX);
    sqlite3_bind_int64(s, 11, row.gridY);
    sqlite3_bind_int64(s, 12, row.gridZ);
    sqlite3_bind_int64(s, 13, row.blockX);
    sqlite3_bind_int64(s, 14, row.blockY);
    sqlite3_bind_int64(s, 15, row.blockZ);
    sqlite3_bind_int64(s, 16, row.staticSharedMemory);
    sqlite3_bind_int64(s, 17, row.dynamicSharedMemory);
    sqlite3_bind_int64(s, 18, row.localMemoryPerThread);
    sqlite3_bind_int64(s, 19, row.localMemoryTotal);
    sqlite3_bind_int64(s, 20, row.sharedMemoryExecuted);
    sqlite3_bind_int64(s, 21, row.sharedMemoryLimitConfig);
    sqlite3_bind_int64(s, 22, run);
    stepInsert(*db_, *insertConfig_);
    const int64_t id = sqlite3_last_insert_rowid(db_->handle());
    configIds_.emplace(config, id);
    added.configs.push_back(config);
    return id;
}

void SqliteStore::insertActivity(const ActivityBatch& batch, int64_t run,
                                 std::optional<int64_t> variant, Added& added) {
    // Names are looked up once per distinct string of the batch, not once per row.
    batchStringIds_.assign(batch.strings.size(), 0);
    auto name = [&](uint32_t index) {
        return index < batchStringIds_.size() && batchStringIds_[index] != 0
                   ? batchStringIds_[index]
                   : stringId(batch, index, added.strings);
    };
    auto pair = [](uint32_t low, uint32_t high) { return uint64_t(low) | (uint64_t(high) << 32); };

    // A launch is a configuration look-up and a narrow row; launches and copies, the bulk of a
    // recording, go in many rows per statement: one step then carries them all, and the
    // per-statement work is shared among them.
    auto bindLaunch = [&](sqlite3_stmt* s, int base, const KernelRow& k) {
        // nsys leaves mangledName NULL where there is none: id 0.
        const bool noMangledName =
            k.mangledName < batch.strings.size() && batch.strings[k.mangledName].empty();
        const KernelConfig config = {
            uint64_t(name(k.demangledName)),
            uint64_t(name(k.shortName)),
            noMangledName ? 0 : uint64_t(name(k.mangledName)),
            pair(k.deviceId, k.contextId),
            pair(uint32_t(k.gridX), uint32_t(k.gridY)),
            pair(uint32_t(k.gridZ), uint32_t(k.blockX)),
            pair(uint32_t(k.blockY), uint32_t(k.blockZ)),
            pair(uint32_t(k.registersPerThread), uint32_t(k.staticSharedMemory)),
            pair(uint32_t(k.dynamicSharedMemory), k.localMemoryPerThread),
            pair(k.localMemoryTotal, k.sharedMemoryExecuted),
            uint64_t(k.launchType) | (uint64_t(k.cacheConfig) << 8) |
                (uint64_t(k.sharedMemoryLimitConfig) << 16),
        };
        sqlite3_bind_int64(s, base + 1, k.start);
        sqlite3_bind_int64(s, base + 2, k.end);
        sqlite3_bind_int64(s, base + 3, k.streamId);
        sqlite3_bind_int64(s, base + 4, k.correlationId);
        sqlite3_bind_int64(s, base + 5, k.gridId);
        bindOptional(s, base + 6, k.graphNodeId);
        sqlite3_bind_int64(s, base + 7, configId(config, k, run, added));
    };
    auto launchConstants = [&](sqlite3_stmt* s, int) { bindScope(s, 1, run, variant); };
    insertRows(batch.kernels, *insertLaunches_, *insertLaunch_, kLaunchRowsPerInsert, 2,
               kLaunchColumns, launchConstants, bindLaunch);

    auto bindMemcpy = [&](sqlite3_stmt* s, int base, const MemcpyRow& m) {
        sqlite3_bind_int64(s, base + 1, m.start);
        sqlite3_bind_int64(s, base + 2, m.end);
        sqlite3_bind_int64(s, base + 3, m.deviceId);
        sqlite3_bind_int64(s, base + 4, m.contextId);
        sqlite3_bind_int64(s, base + 5, m.streamId);
        sqlite3_bind_int64(s, base + 6, m.correlationId);
        sqlite3_bind_int64(s, base + 8, m.bytes);
        sqlite3_bind_int64(s, base + 9, m.copyKind);
        sqlite3_bind_int64(s, base + 10, m.srcKind);
        sqlite3_bind_int64(s, base + 11, m.dstKind);
        bindOptional(s, base + 12, m.graphNodeId);
    };
    auto memcpyConstants = [&](sqlite3_stmt* s, int base) {
        sqlite3_bind_int64(s, base + 7, globalPid_);
        bindScope(s, base + 13, run, variant);
    };
    insertRows(batch.memcpys, *insertMemcpys_, *insertMemcpy_, kRowsPerInsert, 0, kMemcpyColumns,
               memcpyConstants, bindMemcpy);
    if (!batch.memsets.empty()) {
        sqlite3_stmt* s = insertMemset_->handle();
        sqlite3_bind_int64(s, 7, globalPid_);
        bindScope(s, 12, run, variant);
        for (const MemsetRow& m : batch.memsets) {
            sqlite3_bind_int64(s, 1, m.start);
            sqlite3_bind_int64(s, 2, m.end);
            sqlite3_bind_int64(s, 3, m.deviceId);
            sqlite3_bind_int64(s, 4, m.contextId);
            sqlite3_bind_int64(s, 5, m.streamId);
            sqlite3_bind_int64(s, 6, m.correlationId);
            sqlite3_bind_int64(s, 8, m.value);
            sqlite3_bind_int64(s, 9, m.bytes);
            bindOptional(s, 10, m.graphNodeId);
            sqlite3_bind_int64(s, 11, m.memKind);
            stepInsert(*db_, *insertMemset_);
        }
    }
    if (!batch.memory.empty()) {
        sqlite3_stmt* s = insertMemory_->handle();
        sqlite3_bind_int64(s, 2, globalPid_);
        bindScope(s, 13, run, variant);
        for (const MemoryRow& m : batch.memory) {
            if (m.name >= batch.strings.size()) {
                stringId(batch, m.name, added.strings);  // throws the batch's error
            }
            const std::string& label = batch.strings[m.name];
            sqlite3_bind_int64(s, 1, m.start);
            sqlite3_bind_int64(s, 3, m.deviceId);
            sqlite3_bind_int64(s, 4, m.contextId);
            sqlite3_bind_int64(s, 5, static_cast<int64_t>(m.address));
            sqlite3_bind_int64(s, 6, static_cast<int64_t>(m.pc));
            sqlite3_bind_int64(s, 7, m.bytes);
            sqlite3_bind_int64(s, 8, m.memKind);
            sqlite3_bind_int64(s, 9, m.operationType);
            if (label.empty()) {
                sqlite3_bind_null(s, 10);
            } else {
                // STATIC: the batch outlives the step, so SQLite need not copy the text.
                sqlite3_bind_text(s, 10, label.data(), int(label.size()), SQLITE_STATIC);
            }
            sqlite3_bind_int64(s, 11, m.correlationId);
            sqlite3_bind_int64(s, 12, m.streamId);
            stepInsert(*db_, *insertMemory_);
        }
        sqlite3_bind_null(s, 10);  // drop the pointer into the batch before the batch goes
    }
    if (!batch.overheads.empty()) {
        sqlite3_stmt* s = insertOverhead_->handle();
        bindScope(s, 7, run, variant);
        for (const OverheadRow& o : batch.overheads) {
            sqlite3_bind_int64(s, 1, o.start);
            sqlite3_bind_int64(s, 2, o.end);
            sqlite3_bind_int64(s, 3, o.overheadKind);
            sqlite3_bind_int64(s, 4, o.objectKind);
            sqlite3_bind_int64(s, 5, static_cast<int64_t>(o.objectId));
            sqlite3_bind_int64(s, 6, o.correlationId);
            stepInsert(*db_, *insertOverhead_);
        }
    }
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
