// Reading runs, devices, the variant summary and samples back from a recording.
#include "profiler/store/Recording.h"

#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <system_error>

#include "profiler/store/RecordingFormat.h"
#include "profiler/store/SqliteConnection.h"
#include "profiler/store/SqliteStatement.h"
#include "profiler/store/StoreError.h"

namespace costscope {

namespace {

namespace fs = std::filesystem;

// A `running` run is live only while its recorder is: on this host, kill(pid, 0) tells
// (EPERM means the process exists under another user). On another host nothing can be
// checked, and a file copied off a server that was killed is the common case, so it reads as
// incomplete rather than live forever.
RunState stateOf(RunStatus status, const std::string& host, int64_t pid) {
    switch (status) {
        case RunStatus::Complete:
            return RunState::Complete;
        case RunStatus::Interrupted:
            return RunState::Interrupted;
        case RunStatus::Failed:
            return RunState::Failed;
        case RunStatus::Running:
            break;
    }
    if (host != RecordingFormat::hostName() || pid <= 0 || pid > INT_MAX) {
        return RunState::Incomplete;
    }
    const bool alive = kill(pid_t(pid), 0) == 0 || errno != ESRCH;
    return alive ? RunState::Running : RunState::Incomplete;
}

}  // namespace

const char* toString(RunState state) {
    switch (state) {
        case RunState::Running:
            return "running";
        case RunState::Complete:
            return "complete";
        case RunState::Interrupted:
            return "interrupted";
        case RunState::Failed:
            return "failed";
        case RunState::Incomplete:
            return "incomplete";
    }
    return "incomplete";
}

Recording::Recording(const fs::path& path) : path_(path.string()) {
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (!fs::exists(status)) {
        throw StoreError("cannot open '" + path_ +
                         "': no such file. Check the path, or record one with costscope-record "
                         "--out '" +
                         path_ + "'.");
    }
    if (!fs::is_regular_file(status)) {
        throw NotARecording("'" + path_ + "' is not a costscope recording (it is " +
                            (fs::is_directory(status) ? "a directory" : "not a regular file") +
                            "). Open a file written by costscope-record.");
    }
    if (fs::file_size(path, error) == 0 && !error) {
        throw NotARecording("'" + path_ +
                            "' is not a costscope recording (the file is empty). Open a file "
                            "written by costscope-record.");
    }
    db_ = std::make_unique<SqliteConnection>(path_, SQLITE_OPEN_READONLY);
    // A recording being written holds the write lock only for a moment per variant.
    sqlite3_busy_timeout(db_->handle(), 2000);
    RecordingFormat::verify(*db_, RecordingFormat::Purpose::Read);
    schemaVersion_ = db_->queryInt("PRAGMA user_version");
}

Recording::~Recording() = default;
Recording::Recording(Recording&&) noexcept = default;
Recording& Recording::operator=(Recording&&) noexcept = default;

std::vector<RunRow> Recording::runs() const {
    SqliteStatement select(*db_,
                           "SELECT id, suite, suite_json, command_line, host, pid, version, "
                           "started_unix_ns, ended_unix_ns, status, note, warmup, "
                           "min_iterations, min_time_s FROM runs ORDER BY id");
    std::vector<RunRow> rows;
    while (select.step()) {
        RunRow row;
        row.id = select.columnInt(0);
        row.info.suite = select.columnText(1);
        row.info.suiteJson = select.columnText(2);
        row.info.commandLine = select.columnText(3);
        row.info.host = select.columnText(4);
        row.pid = select.columnInt(5);
        row.info.version = select.columnText(6);
        row.info.startedUnixNs = select.columnInt(7);
        row.endedUnixNs = select.optionalInt(8);
        row.status = RecordingFormat::parseRunStatus(select.columnText(9), path_);
        row.note = select.columnText(10);
        row.info.warmup = select.columnInt(11);
        row.info.minIterations = select.columnInt(12);
        row.info.minTimeS = select.columnDouble(13);
        row.state = stateOf(row.status, row.info.host, row.pid);
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<DeviceRow> Recording::devices(int64_t runId) const {
    SqliteStatement select(*db_,
                           "SELECT id, run_id, kind, name, details, peak_gflops, "
                           "mem_bandwidth_gbs, ceilings_method FROM devices WHERE run_id = ? "
                           "ORDER BY id");
    select.bind(1, runId);
    std::vector<DeviceRow> rows;
    while (select.step()) {
        DeviceRow row;
        row.id = select.columnInt(0);
        row.runId = select.columnInt(1);
        row.info.kind = select.columnText(2);
        row.info.name = select.columnText(3);
        row.info.details = select.columnText(4);
        row.info.peakGflops = select.optionalDouble(5);
        row.info.memBandwidthGBs = select.optionalDouble(6);
        row.info.ceilingsMethod = select.columnText(7);
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<CrossoverRow> Recording::pruningCrossover(int64_t runId) const {
    SqliteStatement select(
        *db_,
        "SELECT device, backend, m, n, k, dense_ms, slower_up_to, faster_from "
        "FROM pruning_crossover WHERE run_id = ? ORDER BY device, backend, m, n, k");
    select.bind(1, runId);
    std::vector<CrossoverRow> rows;
    while (select.step()) {
        rows.push_back(CrossoverRow{.device = select.columnText(0),
                                    .backend = select.columnText(1),
                                    .m = select.columnInt(2),
                                    .n = select.columnInt(3),
                                    .k = select.columnInt(4),
                                    .denseMs = select.columnDouble(5),
                                    .slowerUpTo = select.optionalDouble(6),
                                    .fasterFrom = select.optionalDouble(7)});
    }
    return rows;
}

std::vector<VariantSummaryRow> Recording::variantSummary(int64_t runId) const {
    SqliteStatement select(
        *db_,
        "SELECT run_id, variant_id, family, name, device, backend, precision, structure, "
        "sparsity, m, n, k, batch, flops, status, reason, implementation, threads, warmup, "
        "iterations, median_ms, p5_ms, p95_ms, mean_ms, stddev_ms, cv, noisy, gflops, "
        "weight_bytes, peak_mem_bytes, kernel_error, approx_error, accuracy, started_ns, "
        "ended_ns, calls_per_sample FROM variant_summary WHERE run_id = ? ORDER BY variant_id");
    select.bind(1, runId);
    std::vector<VariantSummaryRow> rows;
    while (select.step()) {
        VariantSummaryRow row;
        row.runId = select.columnInt(0);
        row.variantId = select.columnInt(1);
        row.family = select.columnText(2);
        row.name = select.columnText(3);
        row.device = select.columnText(4);
        row.backend = select.columnText(5);
        row.precision = select.columnText(6);
        row.structure = select.columnText(7);
        row.sparsity = select.columnDouble(8);
        row.m = select.columnInt(9);
        row.n = select.columnInt(10);
        row.k = select.columnInt(11);
        row.batch = select.columnInt(12);
        row.flops = select.columnDouble(13);
        row.status = RecordingFormat::parseVariantStatus(select.columnText(14), path_);
        row.reason = select.columnText(15);
        row.implementation = select.columnText(16);
        row.threads = int(select.columnInt(17));
        row.warmup = select.columnInt(18);
        row.iterations = select.columnInt(19);
        row.medianMs = select.optionalDouble(20);
        row.p5Ms = select.optionalDouble(21);
        row.p95Ms = select.optionalDouble(22);
        row.meanMs = select.optionalDouble(23);
        row.stddevMs = select.optionalDouble(24);
        row.cv = select.optionalDouble(25);
        if (const auto noisy = select.optionalInt(26)) {
            row.noisy = *noisy != 0;
        }
        row.gflops = select.optionalDouble(27);
        row.weightBytes = select.optionalInt(28);
        row.peakMemBytes = select.optionalInt(29);
        row.kernelError = select.optionalDouble(30);
        row.approxError = select.optionalDouble(31);
        row.accuracy = select.optionalDouble(32);
        row.startedNs = select.columnInt(33);
        row.endedNs = select.columnInt(34);
        row.callsPerSample = select.columnInt(35);
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<Sample> Recording::samples(int64_t variantId) const {
    SqliteStatement select(*db_,
                           "SELECT start_ns, duration_ns FROM samples WHERE variant_id = ? "
                           "ORDER BY iteration");
    select.bind(1, variantId);
    std::vector<Sample> rows;
    while (select.step()) {
        rows.push_back(Sample{select.columnInt(0), select.columnInt(1)});
    }
    return rows;
}

}  // namespace costscope
