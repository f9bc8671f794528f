// Fuzzes reading a well-formed recording whose values are hostile: a real recording (a fixture
// run with GPU activity, written by the store's own writer) is changed by the fuzzer's bytes,
// cell by cell (wrong types, NULLs, negative counts, huge sizes, text where numbers belong),
// rows deleted (dangling ids) or duplicated, then read whole through Recording as the GUI and
// the reports read it. Refusals are answers; a crash, hang or unbounded allocation is a bug.
#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "tests/fuzz/FuzzSupport.h"
#include "tests/fuzz/ReadRecording.h"
#include "tests/gui/support/FixtureRecording.h"

namespace {

using costscope::fuzz::Bytes;

struct Table {
    std::string name;
    std::vector<std::string> columns;
};

std::string templateBytes;
std::vector<Table> tables;

std::string sqlName(const std::string& name) {
    return '"' + name + '"';
}

void exec(sqlite3* db, const std::string& sql) {
    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);  // a refused change is fine
}

// Binds one hostile value chosen by the input.
void bindValue(sqlite3_stmt* statement, int index, Bytes& in) {
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
            sqlite3_bind_text(statement, index, text.data(), int(text.size()), SQLITE_TRANSIENT);
            break;
        }
        case 9: {
            const auto blob = in.bytes(in.take<uint8_t>());
            sqlite3_bind_blob(statement, index, blob.data(), int(blob.size()), SQLITE_TRANSIENT);
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

void mutate(sqlite3* db, Bytes& in) {
    for (int step = 0; step < 48 && !in.empty(); ++step) {
        const uint8_t op = in.take<uint8_t>();
        const Table& table = tables[in.take<uint8_t>() % tables.size()];
        const std::string& column = table.columns[in.take<uint8_t>() % table.columns.size()];
        const std::string row = "(SELECT rowid FROM " + sqlName(table.name) + " LIMIT 1 OFFSET " +
                                std::to_string(in.take<uint8_t>()) + ")";
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
            exec(db, "INSERT OR IGNORE INTO " + sqlName(table.name) + " SELECT * FROM temp.copy");
            exec(db, "DROP TABLE temp.copy");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // The template: one CPU and GPU run of every kind of variant, with samples and activity.
    const auto path = costscope::fuzz::scratchPath("template.sqlite");
    std::filesystem::remove(path);
    costscope::test::writeFixtureRun(path, {.samplesPerVariant = 5});
    std::ifstream in(path, std::ios::binary);
    templateBytes.assign(std::istreambuf_iterator<char>(in), {});
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
            table.columns.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(info, 1)));
        }
        sqlite3_finalize(info);
        if (!table.columns.empty()) {
            tables.push_back(std::move(table));
        }
    }
    sqlite3_finalize(list);
    sqlite3_close(db);
    return tables.empty() ? 1 : 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto path = costscope::fuzz::writeScratch("values.sqlite", templateBytes);
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
        Bytes in(data, size);
        exec(db, "PRAGMA foreign_keys = OFF");
        mutate(db, in);
    }
    sqlite3_close(db);
    costscope::fuzz::readWholeRecording(path);
    return 0;
}
