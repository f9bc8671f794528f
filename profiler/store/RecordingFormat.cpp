// Recognising, creating and versioning costscope recordings.
#include "profiler/store/RecordingFormat.h"

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "costscope_schema.h"
#include "profiler/store/SqliteConnection.h"
#include "profiler/store/SqliteStatement.h"
#include "profiler/store/StoreError.h"

namespace costscope {

namespace {

std::string hex32(int64_t value) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08llx",
                  static_cast<unsigned long long>(static_cast<uint32_t>(value)));
    return text;
}

// The names of the current schema's tables, read once from the embedded schema.
const std::vector<std::string>& currentTables();

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
    // Nor does costscope write a view or a virtual table where it keeps a table: its SQL (or a
    // module's code) would run where costscope reads or writes rows. Names are ASCII, matched
    // without case, as SQLite matches them.
    SqliteStatement standIn(db,
                            "SELECT type FROM main.sqlite_schema WHERE lower(name) = lower(?) AND "
                            "(type = 'view' OR (type = 'table' AND sql LIKE 'CREATE VIRTUAL%'))");
    for (const std::string& table : currentTables()) {
        standIn.reset();
        standIn.bind(1, table);
        if (standIn.step()) {
            const std::string what = standIn.columnText(0) == "view" ? "a view" : "a virtual table";
            throw NotARecording(refusal + " (its " + table + " is " + what +
                                ", not costscope's table)" + untouched + advice);
        }
    }
    // costscope writes no trigger. One in the file would run on every row a new run adds, and
    // could rewrite or delete the runs already there; reading fires none, appending refuses.
    if (purpose == Purpose::Append) {
        SqliteStatement trigger(db,
                                "SELECT name, tbl_name FROM main.sqlite_schema "
                                "WHERE type = 'trigger' ORDER BY name LIMIT 1");
        if (trigger.step()) {
            throw NotARecording(refusal + " to add to (it holds a trigger, '" +
                                trigger.columnText(0) + "' on " + trigger.columnText(1) +
                                ", that costscope did not write and that would run as the new " +
                                "run is written)" + untouched + advice);
        }
    }
}

void RecordingFormat::create(SqliteConnection& db) {
    db.exec(embedded::resources_schema_sql);
    // Set with the tables in the same transaction: a file either has both schema and marker
    // or neither, so a crash here leaves an empty database, never a half-marked one.
    db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
}

int64_t RecordingFormat::version(SqliteConnection& db) {
    return db.queryInt("PRAGMA main.user_version");
}

namespace {

// The step from version N to N + 1 is kMigrations[N - 1]: the columns that version added.
constexpr std::string_view kMigrations[] = {
    embedded::resources_migrations_1_to_2_sql, embedded::resources_migrations_2_to_3_sql,
    embedded::resources_migrations_3_to_4_sql, embedded::resources_migrations_4_to_5_sql,
    embedded::resources_migrations_5_to_6_sql,
};
static_assert(std::size(kMigrations) == RecordingFormat::kSchemaVersion - 1,
              "each schema version needs its migration step in resources/migrations/");

// How a reader presents a version N file's tables that version N + 1 restructured (rather than
// extended with columns) in that version's shape, as TEMP views: kPresentations[N - 1], empty
// when the step only added columns and tables (resources/migrations/N-as-N+1.sql).
constexpr std::string_view kPresentations[] = {
    embedded::resources_migrations_1_as_2_sql, embedded::resources_migrations_2_as_3_sql,
    embedded::resources_migrations_3_as_4_sql, embedded::resources_migrations_4_as_5_sql,
    embedded::resources_migrations_5_as_6_sql,
};
static_assert(std::size(kPresentations) == std::size(kMigrations),
              "each migration step needs its reader's presentation, empty if none");

struct SchemaObject {
    std::string type;  // table | index | view
    std::string name;
    std::string sql;  // as SQLite keeps it: starts with "CREATE TABLE", "CREATE VIEW" ...
};

std::string quoted(std::string_view name) {
    std::string text(1, '"');
    text.append(name).push_back('"');
    return text;
}

// Our objects in one schema of `db` ("main" or "temp"), in the order they were created.
std::vector<SchemaObject> objectsOf(SqliteConnection& db, std::string_view schema) {
    SqliteStatement select(db, "SELECT type, name, sql FROM " + std::string(schema) +
                                   ".sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE "
                                   "'sqlite\\_%' ESCAPE '\\' ORDER BY rowid");
    std::vector<SchemaObject> objects;
    while (select.step()) {
        objects.push_back({select.columnText(0), select.columnText(1), select.columnText(2)});
    }
    return objects;
}

bool hasObject(SqliteConnection& db, std::string_view schema, const std::string& name) {
    SqliteStatement select(
        db, "SELECT count(*) FROM " + std::string(schema) + ".sqlite_schema WHERE name = ?");
    select.bind(1, name);
    return select.step() && select.columnInt(0) > 0;
}

struct Column {
    std::string name;
    std::string defaultSql;  // the DEFAULT expression as written; empty when none (NULL)
};

std::vector<Column> columnsOf(SqliteConnection& db, std::string_view schema,
                              const std::string& table) {
    SqliteStatement select(db, "SELECT name, dflt_value FROM pragma_table_info(?, ?) ORDER BY cid");
    select.bind(1, table).bind(2, schema);
    std::vector<Column> columns;
    while (select.step()) {
        columns.push_back({select.columnText(0), select.columnText(1)});
    }
    return columns;
}

// "CREATE TABLE x ..." -> "CREATE TEMP TABLE x ...", the same for views.
std::string asTemp(const std::string& sql) {
    const std::string create = "CREATE ";
    return sql.compare(0, create.size(), create) == 0 ? create + "TEMP " + sql.substr(create.size())
                                                      : sql;
}

// The current schema, built in memory: what an older file is compared with and completed from.
std::unique_ptr<SqliteConnection> currentSchema() {
    auto reference =
        std::make_unique<SqliteConnection>(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    reference->exec(embedded::resources_schema_sql);
    return reference;
}

const std::vector<std::string>& currentTables() {
    static const std::vector<std::string> names = [] {
        const auto reference = currentSchema();
        std::vector<std::string> tables;
        for (const SchemaObject& object : objectsOf(*reference, "main")) {
            if (object.type == "table") {
                tables.push_back(object.name);
            }
        }
        return tables;
    }();
    return names;
}

// Copies the rows the schema text inserts (the ENUM tables' labels) into `to`'s `schema`.
// Call once every table is there: with foreign keys on, preparing an INSERT needs the tables
// its row references. Tables without rows prepare nothing.
void copyRows(SqliteConnection& from, SqliteConnection& to, std::string_view schema,
              const std::string& table) {
    SqliteStatement select(from, "SELECT * FROM " + quoted(table));
    const int columns = sqlite3_column_count(select.handle());
    std::unique_ptr<SqliteStatement> insert;
    while (select.step()) {
        if (!insert) {
            std::string sql =
                "INSERT INTO " + std::string(schema) + "." + quoted(table) + " VALUES (";
            for (int i = 0; i < columns; ++i) {
                sql += i == 0 ? "?" : ", ?";
            }
            insert = std::make_unique<SqliteStatement>(to, sql + ")");
        }
        insert->reset();
        for (int i = 0; i < columns; ++i) {
            to.check(sqlite3_bind_value(insert->handle(), i + 1,
                                        sqlite3_column_value(select.handle(), i)),
                     insert->sql());
        }
        insert->step();
    }
}

}  // namespace

void RecordingFormat::migrate(SqliteConnection& db) {
    const int64_t from = version(db);
    if (from >= kSchemaVersion) {
        return;
    }
    for (int64_t step = from; step < kSchemaVersion; ++step) {
        db.exec(kMigrations[step - 1]);
    }
    const auto reference = currentSchema();
    const std::vector<SchemaObject> current = objectsOf(*reference, "main");
    // Tables and indexes added since: created as the current schema creates them (in its
    // order, so a table comes before its indexes), then given the rows its text inserts.
    std::vector<std::string> added;
    for (const SchemaObject& object : current) {
        if (object.type == "view" || hasObject(db, "main", object.name)) {
            continue;
        }
        db.exec(object.sql);
        if (object.type == "table") {
            added.push_back(object.name);
        }
    }
    for (const std::string& table : added) {
        copyRows(*reference, db, "main", table);
    }
    // Views hold no data: every one is replaced by its current definition.
    for (const SchemaObject& object : objectsOf(db, "main")) {
        if (object.type == "view") {
            db.exec("DROP VIEW main." + quoted(object.name));
        }
    }
    for (const SchemaObject& object : current) {
        if (object.type == "view") {
            db.exec(object.sql);
        }
    }
    // A file whose tables differ from the version it claims (a development build's) would
    // take the migration and then fail at its first insert: refuse it here, unchanged.
    for (const SchemaObject& object : current) {
        if (object.type != "table") {
            continue;
        }
        const auto have = columnsOf(db, "main", object.name);
        for (const Column& column : columnsOf(*reference, "main", object.name)) {
            const bool found = std::any_of(have.begin(), have.end(),
                                           [&](const Column& c) { return c.name == column.name; });
            if (!found) {
                throw StoreError("its table " + object.name + " has no column " + column.name +
                                 ", which format " + std::to_string(from) +
                                 " has: it was not written by a released costscope");
            }
        }
    }
    db.exec("PRAGMA main.user_version = " + std::to_string(kSchemaVersion));
}

namespace {

// presentAsCurrent() for the tables of a file older than the current format (see there).
void presentTablesAsCurrent(SqliteConnection& db, SqliteConnection& reference,
                            const std::vector<SchemaObject>& current) {
    for (int64_t step = RecordingFormat::version(db); step < RecordingFormat::kSchemaVersion;
         ++step) {
        if (!kPresentations[step - 1].empty()) {
            db.exec(kPresentations[step - 1]);
        }
    }
    for (const SchemaObject& object : current) {
        if (object.type != "table" || hasObject(db, "temp", object.name)) {
            continue;  // a view, or a table a presentation step made out of the file's tables
        }
        if (!hasObject(db, "main", object.name)) {
            // Added since: present, empty (ENUM tables with their labels; a reader has
            // foreign keys off, so the order of the copies does not matter).
            db.exec(asTemp(object.sql));
            copyRows(reference, db, "temp", object.name);
            continue;
        }
        const std::vector<Column> has = columnsOf(db, "main", object.name);
        const std::vector<Column> wanted = columnsOf(reference, "main", object.name);
        std::string select;
        bool lacksAny = false;
        for (const Column& column : wanted) {
            const bool present = std::any_of(
                has.begin(), has.end(), [&](const Column& c) { return c.name == column.name; });
            lacksAny = lacksAny || !present;
            select += select.empty() ? "SELECT " : ", ";
            // A migration gives rows it finds the column's default; read them the same way.
            select += present
                          ? quoted(column.name)
                          : (column.defaultSql.empty() ? std::string("NULL") : column.defaultSql) +
                                " AS " + quoted(column.name);
        }
        if (lacksAny) {
            db.exec("CREATE TEMP VIEW " + quoted(object.name) + " AS " + select + " FROM main." +
                    quoted(object.name));
        }
    }
}

}  // namespace

void RecordingFormat::presentAsCurrent(SqliteConnection& db) {
    const auto reference = currentSchema();
    const std::vector<SchemaObject> current = objectsOf(*reference, "main");
    if (version(db) < kSchemaVersion) {
        presentTablesAsCurrent(db, *reference, current);
    }
    // Every view, whatever the file's version, from the embedded schema: the views the file
    // holds (its own text, which anyone can rewrite) are never run. After the tables: a view's
    // unqualified names then resolve to the TEMP shapes an older file was given.
    for (const SchemaObject& object : current) {
        if (object.type == "view") {
            db.exec(asTemp(object.sql));
        }
    }
}

std::string RecordingFormat::hostName() {
    char name[HOST_NAME_MAX + 1] = {};
    return gethostname(name, sizeof name - 1) == 0 ? std::string(name) : std::string();
}

std::string RecordingFormat::runUid(const std::string& host, int64_t pid, int64_t startedUnixNs) {
    return host + "/" + std::to_string(pid) + "/" + std::to_string(startedUnixNs);
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
