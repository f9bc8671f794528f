// The GPU probe of a build without CUDA: every GPU variant is skipped with this reason.
#include "profiler/GpuProbe.h"

namespace costscope {

GpuProbe probeGpu() {
    GpuProbe probe;
    probe.reason =
        "this costscope was built without CUDA (COSTSCOPE_WITH_CUDA=OFF); rebuild with the CUDA "
        "toolkit installed to measure GPUs";
    return probe;
}

}  // namespace costscope
