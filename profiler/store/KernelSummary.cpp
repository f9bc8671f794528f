// The arithmetic of the kernel summary, once for every source of kernels.
#include "profiler/store/KernelSummary.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "profiler/Saturating.h"

namespace costscope {

KernelSummaryRow summariseKernel(std::string name, std::string shortName,
                                 std::vector<int64_t>& ns) {
    const size_t n = ns.size();
    KernelSummaryRow row{.name = std::move(name),
                         .shortName = std::move(shortName),
                         .instances = int64_t(n),
                         .minNs = ns.front(),
                         .maxNs = ns.front()};
    for (const int64_t value : ns) {
        row.totalNs = saturatingAdd(row.totalNs, value);
        row.minNs = std::min(row.minNs, value);
        row.maxNs = std::max(row.maxNs, value);
    }
    row.avgNs = double(row.totalNs) / double(n);  // as SQLite's avg() of integers
    double squares = 0.0;
    for (const int64_t value : ns) {
        squares += (double(value) - row.avgNs) * (double(value) - row.avgNs);
    }
    row.stddevNs = n > 1 ? std::sqrt(squares / double(n - 1)) : 0.0;
    // The median by selection: the upper middle value in place, then for an even count the
    // largest of the values before it, the lower middle.
    const auto middle = ns.begin() + ptrdiff_t(n / 2);
    std::nth_element(ns.begin(), middle, ns.end());
    const double upper = double(*middle);
    const double lower = n % 2 == 1 ? upper : double(*std::max_element(ns.begin(), middle));
    row.medianNs = n % 2 == 1 ? upper : (lower + upper) / 2.0;
    return row;
}

void finishKernelSummary(std::vector<KernelSummaryRow>& rows) {
    int64_t runTotal = 0;
    for (const KernelSummaryRow& row : rows) {
        runTotal = saturatingAdd(runTotal, row.totalNs);
    }
    // 100.0 * total / run total; a zero total (no time at all) gives 0.
    for (KernelSummaryRow& row : rows) {
        row.percent = runTotal != 0 ? 100.0 * double(row.totalNs) / double(runTotal) : 0.0;
    }
    std::sort(rows.begin(), rows.end(), [](const KernelSummaryRow& a, const KernelSummaryRow& b) {
        return std::tie(b.totalNs, a.instances, a.name) < std::tie(a.totalNs, b.instances, b.name);
    });
}

}  // namespace costscope
