// measureGpuDevice() in a build without CUDA: there is no GPU to measure.
#include "profiler/GpuCeilings.h"

namespace costscope {

DeviceInfo measureGpuDevice() {
    return DeviceInfo{.kind = "gpu", .name = "", .ceilingsMethod = "built without CUDA"};
}

}  // namespace costscope
