// What costscope derives from an Nsight Systems export to open it fast the next time (the
// timeline's summary, the kernel summary), kept in a file of its own in the user's cache
// directory: costscope never writes into another program's file. One cache file per export path,
// valid while the export is the file it was made from (same size, modification time and inode);
// see docs/nsys.md, "The cache beside an export".
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace costscope {

class ReadBudget;

class NsysCache {
  public:
    // Of what the cache holds; a cache of another version is ignored and written again.
    static constexpr int64_t kVersion = 1;
    // The cache files kept at most, all exports together; the least recently used go first.
    static constexpr uint64_t kDirectoryLimitBytes = uint64_t(4) << 30;

    // Where the caches are: $COSTSCOPE_CACHE_DIR, else $XDG_CACHE_HOME/costscope, else
    // ~/.cache/costscope; each in its "nsys" folder.
    static std::filesystem::path directory();

    // The cache of the export at `exportPath`, as it is now (its size, time and inode read
    // once, here). Never throws: an export that cannot be looked at has no cache.
    explicit NsysCache(const std::filesystem::path& exportPath);

    // The cache file for this export (it may not exist).
    const std::filesystem::path& file() const { return file_; }

    // The entries whose names begin with `prefix`, ordered by name, when the cache holds for the
    // export as it is now (this version, this export's size, time and inode); nothing otherwise,
    // and for a cache file that cannot be read. Charges what it reads to `budget`. Never throws
    // but what `budget` throws (ReadLimitExceeded).
    std::optional<std::vector<std::pair<std::string, std::string>>> read(std::string_view prefix,
                                                                         ReadBudget& budget) const;
    // The same without copying: each entry handed to `visit` as it is read, its value valid for
    // the call only. Returns false where read() returns nothing; `visit` may have seen some
    // entries by then, which the caller drops.
    bool visit(
        std::string_view prefix, ReadBudget& budget,
        const std::function<void(const std::string& name, std::string_view value)>& visit) const;

    // Adds `entries` to the export's cache, replacing those of the same names; a cache made from
    // the export as it was before (or damaged, or of another version) is emptied first. One
    // SQLite transaction: a reader sees the cache before or after, never a part. Then removes the
    // least recently used cache files of other exports while they all take more than
    // `directoryLimit` bytes. Returns what kept it from writing (no cache directory, a full disk,
    // another costscope writing it for longer than two seconds), empty when it wrote. Never
    // throws.
    std::string put(const std::vector<std::pair<std::string, std::string>>& entries,
                    uint64_t directoryLimit = kDirectoryLimitBytes) const;

  private:
    std::filesystem::path export_;  // absolute, canonical where it exists
    std::filesystem::path file_;
    bool known_ = false;  // the export's identity could be read
    int64_t size_ = 0;
    int64_t mtimeNs_ = 0;
    int64_t inode_ = 0;
};

}  // namespace costscope
