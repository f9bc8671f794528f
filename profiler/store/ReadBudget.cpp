// Charging what a recording's reads hold, and the refusal past the limit.
#include "profiler/store/ReadBudget.h"

#include <cstdio>

#include "profiler/PhysicalMemory.h"
#include "profiler/store/StoreError.h"

namespace costscope {

namespace {

// "6.0 GiB", "512.0 MiB", "100 KiB".
std::string sizeText(uint64_t bytes) {
    char text[32];
    if (bytes >= 1ull << 30) {
        std::snprintf(text, sizeof text, "%.1f GiB", double(bytes) / double(1ull << 30));
    } else if (bytes >= 1ull << 20) {
        std::snprintf(text, sizeof text, "%.1f MiB", double(bytes) / double(1ull << 20));
    } else {
        std::snprintf(text, sizeof text, "%.0f KiB", double(bytes) / 1024.0);
    }
    return text;
}

}  // namespace

uint64_t ReadBudget::forThisMachine() {
    const uint64_t physical = physicalMemoryBytes();
    return physical > 0 ? physical / 4 : 4ull << 30;
}

void ReadBudget::charge(uint64_t bytes, const char* table) {
    uint64_t total = 0;
    if (__builtin_add_overflow(used_, bytes, &total) || total > limit_) {
        throw StoreError("'" + path_ + "' holds more than costscope reads from one recording: " +
                         "its rows and text, read as far as the " + table + " table, would take " +
                         "more than " + sizeText(limit_) + " of memory, the limit on this " +
                         "machine. The file may be damaged, or it holds a very long run; open " +
                         "it on a machine with more memory, or look into it with: sqlite3 '" +
                         path_ + "' 'SELECT count(*) FROM " + table + "'");
    }
    used_ = total;
}

}  // namespace costscope
