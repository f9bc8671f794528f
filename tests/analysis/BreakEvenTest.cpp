// The break-even bracket and its estimate on the drawn (logarithmic) curve.
#include "profiler/analysis/BreakEven.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace costscope {
namespace {

TEST(BreakEven, TheBracketHoldsTheEstimateOnTheLogCurve) {
    // Measured at 50/60/70/80/90 %: slower up to 60 % (0.8x), faster at 70 % (1.25x).
    const auto result =
        BreakEven::of({{0.9, 3.0}, {0.5, 0.6}, {0.6, 0.8}, {0.7, 1.25}, {0.8, 2.0}});
    EXPECT_EQ(result.kind, BreakEven::Kind::Crossed);
    EXPECT_DOUBLE_EQ(*result.slowerUpTo, 0.6);
    EXPECT_DOUBLE_EQ(*result.fasterFrom, 0.7);
    // log 0.8 = -log 1.25: the line in log space crosses 0 halfway.
    EXPECT_NEAR(*result.estimate, 0.65, 1e-12);
    EXPECT_EQ(result.describe(),
              "pays from 70 % (still slower at 60 %; break-even ≈ 65 %, between the two)");
    EXPECT_EQ(result.brief(), "break-even ≈ 65 % (slower at 60 %, faster at 70 %)");
}

TEST(BreakEven, TheEstimateIsNotLinearInSpeedup) {
    // 0.5x at 50 %, 4x at 90 %: linear in speedup would put it at 52.9 %, on the drawn
    // (logarithmic) line it is at a third of the way: log 2 / log 8.
    const auto result = BreakEven::of({{0.5, 0.5}, {0.9, 4.0}});
    EXPECT_NEAR(*result.estimate, 0.5 + 0.4 / 3.0, 1e-12);
}

TEST(BreakEven, NeverFasterFasterThroughoutAndNotSustained) {
    const auto never = BreakEven::of({{0.5, 0.4}, {0.99, 0.9}});
    EXPECT_EQ(never.kind, BreakEven::Kind::NeverFaster);
    EXPECT_EQ(never.describe(), "never pays up to 99 %");
    const auto always = BreakEven::of({{0.5, 1.1}, {0.9, 3.0}});
    EXPECT_EQ(always.kind, BreakEven::Kind::FasterThroughout);
    EXPECT_EQ(always.describe(), "pays at every sparsity measured, from 50 %");
    // Faster at 50 %, slower at 70 % and at the top: no sparsity pays from here on.
    const auto dips = BreakEven::of({{0.5, 1.1}, {0.7, 0.9}});
    EXPECT_EQ(dips.kind, BreakEven::Kind::NotSustained);
    EXPECT_EQ(never.brief(), "never pays up to 99 %");
    EXPECT_EQ(always.brief(), "pays at every fraction measured, from 50 %");
    EXPECT_EQ(dips.brief(), "faster from 50 %, slower again at 70 %");
    // A dip in the middle: pays only after the last slower point.
    const auto late = BreakEven::of({{0.5, 1.1}, {0.7, 0.9}, {0.9, 2.0}});
    EXPECT_EQ(late.kind, BreakEven::Kind::Crossed);
    EXPECT_DOUBLE_EQ(*late.slowerUpTo, 0.7);
    EXPECT_DOUBLE_EQ(*late.fasterFrom, 0.9);
}

VariantSummaryRow timed(const std::string& family, const std::string& backend,
                        const std::string& structure, double sparsity, double ms,
                        int64_t size = 8) {
    VariantSummaryRow r;
    r.name = family + '/' + structure + std::to_string(int(sparsity * 100)) + '/' + backend +
             "/cpu/" + std::to_string(size);
    r.status = VariantStatus::Ok;
    r.family = family;
    r.device = "cpu";
    r.backend = backend;
    r.precision = "fp32";
    r.structure = structure;
    r.sparsity = sparsity;
    r.m = r.n = r.k = size;
    r.medianMs = ms;
    r.iterations = 10;
    return r;
}

TEST(PruningChoice, TheBestBackendIsTheOneThatPaysFirst) {
    const std::vector<VariantSummaryRow> run = {
        timed("gemm", "onednn", "dense", 0, 2.0),
        // librsb never pays; LIBXSMM from 70 % (estimate 65 %); ours from 60 %.
        timed("pruned", "librsb", "csr", 0.5, 9.0),
        timed("pruned", "librsb", "csr", 0.9, 3.0),
        timed("pruned", "libxsmm", "csr", 0.5, 3.0),
        timed("pruned", "libxsmm", "csr", 0.6, 2.5),
        timed("pruned", "libxsmm", "csr", 0.7, 1.6),
        timed("pruned", "costscope", "csr", 0.5, 2.5),
        timed("pruned", "costscope", "csr", 0.6, 1.6),
        timed("pruned", "costscope", "csr", 0.7, 1.0),
        // Another shape: its own question, with one backend.
        timed("gemm", "onednn", "dense", 0, 20.0, 16),
        timed("pruned", "librsb", "csr", 0.9, 10.0, 16),
    };
    const std::vector<PruningCurve> curves = pruningCurves(run);
    ASSERT_EQ(curves.size(), 4u);
    const std::vector<PruningChoice> choices = pruningChoices(curves);
    ASSERT_EQ(choices.size(), 2u);
    ASSERT_EQ(choices[0].curves.size(), 3u);
    EXPECT_EQ(choices[0].curves[0]->backend, "librsb");  // in the order recorded
    EXPECT_EQ(choices[0].best->backend, "costscope");
    EXPECT_EQ(choices[1].curves.size(), 1u);
    EXPECT_EQ(choices[1].best->backend, "librsb");
}

TEST(PruningChoice, TiesGoToTheHigherSpeedupAtTheLowestSparsity) {
    const std::vector<VariantSummaryRow> run = {
        timed("gemm", "onednn", "dense", 0, 2.0),
        // Both faster throughout from 50 %: LIBXSMM by more. Neither of the others pays.
        timed("pruned", "costscope", "csr", 0.5, 1.5),
        timed("pruned", "libxsmm", "csr", 0.5, 1.0),
        timed("pruned", "librsb", "csr", 0.5, 4.0),
    };
    const std::vector<PruningCurve> curves = pruningCurves(run);
    EXPECT_EQ(pruningChoices(curves).front().best->backend, "libxsmm");
    const std::vector<VariantSummaryRow> never = {timed("gemm", "onednn", "dense", 0, 1.0),
                                                  timed("pruned", "librsb", "csr", 0.5, 4.0),
                                                  timed("pruned", "costscope", "csr", 0.5, 2.0)};
    const std::vector<PruningCurve> slow = pruningCurves(never);
    EXPECT_EQ(pruningChoices(slow).front().best->backend, "costscope");
}

TEST(BreakEven, PercentsReadAsPeopleWriteThem) {
    EXPECT_EQ(percentText(0.56), "56 %");
    EXPECT_EQ(percentText(0.995), "99.5 %");
}

}  // namespace
}  // namespace costscope
