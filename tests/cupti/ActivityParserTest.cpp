// ActivityParser: every stored field of every row kind, names, clock offset and the tag join,
// from buffers of CUPTI's own record structs filled field by field.
#include "profiler/cupti/ActivityParser.h"

#include <gtest/gtest.h>

#include <cstring>

#include <cstdlib>

#include "tests/cupti/RecordBuffer.h"

namespace costscope {
namespace {

using test::correlation;
using test::kernel;
using test::RecordBuffer;
using test::zeroed;

constexpr CallTag kTimedCall{3, 7};
constexpr CallTag kSetUpCall{3, CallTag::kSetUp};

const std::string& str(const ActivityBatch& batch, uint32_t index) {
    return batch.strings.at(index);
}

TEST(CuptiActivityParser, KernelRowKeepsEveryField) {
    auto k = zeroed<CUpti_ActivityKernel10>(CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL);
    k.cacheConfig.config.requested = 1;  // CU_FUNC_CACHE_PREFER_SHARED
    k.cacheConfig.config.executed = 2;   // CU_FUNC_CACHE_PREFER_L1
    k.sharedMemoryConfig = 1;
    k.registersPerThread = 168;
    k.start = 1'000'000;
    k.end = 1'250'000;
    k.completed = 1'250'010;
    k.deviceId = 1;
    k.contextId = 2;
    k.streamId = 13;
    k.gridX = 132;
    k.gridY = 2;
    k.gridZ = 3;
    k.blockX = 384;
    k.blockY = 4;
    k.blockZ = 5;
    k.staticSharedMemory = 1024;
    k.dynamicSharedMemory = 232'448;
    k.localMemoryPerThread = 16;
    k.localMemoryTotal = 111;  // deprecated: the row takes localMemoryTotal_v2
    k.correlationId = 42;
    k.gridId = 987'654'321'012;
    k.name = "_Z7Kernel2I3fooIiEEv6Params";
    k.launchType = CUPTI_ACTIVITY_LAUNCH_TYPE_COOPERATIVE_SINGLE_DEVICE;
    k.sharedMemoryExecuted = 233'472;
    k.graphNodeId = 0x1234'5678'9ABC;
    k.shmemLimitConfig = CUPTI_FUNC_SHMEM_LIMIT_OPTIN;
    k.graphId = 9;
    k.localMemoryTotal_v2 = 4'718'592;
    k.clusterX = 2;

    RecordBuffer buffer;
    buffer.add(k).add(correlation(42, kTimedCall.pack()));
    ActivityParser parser;
    const auto walk = parser.parse(buffer.data(), buffer.size());
    EXPECT_EQ(walk.records, 2u);
    EXPECT_EQ(walk.ignored, 0u);
    EXPECT_FALSE(walk.cutShort);

    const ActivityBatch batch = parser.take();
    ASSERT_EQ(batch.kernels.size(), 1u);
    EXPECT_EQ(batch.rows(), 1u);
    const KernelRow& row = batch.kernels[0];
    EXPECT_EQ(row.start, 1'000'000);
    EXPECT_EQ(row.end, 1'250'000);
    EXPECT_EQ(row.deviceId, 1u);
    EXPECT_EQ(row.contextId, 2u);
    EXPECT_EQ(row.streamId, 13u);
    EXPECT_EQ(row.correlationId, 42u);
    EXPECT_EQ(str(batch, row.mangledName), "_Z7Kernel2I3fooIiEEv6Params");
    EXPECT_EQ(str(batch, row.demangledName), "void Kernel2<foo<int> >(Params)");
    EXPECT_EQ(str(batch, row.shortName), "Kernel2");
    EXPECT_EQ(row.gridX, 132);
    EXPECT_EQ(row.gridY, 2);
    EXPECT_EQ(row.gridZ, 3);
    EXPECT_EQ(row.blockX, 384);
    EXPECT_EQ(row.blockY, 4);
    EXPECT_EQ(row.blockZ, 5);
    EXPECT_EQ(row.registersPerThread, 168);
    EXPECT_EQ(row.staticSharedMemory, 1024);
    EXPECT_EQ(row.dynamicSharedMemory, 232'448);
    EXPECT_EQ(row.localMemoryPerThread, 16u);
    EXPECT_EQ(row.localMemoryTotal, 4'718'592u);
    EXPECT_EQ(row.gridId, 987'654'321'012);
    EXPECT_EQ(row.sharedMemoryExecuted, 233'472u);
    EXPECT_EQ(row.launchType, CUPTI_ACTIVITY_LAUNCH_TYPE_COOPERATIVE_SINGLE_DEVICE);
    EXPECT_EQ(row.cacheConfig, 2);  // the executed configuration
    EXPECT_EQ(row.sharedMemoryLimitConfig, CUPTI_FUNC_SHMEM_LIMIT_OPTIN);
    EXPECT_EQ(row.graphNodeId, 0x1234'5678'9ABCu);
    EXPECT_EQ(row.tag, kTimedCall.pack());
    EXPECT_EQ(CallTag::unpack(row.tag), kTimedCall);
}

TEST(CuptiActivityParser, LocalMemoryTotalSaturatesAt32Bits) {
    auto k = kernel(1, "k");
    k.localMemoryTotal_v2 = uint64_t(1) << 40;
    RecordBuffer buffer;
    buffer.add(k);
    ActivityParser parser;
    parser.parse(buffer.data(), buffer.size());
    EXPECT_EQ(parser.take().kernels.at(0).localMemoryTotal, UINT32_MAX);
}

TEST(CuptiActivityParser, MemcpyRowKeepsEveryField) {
    auto m = zeroed<CUpti_ActivityMemcpy6>(CUPTI_ACTIVITY_KIND_MEMCPY);
    m.copyKind = CUPTI_ACTIVITY_MEMCPY_KIND_HTOD;
    m.srcKind = CUPTI_ACTIVITY_MEMORY_KIND_PINNED;
    m.dstKind = CUPTI_ACTIVITY_MEMORY_KIND_DEVICE;
    m.flags = CUPTI_ACTIVITY_FLAG_MEMCPY_ASYNC;
    m.bytes = 6'442'450'944;  // 6 GiB: more than 32 bits
    m.start = 5'000;
    m.end = 9'000;
    m.deviceId = 3;
    m.contextId = 4;
    m.streamId = 21;
    m.correlationId = 77;
    m.runtimeCorrelationId = 76;
    m.graphNodeId = 555;
    m.graphId = 6;
    m.channelID = 8;
    m.copyCount = 1;

    RecordBuffer buffer;
    buffer.add(m).add(correlation(77, kSetUpCall.pack()));
    ActivityParser parser;
    parser.parse(buffer.data(), buffer.size());
    const ActivityBatch batch = parser.take();
    ASSERT_EQ(batch.memcpys.size(), 1u);
    const MemcpyRow& row = batch.memcpys[0];
    EXPECT_EQ(row.start, 5'000);
    EXPECT_EQ(row.end, 9'000);
    EXPECT_EQ(row.deviceId, 3u);
    EXPECT_EQ(row.contextId, 4u);
    EXPECT_EQ(row.streamId, 21u);
    EXPECT_EQ(row.correlationId, 77u);
    EXPECT_EQ(row.bytes, 6'442'450'944);
    EXPECT_EQ(row.copyKind, CUPTI_ACTIVITY_MEMCPY_KIND_HTOD);
    EXPECT_EQ(row.srcKind, CUPTI_ACTIVITY_MEMORY_KIND_PINNED);
    EXPECT_EQ(row.dstKind, CUPTI_ACTIVITY_MEMORY_KIND_DEVICE);
    EXPECT_EQ(row.graphNodeId, 555u);
    EXPECT_EQ(row.tag, kSetUpCall.pack());
}

TEST(CuptiActivityParser, MemcpyFallsBackToTheRuntimeCallsCorrelation) {
    auto m = zeroed<CUpti_ActivityMemcpy6>(CUPTI_ACTIVITY_KIND_MEMCPY);
    m.correlationId = 90;         // the driver call: no external correlation record
    m.runtimeCorrelationId = 89;  // the runtime call: has one
    RecordBuffer buffer;
    buffer.add(m).add(correlation(89, kTimedCall.pack()));
    ActivityParser parser;
    parser.parse(buffer.data(), buffer.size());
    EXPECT_EQ(parser.take().memcpys.at(0).tag, kTimedCall.pack());
}

TEST(CuptiActivityParser, MemsetRowKeepsEveryField) {
    auto m = zeroed<CUpti_ActivityMemset4>(CUPTI_ACTIVITY_KIND_MEMSET);
    m.value = 0xAB;
    m.bytes = 1 << 20;
    m.start = 10;
    m.end = 30;
    m.deviceId = 2;
    m.contextId = 5;
    m.streamId = 14;
    m.correlationId = 31;
    m.flags = CUPTI_ACTIVITY_FLAG_MEMSET_ASYNC;
    m.memoryKind = CUPTI_ACTIVITY_MEMORY_KIND_DEVICE;
    m.graphNodeId = 99;

    RecordBuffer buffer;
    buffer.add(m).add(correlation(31, kSetUpCall.pack()));
    ActivityParser parser;
    parser.parse(buffer.data(), buffer.size());
    const ActivityBatch batch = parser.take();
    ASSERT_EQ(batch.memsets.size(), 1u);
    const MemsetRow& row = batch.memsets[0];
    EXPECT_EQ(row.start, 10);
    EXPECT_EQ(row.end, 30);
    EXPECT_EQ(row.deviceId, 2u);
    EXPECT_EQ(row.contextId, 5u);
    EXPECT_EQ(row.streamId, 14u);
    EXPECT_EQ(row.correlationId, 31u);
    EXPECT_EQ(row.value, 0xABu);
    EXPECT_EQ(row.bytes, 1 << 20);
    EXPECT_EQ(row.memKind, CUPTI_ACTIVITY_MEMORY_KIND_DEVICE);
    EXPECT_EQ(row.graphNodeId, 99u);
    EXPECT_EQ(row.tag, kSetUpCall.pack());
}

TEST(CuptiActivityParser, AllocationAndReleaseRowsKeepEveryField) {
    auto alloc = zeroed<CUpti_ActivityMemory4>(CUPTI_ACTIVITY_KIND_MEMORY2);
    alloc.memoryOperationType = CUPTI_ACTIVITY_MEMORY_OPERATION_TYPE_ALLOCATION;
    alloc.memoryKind = CUPTI_ACTIVITY_MEMORY_KIND_DEVICE;
    alloc.correlationId = 50;
    alloc.address = 0x7F00'0000'0000;
    alloc.bytes = 3 << 20;
    alloc.timestamp = 123'456;
    alloc.PC = 0x4000'1234;
    alloc.processId = 4242;
    alloc.deviceId = 0;
    alloc.contextId = 1;
    alloc.streamId = CUPTI_INVALID_STREAM_ID;  // cudaMalloc: not stream-ordered
    alloc.name = nullptr;
    alloc.isAsync = 0;

    auto release = alloc;
    release.memoryOperationType = CUPTI_ACTIVITY_MEMORY_OPERATION_TYPE_RELEASE;
    release.correlationId = 60;
    release.timestamp = 223'456;
    release.PC = 0x4000'5678;
    release.streamId = 17;  // cudaFreeAsync
    release.isAsync = 1;
    release.name = "weights";

    RecordBuffer buffer;
    buffer.add(alloc)
        .add(release)
        .add(correlation(50, kSetUpCall.pack()))
        .add(correlation(60, CallTag{3, CallTag::kTearDown}.pack()));
    ActivityParser parser;
    parser.parse(buffer.data(), buffer.size());
    const ActivityBatch batch = parser.take();
    ASSERT_EQ(batch.memory.size(), 2u);

    const MemoryRow& a = batch.memory[0];
    EXPECT_EQ(a.start, 123'456);
    EXPECT_EQ(a.deviceId, 0u);
    EXPECT_EQ(a.contextId, 1u);
    EXPECT_EQ(a.streamId, 0u);
    EXPECT_EQ(a.correlationId, 50u);
    EXPECT_EQ(a.address, 0x7F00'0000'0000u);
    EXPECT_EQ(a.pc, 0x4000'1234u);
    EXPECT_EQ(a.bytes, 3 << 20);
    EXPECT_EQ(a.memKind, CUPTI_ACTIVITY_MEMORY_KIND_DEVICE);
    EXPECT_EQ(a.operationType, CUPTI_ACTIVITY_MEMORY_OPERATION_TYPE_ALLOCATION);
    EXPECT_EQ(a.name, 0u);
    EXPECT_EQ(a.tag, kSetUpCall.pack());

    const MemoryRow& r = batch.memory[1];
    EXPECT_EQ(r.start, 223'456);
    EXPECT_EQ(r.streamId, 17u);
    EXPECT_EQ(r.correlationId, 60u);
    EXPECT_EQ(r.address, 0x7F00'0000'0000u);
    EXPECT_EQ(r.pc, 0x4000'5678u);
    EXPECT_EQ(r.bytes, 3 << 20);
    EXPECT_EQ(r.operationType, CUPTI_ACTIVITY_MEMORY_OPERATION_TYPE_RELEASE);
    EXPECT_EQ(str(batch, r.name), "weights");
    EXPECT_EQ(CallTag::unpack(r.tag).call, CallTag::kTearDown);
}

TEST(CuptiActivityParser, OverheadRowsKeepEveryFieldAndFreeTheirDetails) {
    auto flush = zeroed<CUpti_ActivityOverhead3>(CUPTI_ACTIVITY_KIND_OVERHEAD);
    flush.overheadKind = CUPTI_ACTIVITY_OVERHEAD_CUPTI_BUFFER_FLUSH;
    flush.objectKind = CUPTI_ACTIVITY_OBJECT_THREAD;
    flush.objectId.pt.processId = 4242;
    flush.objectId.pt.threadId = 4250;
    flush.start = 700;
    flush.end = 900;
    flush.correlationId = 0;

    auto full = zeroed<CUpti_ActivityOverhead3>(CUPTI_ACTIVITY_KIND_OVERHEAD);
    full.overheadKind = CUPTI_ACTIVITY_OVERHEAD_COMMAND_BUFFER_FULL;
    full.objectKind = CUPTI_ACTIVITY_OBJECT_DEVICE;
    full.objectId.dcs.deviceId = 1;
    full.objectId.dcs.contextId = 2;
    full.start = 1000;
    full.end = 1500;
    full.correlationId = 12;
    // CUPTI mallocs the details and leaves them to us: the parser frees them (a leak checker
    // would flag this test otherwise).
    full.overheadData = std::malloc(sizeof(CUpti_ActivityOverheadCommandBufferFullData));

    RecordBuffer buffer;
    buffer.add(flush).add(full);
    ActivityParser parser;
    parser.parse(buffer.data(), buffer.size());
    const ActivityBatch batch = parser.take();
    ASSERT_EQ(batch.overheads.size(), 2u);
    const OverheadRow& f = batch.overheads[0];
    EXPECT_EQ(f.start, 700);
    EXPECT_EQ(f.end, 900);
    EXPECT_EQ(f.overheadKind, uint32_t(CUPTI_ACTIVITY_OVERHEAD_CUPTI_BUFFER_FLUSH));
    EXPECT_EQ(f.objectKind, CUPTI_ACTIVITY_OBJECT_THREAD);
    EXPECT_EQ(f.objectId, 4250u);
    EXPECT_EQ(f.correlationId, 0u);
    const OverheadRow& c = batch.overheads[1];
    EXPECT_EQ(c.start, 1000);
    EXPECT_EQ(c.end, 1500);
    EXPECT_EQ(c.overheadKind, uint32_t(CUPTI_ACTIVITY_OVERHEAD_COMMAND_BUFFER_FULL));
    EXPECT_EQ(c.objectKind, CUPTI_ACTIVITY_OBJECT_DEVICE);
    EXPECT_EQ(c.objectId, 1u);
    EXPECT_EQ(c.correlationId, 12u);
}

TEST(CuptiActivityParser, KindsThisHeaderDoesNotKnowAreKeptAsNumbers) {
    // A CUPTI newer than the header may write overhead, object and memory kinds the header does
    // not list: they are stored as the numbers they are (found by tests/fuzz/CuptiFuzzer.cpp,
    // where reading them as the enum types was undefined behaviour).
    auto overhead = zeroed<CUpti_ActivityOverhead3>(CUPTI_ACTIVITY_KIND_OVERHEAD);
    const uint32_t unknownKind = 0xd7ebc3aa, unknownObject = 0x7f;
    std::memcpy(&overhead.overheadKind, &unknownKind, sizeof unknownKind);
    std::memcpy(&overhead.objectKind, &unknownObject, sizeof unknownObject);
    overhead.objectId.pt.threadId = 99;
    RecordBuffer buffer;
    buffer.add(overhead);
    ActivityParser parser;
    parser.parse(buffer.data(), buffer.size());
    const ActivityBatch batch = parser.take();
    ASSERT_EQ(batch.overheads.size(), 1u);
    EXPECT_EQ(batch.overheads[0].overheadKind, unknownKind);
    EXPECT_EQ(batch.overheads[0].objectKind, unknownObject);
    EXPECT_EQ(batch.overheads[0].objectId, 0u);  // an object kind it cannot tell: no id
}

TEST(CuptiActivityParser, CorrelationInALaterBufferStillTagsTheKernel) {
    RecordBuffer first;
    first.add(kernel(10, "k"));
    RecordBuffer second;
    second.add(correlation(10, kTimedCall.pack()));
    ActivityParser parser;
    parser.parse(first.data(), first.size());
    EXPECT_EQ(parser.pendingRows(), 1u);
    parser.parse(second.data(), second.size());
    EXPECT_EQ(parser.pendingCorrelations(), 1u);
    const ActivityBatch batch = parser.take();
    ASSERT_EQ(batch.kernels.size(), 1u);
    EXPECT_EQ(batch.kernels[0].tag, kTimedCall.pack());
    EXPECT_EQ(parser.pendingCorrelations(), 0u);  // joined: forgotten
}

TEST(CuptiActivityParser, KernelWithoutCorrelationHasTagZero) {
    RecordBuffer buffer;
    buffer.add(kernel(10, "tagged"))
        .add(kernel(11, "untagged"))
        .add(correlation(10, kTimedCall.pack()))
        .add(correlation(11, 0xDEAD, CUPTI_EXTERNAL_CORRELATION_KIND_CUSTOM1));  // not ours
    ActivityParser parser;
    parser.parse(buffer.data(), buffer.size());
    const ActivityBatch batch = parser.take();
    ASSERT_EQ(batch.kernels.size(), 2u);
    EXPECT_EQ(batch.kernels[0].tag, kTimedCall.pack());
    EXPECT_EQ(batch.kernels[1].tag, 0u);
}

TEST(CuptiActivityParser, RowsSharingACorrelationShareItsTag) {
    // A graph launch: one API call, several kernels.
    RecordBuffer buffer;
    buffer.add(correlation(5, kTimedCall.pack())).add(kernel(5, "a")).add(kernel(5, "b"));
    ActivityParser parser;
    parser.parse(buffer.data(), buffer.size());
    const ActivityBatch batch = parser.take();
    ASSERT_EQ(batch.kernels.size(), 2u);
    EXPECT_EQ(batch.kernels[0].tag, kTimedCall.pack());
    EXPECT_EQ(batch.kernels[1].tag, kTimedCall.pack());
}

TEST(CuptiActivityParser, UnmatchedCorrelationsSurviveOneTakeThenAreForgotten) {
    RecordBuffer calls;  // API calls that did no GPU work, and one whose kernel comes later
    calls.add(correlation(1, 100)).add(correlation(2, 200)).add(correlation(3, 300));
    ActivityParser parser;
    parser.parse(calls.data(), calls.size());
    EXPECT_TRUE(parser.take().empty());
    EXPECT_EQ(parser.pendingCorrelations(), 3u);

    RecordBuffer late;
    late.add(kernel(3, "late"));
    parser.parse(late.data(), late.size());
    const ActivityBatch batch = parser.take();
    ASSERT_EQ(batch.kernels.size(), 1u);
    EXPECT_EQ(batch.kernels[0].tag, 300u);
    EXPECT_EQ(parser.pendingCorrelations(), 0u);

    RecordBuffer tooLate;
    tooLate.add(kernel(1, "too late"));
    parser.parse(tooLate.data(), tooLate.size());
    EXPECT_EQ(parser.take().kernels.at(0).tag, 0u);
}

TEST(CuptiActivityParser, RepeatedNamesAreInternedOncePerBatch) {
    RecordBuffer buffer;
    buffer.add(kernel(1, "_Z6kernelPf"))
        .add(kernel(2, "_Z6kernelPf"))
        .add(kernel(3, "ampere_sgemm_128x64_nn"));
    ActivityParser parser;
    parser.parse(buffer.data(), buffer.size());
    ActivityBatch batch = parser.take();
    ASSERT_EQ(batch.kernels.size(), 3u);
    EXPECT_EQ(batch.strings.at(0), "");
    // "", the mangled, demangled and short names of kernel(float*), and the extern "C" name
    // once for all three.
    EXPECT_EQ(batch.strings.size(), 5u);
    EXPECT_EQ(batch.kernels[0].mangledName, batch.kernels[1].mangledName);
    EXPECT_EQ(batch.kernels[0].demangledName, batch.kernels[1].demangledName);
    EXPECT_EQ(str(batch, batch.kernels[0].demangledName), "kernel(float*)");
    EXPECT_EQ(str(batch, batch.kernels[0].shortName), "kernel");
    EXPECT_EQ(batch.kernels[2].mangledName, batch.kernels[2].demangledName);
    EXPECT_EQ(batch.kernels[2].mangledName, batch.kernels[2].shortName);
    EXPECT_EQ(str(batch, batch.kernels[2].shortName), "ampere_sgemm_128x64_nn");

    // The next batch has strings of its own.
    RecordBuffer next;
    next.add(kernel(4, "ampere_sgemm_128x64_nn"));
    parser.parse(next.data(), next.size());
    batch = parser.take();
    ASSERT_EQ(batch.strings.size(), 2u);
    EXPECT_EQ(batch.kernels.at(0).shortName, 1u);
}

TEST(CuptiActivityParser, ClockOffsetMovesKnownTimestampsOnly) {
    auto running = kernel(1, "k", 0, 0);  // handed back unfinished by a forced flush
    auto m = zeroed<CUpti_ActivityMemory4>(CUPTI_ACTIVITY_KIND_MEMORY2);
    m.timestamp = 1'000;
    RecordBuffer buffer;
    buffer.add(kernel(2, "k", 1'000, 2'000)).add(running).add(m);
    ActivityParser parser(-400);
    parser.parse(buffer.data(), buffer.size());
    const ActivityBatch batch = parser.take();
    ASSERT_EQ(batch.kernels.size(), 2u);
    EXPECT_EQ(batch.kernels[0].start, 600);
    EXPECT_EQ(batch.kernels[0].end, 1'600);
    EXPECT_EQ(batch.kernels[1].start, 0);
    EXPECT_EQ(batch.kernels[1].end, 0);
    EXPECT_EQ(batch.memory.at(0).start, 600);
}

// A damaged or hostile buffer's timestamps near the int64 limits: held there, not wrapped (the
// addition would overflow, which is undefined behaviour; the CUPTI fuzzer found it).
TEST(CuptiActivityParser, ClockOffsetSaturatesAtTheInt64Limits) {
    RecordBuffer buffer;
    buffer.add(kernel(1, "k", uint64_t(INT64_MAX) - 10, uint64_t(INT64_MAX)))
        .add(kernel(2, "k", uint64_t(INT64_MIN), uint64_t(INT64_MIN) + 10));
    ActivityParser forward(1'000);
    forward.parse(buffer.data(), buffer.size());
    ActivityBatch batch = forward.take();
    ASSERT_EQ(batch.kernels.size(), 2u);
    EXPECT_EQ(batch.kernels[0].start, INT64_MAX);
    EXPECT_EQ(batch.kernels[0].end, INT64_MAX);
    ActivityParser back(-1'000);
    back.parse(buffer.data(), buffer.size());
    batch = back.take();
    ASSERT_EQ(batch.kernels.size(), 2u);
    EXPECT_EQ(batch.kernels[1].start, INT64_MIN);
    EXPECT_EQ(batch.kernels[1].end, INT64_MIN);
}

TEST(CuptiActivityParser, ApiRecordsAreWalkedOverWithoutRows) {
    auto api = zeroed<CUpti_ActivityAPI>(CUPTI_ACTIVITY_KIND_RUNTIME);
    api.correlationId = 8;
    auto driver = api;
    driver.kind = CUPTI_ACTIVITY_KIND_DRIVER;
    RecordBuffer buffer;
    buffer.add(correlation(8, kTimedCall.pack())).add(api).add(driver).add(kernel(8, "k"));
    ActivityParser parser;
    const auto walk = parser.parse(buffer.data(), buffer.size());
    EXPECT_EQ(walk.records, 4u);
    EXPECT_EQ(walk.ignored, 2u);
    const ActivityBatch batch = parser.take();
    EXPECT_EQ(batch.rows(), 1u);
    EXPECT_EQ(batch.kernels.at(0).tag, kTimedCall.pack());
}

TEST(CuptiActivityParser, WalkStopsAtAnInvalidRecord) {
    RecordBuffer buffer;
    buffer.add(kernel(1, "k"));
    auto bad = zeroed<CUpti_ActivityExternalCorrelation>(CUPTI_ACTIVITY_KIND_INVALID);
    buffer.add(bad).add(kernel(2, "unreachable"));
    ActivityParser parser;
    const auto walk = parser.parse(buffer.data(), buffer.size());
    EXPECT_TRUE(walk.cutShort);
    EXPECT_EQ(parser.take().kernels.size(), 1u);
}

TEST(CuptiActivityParser, EmptyBufferIsNoRecords) {
    ActivityParser parser;
    uint64_t word = 0;
    EXPECT_EQ(parser.parse(reinterpret_cast<uint8_t*>(&word), 0).records, 0u);
    EXPECT_EQ(parser.parse(nullptr, 0).records, 0u);
    EXPECT_TRUE(parser.take().empty());
}

}  // namespace
}  // namespace costscope
