// Which GPU time each NVTX range of an imported profile caused: a kernel belongs to the CUDA
// runtime call that launched it (the same correlationId in the same process), and a call to the
// ranges open on its thread (push/pop) or in its process (start/end) when it began.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace costscope {

// nsys's serialized ids: a process is globalPid = globalTid with the low 24 bits (the thread)
// cleared; the pid is the next 24 bits.
constexpr uint64_t processOf(uint64_t globalTid) {
    return globalTid & ~uint64_t(0xFFFFFF);
}
constexpr int64_t pidOf(uint64_t globalId) {
    return int64_t((globalId >> 24) & 0xFFFFFF);
}
constexpr int64_t tidOf(uint64_t globalTid) {
    return int64_t(globalTid & 0xFFFFFF);
}

struct NvtxRange {
    int64_t start = 0;  // ns
    int64_t end = 0;    // ns, >= start
    uint64_t globalTid = 0;
    // Start/end ranges may begin and end on different threads: every thread of the process
    // counts. Push/pop ranges count their own thread only.
    bool processWide = false;
};

struct RuntimeCall {
    uint64_t globalTid = 0;
    int64_t start = 0;  // ns
    int64_t correlationId = 0;
};

struct KernelRun {
    uint64_t globalPid = 0;
    int64_t correlationId = 0;
    int64_t durationNs = 0;
};

struct RangeDeviceTime {
    int64_t deviceNs = 0;  // summed durations of the kernels the range's calls launched
    int64_t kernels = 0;
};

struct Attribution {
    std::vector<RangeDeviceTime> ranges;  // one per range, in the order given
    int64_t kernelsWithoutCall = 0;       // no runtime call of their process has their id
};

// A range contains the calls that began in [start, end]; nested ranges each count the kernels
// of the calls inside them. O((ranges + calls + kernels) log) time; the inputs are taken by value
// and sorted in place.
Attribution attributeKernels(std::span<const NvtxRange> ranges, std::vector<RuntimeCall> calls,
                             std::vector<KernelRun> kernels);

}  // namespace costscope
