// The in-memory sink: the same calling rules as SqliteStore, without a file.
#include "profiler/store/MemorySink.h"

#include <algorithm>
#include <string>

#include "profiler/store/StoreError.h"

namespace costscope {

int64_t MemorySink::beginRun(const RunInfo& run) {
    Run added;
    added.id = int64_t(runs_.size()) + 1;
    added.info = run;
    runs_.push_back(std::move(added));
    runEnded_ = false;
    return runs_.back().id;
}

MemorySink::Run& MemorySink::currentRun(const char* call) {
    // The same rule as SqliteStore, so a runner that passes its tests here also works there.
    if (runs_.empty() || runEnded_) {
        throw StoreError(std::string(call) + " needs a run: call beginRun() first");
    }
    return runs_.back();
}

int64_t MemorySink::addDevice(const DeviceInfo& device) {
    Run& run = currentRun("addDevice");
    run.devices.push_back(device);
    run.deviceIds.push_back(nextDeviceId_);
    return nextDeviceId_++;
}

int64_t MemorySink::addVariant(const VariantRecord& variant) {
    Run& run = currentRun("addVariant");
    run.variants.push_back(variant);
    run.variantIds.push_back(nextVariantId_);
    return nextVariantId_++;
}

void MemorySink::addRound(int64_t variantId, const VariantRecord& variant, size_t) {
    Run& run = currentRun("addRound");
    const auto found = std::find(run.variantIds.begin(), run.variantIds.end(), variantId);
    if (found == run.variantIds.end())
        throw StoreError("addRound: no variant " + std::to_string(variantId) + " in this run");
    VariantRecord& stored = run.variants[size_t(found - run.variantIds.begin())];
    ActivityBatch activity = std::move(stored.activity);
    appendRows(activity, variant.activity);
    stored = variant;
    stored.activity = std::move(activity);
}

void MemorySink::addActivity(const ActivityBatch& batch) {
    Run& run = currentRun("addActivity");
    if (!batch.empty()) {  // as SqliteStore, which stores nothing for an empty batch
        run.activity.push_back(batch);
    }
}

void MemorySink::setModelSource(const ModelSource& source) {
    currentRun("setModelSource").modelSource = source;
}

void MemorySink::setCollectorInfo(const CollectorInfo& info) {
    currentRun("setCollectorInfo").collector = info;
}

void MemorySink::endRun(RunStatus status, std::string_view note) {
    Run& run = currentRun("endRun");
    if (status == RunStatus::Running) {
        throw StoreError("endRun needs a final status: complete, interrupted or failed");
    }
    run.status = status;
    run.note = std::string(note);
    runEnded_ = true;
}

const MemorySink::Run& MemorySink::lastRun() const {
    if (runs_.empty()) {
        throw StoreError("no run was begun");
    }
    return runs_.back();
}

}  // namespace costscope
