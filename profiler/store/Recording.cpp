// Reading runs, devices, the summaries, samples and GPU activity back from a recording.
#include "profiler/store/Recording.h"

#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <limits>
#include <optional>
#include <system_error>
#include <unordered_map>

#include "profiler/store/CopySummary.h"
#include "profiler/store/KernelSummary.h"
#include "profiler/store/RecordingFormat.h"
#include "profiler/store/SqliteConnection.h"
#include "profiler/store/SqliteStatement.h"
#include "profiler/store/StoreError.h"
#include "profiler/store/TimelineCache.h"

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

Recording::Recording(const fs::path& path, uint64_t readLimitBytes)
    : path_(path.string()), budget_(path_, readLimitBytes) {
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
    // Read-only, and distrusting the file (SqliteConnection): no extension loads, no function
    // that is not innocuous runs from its schema, its views and triggers are off. Triggers
    // fire only on INSERT, UPDATE and DELETE, none of which a Recording runs.
    // NOMUTEX: a Recording is used by one thread at a time (the timeline's is handed from the
    // loading thread to the GUI's), so SQLite's per-call locking, a tenth of a big read, goes.
    db_ = std::make_unique<SqliteConnection>(path_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
    // A recording being written holds the write lock only for a moment per variant.
    sqlite3_busy_timeout(db_->handle(), 2000);
    RecordingFormat::verify(*db_, RecordingFormat::Purpose::Read);
    schemaVersion_ = RecordingFormat::version(*db_);
    // Every file reads through TEMP views of the current shape, made from the embedded schema:
    // the queries below are the current format's only, the file's own views are never run, and
    // the file is not written.
    RecordingFormat::presentAsCurrent(*db_);
}

Recording::~Recording() = default;
Recording::Recording(Recording&&) noexcept = default;
Recording& Recording::operator=(Recording&&) noexcept = default;

std::vector<RunRow> Recording::runs() const {
    SqliteStatement select(
        *db_,
        "SELECT id, suite, suite_json, command_line, host, pid, version, "
        "started_unix_ns, ended_unix_ns, status, note, warmup, "
        "min_iterations, min_time_s, cupti_enabled, cupti_note, "
        "cupti_dropped_records, t.run_id, t.trained, t.train_seconds, "
        "t.cache_file, t.settings_key, t.settings_json, rounds, uid, job, selection, "
        "shard_index, shard_count FROM runs "
        "LEFT JOIN mlp_training AS t ON t.run_id = runs.id ORDER BY id");
    select.chargeTo(budget_, sizeof(RunRow), "runs");
    SqliteStatement warnings(*db_,
                             "SELECT kind, message FROM run_warnings WHERE run_id = ? "
                             "ORDER BY rowid");
    warnings.chargeTo(budget_, sizeof(RunWarning), "run_warnings");
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
        if (const auto enabled = select.optionalInt(14)) {
            row.collector = CollectorInfo{.enabled = *enabled != 0,
                                          .note = select.columnText(15),
                                          .droppedRecords = uint64_t(select.columnInt(16))};
        }
        if (!select.isNull(17)) {
            row.modelSource =
                ModelSource{.trained = select.columnInt(18) != 0,
                            .trainSeconds = select.isNull(19) ? 0.0 : select.columnDouble(19),
                            .cacheFile = select.columnText(20),
                            .settingsKey = select.columnText(21),
                            .settingsJson = select.columnText(22)};
        }
        row.info.rounds = select.columnInt(23);
        row.uid = select.columnText(24);
        if (row.uid.empty())  // a file older than version 5: made as the migration makes it
            row.uid = RecordingFormat::runUid(row.info.host, row.pid, row.info.startedUnixNs);
        row.info.job = select.columnText(25);
        row.info.selection = select.columnText(26);
        row.info.shardIndex = select.optionalInt(27);
        row.info.shardCount = select.optionalInt(28);
        warnings.reset();
        warnings.bind(1, row.id);
        while (warnings.step())
            row.info.warnings.push_back({warnings.columnText(0), warnings.columnText(1)});
        row.state = stateOf(row.status, row.info.host, row.pid);
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<RunShardRow> Recording::runShards(int64_t runId) const {
    SqliteStatement select(*db_,
                           "SELECT shard_index, uid, host, pid, started_unix_ns, ended_unix_ns, "
                           "status, note, command_line, source FROM run_shards WHERE run_id = ? "
                           "ORDER BY shard_index");
    select.chargeTo(budget_, sizeof(RunShardRow), "run_shards").bind(1, runId);
    std::vector<RunShardRow> rows;
    while (select.step()) {
        rows.push_back(
            RunShardRow{.shardIndex = select.columnInt(0),
                        .uid = select.columnText(1),
                        .host = select.columnText(2),
                        .pid = select.columnInt(3),
                        .startedUnixNs = select.columnInt(4),
                        .endedUnixNs = select.optionalInt(5),
                        .status = RecordingFormat::parseRunStatus(select.columnText(6), path_),
                        .note = select.columnText(7),
                        .commandLine = select.columnText(8),
                        .source = select.columnText(9)});
    }
    return rows;
}

std::vector<DeviceRow> Recording::devices(int64_t runId) const {
    SqliteStatement select(
        *db_,
        "SELECT d.id, d.run_id, d.kind, d.name, d.details, d.peak_gflops, d.mem_bandwidth_gbs, "
        "d.ceilings_method, t.id, t.name, t.busLocation, t.uuid, t.l2CacheSize, t.totalMemory, "
        "t.memoryBandwidth, t.clockRate, t.smCount, t.maxThreadsPerBlock, t.threadsPerWarp, "
        "t.maxWarpsPerSm, t.maxShmemPerBlock, t.maxShmemPerSm, t.maxRegistersPerSm, "
        "t.computeMajor, t.computeMinor, d.price_per_hour, d.price_per_kwh, d.currency, "
        "d.idle_watts, d.energy_note "
        "FROM devices AS d LEFT JOIN TARGET_INFO_GPU AS t ON t.runId = d.run_id AND t.id = "
        "d.gpu_id "
        "WHERE d.run_id = ? ORDER BY d.id");
    select.chargeTo(budget_, sizeof(DeviceRow), "devices").bind(1, runId);
    SqliteStatement ceilings(*db_,
                             "SELECT precision, gflops, method FROM device_ceilings "
                             "WHERE device_id = ? ORDER BY rowid");
    ceilings.chargeTo(budget_, sizeof(PrecisionCeiling), "device_ceilings");
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
        if (!select.isNull(8)) {
            GpuTarget& gpu = row.info.gpuTarget.emplace();
            gpu.id = int(select.columnInt(8));
            gpu.name = select.columnText(9);
            gpu.busLocation = select.columnText(10);
            gpu.uuid = select.columnText(11);
            gpu.l2CacheSize = select.columnInt(12);
            gpu.totalMemory = select.columnInt(13);
            gpu.memoryBandwidth = select.columnInt(14);
            gpu.clockRate = select.columnInt(15);
            gpu.smCount = int(select.columnInt(16));
            gpu.maxThreadsPerBlock = int(select.columnInt(17));
            gpu.threadsPerWarp = int(select.columnInt(18));
            gpu.maxWarpsPerSm = int(select.columnInt(19));
            gpu.maxShmemPerBlock = select.columnInt(20);
            gpu.maxShmemPerSm = select.columnInt(21);
            gpu.maxRegistersPerSm = int(select.columnInt(22));
            gpu.computeMajor = int(select.columnInt(23));
            gpu.computeMinor = int(select.columnInt(24));
        }
        row.info.pricePerHour = select.optionalDouble(25);
        row.info.pricePerKwh = select.optionalDouble(26);
        row.info.currency = select.columnText(27);
        row.info.idleWatts = select.optionalDouble(28);
        row.info.energyNote = select.columnText(29);
        ceilings.reset();
        ceilings.bind(1, row.id);
        while (ceilings.step()) {
            // A ceiling stored as NULL (NaN measured) reads as NaN, as it was handed in.
            row.info.precisionCeilings.push_back(
                PrecisionCeiling{.precision = ceilings.columnText(0),
                                 .gflops = ceilings.optionalDouble(1).value_or(NAN),
                                 .method = ceilings.columnText(2)});
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<CrossoverRow> Recording::pruningCrossover(int64_t runId) const {
    SqliteStatement select(
        *db_,
        "SELECT device, backend, m, n, k, dense_ms, slower_up_to, faster_from "
        "FROM pruning_crossover WHERE run_id = ? ORDER BY device, backend, m, n, k");
    select.chargeTo(budget_, sizeof(CrossoverRow), "pruning_crossover").bind(1, runId);
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
        "ended_ns, calls_per_sample, device_median_ms, device_p5_ms, device_p95_ms, "
        "device_gflops, kernels_per_call, copied_bytes_per_call, peak_device_mem_bytes, "
        "device_note, rounds, round_spread, rounds_disagree, energy_source, joules_per_call, "
        "joules_above_idle, watts, idle_watts, energy_window_s, energy_update_period_s, "
        "clocks_event_reasons, energy_note, cost_per_million_calls, "
        "energy_cost_per_million_calls, currency FROM variant_summary WHERE run_id = ? "
        "ORDER BY variant_id");
    select.chargeTo(budget_, sizeof(VariantSummaryRow), "variants").bind(1, runId);
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
        row.deviceMedianMs = select.optionalDouble(36);
        row.deviceP5Ms = select.optionalDouble(37);
        row.deviceP95Ms = select.optionalDouble(38);
        row.deviceGflops = select.optionalDouble(39);
        row.kernelsPerCall = select.optionalDouble(40);
        row.copiedBytesPerCall = select.optionalDouble(41);
        row.peakDeviceMemBytes = select.optionalInt(42);
        row.deviceNote = select.columnText(43);
        row.rounds = select.columnInt(44);
        row.roundSpread = select.optionalDouble(45);
        if (const auto disagree = select.optionalInt(46))
            row.roundsDisagree = *disagree != 0;
        row.energySource = select.columnText(47);
        row.joulesPerCall = select.optionalDouble(48);
        row.joulesAboveIdle = select.optionalDouble(49);
        row.watts = select.optionalDouble(50);
        row.idleWatts = select.optionalDouble(51);
        row.energyWindowS = select.optionalDouble(52).value_or(0.0);
        row.energyUpdatePeriodS = select.optionalDouble(53).value_or(0.0);
        row.clocksEventReasons = uint64_t(select.optionalInt(54).value_or(0));
        row.energyNote = select.columnText(55);
        row.costPerMillionCalls = select.optionalDouble(56);
        row.energyCostPerMillionCalls = select.optionalDouble(57);
        row.currency = select.columnText(58);
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<Sample> Recording::samples(int64_t variantId) const {
    SqliteStatement select(*db_,
                           "SELECT start_ns, duration_ns, device_ns, round FROM samples "
                           "WHERE variant_id = ? ORDER BY iteration");
    select.chargeTo(budget_, sizeof(Sample), "samples").bind(1, variantId);
    std::vector<Sample> rows;
    while (select.step()) {
        rows.push_back(Sample{.startNs = select.columnInt(0),
                              .durationNs = select.columnInt(1),
                              .deviceNs = select.optionalInt(2).value_or(-1),
                              .round = int(select.columnInt(3))});
    }
    return rows;
}

namespace {

// StringIds ids -> indices into one batch's strings, each string fetched once.
class BatchStrings {
  public:
    BatchStrings(SqliteConnection& db, ReadBudget& budget, ActivityBatch& batch)
        : batch_(batch), select_(db, "SELECT value FROM StringIds WHERE id = ?") {
        select_.chargeTo(budget, 0, "StringIds");
    }

    // NULL (no such name) is index 0, the batch's "".
    uint32_t index(const SqliteStatement& row, int column) {
        if (row.isNull(column)) {
            return 0;
        }
        return indexOf(row.columnInt(column));
    }

    uint32_t indexOf(int64_t id) {
        if (const auto found = indices_.find(id); found != indices_.end()) {
            return found->second;
        }
        select_.reset();
        select_.bind(1, id);
        const std::string value = select_.step() ? select_.columnText(0) : std::string();
        select_.step();  // finishes the statement: no read left open
        return indices_[id] = add(value);
    }

    // Text stored in the row itself (memory event names).
    uint32_t text(const SqliteStatement& row, int column) {
        return row.isNull(column) ? 0 : add(row.columnText(column));
    }

  private:
    uint32_t add(const std::string& value) {
        if (value.empty()) {
            return 0;
        }
        if (const auto found = byValue_.find(value); found != byValue_.end()) {
            return found->second;
        }
        batch_.strings.push_back(value);
        return byValue_[value] = uint32_t(batch_.strings.size() - 1);
    }

    ActivityBatch& batch_;
    SqliteStatement select_;
    std::unordered_map<int64_t, uint32_t> indices_;
    std::unordered_map<std::string, uint32_t> byValue_;
};

}  // namespace

ActivityBatch Recording::activity(const char* where, int64_t id) const {
    ActivityBatch batch;
    BatchStrings strings(*db_, budget_, batch);
    auto query = [&](const std::string& columns, const char* table, uint64_t bytesPerRow) {
        auto select = std::make_unique<SqliteStatement>(
            *db_, "SELECT " + columns + " FROM " + table + " WHERE " + where + " ORDER BY rowid");
        select->chargeTo(budget_, bytesPerRow, table).bind(1, id);
        return select;
    };

    // Kernels from their two tables rather than the nsys view, for the launches' order (id).
    // `where` names runId and variantId, which only the launches have unambiguously.
    auto kernels = std::make_unique<SqliteStatement>(
        *db_,
        "SELECT l.start, l.end, c.deviceId, c.contextId, l.streamId, l.correlationId, "
        "c.demangledName, c.shortName, c.mangledName, c.gridX, c.gridY, c.gridZ, c.blockX, "
        "c.blockY, c.blockZ, c.registersPerThread, c.staticSharedMemory, c.dynamicSharedMemory, "
        "c.localMemoryPerThread, c.localMemoryTotal, l.gridId, c.sharedMemoryExecuted, "
        "c.launchType, c.cacheConfig, c.sharedMemoryLimitConfig, l.graphNodeId "
        "FROM (SELECT * FROM kernel_launches WHERE " +
            std::string(where) +
            ") AS l CROSS JOIN kernel_configs AS c ON c.id = l.configId ORDER BY l.id");
    kernels->chargeTo(budget_, sizeof(KernelRow), "kernel_launches").bind(1, id);
    for (const SqliteStatement& k = *kernels; kernels->step();) {
        batch.kernels.push_back(KernelRow{
            .start = k.columnInt(0),
            .end = k.columnInt(1),
            .deviceId = uint32_t(k.columnInt(2)),
            .contextId = uint32_t(k.columnInt(3)),
            .streamId = uint32_t(k.columnInt(4)),
            .correlationId = uint32_t(k.columnInt(5)),
            .demangledName = strings.index(k, 6),
            .shortName = strings.index(k, 7),
            .mangledName = strings.index(k, 8),
            .gridX = int32_t(k.columnInt(9)),
            .gridY = int32_t(k.columnInt(10)),
            .gridZ = int32_t(k.columnInt(11)),
            .blockX = int32_t(k.columnInt(12)),
            .blockY = int32_t(k.columnInt(13)),
            .blockZ = int32_t(k.columnInt(14)),
            .registersPerThread = int32_t(k.columnInt(15)),
            .staticSharedMemory = int32_t(k.columnInt(16)),
            .dynamicSharedMemory = int32_t(k.columnInt(17)),
            .localMemoryPerThread = uint32_t(k.columnInt(18)),
            .localMemoryTotal = uint32_t(k.columnInt(19)),
            .gridId = k.columnInt(20),
            .sharedMemoryExecuted = uint32_t(k.columnInt(21)),
            .launchType = uint8_t(k.columnInt(22)),
            .cacheConfig = uint8_t(k.columnInt(23)),
            .sharedMemoryLimitConfig = uint8_t(k.columnInt(24)),
            .graphNodeId = uint64_t(k.columnInt(25)),  // NULL reads 0, CUPTI's "none"
        });
    }

    const auto memcpys = query(
        "start, end, deviceId, contextId, streamId, correlationId, bytes, copyKind, srcKind, "
        "dstKind, graphNodeId",
        "CUPTI_ACTIVITY_KIND_MEMCPY", sizeof(MemcpyRow));
    for (const SqliteStatement& m = *memcpys; memcpys->step();) {
        batch.memcpys.push_back(MemcpyRow{.start = m.columnInt(0),
                                          .end = m.columnInt(1),
                                          .deviceId = uint32_t(m.columnInt(2)),
                                          .contextId = uint32_t(m.columnInt(3)),
                                          .streamId = uint32_t(m.columnInt(4)),
                                          .correlationId = uint32_t(m.columnInt(5)),
                                          .bytes = m.columnInt(6),
                                          .copyKind = uint8_t(m.columnInt(7)),
                                          .srcKind = uint8_t(m.columnInt(8)),
                                          .dstKind = uint8_t(m.columnInt(9)),
                                          .graphNodeId = uint64_t(m.columnInt(10))});
    }

    const auto memsets = query(
        "start, end, deviceId, contextId, streamId, correlationId, value, bytes, memKind, "
        "graphNodeId",
        "CUPTI_ACTIVITY_KIND_MEMSET", sizeof(MemsetRow));
    for (const SqliteStatement& m = *memsets; memsets->step();) {
        batch.memsets.push_back(MemsetRow{.start = m.columnInt(0),
                                          .end = m.columnInt(1),
                                          .deviceId = uint32_t(m.columnInt(2)),
                                          .contextId = uint32_t(m.columnInt(3)),
                                          .streamId = uint32_t(m.columnInt(4)),
                                          .correlationId = uint32_t(m.columnInt(5)),
                                          .value = uint32_t(m.columnInt(6)),
                                          .bytes = m.columnInt(7),
                                          .memKind = uint8_t(m.columnInt(8)),
                                          .graphNodeId = uint64_t(m.columnInt(9))});
    }

    const auto memory = query(
        "start, deviceId, contextId, streamId, correlationId, address, pc, bytes, memKind, "
        "memoryOperationType, name",
        "CUDA_GPU_MEMORY_USAGE_EVENTS", sizeof(MemoryRow));
    for (const SqliteStatement& m = *memory; memory->step();) {
        batch.memory.push_back(MemoryRow{.start = m.columnInt(0),
                                         .deviceId = uint32_t(m.columnInt(1)),
                                         .contextId = uint32_t(m.columnInt(2)),
                                         .streamId = uint32_t(m.columnInt(3)),
                                         .correlationId = uint32_t(m.columnInt(4)),
                                         .address = uint64_t(m.columnInt(5)),
                                         .pc = uint64_t(m.columnInt(6)),
                                         .bytes = m.columnInt(7),
                                         .memKind = uint8_t(m.columnInt(8)),
                                         .operationType = uint8_t(m.columnInt(9)),
                                         .name = strings.text(m, 10)});
    }

    const auto overheads = query("start, end, overheadKind, objectKind, objectId, correlationId",
                                 "CUPTI_ACTIVITY_KIND_OVERHEAD", sizeof(OverheadRow));
    for (const SqliteStatement& o = *overheads; overheads->step();) {
        batch.overheads.push_back(OverheadRow{
            .start = o.columnInt(0),
            .end = o.columnInt(1),
            .overheadKind = static_cast<decltype(OverheadRow::overheadKind)>(o.columnInt(2)),
            .objectKind = uint8_t(o.columnInt(3)),
            .objectId = uint64_t(o.columnInt(4)),
            .correlationId = uint32_t(o.columnInt(5))});
    }
    return batch;
}

TimelineRows Recording::timeline(int64_t runId) const {
    return readTimeline(runId, nullptr);
}

TimelineRows Recording::timelineWindow(int64_t runId, const TimelineWindow& window) const {
    return readTimeline(runId, &window);
}

std::optional<TimelineSummary> Recording::timelineSummary(int64_t runId) const {
    return TimelineCache::read(*db_, runId, budget_);
}

TimelineRows Recording::readTimeline(int64_t runId, const TimelineWindow* window) const {
    TimelineRows rows;
    // A window's rows are let go when the next window is read: each read has the whole budget
    // to itself, rather than all the windows of a long session adding up against it.
    ReadBudget windowBudget(path_, budget_.limit());
    ReadBudget& budget = window ? windowBudget : budget_;
    using Kind = TimelineLaneSummary::Kind;
    // A window's rows: those of one table between two rowids, found through the rowid's b-tree.
    const std::string inWindow = window ? " AND rowid BETWEEN ? AND ?" : "";
    auto wanted = [window](Kind kind) { return !window || window->kind == kind; };
    auto bindWindow = [window](SqliteStatement& statement) {
        if (window) {
            statement.bind(2, window->firstRow).bind(3, window->lastRow);
        }
    };
    // StringIds ids -> indices into rows.strings; a run uses a few dozen names.
    std::unordered_map<int64_t, uint32_t> nameIndex;
    SqliteStatement nameOf(*db_, "SELECT value FROM StringIds WHERE id = ?");
    nameOf.chargeTo(budget, sizeof(std::string), "StringIds");
    auto name = [&](int64_t id) -> uint32_t {
        if (const auto found = nameIndex.find(id); found != nameIndex.end()) {
            return found->second;
        }
        nameOf.reset();
        nameOf.bind(1, id);
        std::string value = nameOf.step() ? nameOf.columnText(0) : std::string();
        nameOf.step();  // finishes the statement: no read left open
        rows.strings.push_back(std::move(value));
        return nameIndex[id] = uint32_t(rows.strings.size() - 1);
    };

    if (wanted(Kind::Kernel)) {
        // The run's launch configurations once; each launch then costs an index look-up.
        SqliteStatement configs(
            *db_,
            "SELECT id, deviceId, demangledName, shortName, gridX, gridY, gridZ, blockX, blockY, "
            "blockZ, registersPerThread, staticSharedMemory, dynamicSharedMemory "
            "FROM kernel_configs WHERE runId = ? ORDER BY id");
        configs
            .chargeTo(budget, sizeof(int64_t) + sizeof(TimelineRows::KernelConfig),
                      "kernel_configs")
            .bind(1, runId);
        std::vector<int64_t> configIds;
        while (configs.step()) {
            configIds.push_back(configs.columnInt(0));
            rows.configs.push_back(
                TimelineRows::KernelConfig{.deviceId = uint32_t(configs.columnInt(1)),
                                           .name = name(configs.columnInt(2)),
                                           .shortName = name(configs.columnInt(3)),
                                           .gridX = int32_t(configs.columnInt(4)),
                                           .gridY = int32_t(configs.columnInt(5)),
                                           .gridZ = int32_t(configs.columnInt(6)),
                                           .blockX = int32_t(configs.columnInt(7)),
                                           .blockY = int32_t(configs.columnInt(8)),
                                           .blockZ = int32_t(configs.columnInt(9)),
                                           .registersPerThread = int32_t(configs.columnInt(10)),
                                           .staticSharedMemory = int32_t(configs.columnInt(11)),
                                           .dynamicSharedMemory = int32_t(configs.columnInt(12))});
        }
        // A run's configuration ids are one block of rowids in practice (the recorder stores them
        // as it meets them), so a dense table indexed by id - first serves; a hash map otherwise.
        const int64_t firstId = configIds.empty() ? 0 : configIds.front();
        // Offsets from firstId in unsigned arithmetic: a damaged file's ids may span more than an
        // int64 holds (INT64_MIN to a positive id; the whole range wraps the span to 0), and the
        // ids come ordered, so id >= firstId.
        const auto offsetOf = [&](int64_t id) { return uint64_t(id) - uint64_t(firstId); };
        const uint64_t idSpan = configIds.empty() ? 0 : offsetOf(configIds.back()) + 1;
        const bool dense = idSpan != 0 && idSpan <= uint64_t(configIds.size()) * 4 + 4096;
        constexpr uint32_t kUnknown = UINT32_MAX;
        std::vector<uint32_t> denseIndex;
        std::unordered_map<int64_t, uint32_t> sparseIndex;
        for (size_t i = 0; i < configIds.size(); ++i) {
            if (dense) {
                if (denseIndex.empty()) {
                    denseIndex.assign(size_t(idSpan), kUnknown);
                }
                denseIndex[size_t(offsetOf(configIds[i]))] = uint32_t(i);
            } else {
                sparseIndex[configIds[i]] = uint32_t(i);
            }
        }
        uint32_t unknownConfig = kUnknown;  // for a launch whose configuration is missing
        auto configIndex = [&](int64_t id) {
            uint32_t index = kUnknown;
            if (dense) {
                if (id >= firstId && offsetOf(id) < idSpan) {
                    index = denseIndex[size_t(offsetOf(id))];
                }
            } else if (const auto found = sparseIndex.find(id); found != sparseIndex.end()) {
                index = found->second;
            }
            if (index == kUnknown) {
                if (unknownConfig == kUnknown) {
                    rows.configs.push_back(TimelineRows::KernelConfig{});
                    unknownConfig = uint32_t(rows.configs.size() - 1);
                }
                index = unknownConfig;
            }
            return index;
        };

        // The hot loop reads columns straight from the statement: a million rows, five integers
        // each. No ORDER BY: a scan of the table yields rowid order (the order stored) already.
        SqliteStatement launches(*db_,
                                 "SELECT start, end, streamId, configId, variantId, id "
                                 "FROM kernel_launches WHERE runId = ?" +
                                     inWindow);
        // Per launch: start, end, variant id, device, stream and configuration index.
        launches.chargeTo(budget, 4 * sizeof(int64_t) + 3 * sizeof(uint32_t), "kernel_launches")
            .bind(1, runId);
        bindWindow(launches);
        sqlite3_stmt* l = launches.handle();
        while (launches.step()) {
            const uint32_t config = configIndex(sqlite3_column_int64(l, 3));
            rows.kernels.push(sqlite3_column_int64(l, 0), sqlite3_column_int64(l, 1),
                              rows.configs[config].deviceId, uint32_t(sqlite3_column_int64(l, 2)),
                              sqlite3_column_int64(l, 4),  // NULL variantId reads 0
                              sqlite3_column_int64(l, 5));
            rows.kernelConfig.push_back(config);
        }
    }

    if (wanted(Kind::Copy)) {
        SqliteStatement copies(*db_,
                               "SELECT start, end, deviceId, streamId, variantId, bytes, copyKind, "
                               "rowid FROM CUPTI_ACTIVITY_KIND_MEMCPY WHERE runId = ?" +
                                   inWindow + " ORDER BY rowid");
        copies
            .chargeTo(budget, 5 * sizeof(int64_t) + 2 * sizeof(uint32_t) + 1,
                      "CUPTI_ACTIVITY_KIND_MEMCPY")
            .bind(1, runId);
        bindWindow(copies);
        sqlite3_stmt* c = copies.handle();
        while (copies.step()) {
            rows.copies.push(sqlite3_column_int64(c, 0), sqlite3_column_int64(c, 1),
                             uint32_t(sqlite3_column_int64(c, 2)),
                             uint32_t(sqlite3_column_int64(c, 3)), sqlite3_column_int64(c, 4),
                             sqlite3_column_int64(c, 7));
            rows.copyBytes.push_back(sqlite3_column_int64(c, 5));
            rows.copyKind.push_back(uint8_t(sqlite3_column_int64(c, 6)));
        }
    }

    if (wanted(Kind::Memset)) {
        SqliteStatement memsets(*db_,
                                "SELECT start, end, deviceId, streamId, variantId, bytes, rowid "
                                "FROM CUPTI_ACTIVITY_KIND_MEMSET WHERE runId = ?" +
                                    inWindow + " ORDER BY rowid");
        memsets
            .chargeTo(budget, 5 * sizeof(int64_t) + 2 * sizeof(uint32_t),
                      "CUPTI_ACTIVITY_KIND_MEMSET")
            .bind(1, runId);
        bindWindow(memsets);
        sqlite3_stmt* m = memsets.handle();
        while (memsets.step()) {
            rows.memsets.push(sqlite3_column_int64(m, 0), sqlite3_column_int64(m, 1),
                              uint32_t(sqlite3_column_int64(m, 2)),
                              uint32_t(sqlite3_column_int64(m, 3)), sqlite3_column_int64(m, 4),
                              sqlite3_column_int64(m, 6));
            rows.memsetBytes.push_back(sqlite3_column_int64(m, 5));
        }
    }

    if (!window) {
        rows.memory = timelineMemory(runId);
    }
    return rows;
}

TimelineRows::Memory Recording::timelineMemory(int64_t runId) const {
    TimelineRows::Memory memory;
    SqliteStatement events(*db_,
                           "SELECT start, deviceId, bytes, memKind, memoryOperationType "
                           "FROM CUDA_GPU_MEMORY_USAGE_EVENTS WHERE runId = ? ORDER BY rowid");
    events
        .chargeTo(budget_, 2 * sizeof(int64_t) + sizeof(uint32_t) + 2,
                  "CUDA_GPU_MEMORY_USAGE_EVENTS")
        .bind(1, runId);
    sqlite3_stmt* e = events.handle();
    while (events.step()) {
        memory.start.push_back(sqlite3_column_int64(e, 0));
        memory.deviceId.push_back(uint32_t(sqlite3_column_int64(e, 1)));
        memory.bytes.push_back(sqlite3_column_int64(e, 2));
        memory.memKind.push_back(uint8_t(sqlite3_column_int64(e, 3)));
        memory.operationType.push_back(uint8_t(sqlite3_column_int64(e, 4)));
    }
    return memory;
}

std::vector<CopySummaryRow> Recording::copySummary(int64_t runId) const {
    CopySummary summary;
    SqliteStatement copies(*db_,
                           "SELECT copyKind, bytes, start, end FROM CUPTI_ACTIVITY_KIND_MEMCPY "
                           "WHERE runId = ?");
    copies.chargeTo(budget_, sizeof(int64_t), "CUPTI_ACTIVITY_KIND_MEMCPY").bind(1, runId);
    while (copies.step()) {
        summary.addCopy(copies.columnInt(0), copies.columnInt(1), copies.columnInt(2),
                        copies.columnInt(3));
    }
    SqliteStatement memsets(*db_,
                            "SELECT bytes, start, end FROM CUPTI_ACTIVITY_KIND_MEMSET "
                            "WHERE runId = ?");
    memsets.chargeTo(budget_, sizeof(int64_t), "CUPTI_ACTIVITY_KIND_MEMSET").bind(1, runId);
    while (memsets.step()) {
        summary.addMemset(memsets.columnInt(0), memsets.columnInt(1), memsets.columnInt(2));
    }
    return summary.rows();
}

ActivityBatch Recording::variantActivity(int64_t variantId) const {
    return activity("variantId = ?", variantId);
}

ActivityBatch Recording::runActivity(int64_t runId) const {
    return activity("variantId IS NULL AND runId = ?", runId);
}

int64_t Recording::kernelCount(int64_t variantId) const {
    SqliteStatement select(*db_, "SELECT count(*) FROM kernel_launches WHERE variantId = ?");
    select.bind(1, variantId);
    const int64_t count = select.step() ? select.columnInt(0) : 0;
    select.step();
    return count;
}

std::vector<KernelSummaryRow> Recording::kernelSummary(int64_t runId) const {
    // A run whose timeline was opened once keeps its summary with the timeline's (the scan
    // below is most of the time a big run takes to open).
    if (auto cached = TimelineCache::readKernels(*db_, runId, budget_)) {
        return std::move(*cached);
    }
    // What the kernel_summary view defines, plus the median and standard deviation, from one
    // scan of the narrow launches table. Running the view (a GROUP BY through the join of every
    // launch with its configuration) and then sorting every duration by name in SQLite for the
    // median took about 0.9 s each on a million launches; the scan of two integers per launch
    // takes a fraction of that, and the rest is arithmetic on a few dozen names.
    // As in the view: the launches of the run grouped by their configuration's demangledName
    // id; a launch counts only when its configuration and both its names exist (the view's
    // inner joins), and the percent is of the sum over the launches that count.
    constexpr uint32_t kNone = UINT32_MAX;  // a launch the view would leave out

    struct Group {
        std::string name;
        std::string shortName;  // of the first configuration met, where the view picks any
        std::vector<int64_t> durations;
    };
    std::vector<Group> groups;
    std::unordered_map<int64_t, uint32_t> groupOfName;  // demangledName id -> groups index
    SqliteStatement stringOf(*db_, "SELECT value FROM StringIds WHERE id = ?");
    stringOf.chargeTo(budget_, 0, "StringIds");
    auto text = [&](int64_t id) -> std::optional<std::string> {
        stringOf.reset();
        stringOf.bind(1, id);
        std::optional<std::string> value;
        if (stringOf.step()) {
            value = stringOf.columnText(0);
            stringOf.step();  // finishes the statement: no read left open
        }
        return value;
    };
    auto groupOf = [&](int64_t nameId, int64_t shortId) -> uint32_t {
        std::optional<std::string> shortName = text(shortId);
        if (!shortName) {
            return kNone;
        }
        if (const auto found = groupOfName.find(nameId); found != groupOfName.end()) {
            return found->second;
        }
        std::optional<std::string> name = text(nameId);
        if (!name) {
            return kNone;
        }
        groups.push_back(Group{.name = std::move(*name), .shortName = std::move(*shortName)});
        return groupOfName[nameId] = uint32_t(groups.size() - 1);
    };

    // The run's configurations once, each to its group. Their ids are one block of rowids in
    // practice (the recorder stores them as it meets them), so a table indexed by id - first
    // maps a launch to its group; a launch pointing elsewhere is looked up once by id.
    std::vector<std::pair<int64_t, uint32_t>> configGroups;
    {
        SqliteStatement configs(*db_,
                                "SELECT id, demangledName, shortName FROM kernel_configs "
                                "WHERE runId = ? ORDER BY id");
        configs.chargeTo(budget_, sizeof(int64_t) + sizeof(uint32_t), "kernel_configs")
            .bind(1, runId);
        while (configs.step()) {
            configGroups.emplace_back(configs.columnInt(0),
                                      groupOf(configs.columnInt(1), configs.columnInt(2)));
        }
    }
    const int64_t firstId = configGroups.empty() ? 0 : configGroups.front().first;
    // Offsets from firstId in unsigned arithmetic: a damaged file's ids may span more than an
    // int64 holds (INT64_MIN to a positive id), and the ids come ordered, so id >= firstId.
    const auto offsetOf = [&](int64_t id) { return uint64_t(id) - uint64_t(firstId); };
    const uint64_t idSpan = configGroups.empty() ? 0 : offsetOf(configGroups.back().first) + 1;
    constexpr uint32_t kUnseen = kNone - 1;
    std::vector<uint32_t> dense;
    if (idSpan <= uint64_t(configGroups.size()) * 4 + 4096) {
        dense.assign(size_t(idSpan), kUnseen);
    }
    std::unordered_map<int64_t, uint32_t> sparse;
    for (const auto& [id, group] : configGroups) {
        if (!dense.empty()) {
            dense[size_t(offsetOf(id))] = group;
        } else {
            sparse[id] = group;
        }
    }
    SqliteStatement configById(*db_,
                               "SELECT demangledName, shortName FROM kernel_configs WHERE id = ?");
    auto groupOfConfig = [&](int64_t id) -> uint32_t {
        const bool inDense = id >= firstId && offsetOf(id) < dense.size();
        if (inDense && dense[size_t(offsetOf(id))] != kUnseen) {
            return dense[size_t(offsetOf(id))];
        }
        if (const auto found = sparse.find(id); found != sparse.end()) {
            return found->second;
        }
        configById.reset();
        configById.bind(1, id);
        uint32_t group = kNone;
        if (configById.step()) {
            group = groupOf(configById.columnInt(0), configById.columnInt(1));
            configById.step();
        }
        (inDense ? dense[size_t(offsetOf(id))] : sparse[id]) = group;
        return group;
    };

    // The hot loop reads the two integers straight from the statement: a million rows.
    SqliteStatement launches(*db_,
                             "SELECT configId, end - start FROM kernel_launches WHERE runId = ?");
    launches.chargeTo(budget_, sizeof(int64_t), "kernel_launches").bind(1, runId);
    sqlite3_stmt* l = launches.handle();
    while (launches.step()) {
        const uint32_t group = groupOfConfig(sqlite3_column_int64(l, 0));
        if (group != kNone) {
            groups[group].durations.push_back(sqlite3_column_int64(l, 1));
        }
    }

    std::vector<KernelSummaryRow> rows;
    for (Group& group : groups) {
        if (group.durations.empty()) {
            continue;  // a configuration no launch of the run used: the view has no row
        }
        rows.push_back(
            summariseKernel(std::move(group.name), std::move(group.shortName), group.durations));
        group.durations = {};  // frees the durations as soon as they are summarised
    }
    finishKernelSummary(rows);
    return rows;
}

}  // namespace costscope
