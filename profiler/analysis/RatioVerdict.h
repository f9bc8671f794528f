// Whether a candidate run of a variant is faster than a baseline run, and by how much: the ratio
// of their medians with a 95 % confidence interval, judged against a band of practical
// equivalence. Two recordings of the same thing (an A/A comparison) must come out "same" or
// "inconclusive"; hundreds of autocorrelated samples make a significance test call a 2.9 %
// change "faster" at p = 1e-11, so the interval is computed on units that are close to
// independent instead (docs/gui.md, "Verdicts").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "profiler/Records.h"

namespace costscope {

enum class Verdict {
    Faster,        // the interval lies wholly below the band: the candidate is faster
    Slower,        // wholly above it
    Same,          // wholly inside it: any change is smaller than the band
    Inconclusive,  // it straddles an edge of the band: too noisy to say
};

// "faster", "slower", "same", "inconclusive".
const char* toString(Verdict verdict);

struct RatioInterval {
    double ratio = 1;  // candidate median / baseline median, over every sample
    double low = 1;    // the 95 % confidence interval of the ratio
    double high = 1;
    // What the interval was computed on: "rounds" (each run's rounds, interleaved with every
    // other variant's, so a slow spell of the machine lands in one of them) or "blocks" (runs
    // with fewer than three rounds: consecutive samples in time order, ten blocks at most).
    std::string units;
    int baselineUnits = 0;
    int candidateUnits = 0;
};

// The default band: changes within ±2 % are "the same".
constexpr double kDefaultEquivalence = 0.02;

// The interval of candidate/baseline on end-to-end times, or on device times (`device`: the
// samples' deviceNs; samples without one are left out). Nullopt when a side has fewer than two
// units (then no verdict is possible).
//
// Each unit's median is taken, in log space; the interval is the ratio of the overall medians
// times exp(± t * se), se the Welch standard error of the difference of the two sides' mean log
// unit medians and t Student's 97.5 % quantile at the Welch-Satterthwaite degrees of freedom.
std::optional<RatioInterval> ratioInterval(const std::vector<Sample>& baseline,
                                           const std::vector<Sample>& candidate, bool device);

// Faster / slower when the interval lies wholly outside [1/(1+e), 1+e], same when wholly
// inside, inconclusive otherwise.
Verdict judge(const RatioInterval& interval, double equivalence = kDefaultEquivalence);

// Student's t 97.5 % quantile (two-sided 95 %) for `degrees` of freedom (> 0, fractional allowed).
double studentT975(double degrees);

// A p-value as people read it: "3.2e-05", "0.41", and "< 1e-300" for one that underflowed to 0.
std::string pValueText(double p);

}  // namespace costscope
