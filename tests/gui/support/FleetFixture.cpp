// FleetFixture: three fixture runs on three hosts, one repriced in memory.
#include "tests/gui/support/FleetFixture.h"

#include <memory>

#include "app/core/RunLoader.h"
#include "tests/gui/support/FixtureRecording.h"

namespace costscope::test {

FleetFixture writeFleetFixture(const std::filesystem::path& path, bool withCosts) {
    const FixtureOptions machines[] = {
        {.host = "node-a", .timeScale = 1.0, .seed = 1, .withCosts = withCosts},
        {.host = "node-b", .timeScale = 0.8, .seed = 2, .withCosts = withCosts},
        {.host = "node-c", .timeScale = 1.25, .withGpu = false, .seed = 3, .withCosts = withCosts},
    };
    FleetFixture fleet;
    const QString file = QString::fromStdString(path.string());
    for (const FixtureOptions& options : machines) {
        const int64_t id = writeFixtureRun(path, options);
        RunData run = loadRun(path, id);
        if (options.host == "node-b") {
            // The fast machine rents at three times the price: the cheapest is another.
            for (VariantSummaryRow& variant : run.variants) {
                for (std::optional<double>* money :
                     {&variant.costPerMillionCalls, &variant.energyCostPerMillionCalls}) {
                    if (*money) {
                        **money *= 3;
                    }
                }
            }
        }
        fleet.runs.push_back(std::make_shared<const RunData>(std::move(run)));
        fleet.keys.push_back({file, id});
    }
    return fleet;
}

}  // namespace costscope::test
