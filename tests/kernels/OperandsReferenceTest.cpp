// Tests of the operand generator, the FP64 reference, the error measure and the reference cache.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <thread>
#include <vector>

#include "kernels/DenseReferenceCache.h"
#include "kernels/Operands.h"
#include "kernels/Reference.h"

namespace costscope {
namespace {

TEST(Operands, AreDeterministicPerShapeAndDifferAcrossShapes) {
    const Operands a = Operands::generate(17, 33, 9);
    const Operands b = Operands::generate(17, 33, 9);
    const Operands c = Operands::generate(17, 9, 33);
    ASSERT_EQ(a.w.size(), 17u * 9u);
    ASSERT_EQ(a.x.size(), 9u * 33u);
    EXPECT_TRUE(std::equal(a.w.begin(), a.w.end(), b.w.begin()));
    EXPECT_TRUE(std::equal(a.x.begin(), a.x.end(), b.x.begin()));
    EXPECT_NE(a.w[0], c.w[0]);
    EXPECT_NE(Operands::seedFor(17, 33, 9), Operands::seedFor(17, 9, 33));
    // W and X come from different streams.
    EXPECT_NE(a.w[0], a.x[0]);
}

TEST(Operands, AreAlignedStandardNormalAndNeverZero) {
    const Operands o = Operands::generate(256, 128, 192);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(o.w.data()) % 64, 0u);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(o.x.data()) % 64, 0u);
    double sum = 0.0, squares = 0.0;
    for (const float v : o.w) {
        ASSERT_NE(v, 0.0f);
        sum += v;
        squares += double(v) * v;
    }
    const double count = double(o.w.size());
    EXPECT_NEAR(sum / count, 0.0, 0.02);
    EXPECT_NEAR(squares / count, 1.0, 0.03);
}

TEST(Operands, RejectNonPositiveExtents) {
    EXPECT_THROW(Operands::generate(0, 1, 1), std::invalid_argument);
    EXPECT_THROW(Operands::generate(1, -1, 1), std::invalid_argument);
}

TEST(Reference, Fp64ProductMatchesHandComputedValues) {
    // [1 2 3; 4 5 6] * [1 0; 0 1; 1 1] = [4 5; 10 11]
    const float w[] = {1, 2, 3, 4, 5, 6};
    const float x[] = {1, 0, 0, 1, 1, 1};
    const std::vector<double> r = fp64Product(w, x, 2, 2, 3);
    EXPECT_EQ(r, (std::vector<double>{4, 5, 10, 11}));
}

TEST(Reference, Fp64ProductKeepsPrecisionThatFp32WouldLose) {
    // 2^24 + 1 - 2^24 is 1 in FP64 but 0 in FP32 accumulation.
    const double w[] = {16777216.0, 1.0, -16777216.0};
    const double x[] = {1.0, 1.0, 1.0};
    EXPECT_EQ(fp64Product(w, x, 1, 1, 3)[0], 1.0);
}

TEST(Reference, RelativeFrobeniusError) {
    const std::vector<float> c = {3.0f, 4.0f};
    const std::vector<double> r = {3.0, 0.0};
    EXPECT_DOUBLE_EQ(relativeFrobeniusError(c, r), 4.0 / 3.0);
    const std::vector<float> exact = {3.0f, 0.0f};
    EXPECT_EQ(relativeFrobeniusError(exact, r), 0.0);
    const std::vector<double> zero = {0.0, 0.0};
    const std::vector<float> zeroC = {0.0f, 0.0f};
    EXPECT_EQ(relativeFrobeniusError(zeroC, zero), 0.0);
    EXPECT_TRUE(std::isinf(relativeFrobeniusError(c, zero)));
    EXPECT_THROW(relativeFrobeniusError(c, std::vector<double>{1.0}), std::invalid_argument);
}

TEST(Reference, NonFiniteResultsGiveAnInfiniteErrorNotNan) {
    // NaN would be stored as "not checked"; a broken kernel must read as infinitely wrong.
    const std::vector<double> r = {3.0, 4.0, 5.0};
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    for (const std::vector<float>& c :
         {std::vector<float>{3.0f, nan, 5.0f}, std::vector<float>{inf, 4.0f, 5.0f},
          std::vector<float>{3.0f, 4.0f, -inf}}) {
        const double error = relativeFrobeniusError(c, r);
        EXPECT_TRUE(std::isinf(error) && error > 0.0) << error;
    }
    const std::vector<double> zero = {0.0, 0.0, 0.0};
    const double error = relativeFrobeniusError(std::vector<float>{0.0f, nan, 0.0f}, zero);
    EXPECT_TRUE(std::isinf(error) && error > 0.0) << error;
}

TEST(DenseReferenceCache, ComputesOncePerConsecutiveShape) {
    DenseReferenceCache::clear();
    const Operands a = Operands::generate(31, 7, 13);
    const Operands b = Operands::generate(7, 31, 13);
    const int64_t before = DenseReferenceCache::computations();
    const auto first = DenseReferenceCache::product(a);
    const auto again = DenseReferenceCache::product(a);
    EXPECT_EQ(first.get(), again.get());
    EXPECT_EQ(DenseReferenceCache::computations(), before + 1);
    EXPECT_EQ(*first, fp64Product(a.w.data(), a.x.data(), 31, 7, 13));

    const auto other = DenseReferenceCache::product(b);
    EXPECT_EQ(DenseReferenceCache::computations(), before + 2);
    EXPECT_EQ(*other, fp64Product(b.w.data(), b.x.data(), 7, 31, 13));
    // A holder of the old product keeps it valid after the cache moved on.
    EXPECT_EQ(first->size(), 31u * 7u);
}

TEST(DenseReferenceCache, ConcurrentCallersShareOneComputation) {
    DenseReferenceCache::clear();
    const Operands a = Operands::generate(64, 48, 80);
    const int64_t before = DenseReferenceCache::computations();
    std::vector<std::shared_ptr<const std::vector<double>>> results(4);
    std::vector<std::thread> threads;
    for (size_t t = 0; t < results.size(); ++t)
        threads.emplace_back([&, t] { results[t] = DenseReferenceCache::product(a); });
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(DenseReferenceCache::computations(), before + 1);
    for (const auto& r : results)
        EXPECT_EQ(r.get(), results[0].get());
}

}  // namespace
}  // namespace costscope
