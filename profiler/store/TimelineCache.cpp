// TimelineCache: the summary's lanes as BLOBs, the rows they came from checked by a few probes.
#include "profiler/store/TimelineCache.h"

#include <sqlite3.h>

#include <algorithm>
#include <string>

#include "profiler/store/Bytes.h"
#include "profiler/store/ReadBudget.h"
#include "profiler/store/Recording.h"
#include "profiler/store/RecordingFormat.h"
#include "profiler/store/SqliteConnection.h"
#include "profiler/store/SqliteStatement.h"
#include "profiler/store/StoreError.h"
#include "profiler/store/TimelineRows.h"

namespace costscope {

namespace {

TimelineCache::Rows rowsOf(const TimelineRows::Spans& spans, SqliteConnection& db,
                           const char* table) {
    const int64_t tableLast =
        db.queryInt(std::string("SELECT coalesce(max(rowid), 0) FROM ") + table);
    if (spans.size() == 0) {
        return {.tableLast = tableLast};
    }
    const auto [first, last] = std::minmax_element(spans.rowId.begin(), spans.rowId.end());
    return {.first = *first, .last = *last, .count = int64_t(spans.size()), .tableLast = tableLast};
}

// Whether `table` still holds the run's rows as recorded: its first and last row are the run's,
// the rows just outside them are not, and there is room between them for them all. Rows of later
// runs appended since are not looked through: costscope adds rows only to the run it is
// recording, and a run's cache is written once it has ended.
bool stillHolds(SqliteConnection& db, const char* table, int64_t runId,
                const TimelineCache::Rows& rows) {
    const std::string from = std::string(" FROM ") + table;
    if (rows.count == 0) {
        return true;
    }
    if (rows.count < 0 || rows.last < rows.first || rows.tableLast < rows.last ||
        uint64_t(rows.last) - uint64_t(rows.first) < uint64_t(rows.count - 1)) {
        return false;
    }
    auto runAt = [&](const std::string& where, int64_t rowid) -> std::optional<int64_t> {
        SqliteStatement probe(db, "SELECT runId" + from + where);
        probe.bind(1, rowid);
        if (!probe.step()) {
            return std::nullopt;
        }
        return probe.optionalInt(0).value_or(-1);
    };
    return runAt(" WHERE rowid = ?", rows.first) == runId &&
           runAt(" WHERE rowid = ?", rows.last) == runId &&
           runAt(" WHERE rowid > ? ORDER BY rowid LIMIT 1", rows.last) != runId &&
           runAt(" WHERE rowid < ? ORDER BY rowid DESC LIMIT 1", rows.first) != runId;
}

}  // namespace

TimelineCache::Source TimelineCache::sourceOf(const TimelineRows& rows, SqliteConnection& db) {
    return {.kernels = rowsOf(rows.kernels, db, "kernel_launches"),
            .copies = rowsOf(rows.copies, db, "CUPTI_ACTIVITY_KIND_MEMCPY"),
            .memsets = rowsOf(rows.memsets, db, "CUPTI_ACTIVITY_KIND_MEMSET")};
}

std::optional<TimelineCache::Source> TimelineCache::validSource(SqliteConnection& db,
                                                                int64_t runId) {
    SqliteStatement cache(db,
                          "SELECT version, kernelsFirst, kernelsLast, kernels, kernelsTableLast, "
                          "copiesFirst, copiesLast, copies, copiesTableLast, memsetsFirst, "
                          "memsetsLast, memsets, memsetsTableLast "
                          "FROM timeline_cache WHERE runId = ?");
    cache.bind(1, runId);
    if (!cache.step() || cache.columnInt(0) != TimelineSummary::kVersion) {
        return std::nullopt;
    }
    Source source;
    int column = 1;
    for (Rows* rows : {&source.kernels, &source.copies, &source.memsets}) {
        rows->first = cache.columnInt(column++);
        rows->last = cache.columnInt(column++);
        rows->count = cache.columnInt(column++);
        rows->tableLast = cache.columnInt(column++);
    }
    cache.step();  // finishes the statement: no read left open
    if (!stillHolds(db, "kernel_launches", runId, source.kernels) ||
        !stillHolds(db, "CUPTI_ACTIVITY_KIND_MEMCPY", runId, source.copies) ||
        !stillHolds(db, "CUPTI_ACTIVITY_KIND_MEMSET", runId, source.memsets)) {
        return std::nullopt;
    }
    return source;
}

std::optional<TimelineSummary> TimelineCache::read(SqliteConnection& db, int64_t runId,
                                                   ReadBudget& budget) {
    const std::optional<Source> source = validSource(db, runId);
    if (!source) {
        return std::nullopt;
    }
    TimelineSummary summary;
    SqliteStatement lanes(db, "SELECT summary FROM timeline_lanes WHERE runId = ? ORDER BY lane");
    lanes.bind(1, runId);
    int64_t spans[3] = {0, 0, 0};
    while (lanes.step()) {
        const auto* data = static_cast<const char*>(sqlite3_column_blob(lanes.handle(), 0));
        const auto size = size_t(sqlite3_column_bytes(lanes.handle(), 0));
        // The levels' buckets and the long spans as held in memory, about as many bytes as
        // stored, and the wider levels, an eighth of that again.
        budget.charge(size + size / 4, "timeline_lanes");
        auto lane = TimelineSummary::decode(std::string_view(data ? data : "", data ? size : 0));
        if (!lane) {
            return std::nullopt;
        }
        spans[size_t(lane->kind)] += int64_t(lane->spans);
        summary.lanes.push_back(std::move(*lane));
    }
    if (spans[0] != source->kernels.count || spans[1] != source->copies.count ||
        spans[2] != source->memsets.count) {
        return std::nullopt;
    }
    return summary;
}

void TimelineCache::write(SqliteConnection& db, int64_t runId, const TimelineSummary& summary,
                          const Source& source, const std::vector<KernelSummaryRow>& kernels) {
    SqliteStatement drop(db, "DELETE FROM timeline_cache WHERE runId = ?");
    drop.bind(1, runId).step();
    SqliteStatement dropLanes(db, "DELETE FROM timeline_lanes WHERE runId = ?");
    dropLanes.bind(1, runId).step();
    SqliteStatement cache(db,
                          "INSERT INTO timeline_cache (runId, version, kernelsFirst, kernelsLast, "
                          "kernels, kernelsTableLast, copiesFirst, copiesLast, copies, "
                          "copiesTableLast, memsetsFirst, memsetsLast, memsets, memsetsTableLast, "
                          "kernelSummary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    cache.bind(1, runId).bind(2, int64_t(TimelineSummary::kVersion));
    int parameter = 3;
    for (const Rows* rows : {&source.kernels, &source.copies, &source.memsets}) {
        for (const int64_t value : {rows->first, rows->last, rows->count, rows->tableLast}) {
            cache.bind(parameter++, value);
        }
    }
    const std::string kernelBytes = encodeKernels(kernels);
    db.check(sqlite3_bind_blob64(cache.handle(), parameter, kernelBytes.data(), kernelBytes.size(),
                                 SQLITE_STATIC),
             "binding the kernel summary");
    cache.step();
    SqliteStatement lane(db, "INSERT INTO timeline_lanes (runId, lane, summary) VALUES (?, ?, ?)");
    for (size_t i = 0; i < summary.lanes.size(); ++i) {
        const std::string bytes = TimelineSummary::encode(summary.lanes[i]);
        lane.reset();
        lane.bind(1, runId).bind(2, int64_t(i));
        db.check(sqlite3_bind_blob64(lane.handle(), 3, bytes.data(), bytes.size(), SQLITE_STATIC),
                 "binding a timeline lane");
        lane.step();
    }
}

std::string TimelineCache::store(const std::filesystem::path& path, int64_t runId,
                                 const TimelineSummary& summary, const TimelineRows& rows,
                                 const std::vector<KernelSummaryRow>& kernels) {
    try {
        SqliteConnection db(path.string(), SQLITE_OPEN_READWRITE);
        if (sqlite3_db_readonly(db.handle(), "main") == 1) {
            return "the file is read-only";
        }
        RecordingFormat::verify(db, RecordingFormat::Purpose::Append);
        const int64_t version = RecordingFormat::version(db);
        if (version != RecordingFormat::kSchemaVersion) {
            return "the file is of an older format (version " + std::to_string(version) +
                   "), which has no place for it; recording into it again updates it";
        }
        // Without waiting: a recorder appending to the file holds it for long stretches.
        sqlite3_busy_timeout(db.handle(), 0);
        db.exec("BEGIN IMMEDIATE");
        SqliteStatement status(db, "SELECT status FROM runs WHERE id = ?");
        status.bind(1, runId);
        if (!status.step() || status.columnText(0) == "running") {
            db.exec("ROLLBACK");
            return "the run is still being recorded";
        }
        write(db, runId, summary, sourceOf(rows, db), kernels);
        db.exec("COMMIT");
        return {};
    } catch (const std::exception& error) {
        return error.what();  // the transaction, if begun, rolls back as the connection closes
    }
}

std::string TimelineCache::build(const std::filesystem::path& path, int64_t runId) {
    try {
        const Recording recording(path);
        const TimelineRows rows = recording.timeline(runId);
        return store(path, runId, TimelineSummary::of(rows), rows, recording.kernelSummary(runId));
    } catch (const std::exception& error) {
        return error.what();
    }
}

std::optional<std::vector<KernelSummaryRow>> TimelineCache::readKernels(SqliteConnection& db,
                                                                        int64_t runId,
                                                                        ReadBudget& budget) {
    if (!validSource(db, runId)) {
        return std::nullopt;
    }
    SqliteStatement cache(db, "SELECT kernelSummary FROM timeline_cache WHERE runId = ?");
    cache.bind(1, runId);
    if (!cache.step()) {
        return std::nullopt;
    }
    const auto* data = static_cast<const char*>(sqlite3_column_blob(cache.handle(), 0));
    const auto size = size_t(sqlite3_column_bytes(cache.handle(), 0));
    budget.charge(size * 2, "timeline_cache");
    auto kernels = decodeKernels(std::string_view(data ? data : "", data ? size : 0));
    cache.step();
    return kernels;
}

// A row: its two names (length, bytes), then its numbers, as KernelSummaryRow orders them.
std::string TimelineCache::encodeKernels(const std::vector<KernelSummaryRow>& kernels) {
    ByteWriter out;
    out.put(uint64_t(kernels.size()));
    for (const KernelSummaryRow& row : kernels) {
        out.putText(row.name);
        out.putText(row.shortName);
        out.put(row.instances);
        out.put(row.totalNs);
        out.put(row.avgNs);
        out.put(row.medianNs);
        out.put(row.minNs);
        out.put(row.maxNs);
        out.put(row.stddevNs);
        out.put(row.percent);
    }
    return out.take();
}

std::optional<std::vector<KernelSummaryRow>> TimelineCache::decodeKernels(std::string_view bytes) {
    ByteReader in(bytes);
    uint64_t count = 0;
    // Each row takes at least its two lengths and eight numbers.
    if (!in.get(count) || !in.couldHold(count, 10 * 8)) {
        return std::nullopt;
    }
    std::vector<KernelSummaryRow> kernels(static_cast<size_t>(count));
    for (KernelSummaryRow& row : kernels) {
        if (!in.getText(row.name) || !in.getText(row.shortName) || !in.get(row.instances) ||
            !in.get(row.totalNs) || !in.get(row.avgNs) || !in.get(row.medianNs) ||
            !in.get(row.minNs) || !in.get(row.maxNs) || !in.get(row.stddevNs) ||
            !in.get(row.percent)) {
            return std::nullopt;
        }
    }
    if (!in.done()) {
        return std::nullopt;
    }
    return kernels;
}

}  // namespace costscope
