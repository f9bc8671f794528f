// The real CUPTI and CUDA calls behind CuptiCalls.
#include "profiler/cupti/CuptiCalls.h"

#include <cuda_runtime_api.h>

namespace costscope {

CuptiCalls& CuptiCalls::real() {
    static CuptiCalls calls{
        .registerTimestampCallback = cuptiActivityRegisterTimestampCallback,
        .registerCallbacks = cuptiActivityRegisterCallbacks,
        .setAttribute = cuptiActivitySetAttribute,
        .enable = cuptiActivityEnable,
        .disable = cuptiActivityDisable,
        .enableRuntimeApi = cuptiActivityEnableRuntimeApi,
        .enableDriverApi = cuptiActivityEnableDriverApi,
        .callbackName = cuptiGetCallbackName,
        .flushAll = cuptiActivityFlushAll,
        .droppedRecords = cuptiActivityGetNumDroppedRecords,
        .timestamp = cuptiGetTimestamp,
        .pushExternalCorrelationId = cuptiActivityPushExternalCorrelationId,
        .popExternalCorrelationId = cuptiActivityPopExternalCorrelationId,
        .synchronizeDevice = [] { (void)cudaDeviceSynchronize(); },
        .timestampRegistration = std::nullopt,
    };
    return calls;
}

}  // namespace costscope
