// The running sum of allocations and releases, per device.
#include "profiler/store/MemoryInUse.h"

#include <algorithm>
#include <tuple>

namespace costscope {

namespace {

constexpr uint8_t kDeviceMemory = 3;  // CUPTI_ACTIVITY_MEMORY_KIND_DEVICE
constexpr uint8_t kAllocation = 1;    // ENUM_CUDA_DEV_MEM_EVENT_OPER
constexpr uint8_t kRelease = 2;

}  // namespace

std::vector<MemoryInUse> memoryInUse(const TimelineRows::Memory& events, int64_t finish) {
    // Neither the sum nor the lift below can overflow with sizes and levels held so.
    constexpr int64_t kLargestEvent = int64_t(1) << 60, kHighestLevel = int64_t(1) << 61;
    std::vector<size_t> order;
    for (size_t i = 0; i < events.size(); ++i) {
        if (events.memKind[i] == kDeviceMemory &&
            (events.operationType[i] == kAllocation || events.operationType[i] == kRelease)) {
            order.push_back(i);
        }
    }
    std::stable_sort(order.begin(), order.end(), [&events](size_t a, size_t b) {
        return std::tie(events.deviceId[a], events.start[a]) <
               std::tie(events.deviceId[b], events.start[b]);
    });
    std::vector<MemoryInUse> lines;
    for (size_t i = 0; i < order.size();) {
        MemoryInUse line;
        line.deviceId = events.deviceId[order[i]];
        int64_t inUse = 0;
        int64_t lowest = 0;
        for (; i < order.size() && events.deviceId[order[i]] == line.deviceId; ++i) {
            const size_t event = order[i];
            const int64_t size = std::clamp<int64_t>(events.bytes[event], 0, kLargestEvent);
            inUse = std::clamp<int64_t>(
                inUse + (events.operationType[event] == kAllocation ? size : -size), -kHighestLevel,
                kHighestLevel);
            lowest = std::min(lowest, inUse);
            if (!line.time.empty() && line.time.back() == events.start[event]) {
                line.bytes.back() = inUse;
            } else {
                line.time.push_back(events.start[event]);
                line.bytes.push_back(inUse);
            }
        }
        for (int64_t& bytes : line.bytes) {
            bytes -= lowest;
            line.peak = std::max(line.peak, bytes);
        }
        if (line.time.back() < finish) {
            line.time.push_back(finish);
            line.bytes.push_back(line.bytes.back());
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

}  // namespace costscope
