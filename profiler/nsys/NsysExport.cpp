// Reading an Nsight Systems SQLite export: recognising it, checking its schema, and turning its
// tables into the rows costscope's views read (runs, devices, variants, samples, timeline).
#include "profiler/nsys/NsysExport.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <system_error>
#include <unordered_map>

#include "profiler/SampleStats.h"
#include "profiler/Saturating.h"
#include "profiler/nsys/NsysCache.h"
#include "profiler/nsys/NvtxAttribution.h"
#include "profiler/store/Bytes.h"
#include "profiler/store/CopySummary.h"
#include "profiler/store/KernelSummary.h"
#include "profiler/store/RecordingFormat.h"
#include "profiler/store/SqliteConnection.h"
#include "profiler/store/SqliteStatement.h"
#include "profiler/store/StoreError.h"
#include "profiler/store/TimelineCache.h"

namespace costscope {

namespace fs = std::filesystem;

namespace {

constexpr const char* kKernels = "CUPTI_ACTIVITY_KIND_KERNEL";
constexpr const char* kRuntime = "CUPTI_ACTIVITY_KIND_RUNTIME";
constexpr const char* kCopies = "CUPTI_ACTIVITY_KIND_MEMCPY";
constexpr const char* kMemsets = "CUPTI_ACTIVITY_KIND_MEMSET";
constexpr const char* kMemory = "CUDA_GPU_MEMORY_USAGE_EVENTS";
constexpr const char* kNvtx = "NVTX_EVENTS";
constexpr const char* kGpus = "TARGET_INFO_GPU";

// The entries of the export's cache (NsysCache).
constexpr const char* kKernelsEntry = "kernels";
constexpr const char* kUnnamedEntry = "kernels-unnamed";  // kernels whose name id is missing
constexpr const char* kStreamsEntry = "streams";
constexpr const char* kVariantsEntry = "variants";
constexpr const char* kLaneEntry = "timeline/";  // and the lane's index, 8 digits

// NVTX_EVENTS.eventType (nsys's ENUM_NSYS_EVENT_TYPE): push/pop and start/end ranges, the same
// two read from NVTXT files, and the event that names a domain.
constexpr int64_t kStartEndRange = 60;
constexpr int64_t kNvtxtStartEndRange = 71;
constexpr int64_t kDomainCreate = 75;
constexpr const char* kRangeTypes = "(59, 60, 70, 71)";

// nsys's ENUM_CUDA_MEM_KIND and ENUM_CUDA_DEV_MEM_EVENT_OPER number from 0 where CUPTI's enums,
// which costscope's recordings and its timeline use, number from 1 (0 is CUPTI's unknown kind
// and invalid operation).
uint8_t cuptiMemoryKind(int64_t nsysKind) {
    return nsysKind >= 0 && nsysKind <= 6 ? uint8_t(nsysKind + 1) : 0;
}
uint8_t cuptiMemoryOperation(int64_t nsysOperation) {
    return nsysOperation == 0 || nsysOperation == 1 ? uint8_t(nsysOperation + 1) : 0;
}

// The columns read from each table; a table that exists must have them all. A table that does not
// exist holds nothing (nsys writes a table only when it recorded something of its kind), except
// StringIds, which every export has.
struct TableColumns {
    const char* table;
    std::vector<const char*> columns;
};
const std::array<TableColumns, 8> kRequired = {{
    {"StringIds", {"id", "value"}},
    {kKernels,
     {"start", "end", "deviceId", "streamId", "correlationId", "globalPid", "demangledName",
      "shortName", "gridX", "gridY", "gridZ", "blockX", "blockY", "blockZ", "registersPerThread",
      "staticSharedMemory", "dynamicSharedMemory"}},
    {kRuntime, {"start", "end", "globalTid", "correlationId"}},
    {kCopies, {"start", "end", "deviceId", "streamId", "globalPid", "bytes", "copyKind"}},
    {kMemsets, {"start", "end", "deviceId", "streamId", "globalPid", "bytes"}},
    {kMemory, {"start", "deviceId", "bytes", "memKind", "memoryOperationType"}},
    {kNvtx, {"start", "end", "eventType", "text", "textId", "globalTid"}},
    {kGpus, {"id", "name"}},
}};

std::string supportedText() {
    return std::to_string(NsysExport::kOldestMajor) + ".x to " +
           std::to_string(NsysExport::kNewestMajor) + ".x";
}

std::string exportAgain(const std::string& path) {
    return "Export the report again with: nsys export --type sqlite --force-overwrite true "
           "--output '" +
           path + "' REPORT.nsys-rep";
}

// What the file's first bytes say: SQLite's magic (a file without it is not opened), and the
// application_id at offset 68 (big-endian) that marks a costscope recording, which is never an
// export: recognises() then answers without opening the file as a database.
struct FileHeader {
    bool sqlite = false;
    bool recording = false;
};
FileHeader headerOf(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::array<unsigned char, 72> header{};
    in.read(reinterpret_cast<char*>(header.data()), header.size());
    FileHeader result;
    result.sqlite = in.gcount() >= 16 && std::memcmp(header.data(), "SQLite format 3", 16) == 0;
    if (result.sqlite && in.gcount() == 72) {
        const uint32_t id = uint32_t(header[68]) << 24 | uint32_t(header[69]) << 16 |
                            uint32_t(header[70]) << 8 | uint32_t(header[71]);
        result.recording = id == uint32_t(RecordingFormat::kApplicationId);
    }
    return result;
}

std::optional<std::string> metadataTable(SqliteConnection& db) {
    SqliteStatement select(db,
                           "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN "
                           "('META_DATA_EXPORT', 'EXPORT_META_DATA') ORDER BY name DESC");
    if (!select.step()) {
        return std::nullopt;
    }
    std::string name = select.columnText(0);
    while (select.step()) {
    }
    return name;
}

// What the constructor refuses on purpose, its message complete; any other StoreError there is a
// read that failed, and gets the export's advice.
class ExportRefused : public StoreError {
  public:
    using StoreError::StoreError;
};

// Whether the file's first 8 MiB hold the definition of nsys's metadata table. A damaged export
// (a truncated one fails reads, or reads its lost pages as empty) still has its schema near the
// start, after its tables' root pages, so it is refused as a damaged export, with what to do
// about one, rather than as a file of another program.
bool definesMetadataTable(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string head(8 << 20, '\0');
    in.read(head.data(), std::streamsize(head.size()));
    head.resize(size_t(in.gcount()));
    return head.find("CREATE TABLE META_DATA_EXPORT") != std::string::npos ||
           head.find("CREATE TABLE EXPORT_META_DATA") != std::string::npos;
}

std::string joinColumns(const std::vector<std::string>& names) {
    std::string text;
    for (const std::string& name : names) {
        text += (text.empty() ? "" : ", ") + name;
    }
    return text;
}

}  // namespace

namespace {

// A variant as read from the export, before its figures are computed: what the export's cache
// keeps of it (the figures are computed again from it on reading).
struct VariantDraft {
    std::string name;
    std::string implementation;
    std::vector<Sample> samples;
    int64_t kernels = 0;
    bool launched = false;  // any instance launched a kernel
};

}  // namespace

// The NVTX ranges (or, without any, the kernels) as variants, computed once per export.
struct NsysExport::Variants {
    std::vector<VariantSummaryRow> rows;
    std::vector<std::vector<Sample>> samples;  // by variant id - 1
    std::vector<int64_t> kernels;              // by variant id - 1: the kernels launched
    bool byKernel = false;                     // no NVTX ranges: a variant per kernel name
    bool runtime = false;                      // the export has CUDA runtime calls

    // The drafts as the cache keeps them: the flags, then each variant's name, implementation,
    // kernels, whether it launched any, and its samples.
    std::string encode() const;
    // The drafts back, ordered as they were; nothing for bytes that are not drafts.
    static std::optional<std::vector<VariantDraft>> decode(std::string_view bytes, bool& byKernel,
                                                           bool& runtime);
    // The variants of `drafts`: samples in time order, variants by their first sample, figures.
    static std::shared_ptr<const Variants> finish(std::vector<VariantDraft> drafts, bool byKernel,
                                                  bool runtime);
};

std::string NsysExport::Variants::encode() const {
    ByteWriter out;
    out.put(uint8_t(byKernel));
    out.put(uint8_t(runtime));
    out.put(uint64_t(rows.size()));
    for (size_t i = 0; i < rows.size(); ++i) {
        out.putText(rows[i].name);
        out.putText(rows[i].implementation);
        out.put(kernels[i]);
        out.put(uint8_t(rows[i].device == "gpu"));
        out.put(uint64_t(samples[i].size()));
        for (const Sample& sample : samples[i]) {
            out.put(sample.startNs);
            out.put(sample.durationNs);
            out.put(sample.deviceNs);
        }
    }
    return out.take();
}

std::optional<std::vector<VariantDraft>> NsysExport::Variants::decode(std::string_view bytes,
                                                                      bool& byKernel,
                                                                      bool& runtime) {
    ByteReader in(bytes);
    uint8_t flags[2] = {0, 0};
    uint64_t count = 0;
    // Each variant takes at least its two lengths, kernels, flag and sample count; each sample
    // three numbers.
    if (!in.get(flags[0]) || !in.get(flags[1]) || flags[0] > 1 || flags[1] > 1 || !in.get(count) ||
        !in.couldHold(count, 8 + 8 + 8 + 1 + 8)) {
        return std::nullopt;
    }
    std::vector<VariantDraft> drafts(static_cast<size_t>(count));
    for (VariantDraft& draft : drafts) {
        uint8_t launched = 0;
        uint64_t samples = 0;
        if (!in.getText(draft.name) || !in.getText(draft.implementation) ||
            !in.get(draft.kernels) || !in.get(launched) || launched > 1 || !in.get(samples) ||
            samples == 0 || !in.couldHold(samples, 3 * sizeof(int64_t))) {
            return std::nullopt;
        }
        draft.launched = launched == 1;
        draft.samples.resize(static_cast<size_t>(samples));
        for (Sample& sample : draft.samples) {
            in.get(sample.startNs);
            in.get(sample.durationNs);
            in.get(sample.deviceNs);
        }
    }
    if (!in.done()) {
        return std::nullopt;
    }
    byKernel = flags[0] == 1;
    runtime = flags[1] == 1;
    return drafts;
}

bool NsysExport::recognises(const fs::path& path) {
    std::error_code error;
    if (!fs::is_regular_file(path, error)) {
        return false;
    }
    const FileHeader header = headerOf(path);
    if (!header.sqlite || header.recording) {
        return false;
    }
    try {
        SqliteConnection db(path.string(), SQLITE_OPEN_READONLY);
        if (metadataTable(db)) {
            return true;
        }
    } catch (const StoreError&) {
    }
    return definesMetadataTable(path);
}

NsysExport::NsysExport(const fs::path& path, uint64_t readLimitBytes)
    : path_(path.string()), budget_(path_, readLimitBytes) {
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (!fs::exists(status)) {
        throw StoreError("cannot open '" + path_ + "': no such file. Check the path.");
    }
    if (!fs::is_regular_file(status) || !headerOf(path).sqlite) {
        throw NotARecording("'" + path_ +
                            "' is not an Nsight Systems SQLite export (not an SQLite file). "
                            "Export a report with: nsys export --type sqlite REPORT.nsys-rep");
    }
    // nsys writes an export in transactions with a rollback journal beside the file: while the
    // journal is there the file is incomplete (or its writer died and SQLite would need to write
    // to roll it back, which a reader must not).
    for (const char* suffix : {"-journal", "-wal"}) {
        if (fs::exists(path_ + suffix, error)) {
            throw StoreError("'" + path_ + "' is still being written (" +
                             fs::path(path_ + suffix).filename().string() +
                             " is beside it). Wait for nsys to finish the export, then open it "
                             "again; if nsys was killed, export the report again.");
        }
    }
    // NOMUTEX: used by one thread at a time, as a Recording is.
    db_ = std::make_unique<SqliteConnection>(path_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
    try {
        const std::optional<std::string> metadata = metadataTable(*db_);
        if (!metadata && definesMetadataTable(path)) {
            throw ExportRefused(
                "'" + path_ +
                "' is an Nsight Systems export whose metadata table cannot be read: "
                "it is truncated or damaged. " +
                exportAgain(path_));
        }
        if (!metadata) {
            throw NotARecording("'" + path_ +
                                "' is an SQLite file but not an Nsight Systems export (it has "
                                "neither META_DATA_EXPORT nor EXPORT_META_DATA). Open an export "
                                "written by nsys export --type sqlite, or a costscope recording.");
        }
        // EXPORT_SCHEMA_VERSION is "major.minor.micro"; some exports also hold it in parts.
        SqliteStatement select(
            *db_, "SELECT name, value FROM " + *metadata + " WHERE name LIKE 'EXPORT_%'");
        select.chargeTo(budget_, 64, metadata->c_str());
        std::map<std::string, std::string> values;
        while (select.step()) {
            values[select.columnText(0)] = select.columnText(1);
        }
        schemaText_ = values["EXPORT_SCHEMA_VERSION"];
        if (schemaText_.empty() && !values["EXPORT_SCHEMA_VERSION_MAJOR"].empty()) {
            schemaText_ = values["EXPORT_SCHEMA_VERSION_MAJOR"] + "." +
                          values["EXPORT_SCHEMA_VERSION_MINOR"] + "." +
                          values["EXPORT_SCHEMA_VERSION_MICRO"];
        }
        nsysVersion_ = values["EXPORT_PRODUCT_VERSION"];
        if (schemaText_.empty()) {
            throw ExportRefused("'" + path_ + "' is an Nsight Systems export without its " +
                                "EXPORT_SCHEMA_VERSION (in " + *metadata +
                                "): it is incomplete, perhaps still being written. " +
                                exportAgain(path_));
        }
        const size_t digits = schemaText_.find_first_not_of("0123456789");
        if (digits == 0 || digits > 6) {
            throw ExportRefused("'" + path_ + "' has an export schema version this build cannot " +
                                "read: '" + schemaText_ + "' (it reads " + supportedText() + "). " +
                                exportAgain(path_));
        }
        schemaMajor_ = std::stoll(schemaText_.substr(0, digits));
        if (schemaMajor_ > kNewestMajor) {
            throw NewerSchema("'" + path_ + "' is an Nsight Systems export of schema " +
                              schemaText_ + ", newer than this build reads (" + supportedText() +
                              "). Update costscope, or export with an nsys whose schema is " +
                              std::to_string(kNewestMajor) + ".x.");
        }
        if (schemaMajor_ < kOldestMajor) {
            throw ExportRefused("'" + path_ + "' is an Nsight Systems export of schema " +
                                schemaText_ + ", older than this build reads (" + supportedText() +
                                "). Open the report in a newer nsys and export it again.");
        }
        for (const TableColumns& required : kRequired) {
            const bool present = hasTable(required.table);
            if (!present && std::string_view(required.table) == "StringIds") {
                throw ExportRefused("'" + path_ + "' is an Nsight Systems export without its " +
                                    "StringIds table: it is incomplete. " + exportAgain(path_));
            }
            if (!present) {
                continue;
            }
            std::set<std::string> columns;
            SqliteStatement info(*db_, "SELECT name FROM pragma_table_info(?)");
            info.bind(1, required.table);
            while (info.step()) {
                columns.insert(info.columnText(0));
            }
            std::vector<std::string> missing;
            for (const char* column : required.columns) {
                if (!columns.contains(column)) {
                    missing.emplace_back(column);
                }
            }
            if (!missing.empty()) {
                throw ExportRefused("'" + path_ + "' has nsys's table " + required.table +
                                    " without the column" + (missing.size() > 1 ? "s " : " ") +
                                    joinColumns(missing) + " that schema " + schemaText_ +
                                    " has: it was not written by nsys, or was altered. " +
                                    exportAgain(path_));
            }
        }
    } catch (const NotARecording&) {
        throw;
    } catch (const NewerSchema&) {
        throw;
    } catch (const ExportRefused&) {
        throw;
    } catch (const StoreError&) {
        // A read that failed (a damaged or locked file). The store's words for a damaged file
        // advise about recordings: SQLite's own reason is what is kept here.
        throw StoreError("'" + path_ + "' cannot be read as an Nsight Systems export (SQLite: " +
                         sqlite3_errmsg(db_->handle()) +
                         "): it is truncated, damaged or still being written. " +
                         exportAgain(path_));
    }
}

NsysExport::~NsysExport() = default;

std::string NsysExport::formatText() const {
    return "Nsight Systems" + (nsysVersion_.empty() ? std::string() : " " + nsysVersion_) +
           " export, schema " + schemaText_;
}

void NsysExport::rethrowRead(const StoreError& error) const {
    // The store's words for a damaged file advise about recordings; a read of an export that
    // SQLite failed gets the export's own advice, with SQLite's reason. Anything else (the read
    // budget's refusal, a missing run) passes unchanged.
    const int code = sqlite3_errcode(db_->handle()) & 0xff;
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB || code == SQLITE_IOERR ||
        code == SQLITE_BUSY || code == SQLITE_LOCKED) {
        throw StoreError("'" + path_ + "' cannot be read as an Nsight Systems export (SQLite: " +
                         sqlite3_errmsg(db_->handle()) +
                         "): it is truncated, damaged or still being written. " +
                         exportAgain(path_));
    }
    throw error;
}

bool NsysExport::hasTable(const char* table) const {
    SqliteStatement select(*db_,
                           "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND "
                           "name = ?");
    select.bind(1, table);
    const bool found = select.step();
    while (select.step()) {
    }
    return found;
}

NsysExport::RangeRows NsysExport::readRanges() const {
    RangeRows result;
    if (!hasTable(kNvtx)) {
        return result;
    }
    // Domain names, from the events that created them: a range in a domain other than the
    // default one is named "domain:name", as nsys's own reports name it.
    std::map<std::pair<uint64_t, int64_t>, std::string> domains;  // (process, domainId)
    {
        SqliteStatement select(*db_,
                               "SELECT globalTid, domainId, text FROM NVTX_EVENTS WHERE "
                               "eventType = ? AND domainId IS NOT NULL AND text IS NOT NULL");
        select.chargeTo(budget_, 64, kNvtx).bind(1, kDomainCreate);
        while (select.step()) {
            domains[{processOf(uint64_t(select.columnInt(0))), select.columnInt(1)}] =
                select.columnText(2);
        }
    }
    std::unordered_map<std::string, uint32_t> nameIndex;
    SqliteStatement select(*db_, std::string("SELECT n.start, n.end, n.eventType, n.globalTid, "
                                             "coalesce(n.text, s.value), n.textId, ") +
                                     (hasColumn(kNvtx, "domainId") ? "n.domainId" : "NULL") +
                                     " FROM NVTX_EVENTS AS n LEFT JOIN StringIds AS s ON s.id = "
                                     "n.textId WHERE n.eventType IN " +
                                     kRangeTypes + " AND n.end IS NOT NULL");
    select.chargeTo(budget_, sizeof(RangeRow), kNvtx);
    while (select.step()) {
        const uint64_t tid = uint64_t(select.columnInt(3));
        std::string name = !select.isNull(4)  ? select.columnText(4)
                           : select.isNull(5) ? std::string("(unnamed range)")
                                              : nameOf(select.columnInt(5));
        if (!select.isNull(6)) {
            const auto domain = domains.find({processOf(tid), select.columnInt(6)});
            if (domain != domains.end()) {
                name = domain->second + ":" + name;
            }
        }
        const auto [found, added] = nameIndex.try_emplace(name, uint32_t(result.names.size()));
        if (added) {
            result.names.push_back(std::move(name));
        }
        const int64_t start = select.columnInt(0);
        const int64_t type = select.columnInt(2);
        result.rows.push_back(
            RangeRow{.start = start,
                     .end = std::max(start, select.columnInt(1)),
                     .globalTid = tid,
                     .startEnd = type == kStartEndRange || type == kNvtxtStartEndRange,
                     .name = found->second});
    }
    return result;
}

std::string NsysExport::ProcessNames::process(uint64_t globalId) const {
    const int64_t pid = pidOf(globalId);
    const auto name = processes.find(processOf(globalId));
    return name == processes.end() || name->second.empty()
               ? "pid " + std::to_string(pid)
               : name->second + " [" + std::to_string(pid) + "]";
}

std::string NsysExport::ProcessNames::thread(uint64_t globalTid) const {
    const int64_t tid = tidOf(globalTid);
    const auto name = threads.find(globalTid);
    return name == threads.end() || name->second.empty()
               ? "thread " + std::to_string(tid)
               : name->second + " [" + std::to_string(tid) + "]";
}

NsysExport::ProcessNames NsysExport::processNames() const {
    ProcessNames names;
    if (hasTable("PROCESSES") && hasColumn("PROCESSES", "globalPid") &&
        hasColumn("PROCESSES", "name")) {
        SqliteStatement select(*db_, "SELECT globalPid, name FROM PROCESSES");
        select.chargeTo(budget_, 64, "PROCESSES");
        while (select.step()) {
            names.processes[processOf(uint64_t(select.columnInt(0)))] = select.columnText(1);
        }
    }
    if (hasTable("ThreadNames") && hasColumn("ThreadNames", "globalTid") &&
        hasColumn("ThreadNames", "nameId")) {
        SqliteStatement select(*db_,
                               "SELECT t.globalTid, s.value FROM ThreadNames AS t "
                               "JOIN StringIds AS s ON s.id = t.nameId");
        select.chargeTo(budget_, 64, "ThreadNames");
        while (select.step()) {
            names.threads[uint64_t(select.columnInt(0))] = select.columnText(1);
        }
    }
    return names;
}

bool NsysExport::hasColumn(const char* table, const char* column) const {
    SqliteStatement info(*db_, "SELECT 1 FROM pragma_table_info(?) WHERE name = ?");
    info.bind(1, table).bind(2, column);
    const bool found = info.step();
    while (info.step()) {
    }
    return found;
}

void NsysExport::requireRun(int64_t runId) const {
    if (runId != kRunId) {
        throw StoreError("'" + path_ + "' is an Nsight Systems export: its one run is " +
                         std::to_string(kRunId) + ", there is no run " + std::to_string(runId) +
                         ".");
    }
}

bool NsysExport::hasString(int64_t stringId) const {
    SqliteStatement select(*db_, "SELECT 1 FROM StringIds WHERE id = ?");
    select.bind(1, stringId);
    const bool found = select.step();
    while (select.step()) {
    }
    return found;
}

std::string NsysExport::nameOf(int64_t stringId) const {
    SqliteStatement select(*db_, "SELECT value FROM StringIds WHERE id = ?");
    select.chargeTo(budget_, 0, "StringIds").bind(1, stringId);
    std::string value = select.step()
                            ? select.columnText(0)
                            : "(name " + std::to_string(stringId) + " missing from StringIds)";
    while (select.step()) {
    }
    return value;
}

std::vector<RunRow> NsysExport::runs() const try {
    RunRow row;
    row.id = kRunId;
    row.info.suite = fs::path(path_).stem().string();
    row.info.version = formatText();
    // The profiled program's command line is not in the export's tables this reader checks: the
    // run says what it is instead of inventing one.
    row.info.commandLine = "(an Nsight Systems export; the profiled command is in its report)";
    row.status = RunStatus::Complete;
    row.state = RunState::Complete;
    row.info.rounds = 1;
    row.collector = CollectorInfo{.enabled = true, .note = "imported from " + formatText()};
    if (hasTable("TARGET_INFO_SESSION_START_TIME")) {
        SqliteStatement start(*db_, "SELECT utcEpochNs FROM TARGET_INFO_SESSION_START_TIME");
        try {
            if (start.step()) {
                row.info.startedUnixNs = start.columnInt(0);
            }
            while (start.step()) {
            }
        } catch (const StoreError&) {
            // A column this schema lacks: the start time stays unknown.
        }
    }
    if (hasTable("TARGET_INFO_SYSTEM_ENV")) {
        try {
            SqliteStatement host(
                *db_, "SELECT value FROM TARGET_INFO_SYSTEM_ENV WHERE name = 'Hostname'");
            if (host.step()) {
                row.info.host = host.columnText(0);
            }
            while (host.step()) {
            }
        } catch (const StoreError&) {
        }
    }
    if (hasTable(kNvtx)) {
        SqliteStatement open(*db_, std::string("SELECT count(*) FROM NVTX_EVENTS WHERE "
                                               "eventType IN ") +
                                       kRangeTypes + " AND end IS NULL");
        const int64_t unfinished = open.step() ? open.columnInt(0) : 0;
        while (open.step()) {
        }
        if (unfinished > 0) {
            row.info.warnings.push_back(
                {"nvtx", std::to_string(unfinished) +
                             " NVTX range(s) never ended before the profile stopped; they are "
                             "left out of the variants and the timeline."});
        }
    }
    return {row};
} catch (const StoreError& error) {
    rethrowRead(error);
}

std::vector<DeviceRow> NsysExport::devices(int64_t runId) const try {
    requireRun(runId);
    std::vector<DeviceRow> rows;
    if (!hasTable(kGpus)) {
        return rows;
    }
    std::set<std::string> columns;
    {
        SqliteStatement info(*db_, "SELECT name FROM pragma_table_info('TARGET_INFO_GPU')");
        while (info.step()) {
            columns.insert(info.columnText(0));
        }
    }
    // The optional columns this schema has, NULL for the others.
    const auto column = [&](const char* name) {
        return columns.contains(name) ? std::string(name) : std::string("NULL");
    };
    SqliteStatement select(
        *db_, "SELECT id, name, " + column("busLocation") + ", " + column("uuid") + ", " +
                  column("l2CacheSize") + ", " + column("totalMemory") + ", " +
                  column("memoryBandwidth") + ", " + column("clockRate") + ", " +
                  column("smCount") + ", " + column("maxThreadsPerBlock") + ", " +
                  column("threadsPerWarp") + ", " + column("maxWarpsPerSm") + ", " +
                  column("maxShmemPerBlock") + ", " + column("maxShmemPerSm") + ", " +
                  column("maxRegistersPerSm") + ", " + column("computeMajor") + ", " +
                  column("computeMinor") + " FROM TARGET_INFO_GPU ORDER BY id");
    select.chargeTo(budget_, sizeof(DeviceRow), kGpus);
    while (select.step()) {
        DeviceRow row;
        row.id = int64_t(rows.size()) + 1;
        row.runId = kRunId;
        row.info.kind = "gpu";
        row.info.name = select.columnText(1);
        GpuTarget& gpu = row.info.gpuTarget.emplace();
        gpu.id = int(select.columnInt(0));
        gpu.name = row.info.name;
        gpu.busLocation = select.columnText(2);
        gpu.uuid = select.columnText(3);
        gpu.l2CacheSize = select.columnInt(4);
        gpu.totalMemory = select.columnInt(5);
        gpu.memoryBandwidth = select.columnInt(6);
        gpu.clockRate = select.columnInt(7);
        gpu.smCount = int(select.columnInt(8));
        gpu.maxThreadsPerBlock = int(select.columnInt(9));
        gpu.threadsPerWarp = int(select.columnInt(10));
        gpu.maxWarpsPerSm = int(select.columnInt(11));
        gpu.maxShmemPerBlock = select.columnInt(12);
        gpu.maxShmemPerSm = select.columnInt(13);
        gpu.maxRegistersPerSm = int(select.columnInt(14));
        gpu.computeMajor = int(select.columnInt(15));
        gpu.computeMinor = int(select.columnInt(16));
        row.info.details = "{\"source\": \"" + formatText() + "\"}";
        rows.push_back(std::move(row));
    }
    return rows;
} catch (const StoreError& error) {
    rethrowRead(error);
}

std::shared_ptr<const NsysExport::Variants> NsysExport::Variants::finish(
    std::vector<VariantDraft> builders, bool byKernel, bool runtime) {
    auto result = std::make_shared<Variants>();
    result->byKernel = byKernel;
    result->runtime = runtime;
    // In time order, as a recording's samples are (the verdicts' blocks are consecutive samples):
    // the tables are read in the order stored, which SQLite need not sort.
    for (VariantDraft& builder : builders) {
        std::stable_sort(builder.samples.begin(), builder.samples.end(),
                         [](const Sample& a, const Sample& b) { return a.startNs < b.startNs; });
    }
    std::stable_sort(builders.begin(), builders.end(),
                     [](const VariantDraft& a, const VariantDraft& b) {
                         return a.samples.front().startNs < b.samples.front().startNs;
                     });
    for (VariantDraft& builder : builders) {
        VariantSummaryRow row;
        row.runId = kRunId;
        row.variantId = int64_t(result->rows.size()) + 1;
        row.family = byKernel ? "kernel" : "nvtx";
        row.name = builder.name;
        row.device = builder.launched ? "gpu" : "cpu";
        row.backend = byKernel ? "cuda" : "nvtx";
        row.implementation = builder.implementation;
        row.status = VariantStatus::Ok;
        row.iterations = int64_t(builder.samples.size());
        if (!builder.launched) {
            for (Sample& sample : builder.samples) {
                sample.deviceNs = -1;  // a range that launched nothing has no device time
            }
        }
        std::vector<int64_t> host;
        std::vector<int64_t> device;
        row.startedNs = builder.samples.front().startNs;
        for (const Sample& sample : builder.samples) {
            host.push_back(sample.durationNs);
            if (sample.deviceNs >= 0) {
                device.push_back(sample.deviceNs);
            }
            row.startedNs = std::min(row.startedNs, sample.startNs);
            row.endedNs = std::max(row.endedNs, saturatingAdd(sample.startNs, sample.durationNs));
        }
        const SampleStats stats = SampleStats::from(host);
        row.medianMs = stats.medianNs / 1e6;
        row.p5Ms = stats.p5Ns / 1e6;
        row.p95Ms = stats.p95Ns / 1e6;
        row.meanMs = stats.meanNs / 1e6;
        row.stddevMs = stats.stddevNs / 1e6;
        row.cv = stats.cv;
        row.noisy = stats.noisy;
        if (!device.empty()) {
            const SampleStats onDevice = SampleStats::from(device);
            row.deviceMedianMs = onDevice.medianNs / 1e6;
            row.deviceP5Ms = onDevice.p5Ns / 1e6;
            row.deviceP95Ms = onDevice.p95Ns / 1e6;
            row.kernelsPerCall = double(builder.kernels) / double(builder.samples.size());
        } else if (!byKernel && !runtime) {
            row.deviceNote =
                "the export has no CUDA runtime calls to tie kernels to ranges "
                "(profile with --trace=cuda,nvtx)";
        }
        result->rows.push_back(std::move(row));
        result->samples.push_back(std::move(builder.samples));
        result->kernels.push_back(builder.kernels);
    }
    return result;
}

const NsysExport::Variants& NsysExport::variants() const try {
    if (variants_) {
        return *variants_;
    }
    if (const auto entries = NsysCache(path_).read(kVariantsEntry, budget_);
        entries && entries->size() == 1 && entries->front().first == kVariantsEntry) {
        bool byKernel = false;
        bool runtime = false;
        if (auto drafts = Variants::decode(entries->front().second, byKernel, runtime)) {
            variants_ = Variants::finish(std::move(*drafts), byKernel, runtime);
            variantsCached_ = true;
            return *variants_;
        }
    }
    using Builder = VariantDraft;
    std::vector<Builder> builders;
    std::unordered_map<std::string, size_t> builderOf;
    const auto builderFor = [&](const std::string& name, const char* implementation) -> Builder& {
        const auto [found, added] = builderOf.try_emplace(name, builders.size());
        if (added) {
            builders.push_back(Builder{.name = name, .implementation = implementation});
        }
        return builders[found->second];
    };

    // The ranges, named by their text or their registered string.
    const RangeRows read = readRanges();
    std::vector<NvtxRange> ranges;
    std::vector<size_t> rangeBuilder;
    ranges.reserve(read.rows.size());
    rangeBuilder.reserve(read.rows.size());
    for (const RangeRow& row : read.rows) {
        Builder& builder = builderFor(
            read.names[row.name], row.startEnd ? "NVTX start/end range" : "NVTX push/pop range");
        rangeBuilder.push_back(size_t(&builder - builders.data()));
        ranges.push_back(NvtxRange{.start = row.start,
                                   .end = row.end,
                                   .globalTid = row.globalTid,
                                   .processWide = row.startEnd});
        builder.samples.push_back(Sample{.startNs = row.start,
                                         .durationNs = saturatingDuration(row.start, row.end),
                                         .deviceNs = -1});
    }

    if (!ranges.empty() && hasTable(kKernels) && hasTable(kRuntime)) {
        std::vector<RuntimeCall> calls;
        SqliteStatement runtime(*db_,
                                "SELECT globalTid, start, correlationId FROM "
                                "CUPTI_ACTIVITY_KIND_RUNTIME WHERE correlationId IS NOT NULL");
        runtime.chargeTo(budget_, sizeof(RuntimeCall), kRuntime);
        sqlite3_stmt* r = runtime.handle();
        while (runtime.step()) {
            calls.push_back(RuntimeCall{.globalTid = uint64_t(sqlite3_column_int64(r, 0)),
                                        .start = sqlite3_column_int64(r, 1),
                                        .correlationId = sqlite3_column_int64(r, 2)});
        }
        std::vector<KernelRun> kernels;
        SqliteStatement launches(*db_,
                                 "SELECT globalPid, correlationId, start, end FROM "
                                 "CUPTI_ACTIVITY_KIND_KERNEL WHERE correlationId IS NOT NULL");
        launches.chargeTo(budget_, sizeof(KernelRun), kKernels);
        sqlite3_stmt* k = launches.handle();
        while (launches.step()) {
            kernels.push_back(KernelRun{
                .globalPid = uint64_t(sqlite3_column_int64(k, 0)),
                .correlationId = sqlite3_column_int64(k, 1),
                .durationNs =
                    saturatingDuration(sqlite3_column_int64(k, 2), sqlite3_column_int64(k, 3))});
        }
        const Attribution attribution =
            attributeKernels(ranges, std::move(calls), std::move(kernels));
        for (Builder& builder : builders) {
            builder.samples.clear();
        }
        for (size_t i = 0; i < ranges.size(); ++i) {
            Builder& builder = builders[rangeBuilder[i]];
            const RangeDeviceTime& time = attribution.ranges[i];
            builder.kernels += time.kernels;
            builder.launched = builder.launched || time.kernels > 0;
            builder.samples.push_back(
                Sample{.startNs = ranges[i].start,
                       .durationNs = saturatingDuration(ranges[i].start, ranges[i].end),
                       .deviceNs = time.deviceNs});
        }
    }

    // Without ranges, each kernel name is a variant: its instances compare across exports.
    const bool byKernel = ranges.empty();
    if (byKernel && hasTable(kKernels)) {
        std::unordered_map<int64_t, size_t> builderOfName;  // demangledName id -> builders
        SqliteStatement select(*db_,
                               "SELECT demangledName, start, end FROM "
                               "CUPTI_ACTIVITY_KIND_KERNEL");
        select.chargeTo(budget_, sizeof(Sample), kKernels);
        sqlite3_stmt* k = select.handle();
        while (select.step()) {
            const int64_t nameId = sqlite3_column_int64(k, 0);
            auto found = builderOfName.find(nameId);
            if (found == builderOfName.end()) {
                Builder& builder = builderFor(nameOf(nameId), "CUDA kernel");
                found = builderOfName.emplace(nameId, size_t(&builder - builders.data())).first;
            }
            Builder& builder = builders[found->second];
            const int64_t start = sqlite3_column_int64(k, 1);
            const int64_t ns = saturatingDuration(start, sqlite3_column_int64(k, 2));
            builder.samples.push_back(Sample{.startNs = start, .durationNs = ns, .deviceNs = ns});
            builder.kernels += 1;
            builder.launched = true;
        }
    }

    variants_ = Variants::finish(std::move(builders), ranges.empty(), hasTable(kRuntime));
    return *variants_;
} catch (const StoreError& error) {
    rethrowRead(error);
}

std::vector<VariantSummaryRow> NsysExport::variantSummary(int64_t runId) const {
    requireRun(runId);
    return variants().rows;
}

std::vector<Sample> NsysExport::samples(int64_t variantId) const {
    const Variants& all = variants();
    if (variantId < 1 || variantId > int64_t(all.samples.size())) {
        return {};
    }
    return all.samples[size_t(variantId - 1)];
}

void NsysExport::warnUnnamed(int64_t unnamed) const {
    if (unnamed <= 0) {
        return;
    }
    RunWarning warning{"nsys", std::to_string(unnamed) + " kernel(s) in '" + path_ +
                                   "' name a string id missing from StringIds; they are shown as "
                                   "\"(name N missing from StringIds)\". " +
                                   exportAgain(path_)};
    // Once, however often the kernel summary is asked for.
    if (std::find(warnings_.begin(), warnings_.end(), warning) == warnings_.end()) {
        warnings_.push_back(std::move(warning));
    }
}

std::optional<std::vector<KernelSummaryRow>> NsysExport::cachedKernels() const {
    const auto entries = NsysCache(path_).read(kKernelsEntry, budget_);
    if (!entries || entries->size() != 2 || (*entries)[0].first != kKernelsEntry ||
        (*entries)[1].first != kUnnamedEntry || (*entries)[1].second.size() != sizeof(int64_t)) {
        return std::nullopt;
    }
    auto kernels = TimelineCache::decodeKernels((*entries)[0].second);
    if (kernels) {
        int64_t unnamed = 0;
        std::memcpy(&unnamed, (*entries)[1].second.data(), sizeof unnamed);
        unnamedKernels_ = unnamed;
        warnUnnamed(unnamed);
    }
    return kernels;
}

std::vector<KernelSummaryRow> NsysExport::kernelSummary(int64_t runId) const try {
    requireRun(runId);
    if (auto cached = cachedKernels()) {
        kernelsCached_ = true;
        return std::move(*cached);
    }
    std::vector<KernelSummaryRow> rows;
    unnamedKernels_ = 0;
    if (!hasTable(kKernels)) {
        return rows;
    }
    struct Group {
        int64_t shortName = 0;  // of the first instance met
        std::vector<int64_t> durations;
    };
    std::map<int64_t, Group> groups;  // by demangledName id
    SqliteStatement select(*db_,
                           "SELECT demangledName, shortName, start, end FROM "
                           "CUPTI_ACTIVITY_KIND_KERNEL");
    select.chargeTo(budget_, sizeof(int64_t), kKernels);
    sqlite3_stmt* k = select.handle();
    Group* last = nullptr;
    int64_t lastName = 0;
    while (select.step()) {
        const int64_t name = sqlite3_column_int64(k, 0);
        if (last == nullptr || name != lastName) {
            const auto [found, added] = groups.try_emplace(name);
            if (added) {
                found->second.shortName = sqlite3_column_int64(k, 1);
            }
            last = &found->second;
            lastName = name;
        }
        last->durations.push_back(
            saturatingDuration(sqlite3_column_int64(k, 2), sqlite3_column_int64(k, 3)));
    }
    // nsys groups by the name's text: two string ids of one name are one row.
    std::map<std::string, Group> byName;
    int64_t unnamed = 0;
    for (auto& [id, group] : groups) {
        if (!hasString(id)) {
            unnamed += int64_t(group.durations.size());
        }
        Group& into =
            byName.try_emplace(nameOf(id), Group{.shortName = group.shortName}).first->second;
        into.durations.insert(into.durations.end(), group.durations.begin(), group.durations.end());
        group.durations = {};
    }
    for (auto& [name, group] : byName) {
        rows.push_back(summariseKernel(name, nameOf(group.shortName), group.durations));
        group.durations = {};
    }
    finishKernelSummary(rows);
    unnamedKernels_ = unnamed;
    warnUnnamed(unnamed);
    return rows;
} catch (const StoreError& error) {
    rethrowRead(error);
}

std::vector<CopySummaryRow> NsysExport::copySummary(int64_t runId) const try {
    requireRun(runId);
    CopySummary summary;
    if (hasTable(kCopies)) {
        SqliteStatement select(
            *db_, "SELECT copyKind, bytes, start, end FROM CUPTI_ACTIVITY_KIND_MEMCPY");
        select.chargeTo(budget_, sizeof(int64_t), kCopies);
        while (select.step()) {
            summary.addCopy(select.columnInt(0), select.columnInt(1), select.columnInt(2),
                            select.columnInt(3));
        }
    }
    if (hasTable(kMemsets)) {
        SqliteStatement select(*db_, "SELECT bytes, start, end FROM CUPTI_ACTIVITY_KIND_MEMSET");
        select.chargeTo(budget_, sizeof(int64_t), kMemsets);
        while (select.step()) {
            summary.addMemset(select.columnInt(0), select.columnInt(1), select.columnInt(2));
        }
    }
    return summary.rows();
} catch (const StoreError& error) {
    rethrowRead(error);
}

// Streams are numbered per process: with several processes on one device, each (process, stream)
// gets a number of its own and a label that names both.
struct NsysExport::Streams {
    struct Key {
        uint32_t device = 0;
        uint64_t process = 0;
        uint32_t stream = 0;
        auto operator<=>(const Key&) const = default;
    };
    std::map<Key, uint32_t> numbers;
    bool renumber = false;  // more than one process: numbers of their own

    uint32_t of(int64_t device, int64_t globalPid, int64_t stream) const {
        if (!renumber) {
            return uint32_t(stream);
        }
        const auto found =
            numbers.find(Key{uint32_t(device), processOf(uint64_t(globalPid)), uint32_t(stream)});
        return found == numbers.end() ? uint32_t(stream) : found->second;
    }

    // As the export's cache keeps them: the count, then each key and its number.
    std::string encode() const {
        ByteWriter out;
        out.put(uint64_t(numbers.size()));
        for (const auto& [key, number] : numbers) {
            out.put(key.device);
            out.put(key.process);
            out.put(key.stream);
            out.put(number);
        }
        return out.take();
    }
    static std::optional<Streams> decode(std::string_view bytes) {
        ByteReader in(bytes);
        uint64_t count = 0;
        if (!in.get(count) || !in.couldHold(count, 4 + 8 + 4 + 4)) {
            return std::nullopt;
        }
        Streams streams;
        std::set<uint64_t> processes;
        for (uint64_t i = 0; i < count; ++i) {
            Key key;
            uint32_t number = 0;
            if (!in.get(key.device) || !in.get(key.process) || !in.get(key.stream) ||
                !in.get(number)) {
                return std::nullopt;
            }
            streams.numbers[key] = number;
            processes.insert(key.process);
        }
        if (!in.done()) {
            return std::nullopt;
        }
        streams.renumber = processes.size() > 1;
        return streams;
    }
};

const NsysExport::Streams& NsysExport::streams() const {
    if (streams_) {
        return *streams_;
    }
    auto streams = std::make_shared<Streams>();
    std::set<uint64_t> processes;
    for (const char* table : {kKernels, kCopies, kMemsets}) {
        if (!hasTable(table)) {
            continue;
        }
        SqliteStatement select(*db_, std::string("SELECT DISTINCT deviceId, globalPid, streamId "
                                                 "FROM ") +
                                         table);
        select.chargeTo(budget_, 64, table);
        while (select.step()) {
            const uint64_t process = processOf(uint64_t(select.columnInt(1)));
            streams->numbers.emplace(
                Streams::Key{uint32_t(select.columnInt(0)), process, uint32_t(select.columnInt(2))},
                0);
            processes.insert(process);
        }
    }
    streams->renumber = processes.size() > 1;
    uint32_t next = 0;
    for (auto& [key, number] : streams->numbers) {
        number = streams->renumber ? next++ : key.stream;
    }
    streams_ = std::move(streams);
    return *streams_;
}

TimelineRows NsysExport::timeline(int64_t runId) const {
    return readTimeline(runId, Part::All, nullptr);
}

TimelineRows NsysExport::timelineBase(int64_t runId) const {
    return readTimeline(runId, Part::Base, nullptr);
}

TimelineRows NsysExport::timelineWindow(int64_t runId, const TimelineWindow& window) const {
    return readTimeline(runId, Part::Window, &window);
}

std::optional<TimelineSummary> NsysExport::timelineSummary(int64_t runId) const try {
    requireRun(runId);
    const NsysCache cache(path_);
    // The streams' numbering first: without it the lanes cannot be read, and a cache holding
    // only the run's variants has none.
    const auto streams = cache.read(kStreamsEntry, budget_);
    if (!streams || streams->size() != 1) {
        return std::nullopt;
    }
    std::optional<Streams> numbering = Streams::decode(streams->front().second);
    if (!numbering) {
        return std::nullopt;
    }
    // Decoded straight from SQLite's copy of each lane: the largest part of the cache.
    TimelineSummary summary;
    bool decoded = true;
    const bool read =
        cache.visit(kLaneEntry, budget_, [&](const std::string&, std::string_view value) {
            std::optional<TimelineLaneSummary> lane =
                decoded ? TimelineSummary::decode(value) : std::nullopt;
            decoded = lane.has_value();
            if (decoded) {
                summary.lanes.push_back(std::move(*lane));
            }
        });
    if (!read || !decoded) {
        return std::nullopt;
    }
    streams_ = std::make_shared<const Streams>(std::move(*numbering));
    return summary;
} catch (const StoreError& error) {
    rethrowRead(error);
}

std::string NsysExport::storeRunCache(int64_t runId) const {
    try {
        requireRun(runId);
        const Variants& computed = variants();
        const std::vector<KernelSummaryRow> kernels = kernelSummary(runId);
        if (variantsCached_ && kernelsCached_) {
            return {};  // read from the cache just now: nothing to write again
        }
        return NsysCache(path_).put(
            {{kVariantsEntry, computed.encode()},
             {kKernelsEntry, TimelineCache::encodeKernels(kernels)},
             {kUnnamedEntry, std::string(reinterpret_cast<const char*>(&unnamedKernels_),
                                         sizeof unnamedKernels_)}});
    } catch (const std::exception& error) {
        return error.what();
    }
}

std::string NsysExport::storeTimelineCache(int64_t runId, const TimelineSummary& summary) const {
    try {
        requireRun(runId);
        std::vector<std::pair<std::string, std::string>> entries;
        entries.emplace_back(kStreamsEntry, streams().encode());
        for (size_t i = 0; i < summary.lanes.size(); ++i) {
            char name[32];
            std::snprintf(name, sizeof name, "%s%08zu", kLaneEntry, i);
            entries.emplace_back(name, TimelineSummary::encode(summary.lanes[i]));
        }
        return NsysCache(path_).put(entries);
    } catch (const std::exception& error) {
        return error.what();
    }
}

TimelineRows NsysExport::readTimeline(int64_t runId, Part part, const TimelineWindow* window) const
    try {
    requireRun(runId);
    TimelineRows rows;
    // A window's rows are let go when the next window is read: each read has the whole budget
    // to itself.
    ReadBudget windowBudget(path_, budget_.limit());
    ReadBudget& budget = window ? windowBudget : budget_;
    using Kind = TimelineLaneSummary::Kind;
    const auto wanted = [&](Kind kind) {
        return part == Part::All || (part == Part::Window && window->kind == kind);
    };
    // A window's rows: those of one table between two rowids, through the rowid's b-tree.
    const std::string inWindow = window ? " WHERE rowid BETWEEN ? AND ?" : "";
    const auto bindWindow = [window](SqliteStatement& statement) {
        if (window) {
            statement.bind(1, window->firstRow).bind(2, window->lastRow);
        }
    };

    const Streams& streams = this->streams();
    const ProcessNames names =
        streams.renumber && part != Part::Window ? processNames() : ProcessNames{};
    if (streams.renumber && part != Part::Window) {
        for (const auto& [key, number] : streams.numbers) {
            rows.streamLabels[uint64_t(key.device) << 32 | number] =
                names.process(key.process) + " · stream " + std::to_string(key.stream);
        }
    }

    std::unordered_map<int64_t, uint32_t> stringIndex;  // StringIds id -> rows.strings
    const auto stringOf = [&](int64_t id) {
        const auto [found, added] = stringIndex.try_emplace(id, 0);
        if (added) {
            rows.strings.push_back(nameOf(id));
            found->second = uint32_t(rows.strings.size() - 1);
        }
        return found->second;
    };

    if (wanted(Kind::Kernel) && hasTable(kKernels)) {
        // Launches repeat a few configurations: each distinct one is stored once.
        using ConfigKey = std::array<int64_t, 12>;
        struct ConfigHash {
            size_t operator()(const ConfigKey& key) const {
                size_t hash = 0;
                for (const int64_t value : key) {
                    hash = hash * 1000003u ^ std::hash<int64_t>()(value);
                }
                return hash;
            }
        };
        std::unordered_map<ConfigKey, uint32_t, ConfigHash> configOf;
        SqliteStatement select(
            *db_,
            "SELECT rowid, start, end, deviceId, globalPid, streamId, demangledName, shortName, "
            "gridX, gridY, gridZ, blockX, blockY, blockZ, registersPerThread, staticSharedMemory, "
            "dynamicSharedMemory FROM CUPTI_ACTIVITY_KIND_KERNEL" +
                inWindow);
        select.chargeTo(budget, 4 * sizeof(int64_t) + 3 * sizeof(uint32_t), kKernels);
        bindWindow(select);
        sqlite3_stmt* k = select.handle();
        ConfigKey lastKey{};
        uint32_t lastConfig = UINT32_MAX;
        while (select.step()) {
            ConfigKey key;
            key[0] = sqlite3_column_int64(k, 3);
            for (int c = 6; c < 17; ++c) {
                key[size_t(c - 5)] = sqlite3_column_int64(k, c);
            }
            if (lastConfig == UINT32_MAX || key != lastKey) {
                const auto [found, added] = configOf.try_emplace(key, 0);
                if (added) {
                    rows.configs.push_back(
                        TimelineRows::KernelConfig{.deviceId = uint32_t(key[0]),
                                                   .name = stringOf(key[1]),
                                                   .shortName = stringOf(key[2]),
                                                   .gridX = int32_t(key[3]),
                                                   .gridY = int32_t(key[4]),
                                                   .gridZ = int32_t(key[5]),
                                                   .blockX = int32_t(key[6]),
                                                   .blockY = int32_t(key[7]),
                                                   .blockZ = int32_t(key[8]),
                                                   .registersPerThread = int32_t(key[9]),
                                                   .staticSharedMemory = int32_t(key[10]),
                                                   .dynamicSharedMemory = int32_t(key[11])});
                    found->second = uint32_t(rows.configs.size() - 1);
                }
                lastConfig = found->second;
                lastKey = key;
            }
            rows.kernels.push(
                sqlite3_column_int64(k, 1), sqlite3_column_int64(k, 2), uint32_t(key[0]),
                streams.of(key[0], sqlite3_column_int64(k, 4), sqlite3_column_int64(k, 5)), 0,
                sqlite3_column_int64(k, 0));
            rows.kernelConfig.push_back(lastConfig);
        }
    }

    if (wanted(Kind::Copy) && hasTable(kCopies)) {
        SqliteStatement select(*db_,
                               "SELECT rowid, start, end, deviceId, globalPid, streamId, bytes, "
                               "copyKind FROM CUPTI_ACTIVITY_KIND_MEMCPY" +
                                   inWindow);
        select.chargeTo(budget, 5 * sizeof(int64_t) + 2 * sizeof(uint32_t) + 1, kCopies);
        bindWindow(select);
        sqlite3_stmt* c = select.handle();
        while (select.step()) {
            const int64_t device = sqlite3_column_int64(c, 3);
            rows.copies.push(
                sqlite3_column_int64(c, 1), sqlite3_column_int64(c, 2), uint32_t(device),
                streams.of(device, sqlite3_column_int64(c, 4), sqlite3_column_int64(c, 5)), 0,
                sqlite3_column_int64(c, 0));
            rows.copyBytes.push_back(sqlite3_column_int64(c, 6));
            rows.copyKind.push_back(uint8_t(sqlite3_column_int64(c, 7)));
        }
    }

    if (wanted(Kind::Memset) && hasTable(kMemsets)) {
        SqliteStatement select(*db_,
                               "SELECT rowid, start, end, deviceId, globalPid, streamId, bytes "
                               "FROM CUPTI_ACTIVITY_KIND_MEMSET" +
                                   inWindow);
        select.chargeTo(budget, 5 * sizeof(int64_t) + 2 * sizeof(uint32_t), kMemsets);
        bindWindow(select);
        sqlite3_stmt* m = select.handle();
        while (select.step()) {
            const int64_t device = sqlite3_column_int64(m, 3);
            rows.memsets.push(
                sqlite3_column_int64(m, 1), sqlite3_column_int64(m, 2), uint32_t(device),
                streams.of(device, sqlite3_column_int64(m, 4), sqlite3_column_int64(m, 5)), 0,
                sqlite3_column_int64(m, 0));
            rows.memsetBytes.push_back(sqlite3_column_int64(m, 6));
        }
    }
    if (part == Part::Window) {
        return rows;
    }

    if (hasTable(kMemory)) {
        SqliteStatement select(*db_,
                               "SELECT start, deviceId, bytes, memKind, memoryOperationType "
                               "FROM CUDA_GPU_MEMORY_USAGE_EVENTS");
        select.chargeTo(budget_, 2 * sizeof(int64_t) + sizeof(uint32_t) + 2, kMemory);
        sqlite3_stmt* e = select.handle();
        while (select.step()) {
            rows.memory.start.push_back(sqlite3_column_int64(e, 0));
            rows.memory.deviceId.push_back(uint32_t(sqlite3_column_int64(e, 1)));
            rows.memory.bytes.push_back(sqlite3_column_int64(e, 2));
            rows.memory.memKind.push_back(cuptiMemoryKind(sqlite3_column_int64(e, 3)));
            rows.memory.operationType.push_back(cuptiMemoryOperation(sqlite3_column_int64(e, 4)));
        }
    }

    // NVTX ranges, each thread's (or, for start/end ranges, each process's) in as many levels
    // as it needs for no two ranges of a level to overlap: nested push/pop ranges one level per
    // depth, the outermost on top.
    {
        struct Open {
            int64_t start, end;
            uint64_t owner;
            bool startEnd;
            uint32_t name;
        };
        RangeRows read = readRanges();
        const ProcessNames processNamed = streams.renumber ? names : processNames();
        std::vector<Open> ranges;
        ranges.reserve(read.rows.size());
        const uint32_t firstName = uint32_t(rows.strings.size());
        for (std::string& name : read.names) {
            rows.strings.push_back(std::move(name));
        }
        for (const RangeRow& row : read.rows) {
            ranges.push_back(Open{.start = row.start,
                                  .end = row.end,
                                  .owner = row.startEnd ? processOf(row.globalTid) : row.globalTid,
                                  .startEnd = row.startEnd,
                                  .name = firstName + row.name});
        }
        std::sort(ranges.begin(), ranges.end(), [](const Open& a, const Open& b) {
            return std::tie(a.startEnd, a.owner, a.start, b.end) <
                   std::tie(b.startEnd, b.owner, b.start, a.end);
        });
        std::vector<int64_t> levelEnd;  // of the owner being laid out
        std::vector<uint32_t> levelLane;
        for (size_t i = 0; i < ranges.size(); ++i) {
            const Open& range = ranges[i];
            if (i == 0 || range.owner != ranges[i - 1].owner ||
                range.startEnd != ranges[i - 1].startEnd) {
                levelEnd.clear();
                levelLane.clear();
            }
            size_t level = 0;
            while (level < levelEnd.size() && levelEnd[level] > range.start) {
                ++level;
            }
            if (level == levelEnd.size()) {
                std::string label = "NVTX · " + processNamed.process(range.owner) +
                                    (range.startEnd ? std::string(" · start/end")
                                                    : " · " + processNamed.thread(range.owner));
                if (level > 0) {
                    label += " · level " + std::to_string(level + 1);
                }
                rows.rangeLanes.push_back(std::move(label));
                levelEnd.push_back(range.end);
                levelLane.push_back(uint32_t(rows.rangeLanes.size() - 1));
            }
            levelEnd[level] = range.end;
            rows.ranges.start.push_back(range.start);
            rows.ranges.end.push_back(range.end);
            rows.ranges.name.push_back(range.name);
            rows.ranges.lane.push_back(levelLane[level]);
        }
    }
    return rows;
} catch (const StoreError& error) {
    rethrowRead(error);
}

}  // namespace costscope
