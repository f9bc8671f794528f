// Every chart of the application, in tab order: the GUI shows them, the reports render the same
// widgets offscreen, so a chart looks the same in both.
#pragma once

#include <QString>
#include <memory>
#include <vector>

#include "app/charts/ChartView.h"

namespace costscope {

class VariantSelection;

// New chart widgets, unparented, in the order the tabs and the reports show them.
std::vector<std::unique_ptr<ChartView>> makeChartViews(VariantSelection* selection);

// A chart of a report, under the title the report gives it.
struct ReportChartView {
    QString title;
    std::unique_ptr<ChartView> view;
};

// The report's charts for `input`: the views of makeChartViews(), set up for a static image
// (ChartView::setForReport), with the trade-off map twice, models and GEMMs, where the run has
// both, Compare split into charts of a few workloads each where its rows would not fit one, and
// the Sweeps into one chart per pruning workload where the run has several. With machines
// compared (input.machines), only the charts that draw every machine: the trade-off maps and
// Compare. Inputs are not set yet.
std::vector<ReportChartView> makeReportChartViews(VariantSelection* selection,
                                                  const ViewInput& input);

}  // namespace costscope
