// Splits what CUPTI saw between one GPU variant and the run, and derives what the variant's
// timed calls cost on the device: device time per sample, kernels and bytes copied per call,
// peak device memory (set-up and calls; not check() or tear-down, which run after the timing).
// Plain data in, plain data out: tested without a GPU.
#pragma once

#include <cstdint>
#include <vector>

#include "profiler/ActivityRows.h"
#include "profiler/Records.h"

namespace costscope {

// Which calls of the variant were timed: samples of callsPerSample consecutive calls, numbered
// from firstTimedCall (CallTag::call), in the order the runner made them.
struct TimedCalls {
    uint32_t variant = 0;  // CallTag::variant of this variant
    uint32_t firstTimedCall = 0;
    int64_t callsPerSample = 1;
    size_t samples = 0;
    int64_t startedNs = 0;  // the variant's span, which claims CUPTI's overhead rows
    int64_t endedNs = 0;
};

struct Attribution {
    ActivityBatch variantRows;  // rows tagged with the variant, and overhead inside its span
    ActivityBatch otherRows;    // everything else: stored with the run only
    // Per sample: summed kernel durations of its calls, per call (ns).
    std::vector<int64_t> deviceNsPerSample;
    GpuMeasures measures;
    // Kernel rows of timed calls without both timestamps (a forced flush returns a kernel still
    // running that way): they are left out of the device time, which is then incomplete.
    int64_t incompleteKernels = 0;
    // Kernel rows without any tag that started inside the variant's span: launched outside every
    // API call CUPTI traced (an internal launch), so no call of this variant claims them and its
    // device time may lack them.
    int64_t untaggedKernels = 0;
};

Attribution attribute(ActivityBatch batch, const TimedCalls& calls);

}  // namespace costscope
