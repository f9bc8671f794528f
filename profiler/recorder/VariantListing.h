// What costscope-record --list prints: the variants, their count, what this machine would skip
// and why, and an estimate of the recording's wall time.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "kernels/VariantSpec.h"
#include "profiler/MeasureOptions.h"

namespace costscope {

// The wall time of a recording, estimated from its time budget alone, since how long a
// variant's call takes is not known before it runs. A variant is timed for min_time over all its
// rounds and warmed up with `warmup` calls in each round; a warm-up call is taken to cost
// min_time / min_iterations, the most a call can cost while min_time (not min_iterations)
// decides how long the variant is timed.
struct WallTimeEstimate {
    std::size_t measured = 0;  // variants that would be measured, not skipped
    double warmupCallS = 0;    // what one warm-up call is taken to cost
    double perVariantS = 0;    // min_time plus the warm-up calls of every round
    double totalS = 0;         // perVariantS for every measured variant
};

WallTimeEstimate estimateWallTime(std::size_t measured, const MeasureOptions& measure);

// The variants' names, one per line in the order they would run (what scripts read); an empty
// line; then their count, the ones this machine would skip grouped by reason, and the estimate
// with what it rests on. `skipReasons[i]` is why variants[i] would be skipped
// (SuiteRunner::skipReason()), nullopt when it would be measured.
std::string formatVariantList(const std::string& suiteName,
                              const std::vector<VariantSpec>& variants,
                              const std::vector<std::optional<std::string>>& skipReasons,
                              const MeasureOptions& measure);

}  // namespace costscope
