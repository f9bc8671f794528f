// Write transactions that roll back on any exception.
#include "profiler/store/SqliteTransaction.h"

#include <sqlite3.h>

#include "profiler/store/SqliteConnection.h"

namespace costscope {

SqliteTransaction::SqliteTransaction(SqliteConnection& db) : db_(db) {
    // IMMEDIATE takes the write lock now, so a second writer fails here with a clear busy
    // error rather than halfway through a variant.
    db_.exec("BEGIN IMMEDIATE");
}

SqliteTransaction::~SqliteTransaction() {
    // SQLite may already have rolled back by itself (SQLITE_FULL can do that): only roll back
    // a transaction that is still open.
    if (!done_ && !sqlite3_get_autocommit(db_.handle())) {
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void SqliteTransaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace costscope
