// The list of charts; each view's folder adds its line here.
#include "app/charts/ChartViews.h"

#include "app/compare/CompareView.h"
#include "app/roofline/RooflineView.h"
#include "app/sweeps/SweepView.h"
#include "app/timeline/TimelineView.h"
#include "app/tradeoff/TradeOffView.h"

namespace costscope {

std::vector<std::unique_ptr<ChartView>> makeChartViews(VariantSelection* selection) {
    std::vector<std::unique_ptr<ChartView>> views;
    (void)selection;
    views.push_back(std::make_unique<TradeOffView>(selection));  // first: what wins, at what cost
    views.push_back(std::make_unique<CompareView>(selection));   // by how much, per workload
    views.push_back(std::make_unique<SweepView>(selection));     // where pruning starts to pay
    views.push_back(std::make_unique<RooflineView>(selection));  // the measured ceilings
    views.push_back(std::make_unique<TimelineView>(selection));  // last: the run in time
    return views;
}

}  // namespace costscope
