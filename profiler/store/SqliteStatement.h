// Owns one prepared statement: binding (NaN and absent values become NULL), stepping, reading.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace costscope {

class ReadBudget;
class SqliteConnection;

class SqliteStatement {
  public:
    SqliteStatement(SqliteConnection& db, std::string_view sql);

    // Parameters are 1-based, as in SQLite.
    SqliteStatement& bind(int index, int64_t value);
    SqliteStatement& bind(int index, int value) { return bind(index, int64_t{value}); }
    // NaN is stored as NULL: a missing measurement must not read as a number.
    SqliteStatement& bind(int index, double value);
    SqliteStatement& bind(int index, std::string_view value);
    SqliteStatement& bind(int index, const char* value) {
        return bind(index, std::string_view(value));
    }
    SqliteStatement& bindNull(int index);
    template <typename T>
    SqliteStatement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bindNull(index);
    }

    // From now on each row stepped to charges `bytesPerRow`, and each text read its length, to
    // `budget` (which throws past its limit). `table` names what is read in the refusal.
    SqliteStatement& chargeTo(ReadBudget& budget, uint64_t bytesPerRow, const char* table);

    // True while there is a row to read; false when done. Errors throw StoreError.
    bool step();
    // Makes the statement ready to run again with new bindings.
    void reset();

    // Columns are 0-based, as in SQLite.
    bool isNull(int column) const;
    int64_t columnInt(int column) const;
    double columnDouble(int column) const;
    std::string columnText(int column) const;
    std::optional<int64_t> optionalInt(int column) const;
    std::optional<double> optionalDouble(int column) const;

    // The raw statement, for loops that bind millions of rows (the activity ingest) where the
    // checked wrappers above would cost more than the insert; such a loop checks each step.
    sqlite3_stmt* handle() const { return statement_.get(); }
    const std::string& sql() const { return sql_; }
    SqliteConnection& connection() const { return *db_; }

  private:
    struct Finalize {
        void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
    };
    SqliteConnection* db_;
    std::string sql_;
    std::unique_ptr<sqlite3_stmt, Finalize> statement_;
    ReadBudget* budget_ = nullptr;
    uint64_t bytesPerRow_ = 0;
    const char* table_ = "";
};

}  // namespace costscope
