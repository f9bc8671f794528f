// The seam between the runner and CUPTI: tag each GPU call, then take what the GPU did.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "profiler/ActivityRows.h"

namespace costscope {

// Implementations: CuptiCollector (profiler/cupti/, built with CUDA) and the fakes of the
// runner's tests. All calls come from the runner's thread.
class ActivityCollector {
  public:
    virtual ~ActivityCollector() = default;

    // False when CUPTI refused (no driver, another profiler attached, ...); reason() then
    // holds CUPTI's own words. An unavailable collector records nothing.
    virtual bool isAvailable() const = 0;
    virtual const std::string& reason() const = 0;

    // Every CUDA call between push and pop is attributed to `tag` (an external correlation id).
    virtual void push(CallTag tag) = 0;
    virtual void pop() = 0;

    // Flushes CUPTI, waits until every completed buffer is parsed, and returns the rows
    // gathered since the last take(), each with its tag joined in (0 when none was pushed).
    // Call it once the GPU work it should see has finished: a kernel still running comes back
    // with zero start and end.
    virtual ActivityBatch take() = 0;

    // Records CUPTI dropped so far (buffers full or refused), summed over contexts and streams.
    virtual uint64_t droppedRecords() const = 0;
    // Records that arrived but could not be used: external correlations past the parser's cap
    // (their rows come out untagged) and buffers whose walk stopped at a broken record. Like a
    // drop, a change while a variant runs means its rows are incomplete.
    virtual uint64_t lostRecords() const = 0;
    // For the run's note: how GPU timestamps relate to the CPU samples' clock, and which CUDA
    // calls are traced.
    virtual std::string note() const = 0;
};

// Pushes a tag for the lifetime of the scope: the runner wraps every GPU call in one.
class TagScope {
  public:
    TagScope(ActivityCollector* collector, CallTag tag) : collector_(collector) {
        if (collector_)
            collector_->push(tag);
    }
    ~TagScope() {
        if (collector_)
            collector_->pop();
    }
    TagScope(const TagScope&) = delete;
    TagScope& operator=(const TagScope&) = delete;

  private:
    ActivityCollector* collector_;
};

// Starts CUPTI activity collection for this process (CONCURRENT_KERNEL, MEMCPY, MEMSET,
// MEMORY2, OVERHEAD, EXTERNAL_CORRELATION; API records only for the runtime and driver calls that
// launch work or move or allocate memory, without which CUPTI writes no external correlation
// records). Never null: without CUDA, or when CUPTI refuses (no driver, another profiler
// attached), the collector is unavailable and says why. One collector at a time per process: a
// second start while one lives is unavailable.
std::unique_ptr<ActivityCollector> startActivityCollector();

}  // namespace costscope
