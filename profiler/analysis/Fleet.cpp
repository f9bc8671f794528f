// Fleet: variants by machine, and the choice of machine and variant per workload.
#include "profiler/analysis/Fleet.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "profiler/analysis/Workload.h"

namespace costscope {
namespace {

// The currencies of the cells that have a cost; Cheapest compares only within one.
std::set<std::string> currenciesOf(const std::vector<const VariantSummaryRow*>& variants) {
    std::set<std::string> currencies;
    for (const VariantSummaryRow* variant : variants)
        if (variant && variant->costPerMillionCalls)
            currencies.insert(variant->currency);
    return currencies;
}

std::string listed(const std::set<std::string>& items) {
    std::string text;
    for (const std::string& item : items)
        text += (text.empty() ? "" : ", ") + (item.empty() ? std::string("no currency") : item);
    return text;
}

std::string points(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

// The dense FP32 reference of `variant`: on its own run and device, else the fastest of any
// run's (a machine that measured no dense FP32 of the workload is still held to one).
const VariantSummaryRow* referenceOf(const std::vector<FleetRun>& runs, size_t run,
                                     const VariantSummaryRow& variant) {
    if (const VariantSummaryRow* own = speedupReference(*runs[run].variants, variant))
        return own;
    const VariantSummaryRow* best = nullptr;
    for (const FleetRun& other : runs) {
        for (const VariantSummaryRow& candidate : *other.variants) {
            if (isTimed(candidate) && candidate.precision == "fp32" &&
                compressionOf(candidate) == CompressionKind::Dense &&
                workloadOf(candidate) == workloadOf(variant) &&
                (!best || *candidate.medianMs < *best->medianMs))
                best = &candidate;
        }
    }
    return best;
}

// The samples of `variant` in its run, or null.
const std::vector<Sample>* samplesOf(const FleetRun& run, const VariantSummaryRow& variant) {
    if (!run.samples)
        return nullptr;
    const auto at = run.samples->find(variant.variantId);
    return at == run.samples->end() ? nullptr : &at->second;
}

// `best` (of run a) against `next` (of run b): see FleetMargin.
std::optional<FleetMargin> marginOf(const FleetRun& a, const VariantSummaryRow& best,
                                    const FleetRun& b, const VariantSummaryRow& next,
                                    FleetGoal goal, double equivalence) {
    const std::vector<Sample>* ours = samplesOf(a, best);
    const std::vector<Sample>* theirs = samplesOf(b, next);
    if (!ours || !theirs)
        return std::nullopt;
    std::optional<RatioInterval> interval = ratioInterval(*theirs, *ours, false);
    if (!interval)
        return std::nullopt;
    if (goal == FleetGoal::Cheapest) {
        // A cost is the median times the device's price: the price ratio scales the interval.
        const double scale = (*best.costPerMillionCalls / *best.medianMs) /
                             (*next.costPerMillionCalls / *next.medianMs);
        interval->ratio *= scale;
        interval->low *= scale;
        interval->high *= scale;
    }
    return FleetMargin{*interval, judge(*interval, equivalence)};
}

}  // namespace

const char* toString(FleetGoal goal) {
    return goal == FleetGoal::Fastest ? "fastest" : "cheapest";
}

std::optional<double> goalFigure(const VariantSummaryRow& variant, FleetGoal goal) {
    if (!isTimed(variant))
        return std::nullopt;
    return goal == FleetGoal::Fastest ? variant.medianMs : variant.costPerMillionCalls;
}

std::vector<FleetRow> fleetTable(const std::vector<FleetRun>& runs, FleetGoal goal,
                                 double equivalence) {
    std::vector<FleetRow> rows;
    std::map<std::string, size_t> byName;
    for (size_t r = 0; r < runs.size(); ++r) {
        for (const VariantSummaryRow& variant : *runs[r].variants) {
            auto [at, added] = byName.emplace(variant.name, rows.size());
            if (added)
                rows.push_back({.name = variant.name,
                                .workload = workloadOf(variant),
                                .cells = std::vector<const VariantSummaryRow*>(runs.size())});
            // A run holds a name once; should a hand-edited one not, its first row counts.
            if (!rows[at->second].cells[r])
                rows[at->second].cells[r] = &variant;
        }
    }
    for (FleetRow& row : rows) {
        if (goal == FleetGoal::Cheapest && currenciesOf(row.cells).size() > 1)
            continue;
        std::vector<size_t> measured;
        for (size_t r = 0; r < row.cells.size(); ++r)
            if (row.cells[r] && goalFigure(*row.cells[r], goal))
                measured.push_back(r);
        if (measured.size() < 2)
            continue;
        std::stable_sort(measured.begin(), measured.end(), [&](size_t a, size_t b) {
            return *goalFigure(*row.cells[a], goal) < *goalFigure(*row.cells[b], goal);
        });
        row.best = measured[0];
        row.next = measured[1];
        row.margin = marginOf(runs[measured[0]], *row.cells[measured[0]], runs[measured[1]],
                              *row.cells[measured[1]], goal, equivalence);
    }
    return rows;
}

bool withinBudget(const VariantSummaryRow& variant, const VariantSummaryRow& reference,
                  const QualityBudget& budget) {
    if (&variant == &reference)
        return true;
    if (variant.family == "mlp") {
        if (!variant.accuracy || !reference.accuracy)
            return false;
        return (*reference.accuracy - *variant.accuracy) * 100.0 <=
               budget.accuracyLossPoints + 1e-9;
    }
    return variant.approxError && std::isfinite(*variant.approxError) &&
           *variant.approxError <= budget.maxError;
}

std::vector<FleetChoice> fleetChoices(const std::vector<FleetRun>& runs, FleetGoal goal,
                                      const QualityBudget& budget, double equivalence) {
    // The workloads in the order the table names them.
    std::vector<FleetChoice> choices;
    std::map<std::string, size_t> byWorkload;
    for (const FleetRun& run : runs)
        for (const VariantSummaryRow& variant : *run.variants)
            if (byWorkload.emplace(workloadOf(variant), choices.size()).second)
                choices.push_back({.workload = workloadOf(variant)});

    struct Candidate {
        size_t run;
        const VariantSummaryRow* variant;
        const VariantSummaryRow* reference;
    };
    std::vector<std::vector<Candidate>> qualified(choices.size());
    std::vector<std::vector<const VariantSummaryRow*>> priced(choices.size());
    for (size_t r = 0; r < runs.size(); ++r) {
        for (const VariantSummaryRow& variant : *runs[r].variants) {
            if (!isTimed(variant))
                continue;
            const size_t w = byWorkload.at(workloadOf(variant));
            ++choices[w].timed;
            const VariantSummaryRow* reference = referenceOf(runs, r, variant);
            if (!reference || !withinBudget(variant, *reference, budget))
                continue;
            if (goal == FleetGoal::Cheapest) {
                if (!variant.costPerMillionCalls)
                    continue;
                priced[w].push_back(&variant);
            }
            qualified[w].push_back({r, &variant, reference});
        }
    }
    for (size_t w = 0; w < choices.size(); ++w) {
        FleetChoice& choice = choices[w];
        std::vector<Candidate>& candidates = qualified[w];
        if (goal == FleetGoal::Cheapest) {
            const auto currencies = currenciesOf(priced[w]);
            if (currencies.size() > 1) {
                choice.why = "the machines are priced in different currencies (" +
                             listed(currencies) + "): their costs do not compare";
                continue;
            }
        }
        choice.qualified = int64_t(candidates.size());
        if (candidates.empty()) {
            bool anyReference = false;
            bool anyPrice = false;
            for (size_t r = 0; r < runs.size(); ++r)
                for (const VariantSummaryRow& variant : *runs[r].variants)
                    if (isTimed(variant) && workloadOf(variant) == choice.workload) {
                        anyReference = anyReference || referenceOf(runs, r, variant);
                        anyPrice = anyPrice || variant.costPerMillionCalls.has_value();
                    }
            if (choice.timed == 0)
                choice.why = "no machine timed this workload";
            else if (!anyReference)
                choice.why =
                    "no machine measured its dense FP32 reference, which quality is "
                    "judged against";
            else if (goal == FleetGoal::Cheapest && !anyPrice)
                choice.why =
                    "no machine was recorded with prices (costscope-record --prices, "
                    "docs/costs.md)";
            else
                choice.why = "no variant stays within " + points(budget.accuracyLossPoints) +
                             " accuracy points (models) or an error of " + points(budget.maxError) +
                             " (GEMMs) of the reference" +
                             (goal == FleetGoal::Cheapest ? " and has a price" : "");
            continue;
        }
        std::stable_sort(candidates.begin(), candidates.end(),
                         [goal](const Candidate& a, const Candidate& b) {
                             return *goalFigure(*a.variant, goal) < *goalFigure(*b.variant, goal);
                         });
        const Candidate& best = candidates.front();
        choice.run = best.run;
        choice.variant = best.variant;
        choice.reference = best.reference;
        for (const Candidate& other : candidates) {
            if (other.run != best.run) {
                choice.runnerUpRun = other.run;
                choice.runnerUp = other.variant;
                choice.margin = marginOf(runs[best.run], *best.variant, runs[other.run],
                                         *other.variant, goal, equivalence);
                break;
            }
        }
    }
    return choices;
}

}  // namespace costscope
