// The two clocks of a recording: monotonic for samples (CUPTI can be put on it), wall for people.
#pragma once

#include <cstdint>
#include <ctime>

namespace costscope {

// CLOCK_MONOTONIC in nanoseconds: every sample and, later, every GPU activity row share it.
inline int64_t monotonicNs() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

inline int64_t unixNs() {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace costscope
