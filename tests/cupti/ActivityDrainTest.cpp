// The drain as CUPTI drives it: buffers lent, filled, handed back with dropped counts, parsed on
// the drain thread, taken with tags joined.
#include "profiler/cupti/ActivityDrain.h"

#include <gtest/gtest.h>

#include <cstring>
#include <thread>
#include <vector>

#include "tests/cupti/RecordBuffer.h"

namespace costscope {
namespace {

using test::correlation;
using test::kernel;
using test::RecordBuffer;

constexpr size_t kBytes = 64 * 1024;

// What CUPTI does with a lent buffer: writes records into it and hands it back.
void fillAndComplete(ActivityDrain& drain, RecordBuffer& records, size_t dropped = 0) {
    const auto lent = drain.lend();
    ASSERT_NE(lent.data, nullptr);
    ASSERT_LE(records.size(), lent.size);
    std::memcpy(lent.data, records.data(), records.size());
    drain.addDropped(dropped);
    ASSERT_TRUE(drain.complete(lent.data, records.size()));
}

TEST(CuptiActivityDrain, ParsesCompletedBuffersAndJoinsAcrossThem) {
    ActivityDrain drain(kBytes, 4, 0);
    RecordBuffer first;
    first.add(kernel(1, "_Z6kernelPf", 10, 20)).add(kernel(2, "_Z6kernelPf", 30, 40));
    RecordBuffer second;  // correlations after their kernels, in another buffer
    second.add(correlation(1, CallTag{1, 0}.pack())).add(correlation(2, CallTag{1, 1}.pack()));
    fillAndComplete(drain, first);
    fillAndComplete(drain, second);

    const ActivityBatch batch = drain.take();
    ASSERT_EQ(batch.kernels.size(), 2u);
    EXPECT_EQ(CallTag::unpack(batch.kernels[0].tag), (CallTag{1, 0}));
    EXPECT_EQ(CallTag::unpack(batch.kernels[1].tag), (CallTag{1, 1}));
    EXPECT_TRUE(drain.take().empty());  // moved out
    EXPECT_EQ(drain.droppedRecords(), 0u);
    EXPECT_EQ(drain.buffersCutShort(), 0u);
}

TEST(CuptiActivityDrain, SumsDroppedRecords) {
    ActivityDrain drain(kBytes, 4, 0);
    RecordBuffer records;
    records.add(kernel(1, "k"));
    fillAndComplete(drain, records, 5);
    fillAndComplete(drain, records, 7);
    EXPECT_EQ(drain.take().kernels.size(), 2u);
    EXPECT_EQ(drain.droppedRecords(), 12u);
}

TEST(CuptiActivityDrain, CapsBuffersAndReusesParsedOnes) {
    ActivityDrain drain(kBytes, 2, 0);
    const auto a = drain.lend();
    const auto b = drain.lend();
    EXPECT_EQ(drain.lend().data, nullptr);  // the cap: CUPTI drops and counts
    EXPECT_EQ(drain.queue().refusedRequests(), 1u);
    ASSERT_TRUE(drain.complete(a.data, 0));
    ASSERT_TRUE(drain.complete(b.data, 0));
    EXPECT_TRUE(drain.take().empty());  // waits until both are parsed and recycled
    const auto c = drain.lend();
    const auto d = drain.lend();
    EXPECT_TRUE(c.data == a.data || c.data == b.data);  // reused, not new
    EXPECT_TRUE(d.data == a.data || d.data == b.data);
    EXPECT_EQ(drain.queue().buffers(), 2u);
    // Handed back, or the drain would leave them to CUPTI (leaked on purpose).
    ASSERT_TRUE(drain.complete(c.data, 0));
    ASSERT_TRUE(drain.complete(d.data, 0));
}

TEST(CuptiActivityDrain, TakeWaitsForEveryBufferHandedBack) {
    ActivityDrain drain(kBytes, 64, 100);
    constexpr int kBuffers = 50;
    constexpr int kPerBuffer = 100;
    // CUPTI's worker thread hands buffers back while the runner's thread takes.
    std::thread cupti([&] {
        for (int b = 0; b < kBuffers; ++b) {
            RecordBuffer records;
            for (int i = 0; i < kPerBuffer; ++i) {
                const auto id = uint32_t(b * kPerBuffer + i + 1);
                records.add(correlation(id, id)).add(kernel(id, "k", 1000, 2000));
            }
            fillAndComplete(drain, records);
        }
    });
    size_t kernels = 0;
    while (kernels < size_t(kBuffers * kPerBuffer)) {
        const ActivityBatch batch = drain.take();
        for (const KernelRow& k : batch.kernels) {
            EXPECT_EQ(k.tag, k.correlationId);
            EXPECT_EQ(k.start, 1100);  // the clock offset applied
        }
        kernels += batch.kernels.size();
    }
    cupti.join();
    EXPECT_EQ(kernels, size_t(kBuffers * kPerBuffer));
    EXPECT_TRUE(drain.take().empty());
}

TEST(CuptiActivityDrain, StopParsesWhatIsQueuedAndTakeStillReturns) {
    ActivityDrain drain(kBytes, 4, 0);
    RecordBuffer records;
    records.add(kernel(1, "k"));
    fillAndComplete(drain, records);
    drain.stop();
    EXPECT_EQ(drain.take().kernels.size(), 1u);
    // A buffer handed back after the thread ended is kept, not waited for.
    const auto late = drain.lend();
    ASSERT_TRUE(drain.complete(late.data, 0));
    EXPECT_TRUE(drain.take().empty());
}

}  // namespace
}  // namespace costscope
