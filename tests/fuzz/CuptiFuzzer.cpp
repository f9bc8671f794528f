// Fuzzes the CUPTI activity buffer parser: buffers of records at the real struct sizes (kernel,
// copy, memset, memory, overhead, external correlation, and kinds the parser ignores), each
// filled with the fuzzer's bytes under its kind, walked by CUPTI's own cuptiActivityGetNextRecord
// as the collector walks them, then taken as rows. The pointers CUPTI owns in a record (names,
// overhead data) are set as CUPTI sets them: a string or null, a block the parser frees.
#include <cupti.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "profiler/cupti/ActivityParser.h"
#include "tests/cupti/RecordBuffer.h"
#include "tests/fuzz/FuzzSupport.h"

namespace {

using costscope::fuzz::Bytes;

// A record of `kind` whose bytes come from the input.
template <class Record>
Record filled(Bytes& in, CUpti_ActivityKind kind) {
    Record record;
    std::memset(&record, 0, sizeof record);
    const auto bytes = in.bytes(sizeof(Record));
    std::memcpy(&record, bytes.data(), bytes.size());
    record.kind = kind;
    return record;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Bytes in(data, size);
    // Names the records point to: kept alive until the parser is done with the buffer.
    std::vector<std::string> names;
    names.reserve(64);
    auto name = [&]() -> const char* {
        const uint8_t length = in.take<uint8_t>();
        if (length == 0xff || names.size() == names.capacity())
            return nullptr;
        names.emplace_back(in.bytes(length));
        return names.back().c_str();
    };
    costscope::test::RecordBuffer buffer;
    std::vector<size_t> overheads;  // offsets of overhead records, whose data the parser frees
    for (int i = 0; i < 48 && !in.empty(); ++i) {
        switch (in.take<uint8_t>() % 7) {
            case 0: {
                auto r = filled<CUpti_ActivityKernel10>(in, CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL);
                r.name = name();
                r.pAccessPolicyWindow = nullptr;
                buffer.add(r);
                break;
            }
            case 1:
                buffer.add(filled<CUpti_ActivityMemcpy6>(in, CUPTI_ACTIVITY_KIND_MEMCPY));
                break;
            case 2:
                buffer.add(filled<CUpti_ActivityMemset4>(in, CUPTI_ACTIVITY_KIND_MEMSET));
                break;
            case 3: {
                auto r = filled<CUpti_ActivityMemory4>(in, CUPTI_ACTIVITY_KIND_MEMORY2);
                r.name = name();
                r.source = nullptr;
                buffer.add(r);
                break;
            }
            case 4: {
                auto r = filled<CUpti_ActivityOverhead3>(in, CUPTI_ACTIVITY_KIND_OVERHEAD);
                r.overheadData = (in.take<uint8_t>() & 1) != 0 ? std::malloc(16) : nullptr;
                overheads.push_back(buffer.size());
                buffer.add(r);
                break;
            }
            case 5:
                buffer.add(filled<CUpti_ActivityExternalCorrelation>(
                    in, CUPTI_ACTIVITY_KIND_EXTERNAL_CORRELATION));
                break;
            default:  // a kind that makes no row: runtime API records
                buffer.add(filled<CUpti_ActivityAPI>(in, CUPTI_ACTIVITY_KIND_RUNTIME));
                break;
        }
    }
    costscope::ActivityParser parser(int64_t(in.take<int32_t>()));
    parser.parse(buffer.data(), buffer.size());
    // What a walk cut short did not reach stays the caller's (as it would stay CUPTI's).
    for (const size_t at : overheads) {
        auto* r = reinterpret_cast<CUpti_ActivityOverhead3*>(buffer.data() + at);
        std::free(r->overheadData);
        r->overheadData = nullptr;
    }
    const costscope::ActivityBatch batch = parser.take();
    volatile size_t sink = batch.rows();
    (void)sink;
    return 0;
}
