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
    // PRAGMA user_version. Bump it with any change to tables, columns or views, and teach the
    // writer to migrate older files before appending; a file with a larger number is refused
    // (NewerSchema). See "Changing the schema" in docs/schema.md.
    static constexpr int64_t kSchemaVersion = 1;

    enum class Purpose { Read, Append };

    // Throws NotARecording when `db` (open on an existing, non-empty file) is not SQLite or not
    // ours, NewerSchema when its format is newer than this build. Reads only.
    static void verify(SqliteConnection& db, Purpose purpose);

    // Creates tables, view and marker in an empty database. Call inside a write transaction.
    static void create(SqliteConnection& db);

    // This machine's name, as stored in runs.host and compared to tell a live run from a dead one.
    static std::string hostName();

    // The inverse of toString() in Records.h. Throws StoreError naming `path` for a string this
    // build does not know (the schema's CHECK constraints keep them out of files it wrote).
    static RunStatus parseRunStatus(std::string_view text, const std::string& path);
    static VariantStatus parseVariantStatus(std::string_view text, const std::string& path);
};

}  // namespace costscope
