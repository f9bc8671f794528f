// The machine's physical memory: the measure of what a suite or a recording may ask for.
#pragma once

#include <unistd.h>

#include <cstdint>

namespace costscope {

// In bytes, or 0 when the system does not say.
inline uint64_t physicalMemoryBytes() {
    const long pages = ::sysconf(_SC_PHYS_PAGES), pageSize = ::sysconf(_SC_PAGESIZE);
    return pages > 0 && pageSize > 0 ? uint64_t(pages) * uint64_t(pageSize) : 0;
}

}  // namespace costscope
