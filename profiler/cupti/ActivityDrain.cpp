// The drain thread: completed CUPTI buffers to rows, off the runner's thread.
#include "profiler/cupti/ActivityDrain.h"

#include <utility>

namespace costscope {

ActivityDrain::ActivityDrain(size_t bufferBytes, size_t maxBuffers, int64_t clockOffsetNs)
    : queue_(bufferBytes, maxBuffers), parser_(clockOffsetNs), thread_([this] { run(); }) {}

ActivityDrain::~ActivityDrain() {
    stop();
}

void ActivityDrain::run() {
    while (auto buffer = queue_.next()) {
        ActivityParser::Walk walk;
        {
            std::lock_guard lock(parserMutex_);
            walk = parser_.parse(buffer->data(), buffer->validBytes());
        }
        if (walk.cutShort)
            cutShort_.fetch_add(1);
        queue_.recycle(std::move(buffer));
    }
    queue_.drainEnded();
}

ActivityBatch ActivityDrain::take() {
    queue_.waitParsed(queue_.completedCount());
    std::lock_guard lock(parserMutex_);
    return parser_.take();
}

void ActivityDrain::stop() {
    queue_.stop();
    if (thread_.joinable())
        thread_.join();
}

}  // namespace costscope
