// A run's timeline as a Chrome trace event file (JSON), which Perfetto UI and chrome://tracing
// open: written event by event as the rows are walked, never built as a document in memory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "profiler/store/TimelineRows.h"

namespace costscope {

struct ChromeTraceInput {
    // A span of the host's own track: a costscope variant's whole time (set-up, warm-up, timed
    // calls). An imported profile's NVTX ranges come with the rows instead (rows.ranges).
    struct HostSpan {
        int64_t variantId = 0;  // what the GPU rows' variantId name
        std::string name;
        std::string device;  // what it measured: "cpu", "gpu"
        int64_t startNs = 0;
        int64_t endNs = 0;
    };

    const TimelineRows* rows = nullptr;
    std::vector<HostSpan> hostSpans;
    std::string hostName;                      // the host process's name in the trace
    std::map<uint32_t, std::string> gpuNames;  // by device id: "NVIDIA H200"
    std::string source;                        // what the trace was made from, in otherData
};

// Writes the trace to `out`:
// - one process for the host (its variants, or each NVTX lane, as a track) and one per GPU (a
//   track per stream and kind: kernels, copies, memsets), named and sorted as the GUI's lanes;
// - every kernel, copy, memset, variant and range as a complete event ("X"), kernels with their
//   grid, block, registers and shared memory in args, copies and memsets with their bytes;
// - the device memory in use as a counter track ("C") per GPU (MemoryInUse).
// Timestamps and durations are microseconds with the nanoseconds as three decimals, written from
// the integers so nothing is rounded away; times of a damaged file are held to [0, 2^60] ns.
// Names are JSON-escaped, invalid UTF-8 replaced by U+FFFD.
void writeChromeTrace(std::ostream& out, const ChromeTraceInput& input);

// Writes the trace to `path` whole or not at all (beside it first, then renamed). Throws
// StoreError naming the path and the reason (an unwritable folder, a full disk); what was begun
// is removed.
void exportChromeTrace(const std::filesystem::path& path, const ChromeTraceInput& input);

}  // namespace costscope
