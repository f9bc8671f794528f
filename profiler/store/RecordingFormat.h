// What makes a file a costscope recording: the marker, the format version, the schema, the status
// strings. Shared by the writer and the reader so both refuse the same files the same way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "profiler/Records.h"

namespace costscope {

class SqliteConnection;

class RecordingFormat {
  public:
    // PRAGMA application_id: 'CSTP', so `file` and SQLite tools can tell our files apart.
    static constexpr int32_t kApplicationId = 0x43535450;
    // PRAGMA user_version. Bump it with any change to tables, columns or views, and add the
    // step from the previous version to resources/migrations/ (see migrate()); a file with a
    // larger number is refused (NewerSchema). See "Changing the schema" in docs/schema.md.
    static constexpr int64_t kSchemaVersion = 6;

    enum class Purpose { Read, Append };

    // Throws NotARecording when `db` (open on an existing, non-empty file) is not SQLite or not
    // ours (our marker without our tables, or a view or virtual table in place of one of our
    // tables), NewerSchema when its format is newer than this build. Reads only.
    static void verify(SqliteConnection& db, Purpose purpose);

    // Creates tables, view and marker in an empty database. Call inside a write transaction.
    static void create(SqliteConnection& db);

    // The file's format version (PRAGMA user_version).
    static int64_t version(SqliteConnection& db);

    // Brings a file verify() accepted from its older format to kSchemaVersion: the columns each
    // version added and the tables it restructured, rows moved over
    // (resources/migrations/N-to-N+1.sql), then the tables and indexes of the
    // current schema that the file lacks (ENUM tables with their rows), every view dropped and
    // created again, and user_version. Call inside a write transaction, so that a failure
    // leaves the file as it was. Does nothing to a current file.
    static void migrate(SqliteConnection& db);

    // For a reader, which must neither write to the file nor run the SQL it holds: creates TEMP
    // tables and views (in the connection's own temp schema, which SQLite searches before the
    // file's for unqualified names) that give the file the current shape. Every view of the
    // current schema is created from the embedded schema, whatever the file's version, so the
    // file's own views are never run (a reader's connection has them switched off: see
    // SqliteConnection). For an older file, besides: tables a later version restructured
    // appear as views over the file's (resources/migrations/N-as-N+1.sql), other tables it
    // lacks appear empty, columns it lacks read as their default (NULL, or '' for text).
    // The queries of the current format then read every version.
    static void presentAsCurrent(SqliteConnection& db);

    // This machine's name, as stored in runs.host and compared to tell a live run from a dead one.
    static std::string hostName();

    // A recorded run's runs.uid: "<host>/<pid>/<started_unix_ns>", as the recorder and the
    // migration to version 5 make it (a reader of an older file, whose uid reads '', too).
    static std::string runUid(const std::string& host, int64_t pid, int64_t startedUnixNs);

    // The inverse of toString() in Records.h. Throws StoreError naming `path` for a string this
    // build does not know (the schema's CHECK constraints keep them out of files it wrote).
    static RunStatus parseRunStatus(std::string_view text, const std::string& path);
    static VariantStatus parseVariantStatus(std::string_view text, const std::string& path);
};

}  // namespace costscope
