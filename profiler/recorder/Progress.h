// The recorder's progress on stderr: a live bar with ETA on a terminal, a line per variant else,
// or one parseable line per event for a program that runs the recorder (the GUI's Record dialog).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "profiler/SuiteRunner.h"

namespace costscope {

class Progress final : public ProgressObserver {
  public:
    enum class Style {
        Log,      // a line per finished variant (formatFinished), for a log file or a pipe
        Live,     // the same, plus one status line redrawn in place (stderr is a terminal)
        Machine,  // formatEvent lines only: "progress <index> <total> <state> <name>"
    };

    // `gpuUsable` lets the ETA ignore GPU variants that will be skipped in no time.
    Progress(std::ostream& out, Style style, const std::vector<VariantSpec>& variants,
             bool gpuUsable, int64_t rounds);
    ~Progress() override;

    void variantStarted(size_t step, size_t steps, const VariantSpec& spec) override;
    void iterationDone(size_t step, int64_t timedIterations) override;
    // Log and Live print a line when a variant is done (its last round); Machine an event per
    // step.
    void variantFinished(size_t step, size_t steps, const VariantRecord& record,
                         bool last) override;

    // One variant done, over its rounds, as a line:
    // "[ 3/23] ok   6.120 ms   350.9 GFLOP/s  gemm/...", "(rounds disagree)" after the rate when
    // they do. `index` counts the variants done, from 0.
    static std::string formatFinished(size_t index, size_t total, const VariantRecord& record);
    // One event for a program. `step` counts from 0 as in ProgressObserver, the line from 1:
    // "progress 3 69 running gemm/fp32/openblas/cpu/1024x1024x1024" when step 2 of 69 starts,
    // then the same with its status (ok, skipped, failed) in place of "running" once the round
    // is stored. The name is the rest of the line.
    static std::string formatEvent(size_t step, size_t steps, std::string_view state,
                                   const std::string& name);

  private:
    void redraw(int64_t nowNs);
    void clearLine();
    std::string eta() const;

    std::ostream& out_;
    Style style_;
    bool live_;
    size_t variants_ = 0;
    size_t measuredSteps_ = 0;  // steps that take time: every round of what is not a GPU skip
    size_t doneVariants_ = 0;   // variants with nothing left to measure
    size_t current_ = 0;        // the step under way
    size_t total_ = 0;          // steps
    std::string currentName_;
    int64_t timedIterations_ = 0;
    int64_t startNs_ = 0;
    int64_t lastDrawNs_ = 0;
    int64_t stepStartNs_ = 0;
    int64_t measuredNs_ = 0;  // time spent on finished measured steps
    size_t measuredDone_ = 0;
};

}  // namespace costscope
