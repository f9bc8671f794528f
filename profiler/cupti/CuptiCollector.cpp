// The CUPTI activity collector: buffer callbacks, the drain thread, call tags and the GPU clock.
#include <cupti.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "profiler/ActivityCollector.h"
#include "profiler/Clock.h"
#include "profiler/cupti/ActivityDrain.h"
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
// serializes every kernel on the GPU. RUNTIME and DRIVER make no rows: CUPTI writes an external
// correlation record only next to an API record, so without them no row could carry a tag.
// Both, because a kernel launched through the runtime carries the runtime call's correlation
// id and one launched through the driver (cuBLASLt, cuSPARSELt) the driver call's.
constexpr Kind kKinds[] = {
    {CUPTI_ACTIVITY_KIND_EXTERNAL_CORRELATION, "CUPTI_ACTIVITY_KIND_EXTERNAL_CORRELATION"},
    {CUPTI_ACTIVITY_KIND_RUNTIME, "CUPTI_ACTIVITY_KIND_RUNTIME"},
    {CUPTI_ACTIVITY_KIND_DRIVER, "CUPTI_ACTIVITY_KIND_DRIVER"},
    {CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL, "CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL"},
    {CUPTI_ACTIVITY_KIND_MEMCPY, "CUPTI_ACTIVITY_KIND_MEMCPY"},
    {CUPTI_ACTIVITY_KIND_MEMSET, "CUPTI_ACTIVITY_KIND_MEMSET"},
    {CUPTI_ACTIVITY_KIND_MEMORY2, "CUPTI_ACTIVITY_KIND_MEMORY2"},
    {CUPTI_ACTIVITY_KIND_OVERHEAD, "CUPTI_ACTIVITY_KIND_OVERHEAD"},
};

class CuptiCollector;

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

void CUPTIAPI bufferRequested(uint8_t** buffer, size_t* size, size_t* maxNumRecords);
void CUPTIAPI bufferCompleted(CUcontext context, uint32_t streamId, uint8_t* buffer, size_t size,
                              size_t validSize);

class CuptiCollector final : public ActivityCollector {
  public:
    CuptiCollector() = default;
    ~CuptiCollector() override { shutDown(); }
    CuptiCollector(const CuptiCollector&) = delete;
    CuptiCollector& operator=(const CuptiCollector&) = delete;

    // Registers with CUPTI and enables the kinds. Returns why not when CUPTI refused; the
    // collector is then to be destroyed, which undoes whatever part succeeded.
    std::string start();

    bool isAvailable() const override { return true; }
    const std::string& reason() const override { return reason_; }

    // A failed push or pop is not worth stopping a measurement for: the rows it concerns
    // come out with tag 0 (or the enclosing tag), which the attribution reports as untagged.
    void push(CallTag tag) override {
        (void)cuptiActivityPushExternalCorrelationId(kTagKind, tag.pack());
    }
    void pop() override {
        uint64_t last = 0;
        (void)cuptiActivityPopExternalCorrelationId(kTagKind, &last);
    }

    ActivityBatch take() override;
    uint64_t droppedRecords() const override { return drain_ ? drain_->droppedRecords() : 0; }
    uint64_t lostRecords() const override {
        return drain_ ? drain_->lostCorrelations() + drain_->buffersCutShort() : 0;
    }
    std::string clockNote() const override { return clockNote_; }

    // Set before activeCollector points here, kept until the collector is destroyed.
    ActivityDrain* drain() { return drain_.get(); }

  private:
    int64_t calibrateClock();
    void shutDown();

    bool owner_ = false;                // this set collectorExists
    bool callbacksRegistered_ = false;  // CUPTI may call bufferRequested/bufferCompleted
    std::vector<CUpti_ActivityKind> enabled_;
    std::string reason_;  // stays empty: an available collector has no reason
    std::string clockNote_;
    std::unique_ptr<ActivityDrain> drain_;
};

std::string CuptiCollector::start() {
    bool exists = false;
    if (!collectorExists.compare_exchange_strong(exists, true))
        return "another CUPTI activity collector is already running in this process";
    owner_ = true;
    try {
        // The clock first: CUPTI applies a timestamp callback only to records of kinds enabled
        // after it was registered.
        const CUptiResult clock = cuptiActivityRegisterTimestampCallback(&monotonicTimestamp);
        int64_t clockOffsetNs = 0;
        if (clock == CUPTI_SUCCESS) {
            clockNote_ =
                "GPU timestamps are on CLOCK_MONOTONIC, the CPU samples' clock: CUPTI reads it "
                "through the timestamp callback (cuptiActivityRegisterTimestampCallback)";
        } else {
            clockOffsetNs = calibrateClock();
            clockNote_ += "; cuptiActivityRegisterTimestampCallback said " + cuptiResultName(clock);
        }
        // Our buffers come zeroed (ActivityBuffer), so CUPTI need not clear each new one on the
        // application's thread. Best effort: if CUPTI refuses, it clears them itself.
        uint8_t zeroed = 1;
        size_t zeroedSize = sizeof zeroed;
        (void)cuptiActivitySetAttribute(CUPTI_ACTIVITY_ATTR_ZEROED_OUT_ACTIVITY_BUFFER, &zeroedSize,
                                        &zeroed);
        drain_ = std::make_unique<ActivityDrain>(kBufferBytes, kMaxBuffers, clockOffsetNs);
        activeCollector.store(this);
        COSTSCOPE_CHECK(cuptiActivityRegisterCallbacks(&bufferRequested, &bufferCompleted));
        callbacksRegistered_ = true;
        for (const Kind& kind : kKinds) {
            const std::string call = std::string("cuptiActivityEnable(") + kind.name + ")";
            checkCall(cuptiActivityEnable(kind.kind), call.c_str(), __FILE__, __LINE__);
            enabled_.push_back(kind.kind);
        }
    } catch (const GpuError& error) {
        return error.what();
    }
    return {};
}

// Without the callback, GPU rows come in CUPTI's own clock (CLOCK_REALTIME on Linux): measure
// its offset from CLOCK_MONOTONIC once and apply it while parsing.
int64_t CuptiCollector::calibrateClock() {
    int64_t bestWindow = INT64_MAX;
    int64_t offset = 0;
    for (int i = 0; i < 32; ++i) {
        uint64_t cupti = 0;
        const int64_t before = monotonicNs();
        COSTSCOPE_CHECK(cuptiGetTimestamp(&cupti));
        const int64_t after = monotonicNs();
        // The reading that took least time brackets CUPTI's clock most tightly.
        if (after - before < bestWindow) {
            bestWindow = after - before;
            offset = before + (after - before) / 2 - int64_t(cupti);
        }
    }
    clockNote_ = "GPU timestamps moved from CUPTI's clock to CLOCK_MONOTONIC by an offset of " +
                 std::to_string(offset) + " ns measured at start (within " +
                 std::to_string(bestWindow / 2 + 1) +
                 " ns); a step of the wall clock during the run would shift them";
    return offset;
}

ActivityBatch CuptiCollector::take() {
    // Forced: a plain flush (flag 0) holds back any buffer with an unfinished record and has been
    // seen to deliver nothing at all; the forced one hands every buffer back, a record still
    // running with zero timestamps. The runner takes after the GPU work it tags has finished.
    //
    // None of our locks is held across this call: CUPTI may call bufferRequested and
    // bufferCompleted from inside the flush, on this thread, and they take the queue's lock;
    // holding it (or waiting on the drain thread while holding it) would deadlock.
    (void)cuptiActivityFlushAll(CUPTI_ACTIVITY_FLAG_FLUSH_FORCED);
    return drain_->take();
}

void CuptiCollector::shutDown() {
    for (auto kind = enabled_.rbegin(); kind != enabled_.rend(); ++kind)
        (void)cuptiActivityDisable(*kind);
    if (callbacksRegistered_)
        (void)cuptiActivityFlushAll(CUPTI_ACTIVITY_FLAG_FLUSH_FORCED);
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
    // Asked before complete() takes the queue's lock: CUPTI is never entered under our locks.
    size_t dropped = 0;
    if (cuptiActivityGetNumDroppedRecords(context, streamId, &dropped) != CUPTI_SUCCESS)
        dropped = 0;
    CuptiCollector* collector = scope.collector();
    ActivityDrain* drain = collector ? collector->drain() : nullptr;
    if (drain)
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

std::unique_ptr<ActivityCollector> startActivityCollector() {
    auto collector = std::make_unique<CuptiCollector>();
    std::string reason = collector->start();
    if (reason.empty())
        return collector;
    collector.reset();  // undoes what start() did before CUPTI refused
    return std::make_unique<UnavailableCollector>(std::move(reason));
}

}  // namespace costscope
