// One write transaction: BEGIN IMMEDIATE on construction, rolled back unless commit() is called.
#pragma once

namespace costscope {

class SqliteConnection;

class SqliteTransaction {
  public:
    explicit SqliteTransaction(SqliteConnection& db);
    // Rolls back when commit() was not reached (an exception in between), so a half-written
    // variant never lands in the file.
    ~SqliteTransaction();
    SqliteTransaction(const SqliteTransaction&) = delete;
    SqliteTransaction& operator=(const SqliteTransaction&) = delete;

    void commit();

  private:
    SqliteConnection& db_;
    bool done_ = false;
};

}  // namespace costscope
