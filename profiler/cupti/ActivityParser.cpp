// CUPTI records (CUDA 13 layouts) to ActivityBatch rows; the tag join.
#include "profiler/cupti/ActivityParser.h"

#include <cupti.h>

#include <cstdlib>
#include <cstring>
#include <limits>
#include <type_traits>

#include "profiler/Saturating.h"
#include "profiler/cupti/KernelNames.h"

namespace costscope {
namespace {

// The record structs of the kinds the collector enables, as of CUDA 13. A toolkit that renames
// them fails here, at compile time, rather than reading the wrong layout.
using KernelRecord = CUpti_ActivityKernel10;                  // CONCURRENT_KERNEL
using MemcpyRecord = CUpti_ActivityMemcpy6;                   // MEMCPY
using MemsetRecord = CUpti_ActivityMemset4;                   // MEMSET
using MemoryRecord = CUpti_ActivityMemory4;                   // MEMORY2
using OverheadRecord = CUpti_ActivityOverhead3;               // OVERHEAD
using CorrelationRecord = CUpti_ActivityExternalCorrelation;  // EXTERNAL_CORRELATION

uint32_t saturate32(uint64_t v) {
    return v > std::numeric_limits<uint32_t>::max() ? std::numeric_limits<uint32_t>::max()
                                                    : uint32_t(v);
}

// An enum field's value as the integer stored: a CUPTI newer than its header may write kinds
// the header does not list, and loading such a value as the enum type is undefined behaviour.
template <class Field>
uint32_t raw(const Field& field) {
    static_assert(sizeof(Field) <= sizeof(uint32_t));
    using Stored = std::conditional_t<sizeof(Field) == 1, uint8_t,
                                      std::conditional_t<sizeof(Field) == 2, uint16_t, uint32_t>>;
    Stored value = 0;
    std::memcpy(&value, &field, sizeof value);
    return value;
}

// The overhead record's object id holds whichever id its objectKind names.
uint64_t objectIdOf(const OverheadRecord& r) {
    switch (raw(r.objectKind)) {
        case CUPTI_ACTIVITY_OBJECT_PROCESS:
            return r.objectId.pt.processId;
        case CUPTI_ACTIVITY_OBJECT_THREAD:
            return r.objectId.pt.threadId;
        case CUPTI_ACTIVITY_OBJECT_DEVICE:
            return r.objectId.dcs.deviceId;
        case CUPTI_ACTIVITY_OBJECT_CONTEXT:
            return r.objectId.dcs.contextId;
        case CUPTI_ACTIVITY_OBJECT_STREAM:
            return r.objectId.dcs.streamId;
        default:
            return 0;
    }
}

}  // namespace

ActivityParser::Walk ActivityParser::parse(uint8_t* buffer, size_t validBytes) {
    Walk walk;
    if (!buffer || validBytes == 0)
        return walk;
    CUpti_Activity* record = nullptr;
    for (;;) {
        const CUptiResult status = cuptiActivityGetNextRecord(buffer, validBytes, &record);
        if (status == CUPTI_ERROR_MAX_LIMIT_REACHED)
            break;
        if (status != CUPTI_SUCCESS) {
            // CUPTI_ERROR_INVALID_KIND: an incomplete or invalid record. Nothing after it can
            // be located, so the walk ends; the rows before it stand.
            walk.cutShort = true;
            break;
        }
        ++walk.records;
        switch (record->kind) {
            case CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL:
            case CUPTI_ACTIVITY_KIND_KERNEL:  // never enabled (it serializes), same record
                addKernel(record);
                break;
            case CUPTI_ACTIVITY_KIND_MEMCPY:
                addMemcpy(record);
                break;
            case CUPTI_ACTIVITY_KIND_MEMSET:
                addMemset(record);
                break;
            case CUPTI_ACTIVITY_KIND_MEMORY2:
                addMemory(record);
                break;
            case CUPTI_ACTIVITY_KIND_OVERHEAD:
                addOverhead(record);
                break;
            case CUPTI_ACTIVITY_KIND_EXTERNAL_CORRELATION:
                addCorrelation(record);
                break;
            default:
                ++walk.ignored;
                break;
        }
    }
    return walk;
}

int64_t ActivityParser::time(uint64_t cuptiNs) const {
    // 0 is CUPTI's "could not be collected" (CUPTI_TIMESTAMP_UNKNOWN): it stays 0. A damaged
    // buffer's time near the int64 limits is held there rather than overflowing.
    return cuptiNs == 0 ? 0 : saturatingAdd(int64_t(cuptiNs), clockOffsetNs_);
}

uint32_t ActivityParser::intern(std::string_view s) {
    if (s.empty())
        return 0;  // strings[0] is ""
    if (auto it = stringIds_.find(s); it != stringIds_.end())
        return it->second;
    const auto id = uint32_t(batch_.strings.size());
    batch_.strings.emplace_back(s);
    stringIds_.emplace(std::string(s), id);
    return id;
}

ActivityParser::KernelNameIds ActivityParser::kernelNames(const char* mangled) {
    const std::string_view key = mangled ? std::string_view(mangled) : std::string_view();
    if (auto it = kernelNameIds_.find(key); it != kernelNameIds_.end())
        return it->second;
    KernelNameIds ids;
    ids.mangled = intern(key);
    const std::string demangled = demangleKernelName(mangled);
    ids.demangled = intern(demangled);
    ids.shortName = intern(shortKernelName(demangled));
    kernelNameIds_.emplace(std::string(key), ids);
    return ids;
}

void ActivityParser::addKernel(const void* record) {
    const auto& k = *static_cast<const KernelRecord*>(record);
    KernelRow row;
    copyPlacement(k, row);
    const KernelNameIds names = kernelNames(k.name);
    row.demangledName = names.demangled;
    row.shortName = names.shortName;
    row.mangledName = names.mangled;
    row.gridX = k.gridX;
    row.gridY = k.gridY;
    row.gridZ = k.gridZ;
    row.blockX = k.blockX;
    row.blockY = k.blockY;
    row.blockZ = k.blockZ;
    row.registersPerThread = k.registersPerThread;
    row.staticSharedMemory = k.staticSharedMemory;
    row.dynamicSharedMemory = k.dynamicSharedMemory;
    row.localMemoryPerThread = k.localMemoryPerThread;
    // localMemoryTotal is deprecated since CUDA 11.8; _v2 is the 64-bit successor. The row's
    // column is 32-bit (as in nsys's export); more than 4 GiB of local memory saturates.
    row.localMemoryTotal = saturate32(k.localMemoryTotal_v2);
    row.gridId = k.gridId;
    row.sharedMemoryExecuted = k.sharedMemoryExecuted;
    row.launchType = k.launchType;
    // The cache configuration the kernel ran with (a CUfunc_cache value), not the requested one.
    row.cacheConfig = k.cacheConfig.config.executed;
    row.sharedMemoryLimitConfig = uint8_t(raw(k.shmemLimitConfig));
    row.graphNodeId = k.graphNodeId;
    batch_.kernels.push_back(row);
}

void ActivityParser::addMemcpy(const void* record) {
    const auto& m = *static_cast<const MemcpyRecord*>(record);
    MemcpyRow row;
    copyPlacement(m, row);
    // copyPlacement took the driver API call's correlation id. The runtime call's id is kept
    // for the join too, should only the runtime call have an external correlation record.
    memcpyRuntimeIds_.push_back(m.runtimeCorrelationId);
    row.bytes = int64_t(m.bytes);
    row.copyKind = m.copyKind;
    row.srcKind = m.srcKind;
    row.dstKind = m.dstKind;
    row.graphNodeId = m.graphNodeId;
    batch_.memcpys.push_back(row);
}

void ActivityParser::addMemset(const void* record) {
    const auto& m = *static_cast<const MemsetRecord*>(record);
    MemsetRow row;
    copyPlacement(m, row);
    row.value = m.value;
    row.bytes = int64_t(m.bytes);
    row.memKind = uint8_t(raw(m.memoryKind));
    row.graphNodeId = m.graphNodeId;
    batch_.memsets.push_back(row);
}

void ActivityParser::addMemory(const void* record) {
    const auto& m = *static_cast<const MemoryRecord*>(record);
    MemoryRow row;
    row.start = time(m.timestamp);
    row.deviceId = m.deviceId;
    row.contextId = m.contextId;
    // CUPTI_INVALID_STREAM_ID marks an operation that is not stream-ordered: the row says 0.
    row.streamId = m.streamId == CUPTI_INVALID_STREAM_ID ? 0 : m.streamId;
    row.correlationId = m.correlationId;
    row.address = m.address;
    row.pc = m.PC;
    row.bytes = int64_t(m.bytes);
    row.memKind = uint8_t(raw(m.memoryKind));
    row.operationType = uint8_t(raw(m.memoryOperationType));
    row.name = intern(m.name);
    batch_.memory.push_back(row);
}

void ActivityParser::addOverhead(void* record) {
    auto& o = *static_cast<OverheadRecord*>(record);
    OverheadRow row;
    row.start = time(o.start);
    row.end = time(o.end);
    row.overheadKind = raw(o.overheadKind);
    row.objectKind = uint8_t(raw(o.objectKind));
    row.objectId = objectIdOf(o);
    row.correlationId = o.correlationId;
    batch_.overheads.push_back(row);
    // CUPTI allocates the details of some overhead kinds and leaves freeing them to us.
    std::free(o.overheadData);
    o.overheadData = nullptr;
}

void ActivityParser::addCorrelation(const void* record) {
    const auto& c = *static_cast<const CorrelationRecord*>(record);
    // Only our own kind: a framework in the same process may push CUSTOM1/2 or OpenACC ids.
    if (raw(c.externalKind) != CUPTI_EXTERNAL_CORRELATION_KIND_CUSTOM0)
        return;
    if (auto it = correlations_.find(c.correlationId); it != correlations_.end()) {
        it->second = Correlation{c.externalId};
        return;
    }
    if (correlations_.size() >= kMaxCorrelations) {
        ++lostCorrelations_;
        return;
    }
    correlations_.emplace(c.correlationId, Correlation{c.externalId});
}

uint64_t ActivityParser::tagOf(uint32_t correlationId) {
    auto it = correlations_.find(correlationId);
    if (it == correlations_.end())
        return 0;
    it->second.used = true;
    return it->second.externalId;
}

ActivityBatch ActivityParser::take() {
    for (auto& row : batch_.kernels)
        row.tag = tagOf(row.correlationId);
    for (size_t i = 0; i < batch_.memcpys.size(); ++i) {
        MemcpyRow& row = batch_.memcpys[i];
        row.tag = tagOf(row.correlationId);
        if (row.tag == 0)
            row.tag = tagOf(memcpyRuntimeIds_[i]);
    }
    for (auto& row : batch_.memsets)
        row.tag = tagOf(row.correlationId);
    for (auto& row : batch_.memory)
        row.tag = tagOf(row.correlationId);
    for (auto it = correlations_.begin(); it != correlations_.end();) {
        if (it->second.used || it->second.fromEarlierTake) {
            it = correlations_.erase(it);
        } else {
            it->second.fromEarlierTake = true;
            ++it;
        }
    }
    ActivityBatch out = std::move(batch_);
    batch_ = ActivityBatch();
    stringIds_.clear();
    kernelNameIds_.clear();
    memcpyRuntimeIds_.clear();
    return out;
}

}  // namespace costscope
