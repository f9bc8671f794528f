// The buffers between CUPTI and the drain thread: lent, completed, parsed; counted and capped.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "profiler/cupti/ActivityBuffer.h"

namespace costscope {

// Thread-safe. CUPTI's callbacks call lend() and complete() (from the application's threads,
// CUPTI's worker thread, or inside cuptiActivityFlushAll); the drain thread calls next() and
// recycle(); take() calls completedCount() and waitParsed(). The lock is held only for list and
// counter updates and is never held while calling into CUPTI, so a callback that CUPTI makes
// from inside a flush can always take it.
class ActivityBufferQueue {
  public:
    ActivityBufferQueue(size_t bufferBytes, size_t maxBuffers);
    // Frees every buffer it holds, except those still lent to CUPTI: those are leaked on purpose
    // (CUPTI may still write into them); freeOrphan() frees them if CUPTI ever hands them back.
    ~ActivityBufferQueue();
    ActivityBufferQueue(const ActivityBufferQueue&) = delete;
    ActivityBufferQueue& operator=(const ActivityBufferQueue&) = delete;

    struct Lent {
        uint8_t* data = nullptr;
        size_t size = 0;
    };
    // A zeroed buffer for CUPTI: a recycled one, a new one, or none ({nullptr, 0}) when
    // maxBuffers exist already (or memory ran out); CUPTI then drops records and counts them.
    Lent lend();
    // CUPTI hands a buffer back with `validBytes` of records: queued for the drain thread.
    // False when the buffer was not lent by this queue (see freeOrphan()).
    bool complete(uint8_t* data, size_t validBytes);
    // Frees a buffer that some earlier queue lent and left behind when it was destroyed.
    static void freeOrphan(uint8_t* data) { std::free(data); }

    // The drain thread's next completed buffer; waits for one. Null once stop() was called and
    // every completed buffer has been handed out.
    std::unique_ptr<ActivityBuffer> next();
    // The drain thread is done with a buffer from next(): it is cleared and kept for reuse.
    void recycle(std::unique_ptr<ActivityBuffer> buffer);
    // Wakes next() for good.
    void stop();
    // The drain thread has ended: waitParsed() then stops waiting for buffers no one will parse.
    void drainEnded();

    // Buffers CUPTI has handed back so far, and waiting until that many have been recycled (or
    // the drain thread has ended).
    uint64_t completedCount() const;
    void waitParsed(uint64_t count);

    size_t buffers() const;            // buffers in existence: lent, queued, parsing or spare
    size_t lentBuffers() const;        // with CUPTI now
    uint64_t refusedRequests() const;  // requests answered with no buffer (the cap)

  private:
    const size_t bufferBytes_;
    const size_t maxBuffers_;

    mutable std::mutex mutex_;
    std::condition_variable completedOrStopped_;
    std::condition_variable parsed_;
    std::unordered_map<const uint8_t*, std::unique_ptr<ActivityBuffer>> lent_;
    std::deque<std::unique_ptr<ActivityBuffer>> completed_;
    std::vector<std::unique_ptr<ActivityBuffer>> spare_;
    size_t buffers_ = 0;
    uint64_t completedCount_ = 0;
    uint64_t parsedCount_ = 0;
    uint64_t refused_ = 0;
    bool stopped_ = false;
    bool drainEnded_ = false;
};

}  // namespace costscope
