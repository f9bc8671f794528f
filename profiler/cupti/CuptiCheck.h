// COSTSCOPE_CHECK for CUPTI calls: the CUptiResult overload of kernels/gpu/Checked.h's helper.
#pragma once

#include <cupti.h>

#include <string>

#include "kernels/gpu/Checked.h"

namespace costscope {

// Throws GpuError naming the call, file and line, CUPTI's message and the result's name, e.g.
// "cuptiActivityEnable(kind) failed at profiler/cupti/CuptiCollector.cpp:80: <CUPTI's message>
// (CUPTI_ERROR_NOT_INITIALIZED)".
[[noreturn]] void failCall(CUptiResult result, const char* call, const char* file, int line);

inline void checkCall(CUptiResult result, const char* call, const char* file, int line) {
    if (result != CUPTI_SUCCESS) [[unlikely]]
        failCall(result, call, file, line);
}

// CUPTI's name for a result ("CUPTI_ERROR_UNKNOWN"), or its number when CUPTI has none.
std::string cuptiResultName(CUptiResult result);

}  // namespace costscope
