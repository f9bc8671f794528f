// The Mann-Whitney U test by mid-ranks, as scipy's asymptotic method computes it.
#include "profiler/analysis/MannWhitney.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace costscope {

MannWhitneyResult mannWhitneyU(std::span<const double> a, std::span<const double> b) {
    MannWhitneyResult result;
    const auto n1 = double(a.size());
    const auto n2 = double(b.size());
    if (a.size() < 2 || b.size() < 2) {
        return result;
    }

    // Pool both samples, remembering which side each value came from, and rank them with
    // ties given the average of the ranks they span (scipy's rankdata 'average').
    std::vector<std::pair<double, bool>> pooled;  // value, from a
    pooled.reserve(a.size() + b.size());
    for (double value : a) {
        pooled.emplace_back(value, true);
    }
    for (double value : b) {
        pooled.emplace_back(value, false);
    }
    std::sort(pooled.begin(), pooled.end(),
              [](const auto& left, const auto& right) { return left.first < right.first; });

    double rankSumA = 0;
    double tieTerm = 0;  // sum of t^3 - t over groups of t tied values
    for (size_t first = 0; first < pooled.size();) {
        size_t last = first + 1;
        while (last < pooled.size() && pooled[last].first == pooled[first].first) {
            ++last;
        }
        const auto tied = double(last - first);
        const double averageRank = (double(first + 1) + double(last)) / 2.0;  // ranks from 1
        for (size_t i = first; i < last; ++i) {
            if (pooled[i].second) {
                rankSumA += averageRank;
            }
        }
        tieTerm += tied * tied * tied - tied;
        first = last;
    }

    const double n = n1 + n2;
    result.u = rankSumA - n1 * (n1 + 1) / 2;
    const double u = std::max(result.u, n1 * n2 - result.u);
    const double mean = n1 * n2 / 2;
    const double variance = n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1)));
    if (!(variance > 0)) {
        return result;  // every value ties: the ranks say nothing
    }
    // The continuity correction moves U half a step towards the mean, which always raises the
    // p-value: the discrete statistic's mass at U counts as "as extreme".
    const double z = (u - mean - 0.5) / std::sqrt(variance);
    // Two-sided: twice the normal survival function at z, clipped (U at the mean gives z < 0).
    result.pValue = std::clamp(std::erfc(z / std::sqrt(2.0)), 0.0, 1.0);
    result.valid = true;
    return result;
}

}  // namespace costscope
