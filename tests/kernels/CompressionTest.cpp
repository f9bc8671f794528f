// Tests of magnitude and structured pruning, CSR, 2:4 packing and int8 quantization.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "kernels/CsrMatrix.h"
#include "kernels/Int8Matrix.h"
#include "kernels/MagnitudePruning.h"
#include "kernels/Operands.h"
#include "kernels/StructuredPruning.h"
#include "kernels/TwoFourMatrix.h"

namespace costscope {
namespace {

std::vector<float> randomMatrix(int64_t rows, int64_t cols) {
    const Operands o = Operands::generate(rows, 1, cols);
    return {o.w.begin(), o.w.end()};
}

int64_t zeros(const std::vector<float>& v) {
    return std::count(v.begin(), v.end(), 0.0f);
}

TEST(MagnitudePruning, ZeroCountIsExact) {
    for (const double sparsity : {0.0, 0.1, 0.5, 0.7, 0.9, 0.95, 0.99, 1.0}) {
        for (const auto& [rows, cols] : {std::pair<int64_t, int64_t>{1, 1}, {17, 9}, {127, 257}}) {
            std::vector<float> w = randomMatrix(rows, cols);
            const int64_t expected = std::llround(sparsity * double(rows * cols));
            EXPECT_EQ(pruneByMagnitude(w, sparsity), expected);
            EXPECT_EQ(zeros(w), expected) << sparsity << " " << rows << "x" << cols;
        }
    }
}

TEST(MagnitudePruning, KeepsTheLargestMagnitudes) {
    const std::vector<float> original = randomMatrix(64, 64);
    std::vector<float> w = original;
    pruneByMagnitude(w, 0.8);
    float largestPruned = 0.0f, smallestKept = INFINITY;
    for (size_t i = 0; i < w.size(); ++i) {
        if (w[i] == 0.0f) {
            largestPruned = std::max(largestPruned, std::fabs(original[i]));
        } else {
            EXPECT_EQ(w[i], original[i]);  // kept values are untouched
            smallestKept = std::min(smallestKept, std::fabs(w[i]));
        }
    }
    EXPECT_LE(largestPruned, smallestKept);
}

TEST(MagnitudePruning, TiesStillGiveAnExactCount) {
    std::vector<float> w(10, 2.0f);
    w[3] = -2.0f;
    EXPECT_EQ(pruneByMagnitude(w, 0.3), 3);
    EXPECT_EQ(zeros(w), 3);
    EXPECT_THROW(pruneByMagnitude(w, 1.5), std::invalid_argument);
    EXPECT_THROW(pruneByMagnitude(w, -0.1), std::invalid_argument);
}

TEST(StructuredPruning, RemovesTheExactCountOfWeakestRows) {
    // Row r has norm growing with a scrambled rank, so the weakest rows are known.
    const int64_t m = 40, k = 7;
    std::vector<float> w(size_t(m * k));
    std::vector<int64_t> rank(static_cast<size_t>(m));
    for (int64_t r = 0; r < m; ++r)
        rank[size_t(r)] = (r * 17) % m;  // a permutation of 0..39 (17 and 40 are coprime)
    for (int64_t r = 0; r < m; ++r)
        for (int64_t c = 0; c < k; ++c)
            w[size_t(r * k + c)] = float((rank[size_t(r)] + 1) * (c % 2 ? -1 : 1));
    for (const double fraction : {0.0, 0.25, 0.5, 0.9, 0.975}) {
        const auto kept = keptFeatures(w.data(), m, k, fraction);
        const auto removed = std::llround(fraction * double(m));
        ASSERT_EQ(int64_t(kept.size()), m - removed) << fraction;
        EXPECT_TRUE(std::is_sorted(kept.begin(), kept.end()));
        for (const int64_t r : kept)
            EXPECT_GE(rank[size_t(r)], removed) << "row " << r << " at " << fraction;
    }
    EXPECT_EQ(removedFeatures(40, 0.5), 20);
    EXPECT_THROW(removedFeatures(40, 0.99), std::invalid_argument);  // 39.6 rounds to 40
    EXPECT_THROW(removedFeatures(40, 1.0), std::invalid_argument);
    EXPECT_THROW(removedFeatures(40, -0.1), std::invalid_argument);
}

TEST(StructuredPruning, TiesGoInIndexOrder) {
    const std::vector<float> w(6 * 3, 1.0f);  // six equal rows
    EXPECT_EQ(keptFeatures(w.data(), 6, 3, 0.5), (std::vector<int64_t>{3, 4, 5}));
}

TEST(StructuredPruning, OperandsForKeepTheRowsAndScatterRestoresTheirPlaces) {
    const VariantSpec spec{.family = "pruned",
                           .device = "cpu",
                           .backend = "openblas",
                           .precision = "fp32",
                           .structure = "struct",
                           .sparsity = 0.5,
                           .m = 10,
                           .n = 3,
                           .k = 4};
    std::vector<int64_t> kept;
    const Operands pruned = operandsFor(spec, &kept);
    const Operands full = Operands::generate(10, 3, 4);
    ASSERT_EQ(pruned.m, 5);
    ASSERT_EQ(kept.size(), 5u);
    for (size_t i = 0; i < kept.size(); ++i)
        for (int64_t c = 0; c < 4; ++c)
            EXPECT_EQ(pruned.w[i * 4 + size_t(c)], full.w[size_t(kept[i] * 4 + c)]);
    EXPECT_TRUE(std::equal(pruned.x.begin(), pruned.x.end(), full.x.begin()));
    std::vector<float> c(5 * 3);
    for (size_t i = 0; i < c.size(); ++i)
        c[i] = float(i + 1);
    const std::vector<float> scattered = scatterRows(c, kept, 10, 3);
    int64_t nonZeroRows = 0;
    for (int64_t r = 0; r < 10; ++r) {
        const bool isKept = std::find(kept.begin(), kept.end(), r) != kept.end();
        nonZeroRows += scattered[size_t(r * 3)] != 0.0f;
        EXPECT_EQ(scattered[size_t(r * 3)] != 0.0f, isKept) << r;
    }
    EXPECT_EQ(nonZeroRows, 5);
    VariantSpec dense = spec;
    dense.structure = "dense";
    EXPECT_EQ(operandsFor(dense, &kept).m, 10);
    EXPECT_EQ(kept.size(), 10u);
}

TEST(CsrMatrix, RoundTripsAPrunedMatrix) {
    std::vector<float> dense = randomMatrix(33, 65);
    pruneByMagnitude(dense, 0.9);
    const CsrMatrix csr = CsrMatrix::fromDense(dense.data(), 33, 65);
    EXPECT_EQ(csr.rows(), 33);
    EXPECT_EQ(csr.cols(), 65);
    EXPECT_EQ(csr.nonZeros(), int64_t(dense.size()) - zeros(dense));
    EXPECT_EQ(csr.rowPointers()[0], 0);
    EXPECT_EQ(csr.rowPointers()[33], csr.nonZeros());
    for (int64_t i = 0; i < 33; ++i) {
        EXPECT_LE(csr.rowPointers()[i], csr.rowPointers()[i + 1]);
        for (int32_t p = csr.rowPointers()[i] + 1; p < csr.rowPointers()[i + 1]; ++p)
            EXPECT_LT(csr.columnIndices()[p - 1], csr.columnIndices()[p]);
    }
    std::vector<float> back(dense.size(), 7.0f);
    csr.toDense(back.data());
    EXPECT_EQ(back, dense);
    EXPECT_EQ(csr.bytes(), csr.nonZeros() * 8 + 34 * 4);
}

TEST(CsrMatrix, HandlesEmptyRowsAndAllZeros) {
    const std::vector<float> dense = {0, 0, 0, 0, 5, 0, 0, 0, 0};
    const CsrMatrix csr = CsrMatrix::fromDense(dense.data(), 3, 3);
    EXPECT_EQ(csr.nonZeros(), 1);
    EXPECT_EQ(csr.rowPointers()[1], 0);
    EXPECT_EQ(csr.rowPointers()[2], 1);
    EXPECT_EQ(csr.columnIndices()[0], 1);
    const std::vector<float> none(6, 0.0f);
    EXPECT_EQ(CsrMatrix::fromDense(none.data(), 2, 3).nonZeros(), 0);
}

TEST(TwoFourMatrix, KeepsTheTwoLargestOfEveryGroupOfFour) {
    const std::vector<float> original = randomMatrix(31, 68);
    const TwoFourMatrix packed = TwoFourMatrix::fromDense(original.data(), 31, 68);
    std::vector<float> pruned(original.size());
    packed.toDense(pruned.data());
    for (size_t g = 0; g < original.size() / 4; ++g) {
        int kept = 0;
        float smallestKept = INFINITY, largestPruned = 0.0f;
        for (size_t i = 4 * g; i < 4 * g + 4; ++i) {
            if (pruned[i] != 0.0f) {
                ++kept;
                EXPECT_EQ(pruned[i], original[i]);
                smallestKept = std::min(smallestKept, std::fabs(original[i]));
            } else {
                largestPruned = std::max(largestPruned, std::fabs(original[i]));
            }
        }
        EXPECT_LE(kept, 2) << "group " << g;
        EXPECT_EQ(kept, 2);  // random normal data has no zeros to lose
        EXPECT_LE(largestPruned, smallestKept);
        EXPECT_LT(packed.first(int64_t(g)), packed.second(int64_t(g)));
    }
    // values (31 x 34 floats) + metadata (31 * 17 groups at 4 bits, rounded up to bytes).
    EXPECT_EQ(packed.bytes(), 31 * 34 * 4 + (31 * 17 + 1) / 2);
}

TEST(TwoFourMatrix, PacksKnownPositionsAndBreaksTiesTowardsTheLowerIndex) {
    const std::vector<float> dense = {0.1f, -5.0f, 0.2f, 4.0f,   // keeps 1 and 3
                                      1.0f, 1.0f,  1.0f, 1.0f,   // all tied: keeps 0 and 1
                                      0.0f, 0.0f,  3.0f, 0.0f};  // keeps 2 and, tied at 0, 0
    const TwoFourMatrix packed = TwoFourMatrix::fromDense(dense.data(), 1, 12);
    EXPECT_EQ(packed.first(0), 1);
    EXPECT_EQ(packed.second(0), 3);
    EXPECT_EQ(packed.first(1), 0);
    EXPECT_EQ(packed.second(1), 1);
    EXPECT_EQ(packed.first(2), 0);
    EXPECT_EQ(packed.second(2), 2);
    EXPECT_EQ(packed.metadata()[0], uint8_t((1 | 3 << 2) | (0 | 1 << 2) << 4));
    EXPECT_EQ(packed.values()[0], -5.0f);
    EXPECT_EQ(packed.values()[1], 4.0f);
    EXPECT_EQ(packed.values()[5], 3.0f);
    EXPECT_THROW(TwoFourMatrix::fromDense(dense.data(), 2, 6), std::invalid_argument);
}

TEST(Int8Matrix, PerRowRoundTripErrorIsAtMostHalfAScale) {
    std::vector<float> dense = randomMatrix(37, 129);
    for (int64_t j = 0; j < 129; ++j)
        dense[size_t(5 * 129 + j)] *= 100.0f;  // one loud row
    const Int8Matrix q = Int8Matrix::quantizePerRow(dense.data(), 37, 129);
    ASSERT_EQ(q.scales().size(), 37u);
    const std::vector<double> back = q.dequantize();
    for (int64_t i = 0; i < 37; ++i) {
        float largest = 0.0f;
        for (int64_t j = 0; j < 129; ++j)
            largest = std::max(largest, std::fabs(dense[size_t(i * 129 + j)]));
        EXPECT_FLOAT_EQ(q.scaleOfRow(i), largest / 127.0f);
        bool reaches127 = false;
        for (int64_t j = 0; j < 129; ++j) {
            const size_t e = size_t(i * 129 + j);
            EXPECT_LE(std::fabs(back[e] - dense[e]), q.scaleOfRow(i) / 2 * (1 + 1e-6));
            reaches127 |= std::abs(q.codes()[e]) == 127;
        }
        EXPECT_TRUE(reaches127) << "row " << i;
    }
    EXPECT_GT(q.scaleOfRow(5), 50 * q.scaleOfRow(4));
    EXPECT_EQ(q.bytes(), 37 * 129 + 37 * 4);
}

TEST(Int8Matrix, PerTensorScaleClampsAndZerosAreSafe) {
    const std::vector<float> values = {-2.0f, 0.5f, 1.0f, 3.0f};
    EXPECT_FLOAT_EQ(Int8Matrix::symmetricScale(values), 3.0f / 127.0f);
    const Int8Matrix q = Int8Matrix::quantizeWithScale(values.data(), 2, 2, 1.0f / 127.0f);
    EXPECT_EQ(q.codes()[0], -127);  // -254 clamped
    EXPECT_EQ(q.codes()[1], 64);    // 63.5 rounds to even
    EXPECT_EQ(q.codes()[3], 127);
    const std::vector<float> zeroRow(8, 0.0f);
    EXPECT_EQ(Int8Matrix::symmetricScale(zeroRow), 1.0f);
    const Int8Matrix z = Int8Matrix::quantizePerRow(zeroRow.data(), 2, 4);
    EXPECT_EQ(z.dequantize(), std::vector<double>(8, 0.0));
}

}  // namespace
}  // namespace costscope
