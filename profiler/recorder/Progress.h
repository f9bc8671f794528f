// The recorder's progress on stderr: a live bar with ETA on a terminal, a line per variant else.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "profiler/SuiteRunner.h"

namespace costscope {

class Progress final : public ProgressObserver {
  public:
    // `live`: redraw one status line in place (stderr is a terminal). `gpuUsable` lets the ETA
    // ignore GPU variants that will be skipped in no time.
    Progress(std::ostream& out, bool live, const std::vector<VariantSpec>& variants,
             bool gpuUsable);
    ~Progress() override;

    void variantStarted(size_t index, size_t total, const VariantSpec& spec) override;
    void iterationDone(size_t index, int64_t timedIterations) override;
    void variantFinished(size_t index, size_t total, const VariantRecord& record) override;

    // One finished variant as a line: "[ 3/23] ok   6.120 ms   350.9 GFLOP/s  gemm/...".
    static std::string formatFinished(size_t index, size_t total, const VariantRecord& record);

  private:
    void redraw(int64_t nowNs);
    void clearLine();
    std::string eta() const;

    std::ostream& out_;
    bool live_;
    std::vector<bool> measured_;  // per variant: will it take time (not a GPU skip)?
    size_t current_ = 0;
    size_t total_ = 0;
    std::string currentName_;
    int64_t timedIterations_ = 0;
    int64_t startNs_ = 0;
    int64_t lastDrawNs_ = 0;
    int64_t measuredNs_ = 0;  // time spent on finished measured variants
    size_t measuredDone_ = 0;
};

}  // namespace costscope
