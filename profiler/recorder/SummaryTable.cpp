// Fixed-width text: the columns a person compares first, the reasons for what did not run last.
#include "profiler/recorder/SummaryTable.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>

#include "profiler/analysis/BreakEven.h"

namespace costscope {
namespace {

std::string number(const std::optional<double>& value, const char* format) {
    if (!value)
        return "-";
    char text[32];
    std::snprintf(text, sizeof text, format, *value);
    return text;
}

std::string milliseconds(const std::optional<double>& ms) {
    return ms ? formatMilliseconds(*ms) : "-";
}

std::string bytes(const std::optional<int64_t>& value) {
    if (!value)
        return "-";
    const char* units[] = {"B", "KiB", "MiB", "GiB"};
    double amount = double(*value);
    int unit = 0;
    while (amount >= 1024 && unit < 3) {
        amount /= 1024;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", amount, units[unit]);
    return text;
}

}  // namespace

std::string formatMilliseconds(double ms) {
    char text[32];
    std::snprintf(text, sizeof text, ms >= 0.1 ? "%.3f" : "%.3g", ms);
    return text;
}

std::string formatWallTime(double seconds) {
    char text[48];
    if (seconds < 0.095) {
        std::snprintf(text, sizeof text, "%.1g s", seconds);
        return text;
    }
    if (seconds < 9.95) {
        std::snprintf(text, sizeof text, "%.1f s", seconds);
        return text;
    }
    const auto whole = int64_t(std::llround(seconds));
    if (whole < 60)
        std::snprintf(text, sizeof text, "%lld s", static_cast<long long>(whole));
    else if (whole < 3600)
        std::snprintf(text, sizeof text, "%lld min %lld s", static_cast<long long>(whole / 60),
                      static_cast<long long>(whole % 60));
    else
        std::snprintf(text, sizeof text, "%lld h %lld min", static_cast<long long>(whole / 3600),
                      static_cast<long long>(whole % 3600 / 60));
    return text;
}

std::string formatSummaryTable(const std::vector<VariantSummaryRow>& rows) {
    size_t nameWidth = 7;
    for (const auto& row : rows)
        if (row.status != VariantStatus::Skipped)
            nameWidth = std::max(nameWidth, row.name.size());

    // GPU variants measured with the collector get a device-time column; CPU-only runs keep
    // the table as it always was.
    const bool anyDeviceTime = std::any_of(rows.begin(), rows.end(), [](const auto& row) {
        return row.status == VariantStatus::Ok && row.deviceMedianMs.has_value();
    });
    // Model variants carry test accuracy: a column of its own when any has one.
    const bool anyAccuracy = std::any_of(rows.begin(), rows.end(), [](const auto& row) {
        return row.status == VariantStatus::Ok && row.accuracy.has_value();
    });
    // Energy and money: columns of their own when the run measured or priced any.
    const bool anyEnergy = std::any_of(rows.begin(), rows.end(), [](const auto& row) {
        return row.status == VariantStatus::Ok && row.joulesPerCall.has_value();
    });
    const auto priced = std::find_if(rows.begin(), rows.end(), [](const auto& row) {
        return row.status == VariantStatus::Ok && row.costPerMillionCalls.has_value();
    });
    const bool anyCost = priced != rows.end();
    const std::string currency = anyCost ? priced->currency : std::string();
    std::string table;
    char line[640];
    const std::string costHeader = (currency.empty() ? "" : currency + "/") + "1M calls";
    char costColumn[48] = "";
    if (anyCost)
        std::snprintf(costColumn, sizeof costColumn, " %14s", costHeader.c_str());
    std::snprintf(line, sizeof line, "%-*s  %-7s %11s %19s %10s %10s %10s %10s %10s%s%s%s%s\n",
                  int(nameWidth), "variant", "status", "median ms", "p5-p95 ms", "GFLOP/s",
                  "kernel err", "approx err", "weight", "peak mem",
                  anyDeviceTime ? "  device ms" : "", anyAccuracy ? "   accuracy" : "",
                  anyEnergy ? "     J/call" : "", costColumn);
    table += line;
    bool anyNoisy = false;
    bool anyDisagree = false;
    std::map<std::string, std::vector<std::string>> skippedByReason;
    std::string deviceNotes;  // GPU variants whose device figures were not stored, and why
    std::string energyNotes;  // variants whose energy was not measured, or is to be doubted
    for (const auto& row : rows) {
        if (row.status == VariantStatus::Skipped) {
            skippedByReason[row.reason].push_back(row.name);
            continue;
        }
        if (row.status == VariantStatus::Failed) {
            std::snprintf(line, sizeof line, "%-*s  %-7s %s\n", int(nameWidth), row.name.c_str(),
                          "failed", row.reason.c_str());
            table += line;
            continue;
        }
        if (!row.deviceNote.empty())
            deviceNotes += "    " + row.name + ": " + row.deviceNote + '\n';
        if (anyEnergy && !row.energyNote.empty())
            energyNotes += "    " + row.name + ": " + row.energyNote + '\n';
        const bool noisy = row.noisy.value_or(false);
        anyNoisy |= noisy;
        const bool disagree = row.roundsDisagree.value_or(false);
        anyDisagree |= disagree;
        const std::string median = milliseconds(row.medianMs) + (disagree ? "!"
                                                                 : noisy  ? "~"
                                                                          : " ");
        const std::string spread = milliseconds(row.p5Ms) + "-" + milliseconds(row.p95Ms);
        char device[32] = "";
        if (anyDeviceTime)
            std::snprintf(device, sizeof device, " %10s", milliseconds(row.deviceMedianMs).c_str());
        char accuracy[32] = "";
        if (anyAccuracy)
            std::snprintf(accuracy, sizeof accuracy, " %10s",
                          row.accuracy ? number(*row.accuracy * 100, "%.2f %%").c_str() : "-");
        char energy[32] = "";
        if (anyEnergy)
            std::snprintf(energy, sizeof energy, " %10s",
                          number(row.joulesPerCall, "%.3g").c_str());
        char cost[32] = "";
        if (anyCost)
            std::snprintf(cost, sizeof cost, " %14s",
                          number(row.costPerMillionCalls, "%.4g").c_str());
        std::snprintf(line, sizeof line, "%-*s  %-7s %11s %19s %10s %10s %10s %10s %10s%s%s%s%s\n",
                      int(nameWidth), row.name.c_str(), "ok", median.c_str(), spread.c_str(),
                      number(row.gflops, "%.1f").c_str(), number(row.kernelError, "%.2e").c_str(),
                      number(row.approxError, "%.2e").c_str(), bytes(row.weightBytes).c_str(),
                      bytes(row.peakMemBytes).c_str(), device, accuracy, energy, cost);
        table += line;
    }
    if (anyDeviceTime)
        table +=
            "GPU variants: median ms is end to end (activations copied in, result copied out); "
            "device ms is the time of the kernels each call launched (CUPTI)\n";
    if (!deviceNotes.empty())
        table +=
            "no device time for these GPU variants (measured end to end only):\n" + deviceNotes;
    if (anyEnergy)
        table +=
            "J/call: all the device drew per call over a window of a second or more (its "
            "energy counter: RAPL, NVML); variant_summary also has it less idle power\n";
    if (!energyNotes.empty())
        table += "energy not measured, or to be read with care:\n" + energyNotes;
    if (anyCost)
        table += costHeader +
                 ": the median call's share of the device's hourly price, a million "
                 "times, with the machine busy all the time it is paid for\n";
    if (anyNoisy)
        table +=
            "~ noisy: the samples vary by more than 5 % (coefficient of variation); the "
            "machine was busy or the kernel is unstable\n";
    if (anyDisagree)
        table +=
            "! rounds disagree: the round medians differ by more than 2 % and three standard "
            "errors; the machine changed while recording (variant_rounds has each round)\n";
    return table + formatSkipped(skippedByReason);
}

std::string formatSkipped(const std::map<std::string, std::vector<std::string>>& namesByReason) {
    std::string text;
    for (const auto& [reason, names] : namesByReason) {
        text += "skipped " + std::to_string(names.size()) +
                (names.size() == 1 ? " variant: " : " variants: ") + reason + '\n';
        for (const auto& name : names)
            text += "    " + name + '\n';
    }
    return text;
}

std::string formatBreakEvens(const std::vector<VariantSummaryRow>& rows) {
    std::string text;
    const std::vector<PruningCurve> curves = pruningCurves(rows);
    for (const PruningChoice& choice : pruningChoices(curves)) {
        const PruningCurve& first = *choice.curves.front();
        const std::string at = first.model
                                   ? "mlp b" + std::to_string(first.n)
                                   : std::to_string(first.m) + 'x' + std::to_string(first.n) + 'x' +
                                         std::to_string(first.k);
        // A GEMM's unstructured curve is CSR; the mlp's pruned models also run dense.
        const std::string kind =
            first.kind == CompressionKind::Pruned && !first.model ? "CSR" : pruningText(first.kind);
        const auto backendOf = [](const PruningCurve& curve) {
            return curve.backend + (curve.precision == "fp32" ? "" : " " + curve.precision);
        };
        for (const PruningCurve* curve : choice.curves)
            text += "pruning (" + kind + ") on " + curve->device + " with " + backendOf(*curve) +
                    " at " + at + ": " + curve->breakEven.describe() + "; over " +
                    curve->reference->name + ", " +
                    formatMilliseconds(*curve->reference->medianMs) + " ms\n";
        if (choice.curves.size() > 1)
            text += "  best of " + std::to_string(choice.curves.size()) +
                    " backends: " + backendOf(*choice.best) + ", " +
                    choice.best->breakEven.describe() + '\n';
    }
    return text;
}

}  // namespace costscope
