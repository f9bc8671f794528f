// The --list text; the estimate's arithmetic is here too, so the text and the figure agree.
#include "profiler/recorder/VariantListing.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>

#include "profiler/recorder/SummaryTable.h"

namespace costscope {
namespace {

// A measure setting as the user would write it: "0.25", "3".
std::string setting(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

std::string count(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + ' ' + (n == 1 ? one : many);
}

}  // namespace

WallTimeEstimate estimateWallTime(std::size_t measured, const MeasureOptions& measure) {
    WallTimeEstimate estimate;
    estimate.measured = measured;
    const auto rounds = double(std::max<int64_t>(measure.rounds, 1));
    const auto minIterations = double(std::max<int64_t>(measure.minIterations, 1));
    estimate.warmupCallS = measure.minTimeS / minIterations;
    estimate.perVariantS =
        measure.minTimeS + double(measure.warmup) * rounds * estimate.warmupCallS;
    estimate.totalS = double(measured) * estimate.perVariantS;
    return estimate;
}

std::string formatVariantList(const std::string& suiteName,
                              const std::vector<VariantSpec>& variants,
                              const std::vector<std::optional<std::string>>& skipReasons,
                              const MeasureOptions& measure) {
    std::string text;
    std::map<std::string, std::vector<std::string>> skippedByReason;
    bool anyModel = false;
    for (std::size_t i = 0; i < variants.size(); ++i) {
        const std::string name = variants[i].name();
        text += name + '\n';
        if (i < skipReasons.size() && skipReasons[i])
            skippedByReason[*skipReasons[i]].push_back(name);
        else
            anyModel = anyModel || variants[i].family == "mlp";
    }
    std::size_t skipped = 0;
    for (const auto& [reason, names] : skippedByReason)
        skipped += names.size();
    const std::size_t measured = variants.size() - skipped;

    text += '\n' + count(variants.size(), "variant", "variants") + " of suite '" + suiteName +
            "': " + std::to_string(measured) + " to measure, " + std::to_string(skipped) +
            " to skip on this machine\n";
    text += formatSkipped(skippedByReason);

    if (measured == 0)
        return text + "estimated wall time: nothing to measure\n";
    const WallTimeEstimate estimate = estimateWallTime(measured, measure);
    const auto rounds = std::max<int64_t>(measure.rounds, 1);
    text += "estimated wall time: about " + formatWallTime(estimate.totalS) +
            " of measuring, plus set-up and checks (an estimate, not a measurement)\n";
    text +=
        "    based on the time budget alone, as how long a variant takes is not known before "
        "it runs:\n";
    text += "    " + count(measured, "variant", "variants") + " x (min_time " +
            setting(measure.minTimeS) + " s";
    if (measure.warmup > 0)
        text += " + " + count(std::size_t(measure.warmup), "warm-up call", "warm-up calls") +
                " x " + count(std::size_t(rounds), "round", "rounds") + " x " +
                setting(estimate.warmupCallS) + " s";
    text += ") = " + count(measured, "variant", "variants") + " x " +
            setting(estimate.perVariantS) + " s\n";
    if (measure.minTimeS <= 0)
        text +=
            "    min_time is 0: min_iterations alone decides how long a variant is timed, "
            "which is not known before it runs, so the recording takes longer than this\n";
    else if (measure.warmup > 0)
        text += "    a warm-up call is taken as min_time / min_iterations (" +
                setting(double(measure.minIterations)) +
                "), the most a call can take while min_time decides how long a variant is "
                "timed; slower calls take longer\n";
    text +=
        "    not included: setting each variant up in every round and checking it against "
        "FP64, measuring the machine's ceilings";
    if (anyModel)
        text += ", preparing the mlp models";
    return text + '\n';
}

}  // namespace costscope
