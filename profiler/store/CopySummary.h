// GPU memory operations per kind, figured as nsys stats' cuda_gpu_mem_time_sum and
// cuda_gpu_mem_size_sum figure them: shared by recordings and imported Nsight Systems exports.
#pragma once

#include <cstdint>
#include <vector>

#include "profiler/store/RecordingRows.h"

namespace costscope {

// Accumulates operations, then summarises them by kind.
class CopySummary {
  public:
    // A copy of CUPTI's (and nsys's) CUpti_ActivityMemcpyKind, `bytes` long, `start` to `end`.
    void addCopy(int64_t copyKind, int64_t bytes, int64_t start, int64_t end);
    void addMemset(int64_t bytes, int64_t start, int64_t end);

    // One row per kind met, the most time first (then more operations, then by name); sizes
    // held to [0, 2^60] and negative durations of a damaged file counted as 0.
    std::vector<CopySummaryRow> rows() const;

    // nsys's name of a copy kind: "[CUDA memcpy Host-to-Device]" ...
    static const char* operationName(int64_t copyKind);

  private:
    struct Operations {
        std::vector<int64_t> bytes;
        int64_t totalNs = 0;
    };
    void add(int64_t kind, int64_t bytes, int64_t start, int64_t end);

    std::vector<std::pair<int64_t, Operations>> kinds_;  // memsets under kind -1
};

}  // namespace costscope
