// The two joins of NVTX attribution by sorting and merging: a profile holds millions of calls and
// kernels, so no hash map per row and no scan per range.
#include "profiler/nsys/NvtxAttribution.h"

#include <algorithm>
#include <tuple>

#include "profiler/Saturating.h"

namespace costscope {

namespace {

// Calls that launched kernels, sorted by (key, start), with running sums so that the device time
// of every call in a window of one key is a difference of two sums.
class LaunchIndex {
  public:
    struct Entry {
        uint64_t key = 0;  // a thread or a process
        int64_t start = 0;
        int64_t deviceNs = 0;
        int64_t kernels = 0;
    };

    explicit LaunchIndex(std::vector<Entry> entries) : entries_(std::move(entries)) {
        std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
            return std::tie(a.key, a.start) < std::tie(b.key, b.start);
        });
        deviceSum_.reserve(entries_.size() + 1);
        kernelSum_.reserve(entries_.size() + 1);
        deviceSum_.push_back(0);
        kernelSum_.push_back(0);
        for (const Entry& entry : entries_) {
            deviceSum_.push_back(saturatingAdd(deviceSum_.back(), entry.deviceNs));
            kernelSum_.push_back(saturatingAdd(kernelSum_.back(), entry.kernels));
        }
    }

    // The calls of `key` that began in [start, end].
    RangeDeviceTime within(uint64_t key, int64_t start, int64_t end) const {
        const auto before = [](const Entry& entry, const std::pair<uint64_t, int64_t>& at) {
            return std::tie(entry.key, entry.start) < std::tie(at.first, at.second);
        };
        const auto after = [](const std::pair<uint64_t, int64_t>& at, const Entry& entry) {
            return std::tie(at.first, at.second) < std::tie(entry.key, entry.start);
        };
        const auto first =
            std::lower_bound(entries_.begin(), entries_.end(), std::pair{key, start}, before);
        const auto last = std::upper_bound(first, entries_.end(), std::pair{key, end}, after);
        const size_t lo = size_t(first - entries_.begin());
        const size_t hi = size_t(last - entries_.begin());
        return {.deviceNs = deviceSum_[hi] - deviceSum_[lo],
                .kernels = kernelSum_[hi] - kernelSum_[lo]};
    }

  private:
    std::vector<Entry> entries_;
    std::vector<int64_t> deviceSum_;
    std::vector<int64_t> kernelSum_;
};

}  // namespace

Attribution attributeKernels(std::span<const NvtxRange> ranges, std::vector<RuntimeCall> calls,
                             std::vector<KernelRun> kernels) {
    Attribution result;
    const auto kernelKey = [](const KernelRun& k) {
        return std::pair{processOf(k.globalPid), k.correlationId};
    };
    const auto callKey = [](const RuntimeCall& c) {
        return std::pair{processOf(c.globalTid), c.correlationId};
    };
    std::sort(kernels.begin(), kernels.end(),
              [&](const KernelRun& a, const KernelRun& b) { return kernelKey(a) < kernelKey(b); });
    std::sort(calls.begin(), calls.end(),
              [&](const RuntimeCall& a, const RuntimeCall& b) { return callKey(a) < callKey(b); });

    // Each call with the kernels of its (process, correlationId); a second call with the same id
    // (a damaged file) finds them taken by the first.
    std::vector<LaunchIndex::Entry> byThread;
    size_t k = 0;
    for (const RuntimeCall& call : calls) {
        const auto key = callKey(call);
        for (; k < kernels.size() && kernelKey(kernels[k]) < key; ++k) {
            ++result.kernelsWithoutCall;
        }
        LaunchIndex::Entry entry{.key = call.globalTid, .start = call.start};
        for (; k < kernels.size() && kernelKey(kernels[k]) == key; ++k) {
            // Negative durations (a damaged file) count as 0: the running sums then only grow,
            // and the difference of two of them cannot overflow.
            entry.deviceNs =
                saturatingAdd(entry.deviceNs, std::max<int64_t>(0, kernels[k].durationNs));
            ++entry.kernels;
        }
        if (entry.kernels > 0) {
            byThread.push_back(entry);
        }
    }
    result.kernelsWithoutCall += int64_t(kernels.size() - k);
    kernels = {};
    calls = {};

    std::vector<LaunchIndex::Entry> byProcess = byThread;
    for (LaunchIndex::Entry& entry : byProcess) {
        entry.key = processOf(entry.key);
    }
    const LaunchIndex threads(std::move(byThread));
    const LaunchIndex processes(std::move(byProcess));

    result.ranges.reserve(ranges.size());
    for (const NvtxRange& range : ranges) {
        result.ranges.push_back(
            range.processWide ? processes.within(processOf(range.globalTid), range.start, range.end)
                              : threads.within(range.globalTid, range.start, range.end));
    }
    return result;
}

}  // namespace costscope
