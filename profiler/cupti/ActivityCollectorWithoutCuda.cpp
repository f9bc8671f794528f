// startActivityCollector() in a build without CUDA: a collector that is never available.
#include "profiler/ActivityCollector.h"
#include "profiler/cupti/UnavailableCollector.h"

namespace costscope {

std::unique_ptr<ActivityCollector> startActivityCollector() {
    return std::make_unique<UnavailableCollector>("built without CUDA: no CUPTI collector");
}

}  // namespace costscope
