// The CUPTI and CUDA calls the collector makes, as a table: the real one calls the libraries,
// tests give their own to check what the collector calls, in which order, and what it makes of
// CUPTI's answers (no buffer completed, dropped records, a refused call).
#pragma once

#include <cupti.h>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace costscope {

struct CuptiCalls {
    CUptiResult (*registerTimestampCallback)(CUpti_TimestampCallbackFunc);
    CUptiResult (*registerCallbacks)(CUpti_BuffersCallbackRequestFunc,
                                     CUpti_BuffersCallbackCompleteFunc);
    CUptiResult (*setAttribute)(CUpti_ActivityAttribute, size_t*, void*);
    CUptiResult (*enable)(CUpti_ActivityKind);
    CUptiResult (*disable)(CUpti_ActivityKind);
    CUptiResult (*enableRuntimeApi)(CUpti_CallbackId, uint8_t);
    CUptiResult (*enableDriverApi)(CUpti_CallbackId, uint8_t);
    CUptiResult (*callbackName)(CUpti_CallbackDomain, uint32_t, const char**);
    CUptiResult (*flushAll)(uint32_t);
    CUptiResult (*droppedRecords)(CUcontext, uint32_t, size_t*);
    CUptiResult (*timestamp)(uint64_t*);
    CUptiResult (*pushExternalCorrelationId)(CUpti_ExternalCorrelationKind, uint64_t);
    CUptiResult (*popExternalCorrelationId)(CUpti_ExternalCorrelationKind, uint64_t*);
    // Waits for the current device's work (cudaDeviceSynchronize); its error, if any, is an
    // earlier asynchronous one that the variant's own checks report.
    void (*synchronizeDevice)();

    // What registerTimestampCallback said, once it was called. CUPTI is asked once per table,
    // so once per process for the real one: registering again makes the next kernel record
    // come back on CUPTI's own clock.
    std::optional<CUptiResult> timestampRegistration;

    // The table of the real libraries, one per process.
    static CuptiCalls& real();
};

}  // namespace costscope
