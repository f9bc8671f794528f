// Robust summary of timing samples: median and percentiles, plus a noise flag.
#pragma once

#include <cstdint>
#include <span>

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

}  // namespace costscope
