// The collector that records nothing and says why: no CUDA in the build, or CUPTI refused.
#pragma once

#include <string>
#include <utility>

#include "profiler/ActivityCollector.h"

namespace costscope {

class UnavailableCollector final : public ActivityCollector {
  public:
    explicit UnavailableCollector(std::string reason) : reason_(std::move(reason)) {}
    bool isAvailable() const override { return false; }
    const std::string& reason() const override { return reason_; }
    void push(CallTag) override {}
    void pop() override {}
    ActivityBatch take() override { return {}; }
    uint64_t droppedRecords() const override { return 0; }
    uint64_t lostRecords() const override { return 0; }
    std::string note() const override { return {}; }

  private:
    std::string reason_;
};

}  // namespace costscope
