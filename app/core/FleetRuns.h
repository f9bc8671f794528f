// The runs picked to compare machines, as the Fleet analysis takes them: one home for how the
// Machines view, the charts' legends and the reports name each run's machine.
#pragma once

#include <QString>
#include <optional>
#include <vector>

#include "app/core/RunData.h"
#include "profiler/analysis/Fleet.h"

namespace costscope {

// "gpu-node-3 · Intel Xeon 8480 + NVIDIA H200": the host and the run's devices.
QString machineOf(const RunData& run);

// One FleetRun per run, in order, each named by machineOf(), told apart where two would read
// the same (" · run 3", and the file's name where the run ids are the same too), with their
// samples. The rows point into `runs`, which must outlive the result.
std::vector<FleetRun> fleetRunsOf(const std::vector<RunDataPtr>& runs);

// The goal machines are chosen by unless one is asked for: the cheapest when any of the runs was
// recorded with prices (what a fleet is most often chosen by), else the fastest.
FleetGoal defaultGoal(const std::vector<RunDataPtr>& runs);

// Whether a best machine or choice is clearly ahead of the next: judged so (Faster), or not
// judged for want of samples. Where it is not, tables mark it ≈ rather than ★.
bool clearlyAhead(const std::optional<FleetMargin>& margin);

// "0.800× (95 % CI 0.785–0.815): faster": the best's figure over the next's, as tables write it.
QString marginText(const FleetMargin& margin);

}  // namespace costscope
