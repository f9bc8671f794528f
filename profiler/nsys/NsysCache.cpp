// NsysCache: one small SQLite file per export, identified by the export's size, time and inode.
#include "profiler/nsys/NsysCache.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <system_error>

#include "profiler/store/ReadBudget.h"
#include "profiler/store/SqliteConnection.h"
#include "profiler/store/SqliteStatement.h"
#include "profiler/store/StoreError.h"

namespace costscope {

namespace fs = std::filesystem;

namespace {

// Marks the file as costscope's cache of an export (PRAGMA application_id: "csNC").
constexpr int64_t kApplicationId = 0x63734e43;

constexpr const char* kSchema =
    "CREATE TABLE source (path TEXT NOT NULL, size INTEGER NOT NULL, mtimeNs INTEGER NOT NULL, "
    "inode INTEGER NOT NULL, version INTEGER NOT NULL);"
    "CREATE TABLE entries (name TEXT PRIMARY KEY, value BLOB NOT NULL);";

// FNV-1a: the cache file's name from the export's path, the same in every build.
uint64_t fnv1a(std::string_view text) {
    uint64_t hash = 0xcbf29ce484222325u;
    for (const char c : text) {
        hash = (hash ^ uint8_t(c)) * 0x100000001b3u;
    }
    return hash;
}

fs::path environmentPath(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && *value == '/' ? fs::path(value) : fs::path();
}

// Removes cache files, least recently used first (their modification time: a read touches it),
// until those left take at most `limit` bytes; `keep` is never removed.
void prune(const fs::path& directory, const fs::path& keep, uint64_t limit) {
    struct File {
        fs::path path;
        fs::file_time_type used;
        uint64_t size;
    };
    std::vector<File> files;
    uint64_t total = 0;
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(directory, error)) {
        if (!entry.is_regular_file(error)) {
            continue;
        }
        if (entry.path().extension() != ".sqlite") {
            continue;
        }
        const uint64_t size = entry.file_size(error);
        total += size;
        if (entry.path() != keep) {
            files.push_back({entry.path(), entry.last_write_time(error), size});
        }
    }
    std::sort(files.begin(), files.end(),
              [](const File& a, const File& b) { return a.used < b.used; });
    for (const File& file : files) {
        if (total <= limit) {
            break;
        }
        if (fs::remove(file.path, error)) {
            total -= file.size;
        }
    }
}

}  // namespace

fs::path NsysCache::directory() {
    if (fs::path own = environmentPath("COSTSCOPE_CACHE_DIR"); !own.empty()) {
        return own / "nsys";
    }
    if (fs::path xdg = environmentPath("XDG_CACHE_HOME"); !xdg.empty()) {
        return xdg / "costscope" / "nsys";
    }
    if (fs::path home = environmentPath("HOME"); !home.empty()) {
        return home / ".cache" / "costscope" / "nsys";
    }
    return {};
}

NsysCache::NsysCache(const fs::path& exportPath) {
    std::error_code error;
    export_ = fs::weakly_canonical(fs::absolute(exportPath, error), error);
    struct stat status {};
    if (export_.empty() || ::stat(export_.c_str(), &status) != 0) {
        return;
    }
    known_ = true;
    size_ = int64_t(status.st_size);
    mtimeNs_ = int64_t(status.st_mtim.tv_sec) * 1'000'000'000 + status.st_mtim.tv_nsec;
    inode_ = int64_t(status.st_ino);
    const fs::path directory = NsysCache::directory();
    if (directory.empty()) {
        return;
    }
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx",
                  static_cast<unsigned long long>(fnv1a(export_.string())));
    file_ = directory / (export_.stem().string().substr(0, 64) + "-" + hash + ".sqlite");
}

std::optional<std::vector<std::pair<std::string, std::string>>> NsysCache::read(
    std::string_view prefix, ReadBudget& budget) const {
    std::vector<std::pair<std::string, std::string>> entries;
    if (!visit(prefix, budget, [&entries](const std::string& name, std::string_view value) {
            entries.emplace_back(name, std::string(value));
        })) {
        return std::nullopt;
    }
    return entries;
}

bool NsysCache::visit(
    std::string_view prefix, ReadBudget& budget,
    const std::function<void(const std::string& name, std::string_view value)>& visit) const {
    std::error_code error;
    if (!known_ || file_.empty() || !fs::is_regular_file(file_, error)) {
        return false;
    }
    try {
        SqliteConnection db(file_.string(), SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
        if (db.queryInt("PRAGMA application_id") != kApplicationId) {
            return false;
        }
        SqliteStatement source(db, "SELECT path, size, mtimeNs, inode, version FROM source");
        if (!source.step() || source.columnText(0) != export_.string() ||
            source.columnInt(1) != size_ || source.columnInt(2) != mtimeNs_ ||
            source.columnInt(3) != inode_ || source.columnInt(4) != kVersion || source.step()) {
            return false;
        }
        // The names that begin with the prefix: they sort from the prefix on, together.
        SqliteStatement select(db, "SELECT name, value FROM entries WHERE name >= ? ORDER BY name");
        select.bind(1, prefix);
        while (select.step()) {
            const std::string name = select.columnText(0);
            if (name.compare(0, prefix.size(), prefix) != 0) {
                break;
            }
            const auto* data = static_cast<const char*>(sqlite3_column_blob(select.handle(), 1));
            const auto size = size_t(sqlite3_column_bytes(select.handle(), 1));
            budget.charge(name.size() + size, "the export's cache");
            visit(name, std::string_view(data ? data : "", data ? size : 0));
        }
    } catch (const StoreError&) {
        return false;  // damaged, or removed while read: made again
    }
    // Used now: the last to be pruned.
    fs::last_write_time(file_, fs::file_time_type::clock::now(), error);
    return true;
}

std::string NsysCache::put(const std::vector<std::pair<std::string, std::string>>& entries,
                           uint64_t directoryLimit) const {
    if (!known_) {
        return "the export cannot be looked at";
    }
    if (file_.empty()) {
        return "there is no cache directory (neither COSTSCOPE_CACHE_DIR, XDG_CACHE_HOME nor "
               "HOME is set)";
    }
    std::error_code error;
    fs::create_directories(file_.parent_path(), error);
    if (error) {
        return "cannot create " + file_.parent_path().string() + ": " + error.message();
    }
    // A file in the cache's place that is not a cache (damaged, or left by something else) is
    // removed: the folder is costscope's.
    if (fs::exists(file_, error)) {
        bool ours = false;
        try {
            SqliteConnection db(file_.string(), SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
            ours = db.queryInt("PRAGMA application_id") == kApplicationId &&
                   db.queryInt(
                       "SELECT count(*) FROM sqlite_schema WHERE name IN ('source', "
                       "'entries')") == 2;
        } catch (const StoreError&) {
        }
        if (!ours) {
            fs::remove(file_, error);
        }
    }
    try {
        SqliteConnection db(file_.string(),
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX);
        sqlite3_busy_timeout(db.handle(), 2000);
        db.exec("BEGIN IMMEDIATE");
        if (db.queryInt("SELECT count(*) FROM sqlite_schema") == 0) {
            db.exec("PRAGMA application_id = " + std::to_string(kApplicationId) + ";" + kSchema);
        }
        SqliteStatement source(db, "SELECT path, size, mtimeNs, inode, version FROM source");
        const bool current = source.step() && source.columnText(0) == export_.string() &&
                             source.columnInt(1) == size_ && source.columnInt(2) == mtimeNs_ &&
                             source.columnInt(3) == inode_ && source.columnInt(4) == kVersion &&
                             !source.step();
        source.reset();
        if (!current) {
            db.exec("DELETE FROM entries; DELETE FROM source");
            SqliteStatement insert(
                db,
                "INSERT INTO source (path, size, mtimeNs, inode, version) VALUES (?, ?, ?, ?, ?)");
            insert.bind(1, export_.string()).bind(2, size_).bind(3, mtimeNs_).bind(4, inode_);
            insert.bind(5, kVersion).step();
        }
        SqliteStatement insert(db, "INSERT OR REPLACE INTO entries (name, value) VALUES (?, ?)");
        for (const auto& [name, value] : entries) {
            insert.reset();
            insert.bind(1, name);
            db.check(
                sqlite3_bind_blob64(insert.handle(), 2, value.data(), value.size(), SQLITE_STATIC),
                "binding a cache entry");
            insert.step();
        }
        db.exec("COMMIT");
    } catch (const std::exception& failure) {
        return failure.what();  // the transaction, if begun, rolls back as the connection closes
    }
    prune(file_.parent_path(), file_, directoryLimit);
    return {};
}

}  // namespace costscope
