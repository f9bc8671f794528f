// The two-sided Mann-Whitney U test that says whether two runs' timings of a variant differ.
#pragma once

#include <span>

namespace costscope {

struct MannWhitneyResult {
    double u = 0;       // U of the first sample: pairs (a_i, b_j) with a_i > b_j, ties count 1/2
    double pValue = 1;  // two-sided
    // False when either side has fewer than 2 samples or every value ties (no test possible);
    // then pValue is 1.
    bool valid = false;
};

// Two-sided Mann-Whitney U test, normal approximation with tie correction and continuity
// correction: the test scipy.stats.mannwhitneyu(alternative='two-sided', method='asymptotic')
// runs, which Google Benchmark's compare.py uses (alpha 0.05). Timings are many and tie rarely,
// so the asymptotic test is what the exact one would say, at O((n + m) log(n + m)).
MannWhitneyResult mannWhitneyU(std::span<const double> a, std::span<const double> b);

}  // namespace costscope
