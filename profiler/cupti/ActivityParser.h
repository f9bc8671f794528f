// Turns CUPTI activity buffers into ActivityBatch rows and joins each row to its call's tag.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "profiler/ActivityRows.h"

namespace costscope {

// The pure part of the collector: no CUDA context, no threads. Tests feed it buffers of real
// CUPTI records built field by field. Not thread-safe: the collector guards it with a mutex.
class ActivityParser {
  public:
    // `clockOffsetNs` is added to every known timestamp (0 stays "unknown"): 0 when CUPTI calls
    // monotonicNs() itself, else the calibrated CLOCK_MONOTONIC - CUPTI clock difference.
    explicit ActivityParser(int64_t clockOffsetNs = 0) : clockOffsetNs_(clockOffsetNs) {}

    struct Walk {
        size_t records = 0;     // records read, of every kind
        size_t ignored = 0;     // of kinds that make no row (driver and runtime API records ...)
        bool cutShort = false;  // CUPTI found an incomplete or invalid record before the end
    };
    // Walks one completed buffer with cuptiActivityGetNextRecord, which needs libcupti but no
    // driver or context; CUPTI_ERROR_MAX_LIMIT_REACHED is the normal end of the walk. Frees the
    // overheadData CUPTI attaches to overhead records, as CUPTI asks its clients to.
    Walk parse(uint8_t* buffer, size_t validBytes);

    // Rows parsed since the last take(), each with the tag of the external correlation record
    // of the same correlationId (0 when there is none), and their strings.
    //
    // Correlation records arrive in any buffer relative to the activity they describe, so they
    // are kept across buffers until take(). There an entry that tagged a row is forgotten; one
    // that tagged nothing (most: API calls without GPU work) survives one more take() in case
    // its activity was still in flight, and is forgotten after that. So the map holds at most
    // two take() windows of calls, and never more than kMaxCorrelations entries.
    ActivityBatch take();

    static constexpr size_t kMaxCorrelations = size_t(1) << 21;
    size_t pendingCorrelations() const { return correlations_.size(); }
    // Correlation records refused because the map was full (their rows get tag 0).
    uint64_t lostCorrelations() const { return lostCorrelations_; }
    size_t pendingRows() const { return batch_.rows(); }

  private:
    struct StringHash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    template <class V>
    using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

    struct KernelNameIds {
        uint32_t mangled = 0;
        uint32_t demangled = 0;
        uint32_t shortName = 0;
    };
    struct Correlation {
        uint64_t externalId = 0;
        bool fromEarlierTake = false;
        bool used = false;
    };

    int64_t time(uint64_t cuptiNs) const;
    // When, where and for which call: the fields kernel, copy and memset records share.
    template <typename Record, typename Row>
    void copyPlacement(const Record& record, Row& row) const {
        row.start = time(record.start);
        row.end = time(record.end);
        row.deviceId = record.deviceId;
        row.contextId = record.contextId;
        row.streamId = record.streamId;
        row.correlationId = record.correlationId;
    }
    uint32_t intern(std::string_view s);
    uint32_t intern(const char* s) { return s ? intern(std::string_view(s)) : 0; }
    KernelNameIds kernelNames(const char* mangled);
    uint64_t tagOf(uint32_t correlationId);

    void addKernel(const void* record);
    void addMemcpy(const void* record);
    void addMemset(const void* record);
    void addMemory(const void* record);
    void addOverhead(void* record);
    void addCorrelation(const void* record);

    int64_t clockOffsetNs_;
    ActivityBatch batch_;
    StringMap<uint32_t> stringIds_;           // per batch: strings[i] -> i
    StringMap<KernelNameIds> kernelNameIds_;  // per batch: mangled name -> its three strings
    std::vector<uint32_t> memcpyRuntimeIds_;  // runtimeCorrelationId of batch_.memcpys[i]
    std::unordered_map<uint32_t, Correlation> correlations_;
    uint64_t lostCorrelations_ = 0;
};

}  // namespace costscope
