// The CUPTI activity collector: buffer callbacks, the drain thread, call tags and the GPU clock.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "profiler/ActivityCollector.h"
#include "profiler/cupti/ActivityDrain.h"
#include "profiler/cupti/CuptiCalls.h"

namespace costscope {

// Whether the collector traces the CUDA runtime or driver call named `name`: the calls that
// launch work, copy or set memory, or allocate or free it. Their API records are what CUPTI writes
// the external correlation records (the tags) beside; tracing every call instead would put a
// record on each of the dozens of calls a cuBLAS or cuSPARSE call makes, inside the timed loop.
bool tracedApi(std::string_view name);

// startActivityCollector() makes one on CuptiCalls::real(); tests make their own on a fake table.
class CuptiCollector final : public ActivityCollector {
  public:
    explicit CuptiCollector(CuptiCalls& calls) : calls_(calls) {}
    ~CuptiCollector() override { shutDown(); }
    CuptiCollector(const CuptiCollector&) = delete;
    CuptiCollector& operator=(const CuptiCollector&) = delete;

    // Registers with CUPTI and enables the kinds and API calls. Returns why not when CUPTI
    // refused; the collector is then to be destroyed, which undoes whatever part succeeded.
    std::string start();

    bool isAvailable() const override { return true; }
    const std::string& reason() const override { return reason_; }

    // A failed push or pop is not worth stopping a measurement for: the rows it concerns
    // come out with tag 0 (or the enclosing tag), which the attribution reports as untagged.
    void push(CallTag tag) override;
    void pop() override;

    ActivityBatch take() override;
    uint64_t droppedRecords() const override { return drain_ ? drain_->droppedRecords() : 0; }
    uint64_t lostRecords() const override {
        return drain_ ? drain_->lostCorrelations() + drain_->buffersCutShort() : 0;
    }
    std::string note() const override { return note_; }

    // For CUPTI's buffer callbacks: set before they can be called, kept until destruction.
    ActivityDrain* drain() { return drain_.get(); }
    CuptiCalls& calls() { return calls_; }

  private:
    struct TracedApi {
        CUpti_CallbackDomain domain;
        CUpti_CallbackId id;
    };
    int64_t calibrateClock();
    // Enables API records for the calls tracedApi() names; false when CUPTI refuses that.
    bool traceWorkCalls();
    void shutDown();

    CuptiCalls& calls_;
    bool owner_ = false;                // this set the process's one-collector flag
    bool callbacksRegistered_ = false;  // CUPTI may call bufferRequested/bufferCompleted
    std::vector<CUpti_ActivityKind> enabled_;
    std::vector<TracedApi> traced_;
    std::string reason_;  // stays empty: an available collector has no reason
    std::string note_;
    std::unique_ptr<ActivityDrain> drain_;
};

}  // namespace costscope
