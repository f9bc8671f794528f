// GPU activity as plain rows: what the CUPTI collector hands to a RecordSink. No CUDA types, so
// the store and the tests build without the toolkit.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace costscope {

// External correlation ids the runner pushes around each call of a GPU variant: which variant
// (its ordinal in the run, from 1) and which call (see CallTag::kSetUp ...). 0 = no variant.
struct CallTag {
    static constexpr uint32_t kSetUp = 0xFFFF'FFF0;     // setUp(): uploads, handles, workspaces
    static constexpr uint32_t kCheck = 0xFFFF'FFF1;     // check(): copying the result back
    static constexpr uint32_t kTearDown = 0xFFFF'FFF2;  // destruction: frees, handles
    // Warm-up, calibration and timed calls are numbered 0, 1, 2 ... in the order they ran.

    uint32_t variant = 0;
    uint32_t call = 0;

    uint64_t pack() const { return (uint64_t(variant) << 32) | call; }
    static CallTag unpack(uint64_t id) { return {uint32_t(id >> 32), uint32_t(id)}; }
    bool operator==(const CallTag&) const = default;
};

// Every timestamp is ns on CLOCK_MONOTONIC (the collector registers monotonicNs() as CUPTI's
// timestamp source), the clock of the CPU samples. `tag` is the external correlation of the
// CUDA call that caused the row, 0 when none was pushed. Names are indices into
// ActivityBatch::strings. Field names and meaning follow the nsys export's columns.
struct KernelRow {
    int64_t start = 0;
    int64_t end = 0;
    uint32_t deviceId = 0;
    uint32_t contextId = 0;
    uint32_t streamId = 0;
    uint32_t correlationId = 0;
    uint32_t demangledName = 0;  // index into strings
    uint32_t shortName = 0;      // index into strings: the function name without scope or args
    uint32_t mangledName = 0;    // index into strings
    int32_t gridX = 0, gridY = 0, gridZ = 0;
    int32_t blockX = 0, blockY = 0, blockZ = 0;
    int32_t registersPerThread = 0;
    int32_t staticSharedMemory = 0;   // B
    int32_t dynamicSharedMemory = 0;  // B
    uint32_t localMemoryPerThread = 0;
    uint32_t localMemoryTotal = 0;
    int64_t gridId = 0;
    uint32_t sharedMemoryExecuted = 0;  // B
    uint8_t launchType = 0;
    uint8_t cacheConfig = 0;
    uint8_t sharedMemoryLimitConfig = 0;
    uint64_t graphNodeId = 0;
    uint64_t tag = 0;
};

struct MemcpyRow {
    int64_t start = 0;
    int64_t end = 0;
    uint32_t deviceId = 0;
    uint32_t contextId = 0;
    uint32_t streamId = 0;
    uint32_t correlationId = 0;
    int64_t bytes = 0;
    uint8_t copyKind = 0;  // CUpti_ActivityMemcpyKind: 1 HtoD, 2 DtoH, 8 DtoD, ...
    uint8_t srcKind = 0;   // CUpti_ActivityMemoryKind
    uint8_t dstKind = 0;
    uint64_t graphNodeId = 0;
    uint64_t tag = 0;
};

struct MemsetRow {
    int64_t start = 0;
    int64_t end = 0;
    uint32_t deviceId = 0;
    uint32_t contextId = 0;
    uint32_t streamId = 0;
    uint32_t correlationId = 0;
    uint32_t value = 0;
    int64_t bytes = 0;
    uint8_t memKind = 0;
    uint64_t graphNodeId = 0;
    uint64_t tag = 0;
};

// One device allocation or release (CUPTI's MEMORY2 activity).
struct MemoryRow {
    int64_t start = 0;  // when it happened
    uint32_t deviceId = 0;
    uint32_t contextId = 0;
    uint32_t streamId = 0;  // for stream-ordered (cudaMallocAsync) operations; else 0
    uint32_t correlationId = 0;
    uint64_t address = 0;
    uint64_t pc = 0;
    int64_t bytes = 0;
    uint8_t memKind = 0;        // CUpti_ActivityMemoryKind
    uint8_t operationType = 0;  // 1 allocation, 2 release
    uint32_t name = 0;          // index into strings ("" when CUPTI gave none)
    uint64_t tag = 0;
};

// Time CUPTI itself spent (buffer flushes, instrumentation), stored so users can see it.
struct OverheadRow {
    int64_t start = 0;
    int64_t end = 0;
    uint32_t overheadKind = 0;  // CUpti_ActivityOverheadKind: 1, then multiples of 1 << 16
    uint8_t objectKind = 0;     // CUpti_ActivityObjectKind: process, thread, device ...
    uint64_t objectId = 0;      // process, thread, device, context or stream id, per objectKind
    uint32_t correlationId = 0;
};

// A batch of rows, as parsed from CUPTI buffers or built by a test.
struct ActivityBatch {
    std::vector<std::string> strings;  // strings[0] is always ""
    std::vector<KernelRow> kernels;
    std::vector<MemcpyRow> memcpys;
    std::vector<MemsetRow> memsets;
    std::vector<MemoryRow> memory;
    std::vector<OverheadRow> overheads;

    ActivityBatch() : strings{std::string()} {}
    bool empty() const {
        return kernels.empty() && memcpys.empty() && memsets.empty() && memory.empty() &&
               overheads.empty();
    }
    size_t rows() const {
        return kernels.size() + memcpys.size() + memsets.size() + memory.size() + overheads.size();
    }
};

// Appends `from`'s rows to `into`, their name indices moved to `into`'s string table.
inline void appendRows(ActivityBatch& into, const ActivityBatch& from) {
    std::vector<uint32_t> index(from.strings.size(), 0);
    for (size_t i = 1; i < from.strings.size(); ++i) {
        index[i] = uint32_t(into.strings.size());
        into.strings.push_back(from.strings[i]);
    }
    for (KernelRow row : from.kernels) {
        row.demangledName = index[row.demangledName];
        row.shortName = index[row.shortName];
        row.mangledName = index[row.mangledName];
        into.kernels.push_back(row);
    }
    into.memcpys.insert(into.memcpys.end(), from.memcpys.begin(), from.memcpys.end());
    into.memsets.insert(into.memsets.end(), from.memsets.begin(), from.memsets.end());
    for (MemoryRow row : from.memory) {
        row.name = index[row.name];
        into.memory.push_back(row);
    }
    into.overheads.insert(into.overheads.end(), from.overheads.begin(), from.overheads.end());
}

}  // namespace costscope
