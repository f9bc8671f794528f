// Recognising, creating and versioning costscope recordings.
#include "profiler/store/RecordingFormat.h"

#include <sqlite3.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <string>

#include "costscope_schema.h"
#include "profiler/store/SqliteConnection.h"
#include "profiler/store/StoreError.h"

namespace costscope {

namespace {

std::string hex32(int64_t value) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08llx",
                  static_cast<unsigned long long>(static_cast<uint32_t>(value)));
    return text;
}

}  // namespace

void RecordingFormat::verify(SqliteConnection& db, Purpose purpose) {
    const std::string& path = db.path();
    const std::string refusal = "'" + path + "' is not a costscope recording";
    const std::string untouched = "; costscope left it unchanged. ";
    const std::string advice = purpose == Purpose::Append
                                   ? "Record into a new file (choose another --out FILE)."
                                   : "Open a file written by costscope-record.";

    // The first read of the header tells SQLite files from anything else (SQLITE_NOTADB).
    const int rc =
        sqlite3_exec(db.handle(), "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
    if ((rc & 0xff) == SQLITE_NOTADB) {
        throw NotARecording(refusal + " (it is not an SQLite database)" + untouched + advice);
    }
    db.check(rc, "reading the schema");

    const int64_t applicationId = db.queryInt("PRAGMA application_id");
    if (applicationId != kApplicationId) {
        const std::string owner =
            applicationId == 0
                ? "an SQLite database without costscope's marker"
                : "another program's SQLite database, application_id " + hex32(applicationId);
        throw NotARecording(refusal + " (it is " + owner + ")" + untouched + advice);
    }

    const int64_t version = db.queryInt("PRAGMA user_version");
    if (version > kSchemaVersion) {
        throw NewerSchema("'" + path + "' was recorded by a newer costscope (recording format " +
                          std::to_string(version) + "; this costscope knows format " +
                          std::to_string(kSchemaVersion) + " and older)" + untouched +
                          (purpose == Purpose::Append
                               ? "Update costscope, or record into a new file."
                               : "Update costscope to open it."));
    }
    if (version < 1) {
        throw NotARecording(refusal + " (it carries costscope's marker but no format version)" +
                            untouched + advice);
    }

    // The marker could be forged or the file truncated by hand: insist on the core tables.
    const int64_t coreTables = db.queryInt(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
        "name IN ('runs', 'devices', 'variants', 'samples')");
    if (coreTables != 4) {
        throw NotARecording(refusal + " (costscope's tables are missing)" + untouched + advice);
    }
}

void RecordingFormat::create(SqliteConnection& db) {
    db.exec(embedded::resources_schema_sql);
    // Set with the tables in the same transaction: a file either has both schema and marker
    // or neither, so a crash here leaves an empty database, never a half-marked one.
    db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
}

std::string RecordingFormat::hostName() {
    char name[HOST_NAME_MAX + 1] = {};
    return gethostname(name, sizeof name - 1) == 0 ? std::string(name) : std::string();
}

namespace {

StoreError unknownStatus(const char* kind, std::string_view text, const std::string& path) {
    return StoreError("'" + path + "' holds an unknown " + kind + " status '" + std::string(text) +
                      "': it was changed by another program or written by a newer costscope. "
                      "Update costscope, or record into a new file.");
}

}  // namespace

RunStatus RecordingFormat::parseRunStatus(std::string_view text, const std::string& path) {
    for (RunStatus status :
         {RunStatus::Running, RunStatus::Complete, RunStatus::Interrupted, RunStatus::Failed}) {
        if (text == toString(status)) {
            return status;
        }
    }
    throw unknownStatus("run", text, path);
}

VariantStatus RecordingFormat::parseVariantStatus(std::string_view text, const std::string& path) {
    for (VariantStatus status :
         {VariantStatus::Ok, VariantStatus::Skipped, VariantStatus::Failed}) {
        if (text == toString(status)) {
            return status;
        }
    }
    throw unknownStatus("variant", text, path);
}

}  // namespace costscope
