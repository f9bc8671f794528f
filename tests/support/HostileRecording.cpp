// makeHostile(): the views, triggers and stand-ins, written with SQLite's defaults.
#include "tests/support/HostileRecording.h"

#include <sqlite3.h>
#include <stdlib.h>

#include <regex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace costscope::test {

namespace {

class RawConnection {
  public:
    explicit RawConnection(const std::filesystem::path& path) {
        if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) {
            const std::string message = sqlite3_errmsg(db_);
            sqlite3_close(db_);
            throw std::runtime_error("cannot open " + path.string() + ": " + message);
        }
    }
    ~RawConnection() { sqlite3_close(db_); }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    void exec(const std::string& sql) {
        char* error = nullptr;
        const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
        const std::string message = error ? error : "";
        sqlite3_free(error);
        if (rc != SQLITE_OK) {
            throw std::runtime_error(message + " while running: " + sql);
        }
    }

    // (name, CREATE text) of every view, in the order created.
    std::vector<std::pair<std::string, std::string>> views() {
        sqlite3_stmt* select = nullptr;
        sqlite3_prepare_v2(db_,
                           "SELECT name, sql FROM sqlite_schema WHERE type = 'view' ORDER BY rowid",
                           -1, &select, nullptr);
        std::vector<std::pair<std::string, std::string>> found;
        while (sqlite3_step(select) == SQLITE_ROW) {
            found.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(select, 0)),
                               reinterpret_cast<const char*>(sqlite3_column_text(select, 1)));
        }
        sqlite3_finalize(select);
        return found;
    }

  private:
    sqlite3* db_ = nullptr;
};

std::string literal(const std::string& text) {
    std::string quoted = "'";
    for (const char c : text) {
        quoted += c == '\'' ? "''" : std::string(1, c);
    }
    return quoted + "'";
}

// The SELECT of "CREATE VIEW name AS SELECT ..." (costscope's views have no column list).
std::string bodyOf(const std::string& createView) {
    static const std::regex head(R"(^CREATE\s+VIEW\s+\S+\s+AS\s+)", std::regex::icase);
    std::smatch match;
    if (!std::regex_search(createView, match, head)) {
        throw std::runtime_error("not a view costscope wrote: " + createView);
    }
    return match.suffix();
}

// Counts up from 0 for ever, in constant memory; `WHERE forever.i < 0` never holds.
const std::string kForever =
    "WITH RECURSIVE forever(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM forever) ";

// The body's columns, but the query never ends.
std::string neverEnds(const std::string& body) {
    // The line break ends a trailing -- comment of the body.
    return kForever + "SELECT original.* FROM (" + body + "\n) AS original, forever " +
           "WHERE forever.i < 0";
}

// The body's columns and rows, every row twice.
std::string twice(const std::string& body) {
    return "SELECT original.* FROM (" + body + "\n) AS original, (SELECT 1 UNION ALL SELECT 2)";
}

// The body's columns and rows, once the extension is loaded.
std::string loadsTheExtension(const std::string& body) {
    return "SELECT original.* FROM (" + body + "\n) AS original WHERE load_extension(" +
           literal(hostileExtension().string()) + ") IS NULL";
}

// What each view of the file becomes (costscope's views of every version).
std::string hostileView(const std::string& name, const std::string& body) {
    if (name == "variant_summary" || name == "pruning_crossover") {
        return neverEnds(body);
    }
    if (name == "CUPTI_ACTIVITY_KIND_KERNEL") {
        return twice(body);
    }
    return loadsTheExtension(body);
}

// What a trigger's body does: write to the file. (SQLite refuses load_extension() in a trigger
// whatever the settings.)
std::string actions(const std::string& what) {
    return " BEGIN INSERT INTO hostile_writes VALUES (" + literal(what) + "); END;";
}

}  // namespace

std::filesystem::path hostileExtension() {
    return COSTSCOPE_TEST_HOSTILE_EXTENSION;
}

std::filesystem::path armMarker(const std::filesystem::path& dir) {
    const std::filesystem::path marker = dir / "hostile-extension-was-loaded";
    ::setenv(kMarkerVariable, marker.c_str(), 1);
    return marker;
}

void makeHostile(const std::filesystem::path& file, Hostility hostility) {
    RawConnection db(file);
    std::string sql = "BEGIN;";
    switch (hostility) {
        case Hostility::Views: {
            sql += "CREATE TABLE hostile_writes (what TEXT);";
            for (const auto& [name, createView] : db.views()) {
                sql += "DROP VIEW " + name + "; CREATE VIEW " + name + " AS " +
                       hostileView(name, bodyOf(createView)) + ";";
                sql += "CREATE TRIGGER hostile_instead_" + name + " INSTEAD OF INSERT ON " + name +
                       actions("insert into " + name);
            }
            for (const std::string table : {"runs", "devices", "variants", "samples"}) {
                for (const std::string event : {"INSERT", "UPDATE", "DELETE"}) {
                    sql += "CREATE TRIGGER hostile_" + table + "_" + event + " AFTER " + event +
                           " ON " + table + actions(event + " on " + table);
                }
            }
            break;
        }
        case Hostility::ViewForTable:
            sql +=
                "DROP TABLE run_warnings; CREATE VIEW run_warnings AS " + kForever +
                "SELECT 0 AS run_id, '' AS kind, '' AS message FROM forever WHERE forever.i < 0;";
            break;
    }
    db.exec(sql + "COMMIT;");
}

}  // namespace costscope::test
