// Device memory in use over time, from a run's allocation and release events: the timeline's
// memory line and the exported trace's counter track read the same steps.
#pragma once

#include <cstdint>
#include <vector>

#include "profiler/store/TimelineRows.h"

namespace costscope {

// Device memory in use on one GPU: a step line, `bytes[i]` from `time[i]` on.
struct MemoryInUse {
    uint32_t deviceId = 0;
    std::vector<int64_t> time;  // ns
    std::vector<int64_t> bytes;
    int64_t peak = 0;
};

// One line per device with device-memory events (CUPTI's kinds: device memory, allocation or
// release), by device id. Events at one instant are one step. A release of memory allocated
// before collection began would take a line below zero: the line is lifted until its lowest
// point reads zero (what was in use then is unknown, but at least that much). The last level
// holds to `finish` (ns). Sizes of a damaged file are held to [0, 2^60] and levels to ±2^61.
std::vector<MemoryInUse> memoryInUse(const TimelineRows::Memory& events, int64_t finish);

}  // namespace costscope
