// Tests of our CSR and 2:4 SpMM kernels on every SIMD path this CPU has, against FP64, and of
// their workspace.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "kernels/CsrMatrix.h"
#include "kernels/CsrSpmm.h"
#include "kernels/MagnitudePruning.h"
#include "kernels/Operands.h"
#include "kernels/Reference.h"
#include "kernels/TwoFourMatrix.h"
#include "kernels/TwoFourSpmm.h"

namespace costscope {
namespace {

struct Shape {
    int64_t m, n, k;
};

// n covers every column path: below one vector, one vector, a vector and a tail, a full
// panel, a panel and a tail, several panels with vectors and a tail.
const Shape kShapes[] = {{1, 1, 4},   {17, 33, 12},  {127, 65, 256}, {64, 1, 300}, {5, 16, 8},
                         {9, 64, 20}, {40, 130, 64}, {3, 211, 36},   {200, 7, 128}};

std::vector<SimdPath> supportedPaths() {
    std::vector<SimdPath> paths;
    for (const SimdPath p : {SimdPath::Avx512, SimdPath::Avx2, SimdPath::Generic})
        if (simdPathSupported(p))
            paths.push_back(p);
    return paths;
}

TEST(SimdPath, BestIsSupportedAndNamed) {
    EXPECT_TRUE(simdPathSupported(bestSimdPath()));
    EXPECT_TRUE(simdPathSupported(SimdPath::Generic));
    EXPECT_EQ(simdPathName(SimdPath::Avx512), "avx512f");
    EXPECT_EQ(simdPathName(SimdPath::Generic), "generic");
}

TEST(CsrSpmm, MatchesFp64OnEveryPathAndShape) {
    for (const SimdPath path : supportedPaths()) {
        for (const Shape s : kShapes) {
            for (const double sparsity : {0.0, 0.5, 0.9, 0.99}) {
                const Operands o = Operands::generate(s.m, s.n, s.k);
                AlignedBuffer<float> w = o.w.copy();
                pruneByMagnitude(w.span(), sparsity);
                const CsrMatrix csr = CsrMatrix::fromDense(w.data(), s.m, s.k);
                std::vector<float> c(size_t(s.m * s.n), 12345.0f);  // must be overwritten
                SpmmWorkspace workspace(s.k, s.n);
                const CsrSpmm product(csr, s.n, path);
                product.multiply(o.x.data(), c.data(), workspace);
                const auto r = fp64Product(w.data(), o.x.data(), s.m, s.n, s.k);
                EXPECT_LT(relativeFrobeniusError(c, r), 1e-6)
                    << simdPathName(path) << " " << s.m << "x" << s.n << "x" << s.k << " at "
                    << sparsity;
            }
        }
    }
}

// Shapes on which CsrSpmm takes X in blocks (k above a block's rows): 128-column panels with a
// 64-column and a 16-column part and a tail; 64-column panels with tails; rows and columns
// beyond a tile and a block.
const Shape kBlockedShapes[] = {{70, 300, 400}, {300, 100, 700}, {33, 200, 1000}};

TEST(CsrSpmm, EveryWalkMatchesFp64) {
    bool wide = false, narrow = false, plain = false;
    for (const SimdPath path : supportedPaths()) {
        for (const Shape s : kBlockedShapes) {
            for (const double sparsity : {0.0, 0.5, 0.8, 0.9, 0.97}) {
                const Operands o = Operands::generate(s.m, s.n, s.k);
                AlignedBuffer<float> w = o.w.copy();
                pruneByMagnitude(w.span(), sparsity);
                const CsrMatrix csr = CsrMatrix::fromDense(w.data(), s.m, s.k);
                const CsrSpmm product(csr, s.n, path);
                const CsrWalk walk = product.walk();
                wide |= walk.panelColumns == 128 && walk.blockRows > 0;
                narrow |= walk.panelColumns == 64 && walk.blockRows > 0;
                plain |= walk.blockRows == 0;
                EXPECT_TRUE(walk.panelColumns == 64 || path == SimdPath::Avx512);
                std::vector<float> c(size_t(s.m * s.n), 12345.0f);
                SpmmWorkspace workspace(s.k, s.n);
                product.multiply(o.x.data(), c.data(), workspace);
                product.multiply(o.x.data(), c.data(), workspace);  // a second call, the same
                const auto r = fp64Product(w.data(), o.x.data(), s.m, s.n, s.k);
                // Whatever the layout, it holds exactly W, in about the CSR's bytes.
                AlignedBuffer<float> back(size_t(s.m * s.k));
                product.toDense(back.data());
                EXPECT_TRUE(std::equal(back.data(), back.data() + s.m * s.k, w.data()));
                EXPECT_EQ(product.nonZeros(), csr.nonZeros());
                EXPECT_LE(product.bytes(), csr.bytes() + s.m * (s.k / 64 + 1) * 4);
                EXPECT_LT(relativeFrobeniusError(c, r), 1e-6)
                    << simdPathName(path) << " " << s.m << "x" << s.n << "x" << s.k << " at "
                    << sparsity << ": " << walk.describe();
            }
        }
    }
    EXPECT_TRUE(narrow && plain);
    EXPECT_EQ(wide, simdPathSupported(SimdPath::Avx512));
}

TEST(CsrSpmm, WalkFollowsDensityWidthAndPath) {
    const auto walkOf = [](double sparsity, int64_t n, SimdPath path) {
        const Operands o = Operands::generate(64, 1, 2048);
        AlignedBuffer<float> w = o.w.copy();
        pruneByMagnitude(w.span(), sparsity);
        return csrWalk(CsrMatrix::fromDense(w.data(), 64, 2048), n, path);
    };
    EXPECT_EQ(walkOf(0.5, 1024, SimdPath::Avx512).describe(),
              "128-column panels, X in blocks of 96 rows");
    EXPECT_EQ(walkOf(0.5, 1024, SimdPath::Avx2).describe(),
              "64-column panels, X in blocks of 256 rows");
    EXPECT_EQ(walkOf(0.9, 1024, SimdPath::Avx512).describe(),
              "64-column panels, X in blocks of 256 rows");
    EXPECT_EQ(walkOf(0.95, 1024, SimdPath::Avx512).describe(), "64-column panels");
    EXPECT_EQ(walkOf(0.5, 16, SimdPath::Avx512).describe(), "64-column panels");
}

TEST(TwoFourSpmm, MatchesFp64OnEveryPathAndShape) {
    for (const SimdPath path : supportedPaths()) {
        for (const Shape s : kShapes) {
            const Operands o = Operands::generate(s.m, s.n, s.k);
            const TwoFourMatrix packed = TwoFourMatrix::fromDense(o.w.data(), s.m, s.k);
            AlignedBuffer<float> w(size_t(s.m * s.k));
            packed.toDense(w.data());
            std::vector<float> c(size_t(s.m * s.n), 12345.0f);
            SpmmWorkspace workspace(s.k, s.n);
            twoFourSpmm(packed, o.x.data(), c.data(), s.n, workspace, path);
            const auto r = fp64Product(w.data(), o.x.data(), s.m, s.n, s.k);
            EXPECT_LT(relativeFrobeniusError(c, r), 1e-6)
                << simdPathName(path) << " " << s.m << "x" << s.n << "x" << s.k;
        }
    }
}

TEST(CsrSpmm, EmptyMatrixGivesZeros) {
    const Operands o = Operands::generate(4, 70, 8);
    const std::vector<float> w(32, 0.0f);
    const CsrMatrix csr = CsrMatrix::fromDense(w.data(), 4, 8);
    std::vector<float> c(4 * 70, 1.0f);
    SpmmWorkspace workspace(8, 70);
    CsrSpmm(csr, 70).multiply(o.x.data(), c.data(), workspace);
    EXPECT_EQ(c, std::vector<float>(4 * 70, 0.0f));
}

TEST(SpmmWorkspace, OneWorkspaceServesSmallerProductsToo) {
    SpmmWorkspace workspace(300, 211);
    EXPECT_EQ(workspace.panelWidth(), 128);
    EXPECT_EQ(workspace.threads(), omp_get_max_threads());
    EXPECT_GE(workspace.bytes(), int64_t(workspace.threads()) * 300 * 128 * 4);
    for (const Shape s : kShapes) {
        const Operands o = Operands::generate(s.m, s.n, s.k);
        const TwoFourMatrix packed = TwoFourMatrix::fromDense(o.w.data(), s.m, s.k);
        AlignedBuffer<float> w(size_t(s.m * s.k));
        packed.toDense(w.data());
        std::vector<float> c(size_t(s.m * s.n), 12345.0f);
        twoFourSpmm(packed, o.x.data(), c.data(), s.n, workspace);
        const auto r = fp64Product(w.data(), o.x.data(), s.m, s.n, s.k);
        EXPECT_LT(relativeFrobeniusError(c, r), 1e-6) << s.m << "x" << s.n << "x" << s.k;
    }
}

TEST(SpmmWorkspace, TooSmallIsALogicErrorNotAnAllocation) {
    const Operands o = Operands::generate(16, 70, 8);
    const CsrMatrix csr = CsrMatrix::fromDense(o.w.data(), 16, 8);
    const TwoFourMatrix twoFour = TwoFourMatrix::fromDense(o.w.data(), 16, 8);
    std::vector<float> c(16 * 70);
    SpmmWorkspace shortK(4, 70);
    const CsrSpmm product(csr, 70);
    EXPECT_THROW(product.multiply(o.x.data(), c.data(), shortK), std::logic_error);
    EXPECT_THROW(twoFourSpmm(twoFour, o.x.data(), c.data(), 70, shortK), std::logic_error);
    SpmmWorkspace narrow(8, 20);  // panels of 20 columns, the product needs 70
    EXPECT_THROW(product.multiply(o.x.data(), c.data(), narrow), std::logic_error);

    // More threads than the workspace was built for.
    const int threads = omp_get_max_threads();
    omp_set_num_threads(2);
    SpmmWorkspace oneThread(8, 70, 1);
    EXPECT_THROW(product.multiply(o.x.data(), c.data(), oneThread), std::logic_error);
    omp_set_num_threads(1);
    product.multiply(o.x.data(), c.data(), oneThread);
    const auto r = fp64Product(o.w.data(), o.x.data(), 16, 70, 8);
    EXPECT_LT(relativeFrobeniusError(c, r), 1e-6);
    omp_set_num_threads(threads);
}

TEST(SpmmWorkspace, RejectsNonPositiveExtents) {
    EXPECT_THROW(SpmmWorkspace(0, 8), std::invalid_argument);
    EXPECT_THROW(SpmmWorkspace(8, 0), std::invalid_argument);
    EXPECT_THROW(SpmmWorkspace(8, 8, 0), std::invalid_argument);
}

}  // namespace
}  // namespace costscope
