// What the CUPTI collector adds to each kernel launch: 10,000 empty kernels, each wrapped in a tag
// as the runner wraps its calls, timed with the collector off and on, interleaved over rounds.
// Also checks what the collector gives back: one tagged kernel row per launch, on the CPU clock.
// Usage: cupti_launch_overhead [LAUNCHES] [ROUNDS]. Exit 0: done; 1: rows missing or CUPTI
// refused; 77: no usable CUDA device (skipped).
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "profiler/ActivityCollector.h"
#include "profiler/Clock.h"

__global__ void emptyKernel() {}

namespace {

using costscope::ActivityBatch;
using costscope::ActivityCollector;
using costscope::CallTag;

constexpr int kExitSkipped = 77;

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

struct Loop {
    int64_t startNs = 0;  // before the first launch
    int64_t endNs = 0;    // after the GPU finished the last kernel
    bool ok = true;
};

// `launches` empty kernels, each inside a TagScope {variant, i} (a no-op without a collector),
// then one synchronize: host time per launch including the GPU's drain of the queue.
Loop launchLoop(ActivityCollector* collector, uint32_t variant, int launches) {
    Loop loop;
    loop.startNs = costscope::monotonicNs();
    for (int i = 0; i < launches; ++i) {
        const costscope::TagScope tag(collector, {variant, uint32_t(i)});
        emptyKernel<<<1, 1>>>();
    }
    loop.ok = cudaGetLastError() == cudaSuccess && cudaDeviceSynchronize() == cudaSuccess;
    loop.endNs = costscope::monotonicNs();
    return loop;
}

struct RowCheck {
    size_t tagged = 0;         // kernel rows tagged with this round's variant
    size_t untagged = 0;       // kernel rows with tag 0
    size_t insideLoop = 0;     // tagged rows whose GPU start and end lie within the host loop
    size_t distinctCalls = 0;  // different call numbers among the tagged rows
};

RowCheck checkRows(const ActivityBatch& batch, uint32_t variant, int launches, const Loop& loop) {
    RowCheck check;
    std::vector<bool> seen(size_t(launches), false);
    for (const auto& k : batch.kernels) {
        if (k.tag == 0) {
            ++check.untagged;
            continue;
        }
        const CallTag tag = CallTag::unpack(k.tag);
        if (tag.variant != variant || tag.call >= uint32_t(launches))
            continue;
        ++check.tagged;
        if (!seen[tag.call]) {
            seen[tag.call] = true;
            ++check.distinctCalls;
        }
        if (k.start >= loop.startNs && k.end <= loop.endNs && k.start <= k.end)
            ++check.insideLoop;
    }
    return check;
}

}  // namespace

int main(int argc, char** argv) {
    const int launches = argc > 1 ? std::max(1, std::atoi(argv[1])) : 10'000;
    const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;

    int devices = 0;
    cudaError_t status = cudaGetDeviceCount(&devices);
    if (status == cudaSuccess && devices == 0)
        status = cudaErrorNoDevice;
    if (status == cudaSuccess)
        status = cudaFree(nullptr);  // creates the context now, outside every timed loop
    if (status != cudaSuccess) {
        std::printf("no usable CUDA device: %s (%s)\n", cudaGetErrorString(status),
                    cudaGetErrorName(status));
        return kExitSkipped;
    }
    cudaDeviceProp prop{};
    cudaGetDeviceProperties(&prop, 0);
    std::printf("device: %s; %d launches per loop, %d rounds (off, on interleaved)\n", prop.name,
                launches, rounds);

    // Warm-up: module loading, the first launches, and CUPTI's one-time attach, so every "off"
    // loop runs in the same state (CUPTI loaded, no activity kind enabled).
    if (!launchLoop(nullptr, 0, 1'000).ok) {
        std::printf("kernel launches failed: %s\n", cudaGetErrorString(cudaGetLastError()));
        return 1;
    }
    {
        auto collector = costscope::startActivityCollector();
        if (!collector->isAvailable()) {
            std::printf("CUPTI collector unavailable: %s\n", collector->reason().c_str());
            return 1;
        }
        std::printf("clock: %s\n", collector->note().c_str());
        launchLoop(collector.get(), 0, 1'000);
        const ActivityBatch warm = collector->take();
        if (!warm.kernels.empty()) {
            const auto& k = warm.kernels.front();
            std::printf("kernel names: mangled \"%s\", demangled \"%s\", short \"%s\"\n",
                        warm.strings[k.mangledName].c_str(), warm.strings[k.demangledName].c_str(),
                        warm.strings[k.shortName].c_str());
        }
    }

    std::vector<double> offUs, onUs, takeMs;
    uint64_t dropped = 0;
    bool complete = true;
    std::printf("%5s %12s %12s %8s %8s %8s %10s %8s\n", "round", "off_us/call", "on_us/call",
                "rows", "untagged", "in_loop", "take_ms", "dropped");
    for (int r = 0; r < rounds; ++r) {
        const Loop off = launchLoop(nullptr, 0, launches);

        auto collector = costscope::startActivityCollector();
        if (!collector->isAvailable()) {
            std::printf("CUPTI collector unavailable: %s\n", collector->reason().c_str());
            return 1;
        }
        const auto variant = uint32_t(r + 1);
        const Loop on = launchLoop(collector.get(), variant, launches);
        const int64_t takeStart = costscope::monotonicNs();
        const ActivityBatch batch = collector->take();
        const int64_t takeEnd = costscope::monotonicNs();
        const RowCheck rows = checkRows(batch, variant, launches, on);
        const uint64_t roundDropped = collector->droppedRecords();
        collector.reset();

        if (!off.ok || !on.ok) {
            std::printf("kernel launches failed: %s\n", cudaGetErrorString(cudaGetLastError()));
            return 1;
        }
        offUs.push_back(double(off.endNs - off.startNs) / launches / 1e3);
        onUs.push_back(double(on.endNs - on.startNs) / launches / 1e3);
        takeMs.push_back(double(takeEnd - takeStart) / 1e6);
        dropped += roundDropped;
        complete =
            complete && rows.tagged == size_t(launches) && rows.distinctCalls == size_t(launches);
        std::printf("%5d %12.3f %12.3f %8zu %8zu %8zu %10.2f %8llu\n", r + 1, offUs.back(),
                    onUs.back(), rows.tagged, rows.untagged, rows.insideLoop, takeMs.back(),
                    (unsigned long long)roundDropped);
    }

    const double offMedian = median(offUs);
    const double onMedian = median(onUs);
    std::printf("median per launch: off %.3f us, on %.3f us\n", offMedian, onMedian);
    std::printf("collector overhead per kernel launch: %.3f us (%.1f%%)\n", onMedian - offMedian,
                offMedian > 0 ? 100.0 * (onMedian - offMedian) / offMedian : 0.0);
    std::printf("median take(): %.2f ms for %d launches\n", median(takeMs), launches);
    std::printf("kernel rows: %s one tagged row per launch in every round; dropped records: %llu\n",
                complete ? "exactly" : "NOT", (unsigned long long)dropped);
    return complete && dropped == 0 ? 0 : 1;
}
