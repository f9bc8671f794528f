// GpuError messages for failed CUPTI calls, in the format of kernels/gpu/Checked.h.
#include "profiler/cupti/CuptiCheck.h"

namespace costscope {

std::string cuptiResultName(CUptiResult result) {
    const char* name = nullptr;
    if (cuptiGetResultString(result, &name) == CUPTI_SUCCESS && name)
        return name;
    return "CUptiResult " + std::to_string(int(result));
}

void failCall(CUptiResult result, const char* call, const char* file, int line) {
    const std::string name = cuptiResultName(result);
    const char* message = nullptr;
    // For some results (CUPTI_ERROR_UNKNOWN) CUPTI's message is only the name again.
    if (cuptiGetErrorMessage(result, &message) != CUPTI_SUCCESS || !message || name == message)
        message = "CUPTI gave no description";
    throwGpuError(call, file, line, message, name);
}

}  // namespace costscope
