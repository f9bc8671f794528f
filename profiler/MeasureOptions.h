// How long to measure a variant: warm-up, then repeat until both minimums are reached.
#pragma once

#include <cstdint>

namespace costscope {

struct MeasureOptions {
    int64_t warmup = 2;          // untimed iterations first (caches, thread pools, JIT)
    int64_t minIterations = 10;  // timed iterations at least ...
    double minTimeS = 0.25;      // ... and at least this much timed wall time
    // ... split over this many rounds: every variant is measured once per round, the rounds one
    // after another, so a slow spell of the machine lands in one round of many variants rather
    // than in all the samples of one (see SuiteRunner). Suites default to 3 (SuiteParser).
    int64_t rounds = 1;
};

// min_time, in seconds, above which a value is refused: a larger one is a typo.
inline constexpr double kMaxMinTimeS = 3600.0;
// min_time, in seconds, above which a value is refused unless asked for (costscope-record
// --allow-long): every variant pays it, and it is most often milliseconds written as seconds.
inline constexpr double kLongMinTimeS = 60.0;

}  // namespace costscope
