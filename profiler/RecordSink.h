// The one seam between collection and storage: the runner hands records to a sink.
#pragma once

#include <cstdint>
#include <string_view>

#include "profiler/Records.h"

namespace costscope {

// Implementations: SqliteStore (the recording file) and MemorySink (tests).
// Each call is durable on return for SqliteStore: a variant handed to addVariant() survives a
// crash or Ctrl-C that comes after it.
class RecordSink {
  public:
    virtual ~RecordSink() = default;
    // Starts a run with status `running`; returns its id.
    virtual int64_t beginRun(const RunInfo& run) = 0;
    // Returns the device's id within the run.
    virtual int64_t addDevice(const DeviceInfo& device) = 0;
    // Stores a variant after its first round (or skipped, or failed) with its samples, rounds
    // and activity; returns its id.
    virtual int64_t addVariant(const VariantRecord& variant) = 0;
    // A later round of variant `variantId`: `variant` holds its figures over every round so far
    // (they replace the stored ones), every sample (those from `firstSample` on are new), every
    // round (the last is new) and the new round's activity.
    virtual void addRound(int64_t variantId, const VariantRecord& variant, size_t firstSample) = 0;
    // Stores GPU activity that no variant caused (ceilings, context creation), with the run.
    virtual void addActivity(const ActivityBatch& batch) = 0;
    // Records how GPU activity was collected; called once before endRun() when GPU variants ran.
    virtual void setCollectorInfo(const CollectorInfo& info) = 0;
    // Records where the mlp workload's weights came from; once per run that measures mlp.
    virtual void setModelSource(const ModelSource& source) = 0;
    // Ends the run: complete, interrupted or failed, with a note for people (may be empty).
    virtual void endRun(RunStatus status, std::string_view note) = 0;
};

}  // namespace costscope
