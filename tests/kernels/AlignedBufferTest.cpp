// Tests of AlignedBuffer: alignment, zero fill, copies, and sizes that do not fit size_t.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <new>

#include "kernels/AlignedBuffer.h"

namespace costscope {
namespace {

TEST(AlignedBuffer, IsAlignedZeroFilledAndCopiesDeeply) {
    AlignedBuffer<float> a(37);
    EXPECT_EQ(a.size(), 37u);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(a.data()) % AlignedBuffer<float>::kAlignment, 0u);
    for (const float v : a)
        EXPECT_EQ(v, 0.0f);
    a[5] = 2.5f;
    AlignedBuffer<float> b = a.copy();
    a[5] = 1.0f;
    EXPECT_EQ(b[5], 2.5f);
    EXPECT_TRUE(AlignedBuffer<float>().empty());
    EXPECT_TRUE(AlignedBuffer<float>(0).empty());
}

TEST(AlignedBuffer, SizesBeyondSizeTThrowBadAllocInsteadOfWrapping) {
    constexpr std::size_t kMax = std::numeric_limits<std::size_t>::max();
    // count * sizeof(T) wraps to 0 (or a few bytes): without the check this "succeeds".
    EXPECT_THROW(AlignedBuffer<float>(kMax / sizeof(float) + 1), std::bad_alloc);
    EXPECT_THROW(AlignedBuffer<double>(kMax / 2), std::bad_alloc);
    // Fits size_t, but rounding up to whole cache lines would wrap.
    EXPECT_THROW(AlignedBuffer<float>(kMax / sizeof(float)), std::bad_alloc);
    EXPECT_THROW(AlignedBuffer<int8_t>(kMax - 1), std::bad_alloc);
}

}  // namespace
}  // namespace costscope
