// Structured pruning: rank the output features by L2 norm, keep the strongest, copy them out.
#include "kernels/StructuredPruning.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <stdexcept>
#include <string>

namespace costscope {

std::vector<int64_t> keptFeatures(const float* w, int64_t m, int64_t k, double fraction) {
    const int64_t removed = removedFeatures(m, fraction);
    std::vector<double> norms(static_cast<size_t>(m));
    for (int64_t row = 0; row < m; ++row) {
        double sum = 0;
        for (int64_t col = 0; col < k; ++col) {
            const double v = w[row * k + col];
            sum += v * v;
        }
        norms[size_t(row)] = sum;  // squared: the order is the norm's
    }
    std::vector<int64_t> order(static_cast<size_t>(m));
    std::iota(order.begin(), order.end(), 0);
    // Weakest first; equal norms by index, so which of them goes is fixed.
    std::stable_sort(order.begin(), order.end(),
                     [&](int64_t a, int64_t b) { return norms[size_t(a)] < norms[size_t(b)]; });
    std::vector<int64_t> kept(order.begin() + removed, order.end());
    std::sort(kept.begin(), kept.end());
    return kept;
}

Operands operandsFor(const VariantSpec& spec, std::vector<int64_t>* kept) {
    Operands full = Operands::generate(spec.m, spec.n, spec.k);
    std::vector<int64_t> rows;
    if (spec.structure == "struct")
        rows = keptFeatures(full.w.data(), spec.m, spec.k, spec.sparsity);
    if (rows.empty() || int64_t(rows.size()) == spec.m) {
        if (kept) {
            kept->resize(size_t(spec.m));
            std::iota(kept->begin(), kept->end(), 0);
        }
        return full;
    }
    Operands pruned{.m = int64_t(rows.size()),
                    .n = spec.n,
                    .k = spec.k,
                    .w = AlignedBuffer<float>(rows.size() * size_t(spec.k)),
                    .x = std::move(full.x)};
    for (size_t i = 0; i < rows.size(); ++i)
        std::memcpy(pruned.w.data() + i * size_t(spec.k), full.w.data() + rows[i] * spec.k,
                    size_t(spec.k) * sizeof(float));
    if (kept)
        *kept = std::move(rows);
    return pruned;
}

std::vector<float> scatterRows(std::span<const float> c, const std::vector<int64_t>& kept,
                               int64_t m, int64_t n) {
    if (c.size() != kept.size() * size_t(n))
        throw std::invalid_argument("scatterRows: the result does not have one row per kept row");
    std::vector<float> full(size_t(m * n), 0.0f);
    for (size_t i = 0; i < kept.size(); ++i)
        std::memcpy(full.data() + kept[i] * n, c.data() + i * size_t(n), size_t(n) * sizeof(float));
    return full;
}

}  // namespace costscope
