// The runs picked to compare machines, as the Fleet analysis takes them: one home for how the
// Machines view, the charts' legends and the reports name each run's machine.
#pragma once

#include <QString>
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

}  // namespace costscope
