// Prepared statements with checked binds and steps.
#include "profiler/store/SqliteStatement.h"

#include <cmath>

#include "profiler/store/ReadBudget.h"
#include "profiler/store/SqliteConnection.h"

namespace costscope {

SqliteStatement::SqliteStatement(SqliteConnection& db, std::string_view sql) : db_(&db), sql_(sql) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v3(db.handle(), sql_.data(), int(sql_.size()),
                                      SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    statement_.reset(raw);
    db.check(rc, sql_);
}

SqliteStatement& SqliteStatement::bind(int index, int64_t value) {
    db_->check(sqlite3_bind_int64(statement_.get(), index, value), sql_);
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, double value) {
    if (std::isnan(value)) {
        return bindNull(index);
    }
    db_->check(sqlite3_bind_double(statement_.get(), index, value), sql_);
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::string_view value) {
    db_->check(sqlite3_bind_text64(statement_.get(), index, value.data(), value.size(),
                                   SQLITE_TRANSIENT, SQLITE_UTF8),
               sql_);
    return *this;
}

SqliteStatement& SqliteStatement::bindNull(int index) {
    db_->check(sqlite3_bind_null(statement_.get(), index), sql_);
    return *this;
}

SqliteStatement& SqliteStatement::chargeTo(ReadBudget& budget, uint64_t bytesPerRow,
                                           const char* table) {
    budget_ = &budget;
    bytesPerRow_ = bytesPerRow;
    table_ = table;
    return *this;
}

bool SqliteStatement::step() {
    const int rc = sqlite3_step(statement_.get());
    if (rc == SQLITE_ROW) {
        if (budget_ != nullptr) {
            budget_->charge(bytesPerRow_, table_);
        }
        return true;
    }
    // Reset a finished or failed statement so it holds no read transaction open; the error
    // message is taken first, reset would not keep it.
    try {
        db_->check(rc, sql_);
    } catch (...) {
        sqlite3_reset(statement_.get());
        throw;
    }
    sqlite3_reset(statement_.get());
    return false;
}

void SqliteStatement::reset() {
    sqlite3_reset(statement_.get());
    sqlite3_clear_bindings(statement_.get());
}

bool SqliteStatement::isNull(int column) const {
    return sqlite3_column_type(statement_.get(), column) == SQLITE_NULL;
}

int64_t SqliteStatement::columnInt(int column) const {
    return sqlite3_column_int64(statement_.get(), column);
}

double SqliteStatement::columnDouble(int column) const {
    return sqlite3_column_double(statement_.get(), column);
}

std::string SqliteStatement::columnText(int column) const {
    const auto* text = sqlite3_column_text(statement_.get(), column);
    const int bytes = sqlite3_column_bytes(statement_.get(), column);
    if (budget_ != nullptr) {
        budget_->charge(uint64_t(bytes), table_);
    }
    return text ? std::string(reinterpret_cast<const char*>(text), size_t(bytes)) : std::string();
}

std::optional<int64_t> SqliteStatement::optionalInt(int column) const {
    if (isNull(column)) {
        return std::nullopt;
    }
    return columnInt(column);
}

std::optional<double> SqliteStatement::optionalDouble(int column) const {
    if (isNull(column)) {
        return std::nullopt;
    }
    return columnDouble(column);
}

}  // namespace costscope
