// What a report shows: one run, or a candidate compared with its baseline. The GUI's File ▸
// Export Report and the headless `costscope --report` both fill one and call exportReport().
#pragma once

#include <optional>
#include <vector>

#include "app/core/RunData.h"
#include "app/headline/Headline.h"
#include "profiler/analysis/Fleet.h"
#include "profiler/analysis/RatioVerdict.h"

namespace costscope {

struct ReportInput {
    RunDataPtr candidate;  // the run reported on, or the candidate of a comparison; required
    RunDataPtr baseline;   // set to compare the candidate with it
    // The band of practical equivalence of a comparison's verdicts (0.02: ±2 %).
    double equivalence = kDefaultEquivalence;
    // The accuracy loss, in points, within which the headline names the fastest model.
    double accuracyLoss = kDefaultAccuracyLoss;
    // Machines compared (costscope --report --runs): every run picked, the candidate among
    // them; the report then shows them side by side and which machine to choose per workload.
    std::vector<RunDataPtr> machines;
    // What the machines are chosen by; unset: cheapest when any run has prices, else fastest.
    std::optional<FleetGoal> goal;
    // The error GEMM choices must keep against their dense FP32 reference (0.01: 1 %).
    double maxError = QualityBudget{}.maxError;
};

}  // namespace costscope
