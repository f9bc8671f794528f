// A RecordSink that keeps everything in memory, so tests of the runner can inspect what it sent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "profiler/RecordSink.h"

namespace costscope {

class MemorySink final : public RecordSink {
  public:
    struct Run {
        int64_t id = 0;
        RunInfo info;
        RunStatus status = RunStatus::Running;  // until endRun()
        std::string note;
        std::vector<DeviceInfo> devices;
        std::vector<int64_t> deviceIds;          // parallel to devices
        std::vector<VariantRecord> variants;     // each with its own activity
        std::vector<int64_t> variantIds;         // parallel to variants
        std::vector<ActivityBatch> activity;     // addActivity() batches: no variant's, in order
        std::optional<CollectorInfo> collector;  // absent until setCollectorInfo()
        std::optional<ModelSource> modelSource;  // absent until setModelSource()
    };

    int64_t beginRun(const RunInfo& run) override;
    int64_t addDevice(const DeviceInfo& device) override;
    int64_t addVariant(const VariantRecord& variant) override;
    // Replaces the stored record with `variant`, keeping the activity of every round.
    void addRound(int64_t variantId, const VariantRecord& variant, size_t firstSample) override;
    void addActivity(const ActivityBatch& batch) override;
    void setCollectorInfo(const CollectorInfo& info) override;
    void setModelSource(const ModelSource& source) override;
    void endRun(RunStatus status, std::string_view note) override;

    // Every run begun, oldest first; ids count from 1 as in a recording file.
    const std::vector<Run>& runs() const { return runs_; }
    // The run begun last. Throws StoreError when there is none.
    const Run& lastRun() const;

  private:
    Run& currentRun(const char* call);

    std::vector<Run> runs_;
    bool runEnded_ = false;
    int64_t nextDeviceId_ = 1;
    int64_t nextVariantId_ = 1;
};

}  // namespace costscope
