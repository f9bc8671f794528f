// Opening, checking and simple queries on one sqlite3 connection.
#include "profiler/store/SqliteConnection.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstring>

#include "profiler/store/SqliteStatement.h"
#include "profiler/store/StoreError.h"

namespace costscope {

namespace {

int countCommit(void* counter) {
    ++*static_cast<int64_t*>(counter);
    return 0;  // 0 lets the commit proceed
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
