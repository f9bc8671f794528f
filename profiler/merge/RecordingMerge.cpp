// Merging recordings: read and check every input first, then copy run by run with SQL inside
// SQLite (INSERT ... SELECT from the attached input, ids shifted), so memory stays bounded
// whatever the inputs hold.
#include "profiler/merge/RecordingMerge.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "profiler/store/Recording.h"
#include "profiler/store/RecordingFormat.h"
#include "profiler/store/SqliteConnection.h"
#include "profiler/store/SqliteStatement.h"
#include "profiler/store/StoreError.h"

namespace costscope {
namespace {

namespace fs = std::filesystem;

// The most shards costscope-record --shard splits a suite into.
constexpr int64_t kMaxShards = 10000;

// What the merge needs of one run of an input, read before anything is written.
struct SourceRun {
    RunRow row;
    std::vector<std::string> parts;  // a run merged earlier: its shards' uids
    std::vector<DeviceRow> devices;  // shards only: the machines compared
    std::set<std::string> variants;  // shards only: names, which no two shards may share
    bool unfinished = false;         // marked running, its recorder gone: stored interrupted
};

struct Source {
    std::string path;
    int64_t version = 0;
    bool isOut = false;
    std::vector<SourceRun> runs;
};

std::string describe(const Source& source, const SourceRun& run) {
    return "'" + source.path + "' run " + std::to_string(run.row.id);
}

std::string shardText(const RunInfo& info) {
    return std::to_string(info.shardIndex.value_or(0)) + "/" +
           std::to_string(info.shardCount.value_or(1));
}

// What makes two machines the same for shards: the device's kind, name and the facts of its
// hardware (not its measured ceilings, which vary from node to node).
std::string signature(const DeviceRow& device) {
    static const char* const kCpuFacts[] = {"logical_cores", "cpu_family", "cpu_model", "isa"};
    static const char* const kGpuFacts[] = {"compute_capability", "sm_count", "total_memory_bytes"};
    std::string text = device.info.kind + " '" + device.info.name + "'";
    const nlohmann::json details = nlohmann::json::parse(device.info.details, nullptr, false);
    if (!details.is_object())
        return text;
    const auto add = [&](const auto& facts) {
        for (const char* fact : facts)
            if (details.contains(fact))
                text += std::string(", ") + fact + " " + details[fact].dump();
    };
    if (device.info.kind == "cpu")
        add(kCpuFacts);
    else
        add(kGpuFacts);
    return text;
}

std::string deviceKey(const DeviceRow& device) {
    return device.info.kind + "#" +
           (device.info.gpuTarget ? std::to_string(device.info.gpuTarget->id) : "");
}

Source readSource(const std::string& path, bool isOut, bool acceptUnfinished) {
    std::error_code error;
    if (!fs::exists(path, error))
        throw MergeError("cannot read '" + path + "': no such file. Nothing was written.");
    Source source{.path = path, .isOut = isOut};
    try {
        // No read limit: the merge reads runs, devices and variant names, never samples.
        Recording recording(path, UINT64_MAX);
        source.version = recording.schemaVersion();
        for (RunRow& row : recording.runs()) {
            SourceRun run{.row = std::move(row)};
            const std::string where = "'" + path + "' run " + std::to_string(run.row.id);
            if (run.row.state == RunState::Running)
                throw MergeError(where + " is still being recorded on this machine (" +
                                 "costscope-record, pid " + std::to_string(run.row.pid) +
                                 "); merge it when the recorder has ended. Nothing was written.");
            if (run.row.state == RunState::Incomplete) {
                if (run.row.info.host != RecordingFormat::hostName() && !acceptUnfinished)
                    throw MergeError(
                        where + " is marked running by costscope-record on host " +
                        run.row.info.host + " (pid " + std::to_string(run.row.pid) +
                        "): it is still being written there, or its recorder was killed. "
                        "Merge it once the recorder has ended; if it was killed, "
                        "--accept-unfinished merges what it stored, as interrupted. Nothing "
                        "was written.");
                run.unfinished = true;
            }
            const RunInfo& info = run.row.info;
            const bool shardOk =
                (!info.shardIndex && !info.shardCount) ||
                (info.shardCount && *info.shardCount >= 1 && *info.shardCount <= kMaxShards &&
                 (!info.shardIndex ||
                  (*info.shardIndex >= 0 && *info.shardIndex < *info.shardCount)));
            if (!shardOk)
                throw MergeError(where + " claims to be shard " +
                                 (info.shardIndex ? std::to_string(*info.shardIndex) : "?") +
                                 " of " +
                                 (info.shardCount ? std::to_string(*info.shardCount) : "?") +
                                 ", which costscope-record never writes: the file was changed "
                                 "by another program. Nothing was written.");
            if (run.row.info.shardCount && !run.row.info.shardIndex)
                for (const RunShardRow& shard : recording.runShards(run.row.id))
                    run.parts.push_back(shard.uid);
            if (run.row.info.shardIndex) {
                run.devices = recording.devices(run.row.id);
                for (const VariantSummaryRow& variant : recording.variantSummary(run.row.id))
                    run.variants.insert(variant.name);
            }
            source.runs.push_back(std::move(run));
        }
    } catch (const NewerSchema& e) {
        throw MergeError(std::string(e.what()) + " Nothing was written.");
    } catch (const NotARecording& e) {
        throw MergeError(std::string(e.what()) + " Nothing was written.");
    } catch (const StoreError& e) {
        // Unreadable or damaged: the input is at fault, not the output.
        throw MergeError(std::string(e.what()) + " Nothing was written.");
    }
    return source;
}

// A run of the output: a run of one input, or the shards of one job.
struct Part {
    size_t source = 0;
    size_t run = 0;
};

struct PlannedRun {
    int64_t id = 0;
    std::vector<Part> parts;  // a whole run: one; shards: by shard index
    bool shards = false;
    bool keep = false;  // the output's own run, already there
    std::string uid;
};

// "shards:" and the sorted uids of the shards.
std::string mergedUid(std::vector<std::string> uids) {
    std::sort(uids.begin(), uids.end());
    std::string uid = "shards:";
    for (size_t i = 0; i < uids.size(); ++i)
        uid += (i ? "," : "") + uids[i];
    return uid;
}

// Checks that the shards of a group are parts of one run (see MergeError); sorted by index.
void checkShards(const std::vector<Source>& sources, std::vector<Part>& parts) {
    const auto runOf = [&](const Part& part) -> const SourceRun& {
        return sources[part.source].runs[part.run];
    };
    std::sort(parts.begin(), parts.end(), [&](const Part& a, const Part& b) {
        return runOf(a).row.info.shardIndex < runOf(b).row.info.shardIndex;
    });
    const Part& first = parts.front();
    const SourceRun& one = runOf(first);
    const std::string firstName =
        describe(sources[first.source], one) + " (shard " + shardText(one.row.info) + ")";
    std::map<std::string, std::string> machines;  // device key -> signature
    std::map<std::string, std::string> owners;    // variant -> shard
    for (const Part& part : parts) {
        const SourceRun& run = runOf(part);
        const RunInfo& info = run.row.info;
        const std::string name =
            describe(sources[part.source], run) + " (shard " + shardText(info) + ")";
        const auto refuse = [&](const std::string& what) {
            throw MergeError(name + " and " + firstName + " " + what +
                             ": shards become one run only when they share the job, the suite, "
                             "its selection and settings, and identical machines. Nothing was "
                             "written.");
        };
        if (&run != &one) {
            if (info.shardIndex == one.row.info.shardIndex)
                refuse("are the same shard of job '" + info.job +
                       "' recorded twice; merge each recording of the job into its own file");
            if (info.suiteJson != one.row.info.suiteJson)
                refuse("are shards of different suites ('" + info.suite + "' and '" +
                       one.row.info.suite + "')");
            if (info.selection != one.row.info.selection)
                refuse("select different variants ('" + info.selection + "' and '" +
                       one.row.info.selection + "')");
            if (info.warmup != one.row.info.warmup ||
                info.minIterations != one.row.info.minIterations ||
                info.minTimeS != one.row.info.minTimeS || info.rounds != one.row.info.rounds)
                refuse(
                    "were measured with different settings (warm-up, samples, min time or "
                    "rounds)");
        }
        for (const DeviceRow& device : run.devices) {
            const auto [at, added] = machines.emplace(deviceKey(device), signature(device));
            if (!added && at->second != signature(device))
                refuse("were recorded on different machines (" + signature(device) + " and " +
                       at->second + ")");
        }
        for (const std::string& variant : run.variants) {
            const auto [at, added] = owners.emplace(variant, name);
            if (!added)
                throw MergeError(name + " and " + at->second + " both hold variant '" + variant +
                                 "': shards of one run never share a variant. Nothing was "
                                 "written.");
        }
    }
}

// Percent-encodes a path for an SQLite URI filename.
std::string uriOf(const std::string& path) {
    std::string uri = "file:";
    for (const unsigned char c : fs::absolute(path).string()) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
            uri += char(c);
        } else {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", c);
            uri += escaped;
        }
    }
    return uri + "?mode=ro";
}

// The values the copies bind by name (:run, :src ...).
struct Binds {
    int64_t run = 0;     // the run's id in the output
    int64_t src = 0;     // its id in the input
    int64_t dev = 0;     // added to the input's device ids
    int64_t var = 0;     // ... variant ids
    int64_t cfg = 0;     // ... kernel_configs ids
    int64_t launch = 0;  // ... kernel_launches ids
    int64_t device = 0;  // one device of the input
};

// The output: its tables' columns, and copies from the input attached as `src`.
class Output {
  public:
    explicit Output(SqliteConnection& db) : db_(db) {}

    const std::vector<std::string>& columns(const std::string& table) {
        auto& columns = columns_[table];
        if (columns.empty()) {
            SqliteStatement select(db_,
                                   "SELECT name FROM pragma_table_info(?, 'main') ORDER BY cid");
            select.bind(1, table);
            while (select.step())
                columns.push_back(select.columnText(0));
        }
        return columns;
    }

    // INSERT INTO main.table (every column) SELECT each column of src.table AS s, or its
    // expression in `exprs`, WHERE `where`.
    void copy(const std::string& table, const std::map<std::string, std::string>& exprs,
              const std::string& where, const Binds& binds, bool orIgnore = false) {
        std::string names;
        std::string values;
        for (const std::string& column : columns(table)) {
            const std::string quoted = "\"" + column + "\"";
            names += (names.empty() ? "" : ", ") + quoted;
            const auto expr = exprs.find(column);
            values +=
                (values.empty() ? "" : ", ") + (expr != exprs.end() ? expr->second : "s." + quoted);
        }
        SqliteStatement insert(db_, std::string("INSERT ") + (orIgnore ? "OR IGNORE " : "") +
                                        "INTO main.\"" + table + "\" (" + names + ") SELECT " +
                                        values + " FROM src.\"" + table + "\" AS s WHERE " + where);
        bind(insert, binds);
        insert.step();
    }

    int64_t maxId(const std::string& table) {
        return db_.queryInt("SELECT coalesce(max(id), 0) FROM main.\"" + table + "\"");
    }

    SqliteConnection& db() { return db_; }

  private:
    static void bind(SqliteStatement& statement, const Binds& binds) {
        const std::pair<const char*, int64_t> values[] = {
            {":run", binds.run},      {":src", binds.src}, {":dev", binds.dev},
            {":var", binds.var},      {":cfg", binds.cfg}, {":launch", binds.launch},
            {":device", binds.device}};
        for (const auto& [name, value] : values)
            if (const int index = sqlite3_bind_parameter_index(statement.handle(), name))
                statement.bind(index, value);
    }

    SqliteConnection& db_;
    std::map<std::string, std::vector<std::string>> columns_;
};

// Every table of the schema that the copies below fill; a table added to the schema must be
// added here, or to kCacheTables below when the merge must not copy it (mergeRecordings refuses
// to run otherwise, and the tests fail).
const std::set<std::string> kCopiedTables = {"runs",
                                             "run_shards",
                                             "run_warnings",
                                             "devices",
                                             "device_ceilings",
                                             "mlp_training",
                                             "variants",
                                             "samples",
                                             "variant_rounds",
                                             "variant_energy",
                                             "StringIds",
                                             "kernel_configs",
                                             "kernel_launches",
                                             "CUPTI_ACTIVITY_KIND_MEMCPY",
                                             "CUPTI_ACTIVITY_KIND_MEMSET",
                                             "CUDA_GPU_MEMORY_USAGE_EVENTS",
                                             "TARGET_INFO_GPU",
                                             "CUPTI_ACTIVITY_KIND_OVERHEAD"};

// The tables of the schema that the merge leaves empty on purpose (copyRun never names them):
// the timeline cache (TimelineCache). Its rows hold the input's rowids of kernel_launches,
// CUPTI_ACTIVITY_KIND_MEMCPY and CUPTI_ACTIVITY_KIND_MEMSET, in timeline_cache and inside the
// BLOBs of timeline_lanes, and copyRun renumbers those rows: a copied cache would describe rows
// the output does not hold where it says. It is only a cache: the GUI writes the merged file's
// when it first opens a run there (docs/schema.md, "The timeline cache").
const std::set<std::string> kCacheTables = {"timeline_cache", "timeline_lanes"};

void checkEveryTableIsCopied(SqliteConnection& db) {
    SqliteStatement tables(db,
                           "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name "
                           "NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'ENUM\\_%' "
                           "ESCAPE '\\'");
    while (tables.step())
        if (!kCopiedTables.count(tables.columnText(0)) && !kCacheTables.count(tables.columnText(0)))
            throw StoreError("costscope-merge does not know how to copy the table " +
                             tables.columnText(0) + " (a build error: see RecordingMerge.cpp)");
}

// The StringIds the run's kernel configurations name, mapped to the output's ids (added where
// the output lacks the string) in temp.string_map.
void mapStrings(Output& output, std::unordered_map<std::string, int64_t>& ids, int64_t srcRun) {
    SqliteConnection& db = output.db();
    db.exec("DELETE FROM temp.string_map");
    SqliteStatement select(db,
                           "SELECT id, value FROM src.StringIds WHERE id IN ("
                           "SELECT demangledName FROM src.kernel_configs WHERE runId = ?1 UNION "
                           "SELECT shortName FROM src.kernel_configs WHERE runId = ?1 UNION "
                           "SELECT mangledName FROM src.kernel_configs WHERE runId = ?1)");
    select.bind(1, srcRun);
    SqliteStatement add(db, "INSERT INTO main.StringIds (value) VALUES (?)");
    SqliteStatement map(db, "INSERT INTO temp.string_map (src_id, out_id) VALUES (?, ?)");
    while (select.step()) {
        const std::string value = select.columnText(1);
        auto at = ids.find(value);
        if (at == ids.end()) {
            add.reset();
            add.bind(1, value);
            add.step();
            at = ids.emplace(value, sqlite3_last_insert_rowid(db.handle())).first;
        }
        map.reset();
        map.bind(1, select.columnInt(0)).bind(2, at->second);
        map.step();
    }
}

// The columns of a planned run that its parts do not give as they are.
struct RunFields {
    std::string uid;
    std::string host;
    int64_t startedUnixNs = 0;
    std::optional<int64_t> endedUnixNs;
    std::string status;
    std::string note;
    std::optional<int64_t> shardIndex;
    std::optional<int64_t> shardCount;
    std::optional<int64_t> cuptiEnabled;
    std::string cuptiNote;
    std::optional<int64_t> cuptiDropped;
};

std::string joinedIndexes(const std::vector<int64_t>& indexes) {
    std::string text;
    for (size_t i = 0; i < indexes.size(); ++i)
        text += (i ? ", " : "") + std::to_string(indexes[i]);
    return text;
}

RunFields fieldsOf(const std::vector<Source>& sources, const PlannedRun& planned) {
    const SourceRun& first = sources[planned.parts[0].source].runs[planned.parts[0].run];
    RunFields fields{.uid = planned.uid,
                     .host = first.row.info.host,
                     .startedUnixNs = first.row.info.startedUnixNs,
                     .endedUnixNs = first.row.endedUnixNs,
                     .status = toString(first.row.status),
                     .note = first.row.note,
                     .shardIndex = first.row.info.shardIndex,
                     .shardCount = first.row.info.shardCount};
    if (first.row.collector) {
        fields.cuptiEnabled = int64_t{first.row.collector->enabled};
        fields.cuptiNote = first.row.collector->note;
        fields.cuptiDropped = int64_t(first.row.collector->droppedRecords);
    }
    if (!planned.shards) {
        if (first.unfinished) {
            fields.status = "interrupted";
            fields.note += std::string(fields.note.empty() ? "" : "; ") + "its recorder (pid " +
                           std::to_string(first.row.pid) + " on " + first.row.info.host +
                           ") ended without closing the run: merged as interrupted";
        }
        return fields;
    }
    // Shards: one run over all of them.
    std::vector<std::string> hosts;
    std::vector<int64_t> present;
    std::vector<std::string> notes;
    bool failed = false;
    bool interrupted = false;
    bool allEnded = true;
    fields.cuptiEnabled.reset();
    fields.cuptiNote.clear();
    fields.cuptiDropped.reset();
    for (const Part& part : planned.parts) {
        const SourceRun& run = sources[part.source].runs[part.run];
        if (std::find(hosts.begin(), hosts.end(), run.row.info.host) == hosts.end())
            hosts.push_back(run.row.info.host);
        present.push_back(*run.row.info.shardIndex);
        fields.startedUnixNs = std::min(fields.startedUnixNs, run.row.info.startedUnixNs);
        allEnded = allEnded && run.row.endedUnixNs.has_value();
        if (run.row.endedUnixNs)
            fields.endedUnixNs = std::max(fields.endedUnixNs.value_or(0), *run.row.endedUnixNs);
        failed = failed || run.row.status == RunStatus::Failed;
        interrupted = interrupted || run.unfinished || run.row.status == RunStatus::Interrupted;
        if (!run.row.note.empty())
            notes.push_back("shard " + std::to_string(*run.row.info.shardIndex) + ": " +
                            run.row.note);
        if (run.row.collector) {
            fields.cuptiEnabled =
                std::max(fields.cuptiEnabled.value_or(0), int64_t{run.row.collector->enabled});
            if (fields.cuptiNote.empty())
                fields.cuptiNote = run.row.collector->note;
            fields.cuptiDropped =
                fields.cuptiDropped.value_or(0) + int64_t(run.row.collector->droppedRecords);
        }
    }
    const int64_t count = *first.row.info.shardCount;
    std::vector<int64_t> missing;
    for (int64_t index = 0; index < count; ++index)
        if (std::find(present.begin(), present.end(), index) == present.end())
            missing.push_back(index);
    fields.host.clear();
    for (const std::string& host : hosts)
        fields.host += (fields.host.empty() ? "" : ",") + host;
    if (!allEnded)
        fields.endedUnixNs.reset();
    fields.status = failed                            ? "failed"
                    : interrupted || !missing.empty() ? "interrupted"
                                                      : "complete";
    fields.note = "merged from shards " + joinedIndexes(present) + " of " + std::to_string(count);
    if (!missing.empty())
        fields.note += "; shard" + std::string(missing.size() > 1 ? "s " : " ") +
                       joinedIndexes(missing) + " missing";
    for (const std::string& note : notes)
        fields.note += "; " + note;
    fields.shardIndex.reset();
    fields.shardCount = count;
    return fields;
}

// A whole run keeps its row as recorded, but for its uid (made for a file older than version 5)
// and the status of a run whose recorder died; a run of shards takes every field.
void writeFields(SqliteConnection& db, int64_t id, const RunFields& fields, bool shards) {
    if (!shards) {
        SqliteStatement update(db,
                               "UPDATE main.runs SET uid = ?, status = ?, note = ? WHERE id = ?");
        update.bind(1, fields.uid).bind(2, fields.status).bind(3, fields.note).bind(4, id);
        update.step();
        return;
    }
    SqliteStatement update(db,
                           "UPDATE main.runs SET uid = ?, host = ?, started_unix_ns = ?, "
                           "ended_unix_ns = ?, status = ?, note = ?, shard_index = ?, "
                           "shard_count = ?, cupti_enabled = ?, cupti_note = ?, "
                           "cupti_dropped_records = ? WHERE id = ?");
    update.bind(1, fields.uid)
        .bind(2, fields.host)
        .bind(3, fields.startedUnixNs)
        .bind(4, fields.endedUnixNs)
        .bind(5, fields.status)
        .bind(6, fields.note)
        .bind(7, fields.shardIndex)
        .bind(8, fields.shardCount)
        .bind(9, fields.cuptiEnabled)
        .bind(10, fields.cuptiNote)
        .bind(11, fields.cuptiDropped)
        .bind(12, id);
    update.step();
}

// Copies one input run (a whole run, or one shard of `planned`) into the output's run
// planned.id. `first`: the first of the planned run's parts to be copied.
void copyRun(Output& output, std::unordered_map<std::string, int64_t>& strings,
             const Source& source, const SourceRun& run, const PlannedRun& planned, bool first) {
    SqliteConnection& db = output.db();
    Binds binds{.run = planned.id, .src = run.row.id};
    if (first)
        output.copy("runs", {{"id", ":run"}}, "s.id = :src", binds);
    if (planned.shards) {
        // The shard's own record, and the warnings no earlier shard gave.
        SqliteStatement shard(db,
                              "INSERT INTO main.run_shards (run_id, shard_index, uid, host, pid, "
                              "started_unix_ns, ended_unix_ns, status, note, command_line, "
                              "source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        shard.bind(1, planned.id)
            .bind(2, *run.row.info.shardIndex)
            .bind(3, run.row.uid)
            .bind(4, run.row.info.host)
            .bind(5, run.row.pid)
            .bind(6, run.row.info.startedUnixNs)
            .bind(7, run.row.endedUnixNs)
            .bind(8, run.unfinished ? "interrupted" : toString(run.row.status))
            .bind(9, run.row.note)
            .bind(10, run.row.info.commandLine)
            .bind(11, source.path);
        shard.step();
        output.copy("run_warnings", {{"run_id", ":run"}},
                    "s.run_id = :src AND NOT EXISTS (SELECT 1 FROM main.run_warnings AS w "
                    "WHERE w.run_id = :run AND w.kind = s.kind AND w.message = s.message)",
                    binds);
    } else {
        output.copy("run_shards", {{"run_id", ":run"}}, "s.run_id = :src", binds);
        output.copy("run_warnings", {{"run_id", ":run"}}, "s.run_id = :src", binds);
    }
    output.copy("mlp_training", {{"run_id", ":run"}}, "s.run_id = :src", binds, true);

    // Devices: every one of a whole run; of a shard, those of a kind no earlier shard gave.
    binds.dev = output.maxId("devices");
    SqliteStatement has(db,
                        "SELECT count(*) FROM main.devices WHERE run_id = ? AND kind = ? AND "
                        "coalesce(gpu_id, -1) = coalesce(?, -1)");
    SqliteStatement devices(db, "SELECT id, kind, gpu_id FROM src.devices WHERE run_id = ?");
    devices.bind(1, run.row.id);
    std::vector<int64_t> wanted;
    while (devices.step()) {
        has.reset();
        has.bind(1, planned.id).bind(2, devices.columnText(1)).bind(3, devices.optionalInt(2));
        if (!has.step() || has.columnInt(0) == 0)
            wanted.push_back(devices.columnInt(0));
    }
    for (const int64_t device : wanted) {
        binds.device = device;
        output.copy("devices", {{"id", "s.id + :dev"}, {"run_id", ":run"}}, "s.id = :device",
                    binds);
        output.copy("device_ceilings", {{"device_id", "s.device_id + :dev"}},
                    "s.device_id = :device", binds);
    }
    output.copy("TARGET_INFO_GPU", {{"runId", ":run"}}, "s.runId = :src", binds, true);

    binds.var = output.maxId("variants");
    output.copy("variants", {{"id", "s.id + :var"}, {"run_id", ":run"}}, "s.run_id = :src", binds);
    const std::string ofRun = "s.variant_id IN (SELECT id FROM src.variants WHERE run_id = :src)";
    for (const char* table : {"samples", "variant_rounds", "variant_energy"})
        output.copy(table, {{"variant_id", "s.variant_id + :var"}}, ofRun, binds);

    // GPU activity: configurations with their names, launches, copies, memsets, memory, overhead.
    mapStrings(output, strings, run.row.id);
    const auto name = [](const char* column) {
        return "(SELECT out_id FROM temp.string_map WHERE src_id = s." + std::string(column) + ")";
    };
    binds.cfg = output.maxId("kernel_configs");
    output.copy("kernel_configs",
                {{"id", "s.id + :cfg"},
                 {"runId", ":run"},
                 {"demangledName", name("demangledName")},
                 {"shortName", name("shortName")},
                 {"mangledName", name("mangledName")}},
                "s.runId = :src", binds);
    binds.launch = output.maxId("kernel_launches");
    output.copy("kernel_launches",
                {{"id", "s.id + :launch"},
                 {"configId", "s.configId + :cfg"},
                 {"runId", ":run"},
                 {"variantId", "s.variantId + :var"}},
                "s.runId = :src", binds);
    for (const char* table : {"CUPTI_ACTIVITY_KIND_MEMCPY", "CUPTI_ACTIVITY_KIND_MEMSET",
                              "CUDA_GPU_MEMORY_USAGE_EVENTS", "CUPTI_ACTIVITY_KIND_OVERHEAD"})
        output.copy(table, {{"runId", ":run"}, {"variantId", "s.variantId + :var"}},
                    "s.runId = :src", binds);
}

// A file removed when the object goes, unless released.
class TemporaryFile {
  public:
    explicit TemporaryFile(std::string path) : path_(std::move(path)) {}
    ~TemporaryFile() {
        if (!path_.empty()) {
            std::error_code ignored;
            fs::remove(path_, ignored);
            fs::remove(path_ + "-journal", ignored);
        }
    }
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;
    const std::string& path() const { return path_; }
    void release() { path_.clear(); }

  private:
    std::string path_;
};

std::string besideOut(const std::string& out, const std::string& what) {
    return out + "." + what + "-" + std::to_string(getpid());
}

// A copy of an older input brought to the current format, which the copies then read.
std::unique_ptr<TemporaryFile> migratedCopy(const Source& source, const std::string& out,
                                            size_t index) {
    auto copy =
        std::make_unique<TemporaryFile>(besideOut(out, "migrating" + std::to_string(index)));
    {
        SqliteConnection from(source.path, SQLITE_OPEN_READONLY);
        sqlite3_busy_timeout(from.handle(), 2000);
        SqliteConnection to(copy->path(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        sqlite3_backup* backup = sqlite3_backup_init(to.handle(), "main", from.handle(), "main");
        if (!backup)
            to.check(sqlite3_errcode(to.handle()), "copying '" + source.path + "' to migrate it");
        sqlite3_backup_step(backup, -1);
        to.check(sqlite3_backup_finish(backup), "copying '" + source.path + "' to migrate it");
        to.exec("PRAGMA journal_mode = DELETE");
        to.exec("BEGIN IMMEDIATE");
        RecordingFormat::migrate(to);
        to.exec("COMMIT");
    }
    return copy;
}

void syncFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    const bool ok = fd >= 0 && ::fsync(fd) == 0;
    if (fd >= 0)
        ::close(fd);
    if (!ok)
        throw StoreError("cannot write '" + path + "' to disk: " + std::strerror(errno));
}

}  // namespace

MergeResult mergeRecordings(const MergeRequest& request) {
    if (request.out.empty())
        throw MergeError("costscope-merge needs an output file");
    if (request.inputs.empty())
        throw MergeError("costscope-merge needs at least one recording to merge into '" +
                         request.out + "'");
    // 1. Read and check every input; the output too, when it is a recording already.
    std::vector<Source> sources;
    std::error_code error;
    const bool outExists = fs::exists(request.out, error);
    if (outExists) {
        if (fs::exists(request.out + "-wal", error))
            throw MergeError("'" + request.out + "' has a write-ahead log beside it ('" +
                             request.out +
                             "-wal'): a program is writing it, or one was "
                             "killed. Open it with costscope once (or wait for the recorder) "
                             "and merge again. Nothing was written.");
        sources.push_back(readSource(request.out, true, request.acceptUnfinished));
    }
    for (const std::string& input : request.inputs) {
        if (outExists && fs::equivalent(input, request.out, error))
            continue;  // its runs are the output's
        for (const Source& earlier : sources)
            if (!earlier.isOut && fs::equivalent(input, earlier.path, error))
                throw MergeError("'" + input + "' is named twice (also as '" + earlier.path +
                                 "'): its runs would be merged twice. Nothing was written.");
        sources.push_back(readSource(input, false, request.acceptUnfinished));
    }

    // 2. Plan the output's runs: the output's own first, then each input's in order; a run the
    // output already holds is skipped, one two inputs hold is refused.
    std::map<std::string, Part> byUid;   // runs and merged runs, by uid
    std::map<std::string, Part> partOf;  // shards' uids -> the merged run holding them
    std::vector<PlannedRun> plan;
    MergeResult result;
    std::map<std::pair<std::string, int64_t>, size_t> groups;  // (job, N) -> plan index
    const auto runOf = [&](const Part& part) -> const SourceRun& {
        return sources[part.source].runs[part.run];
    };
    for (size_t s = 0; s < sources.size(); ++s) {
        for (size_t r = 0; r < sources[s].runs.size(); ++r) {
            const Part part{s, r};
            const SourceRun& run = runOf(part);
            if (const auto seen = byUid.find(run.row.uid); seen != byUid.end()) {
                if (sources[seen->second.source].isOut) {
                    ++result.alreadyThere;
                    continue;
                }
                throw MergeError(describe(sources[s], run) + " and " +
                                 describe(sources[seen->second.source], runOf(seen->second)) +
                                 " are the same run (suite " + run.row.info.suite + ", host " +
                                 run.row.info.host + ", recorder pid " +
                                 std::to_string(run.row.pid) +
                                 "): a run is merged once; leave one of them out. Nothing was "
                                 "written.");
            }
            byUid.emplace(run.row.uid, part);
            for (const std::string& uid : run.parts)
                partOf.emplace(uid, part);
            if (sources[s].isOut) {
                plan.push_back(
                    {.id = run.row.id, .parts = {part}, .keep = true, .uid = run.row.uid});
            } else if (run.row.info.shardIndex) {
                const auto key = std::make_pair(run.row.info.job, *run.row.info.shardCount);
                const auto [at, added] = groups.emplace(key, plan.size());
                if (added)
                    plan.push_back({.shards = true});
                plan[at->second].parts.push_back(part);
            } else {
                plan.push_back({.parts = {part}, .uid = run.row.uid});
            }
        }
    }
    // Shards: checked, then given their merged run's uid; skipped where the output holds it.
    for (size_t i = 0; i < plan.size(); ++i) {
        PlannedRun& planned = plan[i];
        if (!planned.shards)
            continue;
        checkShards(sources, planned.parts);
        std::vector<std::string> uids;
        for (const Part& part : planned.parts)
            uids.push_back(runOf(part).row.uid);
        planned.uid = mergedUid(uids);
        if (const auto seen = byUid.find(planned.uid); seen != byUid.end()) {
            if (!sources[seen->second.source].isOut)
                throw MergeError("the shards of job '" + runOf(planned.parts[0]).row.info.job +
                                 "' are also merged in " +
                                 describe(sources[seen->second.source], runOf(seen->second)) +
                                 ": a run is merged once; leave one of them out. Nothing was "
                                 "written.");
            result.alreadyThere += int64_t(planned.parts.size());
            plan.erase(plan.begin() + int64_t(i--));
            continue;
        }
        for (const Part& part : planned.parts)
            if (const auto merged = partOf.find(runOf(part).row.uid); merged != partOf.end())
                throw MergeError(describe(sources[part.source], runOf(part)) + " (shard " +
                                 shardText(runOf(part).row.info) + ") is already merged into " +
                                 describe(sources[merged->second.source], runOf(merged->second)) +
                                 " with other shards than these; merge all of the job's shards "
                                 "into a new file. Nothing was written.");
        byUid.emplace(planned.uid, planned.parts[0]);
    }
    int64_t nextId = 1;
    for (const PlannedRun& planned : plan)
        if (planned.keep)
            nextId = std::max(nextId, planned.id + 1);
    for (PlannedRun& planned : plan)
        if (!planned.keep)
            planned.id = nextId++;
    const bool anyNew = std::any_of(plan.begin(), plan.end(),
                                    [](const PlannedRun& planned) { return !planned.keep; });
    if (outExists && !anyNew)
        return result;

    // 3. Write the output whole beside `out`, then put it in its place.
    TemporaryFile temporary(besideOut(request.out, "merging"));
    std::vector<std::unique_ptr<TemporaryFile>> migrated;
    {
        SqliteConnection db(temporary.path(),
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI);
        // The file is renamed into place only once complete and synced: no journal needed for
        // safety, and none written (a failure removes the file).
        db.exec("PRAGMA journal_mode = MEMORY");
        db.exec("PRAGMA synchronous = OFF");
        db.exec("BEGIN IMMEDIATE");
        RecordingFormat::create(db);
        db.exec("COMMIT");
        checkEveryTableIsCopied(db);
        db.exec("CREATE TEMP TABLE string_map (src_id INTEGER PRIMARY KEY, out_id INTEGER)");
        Output output(db);
        std::unordered_map<std::string, int64_t> strings;
        std::set<int64_t> begun;  // planned runs whose row is written
        for (size_t s = 0; s < sources.size(); ++s) {
            const Source& source = sources[s];
            std::string path = source.path;
            if (source.version < RecordingFormat::kSchemaVersion) {
                migrated.push_back(migratedCopy(source, request.out, s));
                path = migrated.back()->path();
            }
            db.exec("ATTACH DATABASE '" + uriOf(path) + "' AS src");
            sqlite3_busy_timeout(db.handle(), 2000);
            if (db.queryInt("PRAGMA src.application_id") != RecordingFormat::kApplicationId ||
                db.queryInt("PRAGMA src.user_version") != RecordingFormat::kSchemaVersion)
                throw MergeError("'" + source.path +
                                 "' changed while it was merged: merge again. Nothing was "
                                 "written.");
            db.exec("BEGIN IMMEDIATE");
            for (PlannedRun& planned : plan) {
                for (const Part& part : planned.parts) {
                    if (part.source != s)
                        continue;
                    const bool first = begun.insert(planned.id).second;
                    copyRun(output, strings, source, runOf(part), planned, first);
                }
            }
            db.exec("COMMIT");
            db.exec("DETACH DATABASE src");
        }
        db.exec("BEGIN IMMEDIATE");
        for (const PlannedRun& planned : plan) {
            if (planned.keep)
                continue;
            const RunFields fields = fieldsOf(sources, planned);
            writeFields(db, planned.id, fields, planned.shards);
            MergedRun added{.id = planned.id,
                            .suite = runOf(planned.parts[0]).row.info.suite,
                            .host = fields.host,
                            .status = fields.status,
                            .shards = planned.shards ? int64_t(planned.parts.size()) : 0,
                            .shardCount = fields.shardCount.value_or(0)};
            for (const Part& part : planned.parts)
                added.from.push_back(describe(sources[part.source], runOf(part)));
            result.added.push_back(std::move(added));
        }
        db.exec("COMMIT");
    }
    syncFile(temporary.path());
    if (std::rename(temporary.path().c_str(), request.out.c_str()) != 0)
        throw StoreError("cannot put the merged recording in place of '" + request.out +
                         "': " + std::strerror(errno) + ". It was left as it was.");
    temporary.release();
    syncFile(fs::absolute(request.out).parent_path().string());
    result.written = true;
    return result;
}

}  // namespace costscope
