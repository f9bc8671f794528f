// The capped buffer pool and completed-buffer queue between CUPTI and the drain thread.
#include "profiler/cupti/ActivityBufferQueue.h"

namespace costscope {

ActivityBufferQueue::ActivityBufferQueue(size_t bufferBytes, size_t maxBuffers)
    : bufferBytes_(bufferBytes), maxBuffers_(maxBuffers) {}

ActivityBufferQueue::~ActivityBufferQueue() {
    for (auto& [data, buffer] : lent_)
        buffer->release();
}

ActivityBufferQueue::Lent ActivityBufferQueue::lend() {
    std::unique_ptr<ActivityBuffer> buffer;
    {
        std::lock_guard lock(mutex_);
        if (!spare_.empty()) {
            buffer = std::move(spare_.back());
            spare_.pop_back();
        } else if (buffers_ >= maxBuffers_) {
            ++refused_;
            return {};
        } else {
            ++buffers_;  // reserved now, allocated below without the lock
        }
    }
    if (!buffer) {
        buffer = std::make_unique<ActivityBuffer>(bufferBytes_);
        if (!buffer->data()) {
            std::lock_guard lock(mutex_);
            --buffers_;
            ++refused_;
            return {};
        }
    }
    const Lent lent{buffer->data(), buffer->size()};
    std::lock_guard lock(mutex_);
    lent_.emplace(lent.data, std::move(buffer));
    return lent;
}

bool ActivityBufferQueue::complete(uint8_t* data, size_t validBytes) {
    {
        std::lock_guard lock(mutex_);
        auto it = lent_.find(data);
        if (it == lent_.end())
            return false;
        it->second->setValidBytes(validBytes);
        completed_.push_back(std::move(it->second));
        lent_.erase(it);
        ++completedCount_;
    }
    completedOrStopped_.notify_one();
    return true;
}

std::unique_ptr<ActivityBuffer> ActivityBufferQueue::next() {
    std::unique_lock lock(mutex_);
    completedOrStopped_.wait(lock, [this] { return stopped_ || !completed_.empty(); });
    if (completed_.empty())
        return nullptr;
    auto buffer = std::move(completed_.front());
    completed_.pop_front();
    return buffer;
}

void ActivityBufferQueue::recycle(std::unique_ptr<ActivityBuffer> buffer) {
    if (buffer)
        buffer->clear();  // outside the lock: 8 MiB of memset must not stall CUPTI's callbacks
    {
        std::lock_guard lock(mutex_);
        if (buffer)
            spare_.push_back(std::move(buffer));
        ++parsedCount_;
    }
    parsed_.notify_all();
}

void ActivityBufferQueue::stop() {
    {
        std::lock_guard lock(mutex_);
        stopped_ = true;
    }
    completedOrStopped_.notify_all();
}

void ActivityBufferQueue::drainEnded() {
    {
        std::lock_guard lock(mutex_);
        drainEnded_ = true;
    }
    parsed_.notify_all();
}

uint64_t ActivityBufferQueue::completedCount() const {
    std::lock_guard lock(mutex_);
    return completedCount_;
}

void ActivityBufferQueue::waitParsed(uint64_t count) {
    std::unique_lock lock(mutex_);
    parsed_.wait(lock, [&] { return parsedCount_ >= count || drainEnded_; });
}

size_t ActivityBufferQueue::buffers() const {
    std::lock_guard lock(mutex_);
    return buffers_;
}

size_t ActivityBufferQueue::lentBuffers() const {
    std::lock_guard lock(mutex_);
    return lent_.size();
}

uint64_t ActivityBufferQueue::refusedRequests() const {
    std::lock_guard lock(mutex_);
    return refused_;
}

}  // namespace costscope
