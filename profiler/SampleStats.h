// Robust summary of timing samples: median and percentiles, plus a noise flag; and whether the
// rounds a variant was measured in agree.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace costscope {

struct SampleStats {
    double medianNs = 0;
    double p5Ns = 0;
    double p95Ns = 0;
    double meanNs = 0;
    double stddevNs = 0;  // sample standard deviation (n - 1)
    double cv = 0;        // stddev / mean
    bool noisy = false;   // cv above kNoisyCv: the machine was busy or the kernel unstable

    static constexpr double kNoisyCv = 0.05;

    // Percentiles use linear interpolation between closest ranks (NumPy's default).
    // Requires at least one sample.
    static SampleStats from(std::span<const int64_t> durationsNs);
};

// Whether a variant's rounds (interleaved with the other variants', minutes apart on a long
// suite) measured the same thing. The machine's slow spells last seconds: a round caught in one
// stands out from the others by more than the round's own spread explains.
struct RoundAgreement {
    double spread = 0;      // slowest round median / fastest - 1
    bool disagree = false;  // spread over kRoundTolerance and over kRoundSigmas standard errors
    static constexpr double kRoundTolerance = 0.02;
    static constexpr double kRoundSigmas = 3.0;

    // `rounds`: each round's durations, at least two rounds of at least one sample. The
    // standard error of a round's median is estimated robustly, 1.2533 * 1.4826 * MAD / sqrt(n),
    // and the two rounds' errors are combined in quadrature.
    static RoundAgreement of(const std::vector<std::vector<int64_t>>& rounds);
};

}  // namespace costscope
