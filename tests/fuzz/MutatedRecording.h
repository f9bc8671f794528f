// A real recording made hostile by the fuzzer's bytes, for the harnesses that read recordings the
// way the GUI and reports do: a template written once by the store's own writer is copied for
// every input and changed cell by cell (wrong types, NULLs, negative counts, huge sizes, text
// where numbers belong, broken JSON), rows deleted (dangling ids) or duplicated.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "tests/fuzz/FuzzSupport.h"

namespace costscope::fuzz {

class MutatedRecording {
  public:
    // `writeTemplate` writes the recording every input starts from to the path it is given.
    explicit MutatedRecording(
        const std::function<void(const std::filesystem::path&)>& writeTemplate) {
        const auto path = scratchPath("template.sqlite");
        std::filesystem::remove(path);
        writeTemplate(path);
        std::ifstream in(path, std::ios::binary);
        template_.assign(std::istreambuf_iterator<char>(in), {});
        sqlite3* db = nullptr;
        sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
        sqlite3_stmt* list = nullptr;
        sqlite3_prepare_v2(db,
                           "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
                           "'sqlite_%' ORDER BY name",
                           -1, &list, nullptr);
        while (sqlite3_step(list) == SQLITE_ROW) {
            Table table{reinterpret_cast<const char*>(sqlite3_column_text(list, 0)), {}};
            sqlite3_stmt* info = nullptr;
            sqlite3_prepare_v2(db, ("PRAGMA table_info(" + sqlName(table.name) + ")").c_str(), -1,
                               &info, nullptr);
            while (sqlite3_step(info) == SQLITE_ROW) {
                table.columns.emplace_back(
                    reinterpret_cast<const char*>(sqlite3_column_text(info, 1)));
            }
            sqlite3_finalize(info);
            if (!table.columns.empty()) {
                tables_.push_back(std::move(table));
            }
        }
        sqlite3_finalize(list);
        sqlite3_close(db);
    }

    // False when the template could not be written or read: the harness cannot run.
    bool ready() const { return !tables_.empty(); }

    // The template changed by `data`, in a scratch file; returns its path.
    std::filesystem::path write(const uint8_t* data, size_t size) const {
        const auto path = writeScratch("values.sqlite", template_);
        sqlite3* db = nullptr;
        if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
            Bytes in(data, size);
            exec(db, "PRAGMA foreign_keys = OFF");
            mutate(db, in);
        }
        sqlite3_close(db);
        return path;
    }

  private:
    struct Table {
        std::string name;
        std::vector<std::string> columns;
    };

    static std::string sqlName(const std::string& name) { return '"' + name + '"'; }

    static void exec(sqlite3* db, const std::string& sql) {
        sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);  // a refused change is fine
    }

    // Binds one hostile value chosen by the input.
    static void bindValue(sqlite3_stmt* statement, int index, Bytes& in) {
        switch (in.take<uint8_t>() % 12) {
            case 0:
                sqlite3_bind_null(statement, index);
                break;
            case 1:
                sqlite3_bind_int64(statement, index, -1);
                break;
            case 2:
                sqlite3_bind_int64(statement, index, std::numeric_limits<int64_t>::min());
                break;
            case 3:
                sqlite3_bind_int64(statement, index, std::numeric_limits<int64_t>::max());
                break;
            case 4:
                sqlite3_bind_int64(statement, index, int64_t(1) << 40);
                break;
            case 5:
                sqlite3_bind_int64(statement, index, in.take<int64_t>());
                break;
            case 6:
                sqlite3_bind_double(statement, index, in.take<double>());
                break;
            case 7:
                sqlite3_bind_double(statement, index, std::numeric_limits<double>::infinity());
                break;
            case 8: {
                const auto text = in.bytes(in.take<uint8_t>());
                sqlite3_bind_text(statement, index, text.data(), int(text.size()),
                                  SQLITE_TRANSIENT);
                break;
            }
            case 9: {
                const auto blob = in.bytes(in.take<uint8_t>());
                sqlite3_bind_blob(statement, index, blob.data(), int(blob.size()),
                                  SQLITE_TRANSIENT);
                break;
            }
            case 10:
                sqlite3_bind_int64(statement, index, 0);
                break;
            default:
                sqlite3_bind_text(statement, index, "{\"a\": [1, {", -1, SQLITE_STATIC);
                break;
        }
    }

    void mutate(sqlite3* db, Bytes& in) const {
        for (int step = 0; step < 48 && !in.empty(); ++step) {
            const uint8_t op = in.take<uint8_t>();
            const Table& table = tables_[in.take<uint8_t>() % tables_.size()];
            const std::string& column = table.columns[in.take<uint8_t>() % table.columns.size()];
            const std::string row = "(SELECT rowid FROM " + sqlName(table.name) +
                                    " LIMIT 1 OFFSET " + std::to_string(in.take<uint8_t>()) + ")";
            std::string sql;
            switch (op % 4) {
                case 0:  // one cell
                    sql = "UPDATE " + sqlName(table.name) + " SET " + sqlName(column) +
                          " = ? WHERE rowid = " + row;
                    break;
                case 1:  // a whole column
                    sql = "UPDATE " + sqlName(table.name) + " SET " + sqlName(column) + " = ?";
                    break;
                case 2:  // a row gone: what referred to it dangles
                    exec(db, "DELETE FROM " + sqlName(table.name) + " WHERE rowid = " + row);
                    continue;
                default:  // a row twice, one cell changed
                    exec(db, "CREATE TEMP TABLE copy AS SELECT * FROM " + sqlName(table.name) +
                                 " WHERE rowid = " + row);
                    sql = "UPDATE temp.copy SET " + sqlName(column) + " = ?";
                    break;
            }
            sqlite3_stmt* statement = nullptr;
            if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK) {
                bindValue(statement, 1, in);
                sqlite3_step(statement);
            }
            sqlite3_finalize(statement);
            if (op % 4 == 3) {
                exec(db,
                     "INSERT OR IGNORE INTO " + sqlName(table.name) + " SELECT * FROM temp.copy");
                exec(db, "DROP TABLE temp.copy");
            }
        }
    }

    std::string template_;
    std::vector<Table> tables_;
};

}  // namespace costscope::fuzz
