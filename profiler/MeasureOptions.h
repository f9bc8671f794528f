// How long to measure a variant: warm-up, then repeat until both minimums are reached.
#pragma once

#include <cstdint>

namespace costscope {

struct MeasureOptions {
    int64_t warmup = 2;          // untimed iterations first (caches, thread pools, JIT)
    int64_t minIterations = 10;  // timed iterations at least ...
    double minTimeS = 0.25;      // ... and at least this much timed wall time
};

}  // namespace costscope
