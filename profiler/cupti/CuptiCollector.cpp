// The CUPTI activity collector: buffer callbacks, the drain thread, call tags and the GPU clock.
#include "profiler/cupti/CuptiCollector.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <thread>
#include <utility>

#include "profiler/Clock.h"
#include "profiler/cupti/CuptiCheck.h"
#include "profiler/cupti/UnavailableCollector.h"

namespace costscope {
namespace {

// CUPTI suggests 1 to 10 MB per buffer. 64 of them (512 MiB) hold millions of records; past
// that CUPTI gets no buffer and counts what it drops, which the run then reports.
constexpr size_t kBufferBytes = size_t(8) << 20;
constexpr size_t kMaxBuffers = 64;

// The runner's tags travel as CUSTOM0 external correlation ids (CUSTOM1/2 stay free for others).
constexpr CUpti_ExternalCorrelationKind kTagKind = CUPTI_EXTERNAL_CORRELATION_KIND_CUSTOM0;

struct Kind {
    CUpti_ActivityKind kind;
    const char* name;
};
// Enabled in this order, after the timestamp callback. CONCURRENT_KERNEL, never KERNEL: KERNEL
// serializes every kernel on the GPU. The API records that CUPTI writes external correlation
// records beside come from the traced calls (traceWorkCalls()), not from the RUNTIME and DRIVER
// kinds, which would record every CUDA call. A kernel launched through the runtime carries the
// runtime call's correlation id, one launched through the driver (cuBLASLt, cuSPARSELt) the
// driver call's, so both APIs are traced.
constexpr Kind kKinds[] = {
    {CUPTI_ACTIVITY_KIND_EXTERNAL_CORRELATION, "CUPTI_ACTIVITY_KIND_EXTERNAL_CORRELATION"},
    {CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL, "CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL"},
    {CUPTI_ACTIVITY_KIND_MEMCPY, "CUPTI_ACTIVITY_KIND_MEMCPY"},
    {CUPTI_ACTIVITY_KIND_MEMSET, "CUPTI_ACTIVITY_KIND_MEMSET"},
    {CUPTI_ACTIVITY_KIND_MEMORY2, "CUPTI_ACTIVITY_KIND_MEMORY2"},
    {CUPTI_ACTIVITY_KIND_OVERHEAD, "CUPTI_ACTIVITY_KIND_OVERHEAD"},
};

// Runtime and driver calls that launch work, copy or set memory, or allocate or free it.
constexpr std::string_view kTracedPrefixes[] = {
    "cudaLaunch",     "cudaGraphLaunch", "cudaMemcpy",   "cudaMemset", "cudaMalloc", "cudaFree",
    "cuLaunch",       "cuGraphLaunch",   "cuMemcpy",     "cuMemset",   "cuMemAlloc", "cuMemFree",
    "cuMemHostAlloc", "cuMemCreate",     "cuMemRelease", "cuMemMap",   "cuMemUnmap",
};

// One collector at a time per process: CUPTI's activity state is per process.
std::atomic<bool> collectorExists{false};
// CUPTI's callbacks are plain functions, so they find the collector through this pointer, set
// once its drain exists and cleared before it is destroyed.
std::atomic<CuptiCollector*> activeCollector{nullptr};
// Callbacks now running; the collector waits for none after clearing activeCollector, so a
// callback never uses a collector that is being destroyed.
std::atomic<int> callbacksRunning{0};

class CallbackScope {
  public:
    CallbackScope() { callbacksRunning.fetch_add(1); }
    ~CallbackScope() { callbacksRunning.fetch_sub(1); }
    CallbackScope(const CallbackScope&) = delete;
    CallbackScope& operator=(const CallbackScope&) = delete;
    CuptiCollector* collector() const { return activeCollector.load(); }
};

uint64_t CUPTIAPI monotonicTimestamp() {
    return uint64_t(monotonicNs());
}

void CUPTIAPI bufferRequested(uint8_t** buffer, size_t* size, size_t* maxNumRecords) {
    const CallbackScope scope;
    *maxNumRecords = 0;  // as many as fit
    ActivityBufferQueue::Lent lent;
    try {
        if (CuptiCollector* collector = scope.collector())
            lent = collector->drain()->lend();
    } catch (const std::bad_alloc&) {
        // No exception may cross CUPTI's C frames: no buffer, CUPTI drops and counts.
        lent = {};
    }
    *buffer = lent.data;
    *size = lent.size;
}

void CUPTIAPI bufferCompleted(CUcontext context, uint32_t streamId, uint8_t* buffer, size_t,
                              size_t validSize) {
    const CallbackScope scope;
    CuptiCollector* collector = scope.collector();
    ActivityDrain* drain = collector ? collector->drain() : nullptr;
    // Asked before complete() takes the queue's lock: CUPTI is never entered under our locks.
    size_t dropped = 0;
    if (collector &&
        collector->calls().droppedRecords(context, streamId, &dropped) == CUPTI_SUCCESS)
        drain->addDropped(dropped);
    if (!buffer)
        return;
    try {
        if (!drain || !drain->complete(buffer, validSize))
            ActivityBufferQueue::freeOrphan(buffer);  // lent by a collector that is gone
    } catch (const std::bad_alloc&) {
        // Queue full of memory trouble: the buffer stays lent and is lost with its records.
    }
}

}  // namespace

bool tracedApi(std::string_view name) {
    for (const std::string_view prefix : kTracedPrefixes)
        if (name.starts_with(prefix))
            return true;
    return false;
}

std::string CuptiCollector::start() {
    bool exists = false;
    if (!collectorExists.compare_exchange_strong(exists, true))
        return "another CUPTI activity collector is already running in this process";
    owner_ = true;
    try {
        // The clock first: CUPTI applies a timestamp callback only to records of kinds enabled
        // after it was registered. Once per process: see CuptiCalls::timestampRegistration.
        if (!calls_.timestampRegistration)
            calls_.timestampRegistration = calls_.registerTimestampCallback(&monotonicTimestamp);
        int64_t clockOffsetNs = 0;
        if (*calls_.timestampRegistration == CUPTI_SUCCESS) {
            note_ =
                "GPU timestamps are on CLOCK_MONOTONIC, the CPU samples' clock: CUPTI reads it "
                "through the timestamp callback (cuptiActivityRegisterTimestampCallback)";
        } else {
            clockOffsetNs = calibrateClock();
            note_ += "; cuptiActivityRegisterTimestampCallback said " +
                     cuptiResultName(*calls_.timestampRegistration);
        }
        // Our buffers come zeroed (ActivityBuffer), so CUPTI need not clear each new one on the
        // application's thread. Best effort: if CUPTI refuses, it clears them itself.
        uint8_t zeroed = 1;
        size_t zeroedSize = sizeof zeroed;
        (void)calls_.setAttribute(CUPTI_ACTIVITY_ATTR_ZEROED_OUT_ACTIVITY_BUFFER, &zeroedSize,
                                  &zeroed);
        drain_ = std::make_unique<ActivityDrain>(kBufferBytes, kMaxBuffers, clockOffsetNs);
        activeCollector.store(this);
        COSTSCOPE_CHECK(calls_.registerCallbacks(&bufferRequested, &bufferCompleted));
        callbacksRegistered_ = true;
        for (const Kind& kind : kKinds) {
            const std::string call = std::string("cuptiActivityEnable(") + kind.name + ")";
            checkCall(calls_.enable(kind.kind), call.c_str(), __FILE__, __LINE__);
            enabled_.push_back(kind.kind);
        }
        if (traceWorkCalls()) {
            note_ += "; API records only for the " + std::to_string(traced_.size()) +
                     " runtime and driver calls that launch work, copy, set, allocate or free "
                     "memory";
        } else {
            // This CUPTI traces APIs all or nothing: the tags need them, so all.
            for (const CUpti_ActivityKind kind :
                 {CUPTI_ACTIVITY_KIND_RUNTIME, CUPTI_ACTIVITY_KIND_DRIVER}) {
                COSTSCOPE_CHECK(calls_.enable(kind));
                enabled_.push_back(kind);
            }
            note_ +=
                "; every runtime and driver call is traced (this CUPTI refused "
                "cuptiActivityEnableRuntimeApi), which adds to end-to-end times";
        }
        // Kernels the driver launches outside any public call, attributed like driver launches
        // where this CUPTI knows the kind; those that stay untagged void their variant's GPU
        // figures (GpuAttribution).
        if (calls_.enable(CUPTI_ACTIVITY_KIND_INTERNAL_LAUNCH_API) == CUPTI_SUCCESS)
            enabled_.push_back(CUPTI_ACTIVITY_KIND_INTERNAL_LAUNCH_API);
    } catch (const GpuError& error) {
        return error.what();
    }
    return {};
}

bool CuptiCollector::traceWorkCalls() {
    const struct {
        CUpti_CallbackDomain domain;
        uint32_t size;
        CUptiResult (*enable)(CUpti_CallbackId, uint8_t);
    } apis[] = {
        {CUPTI_CB_DOMAIN_RUNTIME_API, CUPTI_RUNTIME_TRACE_CBID_SIZE, calls_.enableRuntimeApi},
        {CUPTI_CB_DOMAIN_DRIVER_API, CUPTI_DRIVER_TRACE_CBID_SIZE, calls_.enableDriverApi},
    };
    for (const auto& api : apis) {
        for (uint32_t id = 1; id < api.size; ++id) {
            const char* name = nullptr;
            if (calls_.callbackName(api.domain, id, &name) != CUPTI_SUCCESS || !name ||
                !tracedApi(name))
                continue;
            if (api.enable(id, 1) != CUPTI_SUCCESS)
                return false;
            traced_.push_back({api.domain, id});
        }
    }
    return !traced_.empty();
}

// Without the callback, GPU rows come in CUPTI's own clock (CLOCK_REALTIME on Linux): measure
// its offset from CLOCK_MONOTONIC once and apply it while parsing.
int64_t CuptiCollector::calibrateClock() {
    int64_t bestWindow = INT64_MAX;
    int64_t offset = 0;
    for (int i = 0; i < 32; ++i) {
        uint64_t cupti = 0;
        const int64_t before = monotonicNs();
        COSTSCOPE_CHECK(calls_.timestamp(&cupti));
        const int64_t after = monotonicNs();
        // The reading that took least time brackets CUPTI's clock most tightly.
        if (after - before < bestWindow) {
            bestWindow = after - before;
            offset = before + (after - before) / 2 - int64_t(cupti);
        }
    }
    note_ = "GPU timestamps moved from CUPTI's clock to CLOCK_MONOTONIC by an offset of " +
            std::to_string(offset) + " ns measured at start (within " +
            std::to_string(bestWindow / 2 + 1) +
            " ns); a step of the wall clock during the run would shift them";
    return offset;
}

void CuptiCollector::push(CallTag tag) {
    (void)calls_.pushExternalCorrelationId(kTagKind, tag.pack());
}

void CuptiCollector::pop() {
    uint64_t last = 0;
    (void)calls_.popExternalCorrelationId(kTagKind, &last);
}

ActivityBatch CuptiCollector::take() {
    // The work this take() should see has finished once the device is idle: a record still
    // running comes back from the forced flush with zero timestamps, and an incomplete record
    // ends the walk of its buffer (cuptiActivityFlushAll does not synchronize).
    calls_.synchronizeDevice();
    // Forced: a plain flush (flag 0) holds back any buffer with an unfinished record and has been
    // seen to deliver nothing at all; the forced one hands every buffer back.
    //
    // None of our locks is held across this call: CUPTI may call bufferRequested and
    // bufferCompleted from inside the flush, on this thread, and they take the queue's lock;
    // holding it (or waiting on the drain thread while holding it) would deadlock.
    (void)calls_.flushAll(CUPTI_ACTIVITY_FLAG_FLUSH_FORCED);
    // Records dropped for want of a buffer are counted by the queue that dropped them, and read
    // in bufferCompleted; when the pool is exhausted no buffer completes, so read the global
    // queue's count here too (each read resets it: nothing is counted twice).
    size_t dropped = 0;
    if (calls_.droppedRecords(nullptr, 0, &dropped) == CUPTI_SUCCESS)
        drain_->addDropped(dropped);
    return drain_->take();
}

void CuptiCollector::shutDown() {
    for (const TracedApi& api : traced_)
        (void)(api.domain == CUPTI_CB_DOMAIN_RUNTIME_API ? calls_.enableRuntimeApi(api.id, 0)
                                                         : calls_.enableDriverApi(api.id, 0));
    for (auto kind = enabled_.rbegin(); kind != enabled_.rend(); ++kind)
        (void)calls_.disable(*kind);
    if (callbacksRegistered_)
        (void)calls_.flushAll(CUPTI_ACTIVITY_FLAG_FLUSH_FORCED);
    if (activeCollector.load() == this) {
        activeCollector.store(nullptr);
        while (callbacksRunning.load() != 0)
            std::this_thread::yield();
    }
    if (drain_)
        drain_->stop();
    if (owner_)
        collectorExists.store(false);
}

std::unique_ptr<ActivityCollector> startActivityCollector() {
    auto collector = std::make_unique<CuptiCollector>(CuptiCalls::real());
    std::string reason = collector->start();
    if (reason.empty())
        return collector;
    collector.reset();  // undoes what start() did before CUPTI refused
    return std::make_unique<UnavailableCollector>(std::move(reason));
}

}  // namespace costscope
