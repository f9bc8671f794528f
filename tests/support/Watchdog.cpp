// Watchdog: a thread that waits for the destructor, or ends the process.
#include "tests/support/Watchdog.h"

#include <cstdlib>
#include <iostream>

namespace costscope::test {

Watchdog::Watchdog(std::chrono::seconds limit, std::string what)
    : thread_([this, limit, what = std::move(what)] {
          std::unique_lock lock(mutex_);
          if (!finished_.wait_for(lock, limit, [this] { return done_; })) {
              std::cerr << "FAILED: " << what << " did not end within " << limit.count()
                        << " s; the test process stops here." << std::endl;
              std::_Exit(EXIT_FAILURE);
          }
      }) {}

Watchdog::~Watchdog() {
    {
        std::lock_guard lock(mutex_);
        done_ = true;
    }
    finished_.notify_one();
    thread_.join();
}

}  // namespace costscope::test
