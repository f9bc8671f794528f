// Waits for other thread pools of the process to stop spinning before a variant is timed.
#pragma once

#include <chrono>

namespace costscope {

// OpenBLAS's pthreads busy-wait for about 2^28 cycles (~0.1 s) after each call, and OpenMP's
// for a shorter while; on a machine with few cores those spinning threads take the cores from
// the next library's threads (oneDNN at 256^3 measured 8 ms instead of 0.16 ms right after
// OpenBLAS on 2 cores). Polls /proc/self/task until no thread but the caller is runnable, or
// until limit has passed (an application may have busy threads of its own). Returns whether
// the process went quiet. On systems without /proc it returns true at once.
bool waitForIdleThreads(std::chrono::milliseconds limit = std::chrono::milliseconds(500));

}  // namespace costscope
