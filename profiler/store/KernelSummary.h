// GPU time per kernel name, figured as `nsys stats --report cuda_gpu_kern_sum` figures it: shared
// by costscope's recordings and imported Nsight Systems exports, so both read the same.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "profiler/store/RecordingRows.h"

namespace costscope {

// One name's row from its instances' durations (ns, at least one; reordered in place): total,
// mean, median (the mean of the two middle values for an even count), min, max and the sample
// standard deviation (n - 1; 0 for one instance). Sums saturate rather than overflow.
KernelSummaryRow summariseKernel(std::string name, std::string shortName,
                                 std::vector<int64_t>& durations);

// Fills each row's percent of the summed total and orders the rows as nsys does: the largest
// total first, then fewer instances, then by name.
void finishKernelSummary(std::vector<KernelSummaryRow>& rows);

}  // namespace costscope
