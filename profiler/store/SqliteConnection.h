// Owns one sqlite3 connection and turns SQLite result codes into StoreError with context.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

struct sqlite3;

namespace costscope {

class SqliteConnection {
  public:
    // Opens `path` with SQLite's open flags. Throws StoreError naming the path, the OS reason
    // (errno) and what to check when the file cannot be opened or created. The connection
    // distrusts the file: no function that is not innocuous runs from its schema, no extension
    // loads, no SQL corrupts it on purpose; opened SQLITE_OPEN_READONLY, the file's own views
    // and triggers are off as well (TEMP ones work). See distrust() in the .cpp.
    SqliteConnection(std::string path, int flags);
    ~SqliteConnection();
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    sqlite3* handle() const { return db_; }
    const std::string& path() const { return path_; }

    // The one checked-call helper: returns when rc is SQLITE_OK, SQLITE_ROW or SQLITE_DONE,
    // otherwise throws StoreError naming `what` (the SQL or the operation), the file and
    // sqlite3_errmsg. A full disk (see isDiskFull) gets its own message.
    void check(int rc, std::string_view what) const;

    // True for SQLITE_FULL, and for an I/O error whose OS reason is ENOSPC. `systemErrno` is
    // sqlite3_system_errno(), which SQLite sets only on I/O and open errors and never clears:
    // with any other result code it is left over from an earlier failure and means nothing.
    static bool isDiskFull(int rc, int systemErrno);

    // Runs SQL without results (one or several statements).
    void exec(std::string_view sql);
    // Runs a statement whose first column of the first row is an integer (a PRAGMA, a count).
    int64_t queryInt(std::string_view sql);
    // The same for text; empty when there is no row.
    std::string queryText(std::string_view sql);

    // Commits made on this connection (counted by a commit hook): lets tests check that a
    // variant and its samples go in as one transaction.
    int64_t commitCount() const { return *commits_; }

  private:
    std::string path_;
    sqlite3* db_ = nullptr;
    // Heap-allocated so the address given to the commit hook never moves.
    std::unique_ptr<int64_t> commits_ = std::make_unique<int64_t>(0);
};

}  // namespace costscope
