// The list of charts; each view's folder adds its line here.
#include "app/ChartViews.h"

#include "app/compare/CompareView.h"
#include "app/core/FleetRuns.h"
#include "app/roofline/RooflineView.h"
#include "app/sweeps/SweepView.h"
#include "app/timeline/TimelineView.h"
#include "app/tradeoff/TradeOffView.h"

using namespace Qt::StringLiterals;

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

std::vector<ReportChartView> makeReportChartViews(VariantSelection* selection,
                                                  const ViewInput& input) {
    std::vector<ReportChartView> charts;
    // Machines compared: the charts that draw every machine; the others show one run.
    const bool machines = input.machines.size() >= 2;
    std::vector<QString> names;
    for (const FleetRun& run : fleetRunsOf(input.machines)) {
        names.push_back(QString::fromStdString(run.machine));
    }
    for (std::unique_ptr<ChartView>& view : makeChartViews(selection)) {
        view->setForReport(true);
        if (machines && !qobject_cast<CompareView*>(view.get()) &&
            !qobject_cast<TradeOffView*>(view.get())) {
            continue;
        }
        if (auto* compare = qobject_cast<CompareView*>(view.get()); compare && input.run) {
            // Workloads split over charts of at most kReportRows rows, so that every label has
            // room at the report's size; a workload with more rows gets a taller chart.
            const CompareSeries all =
                machines ? CompareSeries(input.machines, names, compare->metric())
                         : CompareSeries(*input.run, input.baseline.get(), compare->metric());
            std::vector<QStringList> chunks;
            int rows = 0;
            for (const CompareGroup& group : all.groups()) {
                const int groupRows = int(group.bars.size()) + 1;
                if (chunks.empty() || rows + groupRows > CompareView::kReportRows) {
                    chunks.emplace_back();
                    rows = 0;
                }
                chunks.back() << group.title;
                rows += groupRows;
            }
            if (chunks.size() > 1) {
                for (const QStringList& titles : chunks) {
                    auto part = std::make_unique<CompareView>(selection);
                    part->setForReport(true);
                    part->setGroups(titles);
                    charts.push_back(
                        {part->title() + u": "_s + titles.join(u", "_s), std::move(part)});
                }
                continue;
            }
        }
        if (auto* sweeps = qobject_cast<SweepView*>(view.get()); sweeps && input.run) {
            // One chart per pruning workload (each GEMM shape, each batch of the model), so
            // that every curve's legend line has room; the precision panel, the same in each,
            // in the first only.
            const QStringList workloads = SweepSeries(*input.run).pruningWorkloads();
            if (workloads.size() > 1) {
                for (const QString& workload : workloads) {
                    auto part = std::make_unique<SweepView>(selection);
                    part->setForReport(true);
                    part->setPruningWorkload(workload);
                    part->setPrecisionPanelShown(workload == workloads.front());
                    charts.push_back({part->title() + u": "_s + workload, std::move(part)});
                }
                continue;
            }
        }
        auto* tradeOff = qobject_cast<TradeOffView*>(view.get());
        if (tradeOff == nullptr) {
            const QString title = view->title();
            charts.push_back({title, std::move(view)});
            continue;
        }
        // Models and GEMMs have different quality axes: one map each, those the runs have.
        const auto has = [&](TradeOffWorkload workload) {
            std::vector<RunDataPtr> runs = input.machines;
            runs.push_back(input.run);
            runs.push_back(input.baseline);
            for (const RunDataPtr& run : runs) {
                if (run && TradeOffSeries::hasPoints(*run, workload)) {
                    return true;
                }
            }
            return false;
        };
        const bool models = has(TradeOffWorkload::Models);
        const bool gemms = has(TradeOffWorkload::Gemms);
        if (models || !gemms) {
            tradeOff->setWorkload(TradeOffWorkload::Models);
            charts.push_back({tradeOff->title() + u": models"_s, std::move(view)});
        }
        if (gemms) {
            auto other = std::make_unique<TradeOffView>(selection);
            other->setForReport(true);
            other->setWorkload(TradeOffWorkload::Gemms);
            charts.push_back({other->title() + u": GEMMs"_s, std::move(other)});
        }
    }
    return charts;
}

}  // namespace costscope
