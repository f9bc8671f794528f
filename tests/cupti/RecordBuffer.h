// Builds CUPTI activity buffers from real record structs, laid out as CUPTI lays them out.
#pragma once

#include <cupti.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace costscope::test {

// Records back to back, each sizeof(record) long (a multiple of 8: the structs are declared
// with CUPTI's 8-byte PACKED_ALIGNMENT), in 8-byte aligned storage.
class RecordBuffer {
  public:
    template <class Record>
    RecordBuffer& add(const Record& record) {
        static_assert(sizeof(Record) % 8 == 0);
        const size_t at = bytes_;
        bytes_ += sizeof(Record);
        words_.resize((bytes_ + 7) / 8);
        std::memcpy(data() + at, &record, sizeof(Record));
        return *this;
    }
    uint8_t* data() { return reinterpret_cast<uint8_t*>(words_.data()); }
    size_t size() const { return bytes_; }

  private:
    std::vector<uint64_t> words_;
    size_t bytes_ = 0;
};

// Zero-filled records of each kind, as CUPTI would start them.
template <class Record>
Record zeroed(CUpti_ActivityKind kind) {
    Record r;
    std::memset(&r, 0, sizeof r);
    r.kind = kind;
    return r;
}

inline CUpti_ActivityExternalCorrelation correlation(
    uint32_t correlationId, uint64_t externalId,
    CUpti_ExternalCorrelationKind kind = CUPTI_EXTERNAL_CORRELATION_KIND_CUSTOM0) {
    auto r = zeroed<CUpti_ActivityExternalCorrelation>(CUPTI_ACTIVITY_KIND_EXTERNAL_CORRELATION);
    r.externalKind = kind;
    r.externalId = externalId;
    r.correlationId = correlationId;
    return r;
}

inline CUpti_ActivityKernel10 kernel(uint32_t correlationId, const char* name, uint64_t start = 100,
                                     uint64_t end = 200) {
    auto r = zeroed<CUpti_ActivityKernel10>(CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL);
    r.correlationId = correlationId;
    r.name = name;
    r.start = start;
    r.end = end;
    return r;
}

}  // namespace costscope::test
