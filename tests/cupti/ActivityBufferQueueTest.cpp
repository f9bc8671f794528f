// The buffer pool: lend, cap, complete, recycle zeroed, orphan buffers.
#include "profiler/cupti/ActivityBufferQueue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

namespace costscope {
namespace {

constexpr size_t kBytes = 4096;

bool allZero(const uint8_t* data, size_t n) {
    return std::all_of(data, data + n, [](uint8_t b) { return b == 0; });
}

TEST(CuptiBufferQueue, LendsAlignedZeroedBuffersUpToTheCap) {
    ActivityBufferQueue queue(kBytes, 2);
    const auto a = queue.lend();
    const auto b = queue.lend();
    ASSERT_NE(a.data, nullptr);
    ASSERT_NE(b.data, nullptr);
    EXPECT_EQ(a.size, kBytes);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(a.data) % 8, 0u);
    EXPECT_TRUE(allZero(a.data, a.size));
    // At the cap CUPTI gets no buffer (it drops records and counts them).
    const auto refused = queue.lend();
    EXPECT_EQ(refused.data, nullptr);
    EXPECT_EQ(refused.size, 0u);
    EXPECT_EQ(queue.refusedRequests(), 1u);
    EXPECT_EQ(queue.buffers(), 2u);
    EXPECT_EQ(queue.lentBuffers(), 2u);
    EXPECT_TRUE(queue.complete(a.data, 100));
    EXPECT_TRUE(queue.complete(b.data, 200));
    queue.stop();  // the queue's destructor frees what is queued
}

TEST(CuptiBufferQueue, CompletedBuffersComeOutInOrderAndAreReusedZeroed) {
    ActivityBufferQueue queue(kBytes, 1);
    const auto lent = queue.lend();
    std::fill(lent.data, lent.data + 64, uint8_t(0xFF));
    EXPECT_TRUE(queue.complete(lent.data, 64));
    EXPECT_EQ(queue.completedCount(), 1u);
    auto buffer = queue.next();
    ASSERT_TRUE(buffer);
    EXPECT_EQ(buffer->data(), lent.data);
    EXPECT_EQ(buffer->validBytes(), 64u);
    queue.recycle(std::move(buffer));
    queue.waitParsed(1);  // returns at once: parsed
    const auto again = queue.lend();
    EXPECT_EQ(again.data, lent.data);  // the same memory, no new allocation
    EXPECT_TRUE(allZero(again.data, again.size));
    EXPECT_EQ(queue.buffers(), 1u);
    EXPECT_TRUE(queue.complete(again.data, 0));
    queue.stop();
}

TEST(CuptiBufferQueue, ValidBytesNeverExceedTheBuffer) {
    ActivityBufferQueue queue(kBytes, 1);
    const auto lent = queue.lend();
    EXPECT_TRUE(queue.complete(lent.data, kBytes * 2));
    EXPECT_EQ(queue.next()->validBytes(), kBytes);
}

TEST(CuptiBufferQueue, RefusesBuffersItDidNotLend) {
    ActivityBufferQueue queue(kBytes, 1);
    auto* foreign = static_cast<uint8_t*>(std::calloc(kBytes, 1));
    EXPECT_FALSE(queue.complete(foreign, 10));
    ActivityBufferQueue::freeOrphan(foreign);
    EXPECT_EQ(queue.completedCount(), 0u);
}

TEST(CuptiBufferQueue, NextWaitsForACompletedBufferAndEndsOnStop) {
    ActivityBufferQueue queue(kBytes, 1);
    const auto lent = queue.lend();
    std::thread cupti([&] { queue.complete(lent.data, 8); });
    auto buffer = queue.next();
    cupti.join();
    ASSERT_TRUE(buffer);
    queue.recycle(std::move(buffer));
    std::thread stopper([&] { queue.stop(); });
    EXPECT_EQ(queue.next(), nullptr);
    stopper.join();
}

TEST(CuptiBufferQueue, WaitParsedGivesUpWhenTheDrainHasEnded) {
    ActivityBufferQueue queue(kBytes, 1);
    const auto lent = queue.lend();
    queue.complete(lent.data, 8);
    queue.drainEnded();
    queue.waitParsed(queue.completedCount());  // would wait forever otherwise
    SUCCEED();
}

TEST(CuptiBufferQueue, LeavesBuffersStillLentToCuptiAlive) {
    uint8_t* lentOut = nullptr;
    {
        ActivityBufferQueue queue(kBytes, 1);
        lentOut = queue.lend().data;
    }
    // CUPTI may still write into it; when it hands it back, the orphan path frees it.
    lentOut[0] = 1;
    ActivityBufferQueue::freeOrphan(lentOut);
}

}  // namespace
}  // namespace costscope
