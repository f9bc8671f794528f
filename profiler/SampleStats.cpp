// Median, percentiles, mean, stddev and the noise flag of a set of timing samples.
#include "profiler/SampleStats.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace costscope {
namespace {

// Linear interpolation between closest ranks on sorted data (NumPy's default method).
double percentile(const std::vector<double>& sorted, double p) {
    const double rank = p * double(sorted.size() - 1);
    const auto lo = size_t(std::floor(rank));
    const auto hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (rank - double(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace

SampleStats SampleStats::from(std::span<const int64_t> durationsNs) {
    if (durationsNs.empty())
        throw std::invalid_argument("SampleStats::from: no samples");
    std::vector<double> sorted(durationsNs.begin(), durationsNs.end());
    std::sort(sorted.begin(), sorted.end());

    SampleStats stats;
    stats.medianNs = percentile(sorted, 0.50);
    stats.p5Ns = percentile(sorted, 0.05);
    stats.p95Ns = percentile(sorted, 0.95);
    double sum = 0;
    for (const double d : sorted)
        sum += d;
    stats.meanNs = sum / double(sorted.size());
    double squares = 0;
    for (const double d : sorted)
        squares += (d - stats.meanNs) * (d - stats.meanNs);
    stats.stddevNs = sorted.size() > 1 ? std::sqrt(squares / double(sorted.size() - 1)) : 0.0;
    stats.cv = stats.meanNs > 0 ? stats.stddevNs / stats.meanNs : 0.0;
    stats.noisy = stats.cv > kNoisyCv;
    return stats;
}

RoundAgreement RoundAgreement::of(const std::vector<std::vector<int64_t>>& rounds) {
    struct Round {
        double median = 0;
        double standardError = 0;
    };
    std::vector<Round> summary;
    for (const auto& durations : rounds) {
        if (durations.empty())
            continue;
        std::vector<double> sorted(durations.begin(), durations.end());
        std::sort(sorted.begin(), sorted.end());
        const double median = percentile(sorted, 0.5);
        std::vector<double> deviations;
        deviations.reserve(sorted.size());
        for (const double d : sorted)
            deviations.push_back(std::abs(d - median));
        std::sort(deviations.begin(), deviations.end());
        const double mad = percentile(deviations, 0.5);
        summary.push_back({median, 1.2533 * 1.4826 * mad / std::sqrt(double(sorted.size()))});
    }
    RoundAgreement agreement;
    if (summary.size() < 2)
        return agreement;
    const auto [fastest, slowest] =
        std::minmax_element(summary.begin(), summary.end(),
                            [](const Round& a, const Round& b) { return a.median < b.median; });
    if (fastest->median <= 0)
        return agreement;
    agreement.spread = slowest->median / fastest->median - 1.0;
    const double error = std::hypot(fastest->standardError, slowest->standardError);
    agreement.disagree = agreement.spread > kRoundTolerance &&
                         slowest->median - fastest->median > kRoundSigmas * error;
    return agreement;
}

}  // namespace costscope
