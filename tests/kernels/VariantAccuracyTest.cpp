// Every CPU backend against the FP64 references, on odd shapes, through the Variant interface.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "kernels/Catalog.h"
#include "kernels/CsrGemm.h"
#include "kernels/LibxsmmProduct.h"
#include "kernels/MagnitudePruning.h"
#include "kernels/OnednnInt8Product.h"
#include "kernels/Operands.h"
#include "kernels/Reference.h"
#include "kernels/StructuredPruning.h"
#include "kernels/TwoFourGemm.h"

namespace costscope {
namespace {

struct Shape {
    int64_t m, n, k;
};

const Shape kOddShapes[] = {{1, 1, 1}, {17, 33, 9}, {127, 65, 257}, {64, 1, 300}, {3, 129, 70}};
// 2:4 needs k divisible by 4: the same shapes with k rounded up.
const Shape kTwoFourShapes[] = {
    {1, 1, 4}, {17, 33, 12}, {127, 65, 260}, {64, 1, 300}, {3, 129, 72}};

VariantSpec spec(const char* family, const char* precision, const char* structure,
                 const char* backend, Shape s, double sparsity = 0.0) {
    return {.family = family,
            .device = "cpu",
            .backend = backend,
            .precision = precision,
            .structure = structure,
            .sparsity = sparsity,
            .m = s.m,
            .n = s.n,
            .k = s.k};
}

Quality measure(Variant& v) {
    v.setUp();
    v.run();
    v.run();  // a second run must leave the same, correct result
    return v.check();
}

std::string label(const VariantSpec& s) {
    return s.name();
}

TEST(VariantAccuracy, DenseFp32IsExactToRounding) {
    for (const char* backend : {"openblas", "onednn"}) {
        for (const Shape s : kOddShapes) {
            const VariantSpec sp = spec("gemm", "fp32", "dense", backend, s);
            const Quality q = measure(*createVariant(sp));
            EXPECT_LT(q.kernelError, 2e-6) << label(sp);
            EXPECT_EQ(q.approxError, q.kernelError) << label(sp);
        }
    }
}

// What zeroing the removed output features costs, computed here from the unpruned FP64 product
// alone: ||dense rows removed||_F / ||dense||_F, the approxError every structured backend must
// report (up to its own rounding).
double zeroedRowsError(const VariantSpec& sp) {
    const Operands full = Operands::generate(sp.m, sp.n, sp.k);
    const std::vector<double> dense = fp64Product(full.w.data(), full.x.data(), sp.m, sp.n, sp.k);
    std::vector<int64_t> kept;
    operandsFor(sp, &kept);
    double removed = 0, total = 0;
    for (int64_t row = 0; row < sp.m; ++row) {
        const bool isKept = std::binary_search(kept.begin(), kept.end(), row);
        for (int64_t col = 0; col < sp.n; ++col) {
            const double v = dense[size_t(row * sp.n + col)];
            total += v * v;
            removed += isKept ? 0.0 : v * v;
        }
    }
    return std::sqrt(removed / total);
}

TEST(VariantAccuracy, StructuredBackendsAreExactOnTheKeptFeaturesAndLoseTheRemovedOnes) {
    const Shape shapes[] = {{17, 33, 9}, {127, 65, 257}, {64, 1, 300}};
    for (const char* backend : {"openblas", "onednn"})
        for (const Shape s : shapes)
            for (const double fraction : {0.0, 0.5, 0.9}) {
                const VariantSpec sp = spec("pruned", "fp32", "struct", backend, s, fraction);
                const auto variant = createVariant(sp);
                const Quality q = measure(*variant);
                const int64_t kept = s.m - std::llround(fraction * double(s.m));
                EXPECT_LT(q.kernelError, 2e-6) << label(sp);
                EXPECT_NEAR(q.approxError, zeroedRowsError(sp), 1e-5) << label(sp);
                EXPECT_EQ(variant->weightBytes(), kept * s.k * 4) << label(sp);
                if (fraction > 0) {
                    EXPECT_GT(q.approxError, 0.1) << label(sp);
                }
            }
    // INT8 on the kept rows: exact against its own codes, and losing what the rows and the
    // rounding lose together.
    for (const Shape s : shapes) {
        const VariantSpec sp = spec("pruned", "int8", "struct", "onednn", s, 0.5);
        if (!OnednnInt8Product::cpuRefusal().empty())
            GTEST_SKIP() << OnednnInt8Product::cpuRefusal();
        const Quality q = measure(*createVariant(sp));
        EXPECT_LT(q.kernelError, 1e-5) << label(sp);
        EXPECT_NEAR(q.approxError, zeroedRowsError(sp), 0.02) << label(sp);
        EXPECT_GT(q.approxError, zeroedRowsError(sp) - 1e-9) << label(sp);
    }
}

TEST(VariantAccuracy, Bf16IsExactAgainstRoundedOperandsAndApproximateOtherwise) {
    for (const Shape s : kOddShapes) {
        const VariantSpec sp = spec("gemm", "bf16", "dense", "onednn", s);
        auto v = createVariant(sp);
        Quality q;
        try {
            q = measure(*v);
        } catch (const Unsupported& e) {
            GTEST_SKIP() << e.what();
        }
        EXPECT_LT(q.kernelError, 1e-5) << label(sp);
        // bf16 keeps 8 bits of mantissa: rounding each operand costs ~2^-9 relative.
        EXPECT_GT(q.approxError, 1e-4) << label(sp);
        EXPECT_LT(q.approxError, 2e-2) << label(sp);
        EXPECT_EQ(v->weightBytes(), s.m * s.k * 2);
        // Timed from FP32 activations, as INT8 is: run() converts X.
        EXPECT_NE(v->implementation().find("convert X: "), std::string::npos) << label(sp);
    }
}

TEST(VariantAccuracy, Int8IsExactAgainstDequantizedOperandsAndApproximateOtherwise) {
    for (const Shape s : kOddShapes) {
        const VariantSpec sp = spec("quantized", "int8", "dense", "onednn", s);
        auto v = createVariant(sp);
        if (const std::string refusal = OnednnInt8Product::cpuRefusal(); !refusal.empty())
            GTEST_SKIP() << refusal;
        const Quality q = measure(*v);
        EXPECT_LT(q.kernelError, 2e-6) << label(sp);
        EXPECT_LT(q.approxError, 0.1) << label(sp);
        if (s.k > 1) {
            EXPECT_GT(q.approxError, 1e-4) << label(sp);
        }
        EXPECT_EQ(v->weightBytes(), s.m * s.k + s.m * 4) << label(sp);
    }
}

TEST(VariantAccuracy, CsrBackendsAreExactOnThePrunedWeight) {
    for (const char* backend : {"librsb", "costscope"}) {
        for (const Shape s : kOddShapes) {
            double previousApprox = 0.0;
            for (const double sparsity : {0.5, 0.9, 0.99}) {
                const VariantSpec sp = spec("pruned", "fp32", "csr", backend, s, sparsity);
                auto v = createVariant(sp);
                const int64_t nonZeros = s.m * s.k - std::llround(sparsity * double(s.m * s.k));
                if (nonZeros == 0 && std::string(backend) == "librsb") {
                    EXPECT_THROW(v->setUp(), Unsupported) << label(sp);
                    continue;
                }
                const Quality q = measure(*v);
                if (nonZeros > 0) {
                    EXPECT_LT(q.kernelError, 2e-6) << label(sp);
                } else {
                    EXPECT_EQ(q.kernelError, 0.0) << label(sp);  // C and reference both zero
                }
                EXPECT_GE(q.approxError, previousApprox) << label(sp);
                EXPECT_LE(q.approxError, 1.0 + 1e-9) << label(sp);
                previousApprox = q.approxError;
                // CSR's values, column indices and row pointers; our kernel's blocked layout
                // has the start of every row's segment in every block of k instead.
                int64_t starts = s.m + 1;
                const std::string impl = v->implementation();
                if (const size_t at = impl.find("X in blocks of "); at != std::string::npos) {
                    const int64_t blockRows = std::stoll(impl.substr(at + 15));
                    starts = s.m * ((s.k + blockRows - 1) / blockRows) + 1;
                }
                EXPECT_EQ(v->weightBytes(), nonZeros * 8 + starts * 4) << label(sp) << impl;
            }
            if (s.m * s.k > 100) {
                EXPECT_GT(previousApprox, 0.3) << backend << " at 99% kept too much";
            }
        }
    }
}

// LIBXSMM's spmdm on odd shapes and on shapes that span several of its blocks (512 or fewer
// rows by 128 columns of W, 96 columns of X on its AVX-512 path), against FP64 on the weight its
// slices hold; the pruning is the same as every CSR backend's, so the approximation is too.
TEST(VariantAccuracy, LibxsmmIsExactOnThePrunedWeight) {
    std::vector<Shape> shapes(std::begin(kOddShapes), std::end(kOddShapes));
    shapes.push_back({600, 200, 300});
    shapes.push_back({10, 1, 784});
    for (const Shape s : shapes) {
        for (const double sparsity : {0.5, 0.9, 0.99}) {
            const VariantSpec sp = spec("pruned", "fp32", "csr", "libxsmm", s, sparsity);
            auto v = createVariant(sp);
            const Quality q = measure(*v);
            const int64_t nonZeros = s.m * s.k - std::llround(sparsity * double(s.m * s.k));
            if (nonZeros > 0) {
                EXPECT_LT(q.kernelError, 2e-6) << label(sp);
            } else {
                EXPECT_EQ(q.kernelError, 0.0) << label(sp);
            }
            const Quality ours =
                measure(*createVariant(spec("pruned", "fp32", "csr", "costscope", s, sparsity)));
            EXPECT_NEAR(q.approxError, ours.approxError, 1e-6) << label(sp);
            // Its slices reserve 6 bytes for every entry of W, whatever the sparsity.
            EXPECT_GE(v->weightBytes(), 6 * s.m * s.k) << label(sp);
            EXPECT_NE(v->implementation().find("LIBXSMM 1."), std::string::npos)
                << v->implementation();
        }
    }
}

TEST(VariantAccuracy, LibxsmmRefusesABlockTooDenseForItsSlices) {
    // One thread and 96 columns of X keep spmdm's blocks at 512 x 128 entries of W: all 65,536
    // of them non-zero, one more than a slice's 16-bit row offsets count.
    const Operands o = Operands::generate(512, 96, 128);
    try {
        LibxsmmProduct product(o.w.data(), 512, 128, 96, 1);
        ADD_FAILURE() << "a dense block was accepted: " << product.implementation();
    } catch (const Unsupported& e) {
        EXPECT_NE(std::string(e.what()).find("16-bit row offsets"), std::string::npos) << e.what();
    }
    // Pruned by half, the same weight fits.
    AlignedBuffer<float> w = o.w.copy();
    pruneByMagnitude(w.span(), 0.5);
    LibxsmmProduct product(w.data(), 512, 128, 96, 1);
    std::vector<float> c(512 * 96);
    product.multiply(o.x.data(), c.data());
    EXPECT_LT(relativeFrobeniusError(c, fp64Product(w.data(), o.x.data(), 512, 96, 128)), 1e-6);
}

TEST(VariantAccuracy, TwoFourIsExactOnThePrunedWeight) {
    for (const Shape s : kTwoFourShapes) {
        const VariantSpec sp = spec("pruned", "fp32", "2:4", "costscope", s, 0.5);
        auto v = createVariant(sp);
        const Quality q = measure(*v);
        EXPECT_LT(q.kernelError, 2e-6) << label(sp);
        // Dropping the two smaller of four normals keeps most of the energy, not all of it.
        EXPECT_GT(q.approxError, 0.05) << label(sp);
        EXPECT_LT(q.approxError, 0.7) << label(sp);
        const int64_t groups = s.m * s.k / 4;
        EXPECT_EQ(v->weightBytes(), groups * 2 * 4 + (groups + 1) / 2) << label(sp);
    }
}

TEST(VariantAccuracy, OurKernelsAreRightOnEverySimdPath) {
    for (const SimdPath path : {SimdPath::Avx512, SimdPath::Avx2, SimdPath::Generic}) {
        if (!simdPathSupported(path))
            continue;
        const Shape s{45, 97, 64};
        CsrGemm csr(spec("pruned", "fp32", "csr", "costscope", s, 0.7), path);
        EXPECT_LT(measure(csr).kernelError, 2e-6) << simdPathName(path);
        EXPECT_NE(csr.implementation().find(simdPathName(path)), std::string::npos);
        TwoFourGemm twoFour(spec("pruned", "fp32", "2:4", "costscope", s, 0.5), path);
        EXPECT_LT(measure(twoFour).kernelError, 2e-6) << simdPathName(path);
    }
}

}  // namespace
}  // namespace costscope
