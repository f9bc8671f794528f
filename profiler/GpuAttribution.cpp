// Attribution of CUPTI rows to a variant's samples.
#include "profiler/GpuAttribution.h"

#include <algorithm>

namespace costscope {
namespace {

constexpr uint8_t kCopyHostToDevice = 1;  // CUPTI_ACTIVITY_MEMCPY_KIND_HTOD
constexpr uint8_t kCopyDeviceToHost = 2;  // CUPTI_ACTIVITY_MEMCPY_KIND_DTOH
constexpr uint8_t kAllocation = 1;        // CUPTI_ACTIVITY_MEMORY_OPERATION_TYPE_ALLOCATION
constexpr uint8_t kRelease = 2;           // CUPTI_ACTIVITY_MEMORY_OPERATION_TYPE_RELEASE
constexpr uint8_t kDeviceMemory = 3;      // CUPTI_ACTIVITY_MEMORY_KIND_DEVICE (not pinned host)

// Moves each row to `mine` or `other` by `isMine`.
template <typename Row, typename Pred>
void split(std::vector<Row>& rows, std::vector<Row>& mine, std::vector<Row>& other, Pred isMine) {
    for (auto& row : rows)
        (isMine(row) ? mine : other).push_back(row);
    rows.clear();
}

}  // namespace

Attribution attribute(ActivityBatch batch, const TimedCalls& calls) {
    Attribution result;
    result.variantRows.strings = batch.strings;
    result.otherRows.strings = std::move(batch.strings);
    auto& mine = result.variantRows;
    auto& other = result.otherRows;
    const auto tagged = [&](const auto& row) {
        return row.tag != 0 && CallTag::unpack(row.tag).variant == calls.variant;
    };
    split(batch.kernels, mine.kernels, other.kernels, tagged);
    split(batch.memcpys, mine.memcpys, other.memcpys, tagged);
    split(batch.memsets, mine.memsets, other.memsets, tagged);
    split(batch.memory, mine.memory, other.memory, tagged);
    split(batch.overheads, mine.overheads, other.overheads, [&](const OverheadRow& row) {
        return row.start >= calls.startedNs && row.end <= calls.endedNs;
    });

    // The sample a call belongs to, or -1 for untimed calls (warm-up, set-up, check).
    const int64_t timedCalls = calls.callsPerSample * int64_t(calls.samples);
    const auto sampleOf = [&](uint64_t tag) -> int64_t {
        const uint32_t call = CallTag::unpack(tag).call;
        if (call < calls.firstTimedCall || call >= CallTag::kSetUp)
            return -1;
        const int64_t offset = int64_t(call) - int64_t(calls.firstTimedCall);
        return offset < timedCalls ? offset / calls.callsPerSample : -1;
    };

    std::vector<int64_t> kernelNs(calls.samples, 0);
    int64_t kernels = 0;
    for (const auto& row : mine.kernels) {
        if (const int64_t sample = sampleOf(row.tag); sample >= 0) {
            if (row.start <= 0 || row.end < row.start) {
                ++result.incompleteKernels;
                continue;
            }
            kernelNs[size_t(sample)] += row.end - row.start;
            ++kernels;
        }
    }
    double copiedBytes = 0;
    for (const auto& row : mine.memcpys)
        if (sampleOf(row.tag) >= 0 &&
            (row.copyKind == kCopyHostToDevice || row.copyKind == kCopyDeviceToHost))
            copiedBytes += double(row.bytes);

    if (timedCalls > 0) {
        result.deviceNsPerSample.reserve(calls.samples);
        for (const int64_t ns : kernelNs)
            result.deviceNsPerSample.push_back(ns / calls.callsPerSample);
        result.measures.deviceStats = SampleStats::from(result.deviceNsPerSample);
        result.measures.kernelsPerCall = double(kernels) / double(timedCalls);
        result.measures.copiedBytesPerCall = copiedBytes / double(timedCalls);
    }

    for (const auto& row : other.kernels)
        if (row.tag == 0 && row.start >= calls.startedNs && row.start <= calls.endedNs)
            ++result.untaggedKernels;

    // Device memory the variant held at its peak while it ran: what set-up and the calls
    // allocated less what they released, in order. check() runs after the timing and may build
    // what it compares with (the mlp variants a second model), and tear-down only frees: both
    // are left out. Pinned host buffers (cudaMallocHost) come as memory rows too, but are not on
    // the device.
    std::vector<MemoryRow> events;
    for (const auto& row : mine.memory) {
        const uint32_t call = CallTag::unpack(row.tag).call;
        if (row.memKind == kDeviceMemory && call != CallTag::kCheck && call != CallTag::kTearDown)
            events.push_back(row);
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const MemoryRow& a, const MemoryRow& b) { return a.start < b.start; });
    int64_t held = 0;
    int64_t peak = 0;
    for (const auto& event : events) {
        if (event.operationType == kAllocation)
            held += event.bytes;
        else if (event.operationType == kRelease)
            held -= event.bytes;
        peak = std::max(peak, held);
    }
    if (!events.empty())
        result.measures.peakDeviceMemBytes = peak;
    return result;
}

}  // namespace costscope
