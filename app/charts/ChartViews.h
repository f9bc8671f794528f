// Every chart of the application, in tab order: the GUI shows them, the reports render the same
// widgets offscreen, so a chart looks the same in both.
#pragma once

#include <memory>
#include <vector>

#include "app/charts/ChartView.h"

namespace costscope {

class VariantSelection;

// New chart widgets, unparented, in the order the tabs and the reports show them.
std::vector<std::unique_ptr<ChartView>> makeChartViews(VariantSelection* selection);

}  // namespace costscope
