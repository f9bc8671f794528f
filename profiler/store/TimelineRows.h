// A run's GPU activity for the timeline, read in one pass and held in narrow columns: a million
// kernel launches take some 36 MB here and no string each (Recording::timeline).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace costscope {

struct TimelineRows {
    // What a kernel launch shares with every other launch of its configuration (kernel_configs).
    struct KernelConfig {
        uint32_t deviceId = 0;
        uint32_t name = 0;       // demangled, index into strings
        uint32_t shortName = 0;  // index into strings
        int32_t gridX = 0, gridY = 0, gridZ = 0;
        int32_t blockX = 0, blockY = 0, blockZ = 0;
        int32_t registersPerThread = 0;
        int32_t staticSharedMemory = 0;   // B per block
        int32_t dynamicSharedMemory = 0;  // B per block
    };

    // Columns shared by kernels, copies and memsets, one entry per row in the order stored.
    // Times are ns on CLOCK_MONOTONIC; variantId is 0 for activity outside any variant.
    struct Spans {
        std::vector<int64_t> start;
        std::vector<int64_t> end;
        std::vector<uint32_t> deviceId;
        std::vector<uint32_t> streamId;
        std::vector<int64_t> variantId;
        // Where the row is stored: its rowid in the file's table, so that the timeline can read
        // it again (its details, the rows of a window); its index here for rows made in memory.
        std::vector<int64_t> rowId;

        size_t size() const { return start.size(); }
        void reserve(size_t rows);
        // `row` < 0: the row's index here.
        void push(int64_t rowStart, int64_t rowEnd, uint32_t device, uint32_t stream,
                  int64_t variant, int64_t row = -1);
    };

    // Device memory allocations and releases (CUDA_GPU_MEMORY_USAGE_EVENTS), in the order stored.
    struct Memory {
        std::vector<int64_t> start;  // ns
        std::vector<uint32_t> deviceId;
        std::vector<int64_t> bytes;          // B, always positive
        std::vector<uint8_t> memKind;        // CUpti_ActivityMemoryKind: 3 is device memory
        std::vector<uint8_t> operationType;  // 1 allocation, 2 release

        size_t size() const { return start.size(); }
    };

    std::vector<std::string> strings{std::string()};  // kernel names; [0] is ""
    std::vector<KernelConfig> configs;

    Spans kernels;
    std::vector<uint32_t> kernelConfig;  // per kernel, index into configs

    Spans copies;
    std::vector<int64_t> copyBytes;  // B
    std::vector<uint8_t> copyKind;   // CUpti_ActivityMemcpyKind: 1 HtoD, 2 DtoH, 8 DtoD, ...

    Spans memsets;
    std::vector<int64_t> memsetBytes;  // B

    Memory memory;

    // Host-side ranges of an imported profile (NVTX), drawn above the streams. Each lane holds
    // ranges that do not overlap: one lane per thread and nesting level.
    struct Ranges {
        std::vector<int64_t> start;  // ns
        std::vector<int64_t> end;
        std::vector<uint32_t> name;  // index into strings
        std::vector<uint32_t> lane;  // index into rangeLanes

        size_t size() const { return start.size(); }
    };
    Ranges ranges;
    std::vector<std::string> rangeLanes;  // "NVTX · pid 4242 · thread 4243"

    // Streams whose number alone does not tell them apart (several processes' streams on one
    // device, numbered anew): "pid 4242 · stream 7", by deviceId << 32 | streamId.
    std::unordered_map<uint64_t, std::string> streamLabels;
};

inline void TimelineRows::Spans::reserve(size_t rows) {
    start.reserve(rows);
    end.reserve(rows);
    deviceId.reserve(rows);
    streamId.reserve(rows);
    variantId.reserve(rows);
    rowId.reserve(rows);
}

inline void TimelineRows::Spans::push(int64_t rowStart, int64_t rowEnd, uint32_t device,
                                      uint32_t stream, int64_t variant, int64_t row) {
    start.push_back(rowStart);
    end.push_back(rowEnd);
    deviceId.push_back(device);
    streamId.push_back(stream);
    variantId.push_back(variant);
    rowId.push_back(row < 0 ? int64_t(rowId.size()) : row);
}

}  // namespace costscope
