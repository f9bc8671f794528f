// The collector's CUPTI-free core: lends buffers, parses completed ones on its own thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>

#include "profiler/ActivityRows.h"
#include "profiler/cupti/ActivityBufferQueue.h"
#include "profiler/cupti/ActivityParser.h"

namespace costscope {

// CUPTI's buffer callbacks forward here (lend(), complete(), addDropped()); a thread of its own
// parses every completed buffer into rows, so the runner's thread only waits in take() for the
// last few. Tests drive it directly with buffers of synthetic records.
//
// Thread-safe. Locks: the queue's (lists and counters; callbacks, drain thread, take()) and the
// parser's (drain thread while it parses one buffer, take() while it joins). Neither is held
// while calling into CUPTI, and none of these functions calls CUPTI except the parser's buffer
// walk (cuptiActivityGetNextRecord, which reads the buffer and nothing else).
class ActivityDrain {
  public:
    ActivityDrain(size_t bufferBytes, size_t maxBuffers, int64_t clockOffsetNs);
    ~ActivityDrain();  // stop()
    ActivityDrain(const ActivityDrain&) = delete;
    ActivityDrain& operator=(const ActivityDrain&) = delete;

    // For CUPTI's bufferRequested: a zeroed buffer, or {nullptr, 0} at the cap.
    ActivityBufferQueue::Lent lend() { return queue_.lend(); }
    // For CUPTI's bufferCompleted: queues the buffer for parsing. False when this drain did not
    // lend it (see ActivityBufferQueue::freeOrphan()).
    bool complete(uint8_t* data, size_t validBytes) { return queue_.complete(data, validBytes); }
    // What cuptiActivityGetNumDroppedRecords said when a buffer came back.
    void addDropped(uint64_t records) { dropped_.fetch_add(records); }

    // Waits until every buffer completed so far is parsed, then returns the rows parsed since the
    // last take(), tags joined (ActivityParser::take()).
    ActivityBatch take();
    // Parses what is queued, then ends the thread; later buffers are kept unparsed.
    void stop();

    uint64_t droppedRecords() const { return dropped_.load(); }
    const ActivityBufferQueue& queue() const { return queue_; }
    // Buffers whose walk ended at an incomplete or invalid record.
    uint64_t buffersCutShort() const { return cutShort_.load(); }
    // External correlations the parser could not keep (its map was full): rows of those calls
    // come out untagged.
    uint64_t lostCorrelations() {
        const std::lock_guard lock(parserMutex_);
        return parser_.lostCorrelations();
    }

  private:
    void run();

    ActivityBufferQueue queue_;
    std::mutex parserMutex_;
    ActivityParser parser_;
    std::atomic<uint64_t> dropped_{0};
    std::atomic<uint64_t> cutShort_{0};
    std::thread thread_;
};

}  // namespace costscope
