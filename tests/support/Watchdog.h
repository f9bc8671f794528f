// Ends a test process that runs past a time limit: a query that never ends inside SQLite cannot be
// stopped from outside, and CTest would wait 25 minutes for it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace costscope::test {

class Watchdog {
  public:
    // Unless destroyed within `limit`, prints that `what` did not end and exits the process
    // with a failure.
    Watchdog(std::chrono::seconds limit, std::string what);
    ~Watchdog();
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

  private:
    std::mutex mutex_;
    std::condition_variable finished_;
    bool done_ = false;
    std::thread thread_;  // last: it uses the members above
};

}  // namespace costscope::test
