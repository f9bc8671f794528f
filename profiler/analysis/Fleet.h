// The same suite measured on several machines: how each variant runs on each, and which
// machine and variant to choose for each workload within a quality budget. One home for the
// Machines view, the reports' machines section and their tests.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <map>

#include "profiler/analysis/RatioVerdict.h"
#include "profiler/store/RecordingRows.h"

namespace costscope {

// One run of the fleet: its variants and the name tables and legends give its machine.
struct FleetRun {
    std::string machine;  // e.g. "gpu-node-3 · Intel Xeon 8480 + NVIDIA H200 · #2"
    const std::vector<VariantSummaryRow>* variants = nullptr;  // required
    // Every timed sample by variant id (RunData::samples); without them no margin is judged.
    const std::map<int64_t, std::vector<Sample>>* samples = nullptr;
};

// How far the best is ahead of the next: the ratio of the best's figure to the next's with its
// 95 % interval (from the samples, ratioInterval(); for Cheapest scaled by the ratio of the
// devices' hourly prices), and the verdict on it: Faster when the best is ahead beyond the
// band of equivalence, Same or Inconclusive when it is not clearly ahead.
struct FleetMargin {
    RatioInterval interval;
    Verdict verdict = Verdict::Inconclusive;
};

// What "best" means: the shortest median call, or the lowest device cost per million calls
// (cost_per_million_calls: the price list's price of the device's time, see Money.h).
enum class FleetGoal { Fastest, Cheapest };
const char* toString(FleetGoal goal);  // "fastest", "cheapest"

// The figure `goal` compares, lower is better: the median call in ms (Fastest), the cost of a
// million calls (Cheapest); nullopt when the variant was not timed, or not priced.
std::optional<double> goalFigure(const VariantSummaryRow& variant, FleetGoal goal);

// One variant (by name, which is the same in every recording) on every machine.
struct FleetRow {
    std::string name;
    std::string workload;  // workloadOf()
    // One per run, in the runs' order: the run's variant of that name, null when it has none.
    std::vector<const VariantSummaryRow*> cells;
    // The run whose cell is best by the goal, among the cells that have the goal's figure;
    // nullopt when fewer than two machines have it (nothing to choose between) or the
    // Cheapest figures are in different currencies.
    std::optional<size_t> best;
    std::optional<size_t> next;         // the second by the goal, when there is a best
    std::optional<FleetMargin> margin;  // best against next; nullopt without samples
};

// Every variant any run has: the first run's in its order, then each other run's new ones.
std::vector<FleetRow> fleetTable(const std::vector<FleetRun>& runs, FleetGoal goal,
                                 double equivalence = kDefaultEquivalence);

// The quality a choice must keep against the dense FP32 reference of its workload
// (speedupReference(): the dense FP32 variant, the teacher model for the mlp).
struct QualityBudget {
    // Models: test accuracy at most this many percentage points below the reference's.
    double accuracyLossPoints = 1.0;
    // GEMMs: relative error against FP64 of the dense operands (approx_error) at most this;
    // the reference's own is ~1e-7.
    double maxError = 0.01;
};

// Whether `variant` keeps `budget` against `reference` (the reference itself always does);
// false when the figure it is judged by was not measured.
bool withinBudget(const VariantSummaryRow& variant, const VariantSummaryRow& reference,
                  const QualityBudget& budget);

// The choice for one workload over every machine.
struct FleetChoice {
    std::string workload;
    std::optional<size_t> run;                     // the chosen machine's run; nullopt: none
    const VariantSummaryRow* variant = nullptr;    // the chosen variant; null: none
    const VariantSummaryRow* reference = nullptr;  // the reference it was held to
    // The best choice on any other machine, for "how much better": its run and variant;
    // nullopt / null when no other machine has a qualifying variant.
    std::optional<size_t> runnerUpRun;
    const VariantSummaryRow* runnerUp = nullptr;
    std::optional<FleetMargin> margin;  // the choice against the runner-up; nullopt: no samples
    int64_t timed = 0;                  // timed variants of the workload over every machine
    int64_t qualified = 0;              // of them within the budget (and priced, for Cheapest)
    std::string why;                    // when nothing was chosen: why, for people
};

// Per workload (in the order the rows first name them): among the timed variants of every
// machine that keep `budget` against their reference (the dense FP32 variant of the same
// workload on the same run and device, else of any run), the one with the lowest goalFigure().
// Cheapest needs prices in one currency; otherwise every choice says why there is none.
std::vector<FleetChoice> fleetChoices(const std::vector<FleetRun>& runs, FleetGoal goal,
                                      const QualityBudget& budget,
                                      double equivalence = kDefaultEquivalence);

}  // namespace costscope
