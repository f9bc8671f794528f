// Opening, checking and simple queries on one sqlite3 connection.
#include "profiler/store/SqliteConnection.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstring>

#include "profiler/store/SqliteStatement.h"
#include "profiler/store/StoreError.h"

// A read-only connection switches the file's views and triggers off but keeps the TEMP views it
// reads through (see distrust()): SQLite leaves TEMP ones on only from 3.35.
static_assert(SQLITE_VERSION_NUMBER >= 3035000, "costscope needs SQLite 3.35 or newer");

namespace costscope {

namespace {

int countCommit(void* counter) {
    ++*static_cast<int64_t*>(counter);
    return 0;  // 0 lets the commit proceed
}

// A recording is a file anyone may have written, and SQLite runs SQL that the file holds: its
// views, its triggers, the expressions of its generated columns, CHECK constraints and defaults.
// On every connection, none of that may call a function not marked innocuous (trusted_schema
// off), no SQL may load a shared library (load_extension(), off in the C API as well) or call a
// pointer (fts3_tokenizer()), and no SQL may corrupt the file on purpose (defensive: no
// writable_schema, no journal_mode = OFF).
// A read-only connection (Recording: the GUI, the reports, the recorder's summary) switches the
// file's own views and triggers off as well; SQLite keeps TEMP ones on. Recording reads through
// TEMP views made from the embedded schema (RecordingFormat::presentAsCurrent), so a query that
// would reach a view the file holds fails instead of running it. Triggers never fire on a read
// (only INSERT, UPDATE and DELETE fire them, and a reader runs none); they are off all the same.
// The writer keeps them on: it writes only into a file the user named, once verify() accepted
// it, and a user's own triggers go on working.
// Returns the setting that SQLite refused, or nullptr.
const char* distrust(sqlite3* db, bool readOnly) {
    struct Setting {
        int option;
        int value;
        const char* name;
    };
    const Setting settings[] = {
        {SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, "SQLITE_DBCONFIG_TRUSTED_SCHEMA"},
        {SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, "SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION"},
        // Debian builds SQLite with fts3_tokenizer() on: given a pointer, it calls it.
        {SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, "SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER"},
        {SQLITE_DBCONFIG_DEFENSIVE, 1, "SQLITE_DBCONFIG_DEFENSIVE"},
        {SQLITE_DBCONFIG_ENABLE_VIEW, readOnly ? 0 : 1, "SQLITE_DBCONFIG_ENABLE_VIEW"},
        {SQLITE_DBCONFIG_ENABLE_TRIGGER, readOnly ? 0 : 1, "SQLITE_DBCONFIG_ENABLE_TRIGGER"},
    };
    for (const Setting& setting : settings) {
        int now = -1;
        if (sqlite3_db_config(db, setting.option, setting.value, &now) != SQLITE_OK ||
            now != setting.value) {
            return setting.name;
        }
    }
    return nullptr;
}

}  // namespace

SqliteConnection::SqliteConnection(std::string path, int flags) : path_(std::move(path)) {
    // EXRESCODE: extended codes tell SQLITE_IOERR_* apart without another call.
    const int rc = sqlite3_open_v2(path_.c_str(), &db_, flags | SQLITE_OPEN_EXRESCODE, nullptr);
    if (rc != SQLITE_OK) {
        // The OS reason is what users can act on ("Permission denied", "No such file ...").
        const int osError = db_ ? sqlite3_system_errno(db_) : 0;
        std::string message = "cannot open '" + path_ + "': ";
        message += osError != 0 ? std::strerror(osError)
                                : (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
        message += (flags & SQLITE_OPEN_READWRITE) != 0
                       ? ". Check the path, and that you may write to the file and its directory."
                       : ". Check the path, and that you may read the file.";
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw StoreError(message);
    }
    if (const char* refused = distrust(db_, (flags & SQLITE_OPEN_READONLY) != 0)) {
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw StoreError("cannot open '" + path_ + "': this SQLite (" + sqlite3_libversion() +
                         ") refused the setting " + refused +
                         ". Use the SQLite that costscope was built with.");
    }
    sqlite3_commit_hook(db_, countCommit, commits_.get());
}

SqliteConnection::~SqliteConnection() {
    // close_v2 defers the close until every statement is finalized; statements are owned by
    // classes that finalize them, so this closes now.
    sqlite3_close_v2(db_);
}

bool SqliteConnection::isDiskFull(int rc, int systemErrno) {
    const int primary = rc & 0xff;
    return primary == SQLITE_FULL || (primary == SQLITE_IOERR && systemErrno == ENOSPC);
}

void SqliteConnection::check(int rc, std::string_view what) const {
    if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) {
        return;
    }
    const int primary = rc & 0xff;
    // Read only for an I/O error: after any other code it may be left over (see isDiskFull).
    const int osError = primary == SQLITE_IOERR ? sqlite3_system_errno(db_) : 0;
    if (isDiskFull(rc, osError)) {
        throw StoreError("the disk is full: cannot write to '" + path_ +
                         "'. Everything recorded before this point is kept; free some space "
                         "and record again (" +
                         sqlite3_errmsg(db_) + ")");
    }
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
        // SQLite's own words ("database disk image is malformed") and the statement mean nothing
        // to the person holding the file.
        throw StoreError("'" + path_ +
                         "' is incomplete or damaged: part of the file is missing or was "
                         "overwritten, so it cannot be read. Record it again, or restore it from a "
                         "copy.");
    }
    std::string message = "'" + path_ + "': " + sqlite3_errmsg(db_);
    if (osError != 0) {
        message += std::string(" (") + std::strerror(osError) + ")";
    }
    message += " while running: ";
    message += what;
    // What to do, where the result code tells.
    switch (primary) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            message +=
                ". Another program is writing to the file; try again when it is done, or "
                "record into a new file.";
            break;
        case SQLITE_READONLY:
        case SQLITE_PERM:
            message += ". Check that you may write to the file and its directory.";
            break;
        default:
            break;
    }
    throw StoreError(message);
}

void SqliteConnection::exec(std::string_view sql) {
    // sqlite3_exec needs a terminated string; the SQL is short or the embedded schema.
    const std::string text(sql);
    check(sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr), sql);
}

int64_t SqliteConnection::queryInt(std::string_view sql) {
    SqliteStatement statement(*this, sql);
    if (!statement.step()) {
        throw StoreError("'" + path_ + "': no result from " + std::string(sql));
    }
    return statement.columnInt(0);
}

std::string SqliteConnection::queryText(std::string_view sql) {
    SqliteStatement statement(*this, sql);
    return statement.step() ? statement.columnText(0) : std::string();
}

}  // namespace costscope
