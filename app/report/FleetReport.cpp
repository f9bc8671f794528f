// addMachines(): the Fleet analysis as report tables.
#include "app/report/FleetReport.h"

#include "app/core/FleetRuns.h"
#include "app/core/Format.h"
#include "app/headline/Headline.h"
#include "profiler/analysis/Workload.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

QString text(const std::string& value) {
    return QString::fromStdString(value);
}

ReportCell figure(const std::optional<double>& value) {
    return value ? ReportCell(formatDecimal(*value), formatExact(*value)) : ReportCell(QString());
}

// The quality a variant kept against its reference, in words.
QString qualityOf(const VariantSummaryRow& variant, const VariantSummaryRow& reference) {
    if (variant.family == "mlp") {
        if (!variant.accuracy || !reference.accuracy) {
            return QString();
        }
        return formatPercent(*variant.accuracy) + u" accuracy ("_s +
               formatDecimal((*reference.accuracy - *variant.accuracy) * 100.0) +
               u" points below "_s + text(reference.name) + u")"_s;
    }
    return variant.approxError ? u"error "_s + formatNumber(*variant.approxError) : QString();
}

QString goalUnit(FleetGoal goal, const std::vector<RunDataPtr>& runs) {
    if (goal == FleetGoal::Fastest) {
        return u"ms"_s;
    }
    for (const RunDataPtr& run : runs) {
        if (!run->currency().isEmpty()) {
            return run->currency() + u" per 1M calls"_s;
        }
    }
    return u"per 1M calls"_s;
}

}  // namespace

FleetGoal reportGoal(const ReportInput& input) {
    return input.goal ? *input.goal : defaultGoal(input.machines);
}

void addMachines(ReportDocument& document, const ReportInput& input) {
    const std::vector<FleetRun> fleet = fleetRunsOf(input.machines);
    const FleetGoal goal = reportGoal(input);
    const QualityBudget budget{.accuracyLossPoints = input.accuracyLoss,
                               .maxError = input.maxError};
    QStringList names;
    for (const FleetRun& run : fleet) {
        names << text(run.machine);
    }
    document.title = u"costscope report: "_s + QString::number(fleet.size()) + u" machines"_s;
    document.subtitle = u"Machines compared: "_s + names.join(u"; "_s) + u"."_s;
    for (size_t i = 0; i < fleet.size(); ++i) {
        document.runs.push_back(makeReportRun(
            *input.machines[i], u"Machine "_s + QString::number(i + 1), names[qsizetype(i)]));
        for (const QString& warning :
             makeHeadline(*input.machines[i], nullptr, input.accuracyLoss).warnings) {
            if (!document.warnings.contains(warning)) {
                document.warnings << warning;
            }
        }
    }
    document.comparisonNote = u"Machines are compared in their own tables below."_s;

    // Variants by machine: the median on each, energy and money where measured.
    bool energy = false;
    bool cost = false;
    for (const RunDataPtr& run : input.machines) {
        for (const VariantSummaryRow& variant : run->variants) {
            energy = energy || variant.joulesPerCall;
            cost = cost || variant.costPerMillionCalls;
        }
    }
    ReportTable& table = document.machines;
    table.key = u"machines"_s;
    table.headers = {u"Variant"_s, u"Workload"_s};
    table.numeric = {false, false};
    const auto perMachine = [&](const QString& what) {
        for (qsizetype i = 0; i < names.size(); ++i) {
            table.headers << names[i] + u": "_s + what;
            table.numeric.push_back(true);
        }
    };
    perMachine(u"median (ms)"_s);
    if (energy) {
        perMachine(u"energy (J/call)"_s);
    }
    if (cost) {
        perMachine(goalUnit(FleetGoal::Cheapest, input.machines));
    }
    table.headers << u"Best machine ("_s + QString::fromLatin1(toString(goal)) + u")"_s;
    table.numeric.push_back(false);
    for (const FleetRow& row : fleetTable(fleet, goal, input.equivalence)) {
        std::vector<ReportCell> cells = {text(row.name), text(row.workload)};
        const auto add = [&](auto value) {
            for (size_t i = 0; i < row.cells.size(); ++i) {
                const VariantSummaryRow* variant = row.cells[i];
                if (variant == nullptr) {
                    cells.push_back(u"—"_s);
                } else if (variant->status != VariantStatus::Ok) {
                    cells.push_back(QString::fromLatin1(toString(variant->status)));
                } else {
                    ReportCell cell = figure(value(*variant));
                    if (row.best == i && clearlyAhead(row.margin) && !cell.text.isEmpty()) {
                        cell.text += u" ★"_s;
                    }
                    cells.push_back(cell);
                }
            }
        };
        add([](const VariantSummaryRow& v) { return v.medianMs; });
        if (energy) {
            add([](const VariantSummaryRow& v) { return v.joulesPerCall; });
        }
        if (cost) {
            add([](const VariantSummaryRow& v) { return v.costPerMillionCalls; });
        }
        QString best;
        if (row.best) {
            best = names[qsizetype(*row.best)];
            if (row.margin) {
                const QString next = names[qsizetype(*row.next)];
                const FleetMargin& margin = *row.margin;
                const QString interval = u" (95 % CI "_s + formatRatio(margin.interval.low) +
                                         u"–"_s + formatRatio(margin.interval.high) + u"), "_s +
                                         QString::fromLatin1(toString(margin.verdict));
                if (clearlyAhead(row.margin)) {
                    best +=
                        u": "_s + formatRatio(margin.interval.ratio) + u"× "_s + next + interval;
                } else {
                    best += u" ≈ "_s + next + u": "_s + formatRatio(margin.interval.ratio) +
                            u"×"_s + interval;
                }
            }
        }
        cells.push_back(best);
        table.addRow(cells,
                     row.best && clearlyAhead(row.margin) ? RowTone::Neutral : RowTone::Muted);
    }
    document.machinesNote =
        u"Every variant on every machine: — where a machine's run has no such variant, its "
        u"status where it was not timed. ★ marks the best machine of a row, "_s +
        (goal == FleetGoal::Fastest ? u"the shortest median call"_s
                                    : u"the lowest price of a million calls"_s) +
        u", where two machines or more have the figure and the best is ahead of the next "
        u"beyond ±"_s +
        formatPercent(input.equivalence, 0) +
        u": the ratio of their figures with its 95 % interval, from the samples' rounds, is "
        u"judged as the comparison's verdicts are (≈ where it is not)."_s;

    // Which machine for which workload.
    ReportTable& choices = document.choices;
    choices.key = u"choice"_s;
    const QString unit = goalUnit(goal, input.machines);
    choices.headers = {u"Workload"_s,
                       u"Machine"_s,
                       u"Variant"_s,
                       u"Goal ("_s + unit + u")"_s,
                       u"Quality kept"_s,
                       u"Runner-up machine"_s,
                       u"Runner-up ("_s + unit + u")"_s,
                       u"Choice against runner-up"_s,
                       u"Qualified / timed"_s,
                       u"Why none"_s};
    choices.numeric = {false, false, false, true, false, false, true, false, true, false};
    for (const FleetChoice& choice : fleetChoices(fleet, goal, budget, input.equivalence)) {
        const QString counts =
            QString::number(choice.qualified) + u" / "_s + QString::number(choice.timed);
        if (!choice.variant) {
            choices.addRow({text(choice.workload), QString(), QString(), QString(), QString(),
                            QString(), QString(), QString(), counts, text(choice.why)},
                           RowTone::Muted);
            continue;
        }
        const QString machine = names[qsizetype(*choice.run)];
        const auto best = goalFigure(*choice.variant, goal);
        const auto second = choice.runnerUp ? goalFigure(*choice.runnerUp, goal) : std::nullopt;
        choices.addRow({text(choice.workload), machine, text(choice.variant->name), figure(best),
                        qualityOf(*choice.variant, *choice.reference),
                        choice.runnerUpRun ? names[qsizetype(*choice.runnerUpRun)] + u" ("_s +
                                                 text(choice.runnerUp->name) + u")"_s
                                           : QString(),
                        figure(second), choice.margin ? marginText(*choice.margin) : QString(),
                        counts, QString()},
                       clearlyAhead(choice.margin) ? RowTone::Better : RowTone::Neutral);
        QString line = text(choice.workload) + u": "_s + machine + u", "_s +
                       text(choice.variant->name) + u" at "_s +
                       (goal == FleetGoal::Fastest ? formatDurationMs(*best)
                                                   : formatDecimal(*best) + u" "_s + unit);
        if (choice.margin) {
            const QString next = names[qsizetype(*choice.runnerUpRun)];
            line += clearlyAhead(choice.margin) ? u", ahead of the next machine ("_s + next +
                                                      u"): "_s + marginText(*choice.margin)
                                                : u", no clear lead over the next machine ("_s +
                                                      next + u"): "_s + marginText(*choice.margin);
        }
        document.headline.comparison << line;
    }
    document.choicesNote =
        u"For each workload, the "_s + QString::fromLatin1(toString(goal)) +
        u" machine and variant among those within "_s + QString::number(budget.accuracyLossPoints) +
        u" accuracy points (models) or a relative error of "_s + formatPercent(budget.maxError) +
        u" against FP64 (GEMMs) of the dense FP32 reference: "_s +
        QString::fromLatin1(kSpeedupReferenceText) +
        u" (the teacher model for the mlp), else the fastest such variant of any machine."_s;
    document.headline.accuracyLoss = QString::number(budget.accuracyLossPoints) + u" points"_s;
}

}  // namespace costscope
