// Tests of waitForIdleThreads(): it waits for a spinning thread and gives up at its limit.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "kernels/IdleThreads.h"

namespace costscope {
namespace {

using namespace std::chrono_literals;

void spinUntil(const std::atomic<bool>& stop) {
    while (!stop.load(std::memory_order_relaxed)) {
    }
}

TEST(IdleThreads, ReturnsAtOnceWhenNothingSpins) {
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(waitForIdleThreads(2000ms));
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1000ms);
}

TEST(IdleThreads, WaitsForASpinningThreadToStop) {
    std::atomic<bool> stop{false};
    std::thread spinner(spinUntil, std::cref(stop));
    std::thread stopper([&] {
        std::this_thread::sleep_for(100ms);
        stop = true;
    });
    std::this_thread::sleep_for(10ms);  // the spinner is running by now
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(waitForIdleThreads(5000ms));
    EXPECT_GE(std::chrono::steady_clock::now() - start, 50ms);
    spinner.join();
    stopper.join();
}

TEST(IdleThreads, GivesUpAtTheLimit) {
    std::atomic<bool> stop{false};
    std::thread spinner(spinUntil, std::cref(stop));
    std::this_thread::sleep_for(10ms);
    EXPECT_FALSE(waitForIdleThreads(50ms));
    stop = true;
    spinner.join();
}

}  // namespace
}  // namespace costscope
