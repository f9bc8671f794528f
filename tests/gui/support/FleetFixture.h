// Three machines' runs of the fixture suite in one file, as costscope-merge leaves a fleet: for
// the Machines view and the charts that overlay machines. Made up like every fixture.
#pragma once

#include <filesystem>
#include <vector>

#include "app/core/RunData.h"

namespace costscope::test {

struct FleetFixture {
    // node-a: the fixture's times, CPU and GPU; node-b: 20 % faster, CPU and GPU, and (with
    // costs) three times node-a's price, so the fastest machine is not the cheapest; node-c:
    // 25 % slower, CPU only. In that order.
    std::vector<RunDataPtr> runs;
    std::vector<RunKey> keys;  // the runs in the file, in the same order
};

// Writes the three runs to `path` (created when missing) and reads them back; `withCosts`:
// energy and prices (FixtureOptions::withCosts), node-b's money tripled in what is read.
FleetFixture writeFleetFixture(const std::filesystem::path& path, bool withCosts = false);

}  // namespace costscope::test
