// The ratio interval on near-independent units, and the verdict against the equivalence band.
#include "profiler/analysis/RatioVerdict.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace costscope {
namespace {

constexpr int kMinRounds = 3;  // below this the rounds are too few units: blocks instead
constexpr int kMaxBlocks = 10;
constexpr int kMinBlockSamples = 3;

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::vector<double> timesOf(const std::vector<Sample>& samples, bool device,
                            std::vector<int>* rounds) {
    std::vector<double> times;
    for (const Sample& sample : samples) {
        const int64_t ns = device ? sample.deviceNs : sample.durationNs;
        if (ns <= 0)
            continue;
        times.push_back(double(ns));
        if (rounds)
            rounds->push_back(sample.round);
    }
    return times;
}

// The log medians of one side's units: its rounds when it has enough, else blocks of consecutive
// samples (the samples are stored in the order they were taken).
std::vector<double> unitsOf(const std::vector<Sample>& samples, bool device, bool byRound) {
    std::vector<int> rounds;
    const std::vector<double> times = timesOf(samples, device, &rounds);
    std::vector<double> units;
    if (byRound) {
        std::map<int, std::vector<double>> perRound;
        for (size_t i = 0; i < times.size(); ++i)
            perRound[rounds[i]].push_back(times[i]);
        for (const auto& [round, values] : perRound)
            units.push_back(std::log(median(values)));
        return units;
    }
    const int blocks = std::min<int>(kMaxBlocks, int(times.size()) / kMinBlockSamples);
    for (int b = 0; b < blocks; ++b) {
        const size_t begin = times.size() * size_t(b) / size_t(blocks);
        const size_t end = times.size() * size_t(b + 1) / size_t(blocks);
        units.push_back(std::log(
            median(std::vector<double>(times.begin() + long(begin), times.begin() + long(end)))));
    }
    return units;
}

// The rounds among the samples that have the time asked for.
int distinctRounds(const std::vector<Sample>& samples, bool device) {
    std::vector<int> rounds;
    timesOf(samples, device, &rounds);
    std::sort(rounds.begin(), rounds.end());
    return int(std::unique(rounds.begin(), rounds.end()) - rounds.begin());
}

struct Moments {
    double mean = 0;
    double variance = 0;  // sample variance (n - 1)
};

Moments momentsOf(const std::vector<double>& values) {
    Moments m;
    for (const double v : values)
        m.mean += v;
    m.mean /= double(values.size());
    for (const double v : values)
        m.variance += (v - m.mean) * (v - m.mean);
    m.variance /= double(values.size() - 1);
    return m;
}

}  // namespace

const char* toString(Verdict verdict) {
    switch (verdict) {
        case Verdict::Faster:
            return "faster";
        case Verdict::Slower:
            return "slower";
        case Verdict::Same:
            return "same";
        case Verdict::Inconclusive:
            return "inconclusive";
    }
    return "inconclusive";
}

double studentT975(double degrees) {
    // Two-sided 95 % quantiles; between the listed degrees of freedom the quantile is
    // interpolated linearly in 1/df, which is exact at both ends and within 0.1 % between.
    static constexpr std::pair<double, double> kTable[] = {
        {1, 12.706}, {2, 4.303},  {3, 3.182},  {4, 2.776},  {5, 2.571},  {6, 2.447},
        {7, 2.365},  {8, 2.306},  {9, 2.262},  {10, 2.228}, {12, 2.179}, {15, 2.131},
        {20, 2.086}, {25, 2.060}, {30, 2.042}, {40, 2.021}, {60, 2.000}, {120, 1.980},
    };
    if (degrees <= 1)
        return kTable[0].second;
    for (size_t i = 1; i < std::size(kTable); ++i) {
        if (degrees <= kTable[i].first) {
            const auto [d0, t0] = kTable[i - 1];
            const auto [d1, t1] = kTable[i];
            const double f = (1 / degrees - 1 / d0) / (1 / d1 - 1 / d0);
            return t0 + f * (t1 - t0);
        }
    }
    // Toward the normal quantile, 1.960, as df grows.
    const double f = (1 / degrees) / (1.0 / 120);
    return 1.960 + f * (1.980 - 1.960);
}

std::optional<RatioInterval> ratioInterval(const std::vector<Sample>& baseline,
                                           const std::vector<Sample>& candidate, bool device) {
    const std::vector<double> before = timesOf(baseline, device, nullptr);
    const std::vector<double> after = timesOf(candidate, device, nullptr);
    if (before.empty() || after.empty())
        return std::nullopt;
    const bool byRound = distinctRounds(baseline, device) >= kMinRounds &&
                         distinctRounds(candidate, device) >= kMinRounds;
    const std::vector<double> a = unitsOf(baseline, device, byRound);
    const std::vector<double> b = unitsOf(candidate, device, byRound);
    if (a.size() < 2 || b.size() < 2)
        return std::nullopt;
    const Moments ma = momentsOf(a);
    const Moments mb = momentsOf(b);
    const double va = ma.variance / double(a.size());
    const double vb = mb.variance / double(b.size());
    const double se = std::sqrt(va + vb);
    // Welch-Satterthwaite; with no spread on either side the interval has no width anyway.
    const double df = va + vb > 0
                          ? (va + vb) * (va + vb) /
                                (va * va / double(a.size() - 1) + vb * vb / double(b.size() - 1))
                          : double(a.size() + b.size() - 2);
    RatioInterval interval;
    interval.ratio = median(after) / median(before);
    const double halfWidth = studentT975(df) * se;
    interval.low = interval.ratio * std::exp(-halfWidth);
    interval.high = interval.ratio * std::exp(halfWidth);
    interval.units = byRound ? "rounds" : "blocks";
    interval.baselineUnits = int(a.size());
    interval.candidateUnits = int(b.size());
    return interval;
}

Verdict judge(const RatioInterval& interval, double equivalence) {
    const double upper = 1 + equivalence;
    const double lower = 1 / upper;
    if (interval.high < lower)
        return Verdict::Faster;
    if (interval.low > upper)
        return Verdict::Slower;
    if (interval.low >= lower && interval.high <= upper)
        return Verdict::Same;
    return Verdict::Inconclusive;
}

std::string pValueText(double p) {
    if (!(p > 0))
        return "< 1e-300";
    char text[32];
    std::snprintf(text, sizeof text, p < 0.001 ? "%.1e" : "%.3g", p);
    return text;
}

}  // namespace costscope
