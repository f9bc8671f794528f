// Checks that the built-in suites parse, expand to every family and keep to their budgets.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "profiler/suite/Suite.h"

namespace costscope {
namespace {

std::set<std::string> collect(const Suite& suite, std::string VariantSpec::*field,
                              std::string_view family = {}, std::string_view device = {}) {
    std::set<std::string> values;
    for (const auto& spec : suite.variants)
        if ((family.empty() || spec.family == family) && (device.empty() || spec.device == device))
            values.insert(spec.*field);
    return values;
}

std::set<double> sparsities(const Suite& suite, std::string_view device) {
    std::set<double> values;
    for (const auto& spec : suite.variants)
        if (spec.family == "pruned" && spec.structure == "csr" && spec.device == device)
            values.insert(spec.sparsity);
    return values;
}

std::set<double> structuredFractions(const Suite& suite, std::string_view device) {
    std::set<double> values;
    for (const auto& spec : suite.variants)
        if (spec.family == "pruned" && spec.structure == "struct" && spec.device == device)
            values.insert(spec.sparsity);
    return values;
}

std::set<int64_t> squareSizes(const Suite& suite, std::string_view family,
                              std::string_view device) {
    std::set<int64_t> sizes;
    for (const auto& spec : suite.variants)
        if (spec.family == family && spec.device == device && spec.m == spec.n && spec.n == spec.k)
            sizes.insert(spec.m);
    return sizes;
}

bool contains(const Suite& suite, const std::string& name) {
    return std::any_of(suite.variants.begin(), suite.variants.end(),
                       [&](const VariantSpec& spec) { return spec.name() == name; });
}

TEST(BuiltinSuites, AreQuickStandardAndFull) {
    auto names = builtinSuiteNames();
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"full", "quick", "standard"}));
}

TEST(BuiltinSuites, EachParsesAndExpandsToEveryFamilyOnBothDevices) {
    for (const auto& name : builtinSuiteNames()) {
        SCOPED_TRACE(name);
        const Suite suite = loadSuite(name);
        EXPECT_EQ(suite.name, name);
        EXPECT_EQ(suite.source, "resources/suites/" + name + ".json");
        EXPECT_FALSE(suite.description.empty());
        EXPECT_EQ(collect(suite, &VariantSpec::family),
                  (std::set<std::string>{"gemm", "pruned", "quantized", "mlp"}));
        EXPECT_EQ(collect(suite, &VariantSpec::device), (std::set<std::string>{"cpu", "gpu"}));
        std::set<std::string> unique;
        for (const auto& spec : suite.variants)
            unique.insert(spec.name());
        EXPECT_EQ(unique.size(), suite.variants.size());
        // The stored text must reproduce the suite when a recording is read back.
        const Suite again = parseSuite(suite.json, suite.source);
        EXPECT_EQ(again.variants, suite.variants);
    }
}

TEST(BuiltinSuites, QuickIsEveryGemmFamilyOnceAt1024AndSixModels) {
    const Suite quick = loadSuite("quick");
    EXPECT_EQ(quick.measure.warmup, 2);
    EXPECT_EQ(quick.measure.minIterations, 10);
    EXPECT_DOUBLE_EQ(quick.measure.minTimeS, 0.2);
    for (const auto& spec : quick.variants) {
        if (spec.family == "mlp")
            continue;  // shaped by its models
        EXPECT_EQ(spec.m, 1024) << spec.name();
        EXPECT_EQ(spec.n, 1024) << spec.name();
        EXPECT_EQ(spec.k, 1024) << spec.name();
    }
    EXPECT_EQ(collect(quick, &VariantSpec::precision, "gemm", "cpu"),
              (std::set<std::string>{"fp32", "bf16"}));
    EXPECT_EQ(collect(quick, &VariantSpec::structure, "pruned", "cpu"),
              (std::set<std::string>{"csr", "2:4", "struct"}));
    // Every 10 points from 50 to 90 %, so the break-even's bracket is narrow, and 99 %.
    EXPECT_EQ(sparsities(quick, "cpu"), (std::set<double>{0.5, 0.6, 0.7, 0.8, 0.9, 0.99}));
    EXPECT_EQ(collect(quick, &VariantSpec::precision, "quantized", "cpu"),
              (std::set<std::string>{"int8"}));
    EXPECT_TRUE(contains(quick, "gemm/fp32/openblas/cpu/1024x1024x1024"));
    EXPECT_TRUE(contains(quick, "pruned/csr99/librsb/cpu/1024x1024x1024"));
    EXPECT_TRUE(contains(quick, "pruned/csr50/libxsmm/cpu/1024x1024x1024"));
    EXPECT_TRUE(contains(quick, "mlp/pruned90-ft/libxsmm/cpu/b1"));
    EXPECT_TRUE(contains(quick, "pruned/2:4/costscope/cpu/1024x1024x1024"));
    // Structured at the standard suite's fractions, through OpenBLAS (the dense reference).
    for (const char* level : {"50", "70", "90"})
        EXPECT_TRUE(
            contains(quick, std::string("pruned/struct") + level + "/openblas/cpu/1024x1024x1024"));
    EXPECT_TRUE(contains(quick, "quantized/int8/onednn/cpu/1024x1024x1024"));
    EXPECT_TRUE(contains(quick, "gemm/bf16/cublas/gpu/1024x1024x1024"));
    // Six models, each on the CPU backends that suit it, at batches 1 and 1024.
    EXPECT_EQ(collect(quick, &VariantSpec::model, "mlp", "cpu"),
              (std::set<std::string>{"dense", "pruned90-ft", "neurons50-ft", "2:4-ft", "int8",
                                     "student-kd"}));
    EXPECT_EQ(std::count_if(quick.variants.begin(), quick.variants.end(),
                            [](const VariantSpec& spec) {
                                return spec.family == "mlp" && spec.device == "cpu";
                            }),
              22);
    EXPECT_TRUE(contains(quick, "mlp/neurons50-ft/onednn/cpu/b1024"));
    EXPECT_TRUE(contains(quick, "mlp/pruned90-ft/costscope/cpu/b1024"));
    EXPECT_TRUE(contains(quick, "mlp/pruned90-ft/openblas/cpu/b1"));
    EXPECT_TRUE(contains(quick, "mlp/2:4-ft/costscope/cpu/b1"));
    EXPECT_TRUE(contains(quick, "mlp/int8/onednn/cpu/b1024"));
    EXPECT_TRUE(contains(quick, "mlp/dense/cublas/gpu/b1024"));
}

TEST(BuiltinSuites, StandardCoversThreeSizesAndKeepsLargeProductsOnTheGpu) {
    const Suite standard = loadSuite("standard");
    EXPECT_EQ(squareSizes(standard, "gemm", "cpu"), (std::set<int64_t>{512, 1024, 2048}));
    EXPECT_EQ(squareSizes(standard, "pruned", "cpu"), (std::set<int64_t>{1024, 2048}));
    EXPECT_EQ(squareSizes(standard, "quantized", "cpu"), (std::set<int64_t>{1024, 2048}));
    EXPECT_EQ(collect(standard, &VariantSpec::precision, "gemm", "gpu"),
              (std::set<std::string>{"fp32", "tf32", "fp16", "bf16"}));
    EXPECT_EQ(collect(standard, &VariantSpec::precision, "quantized", "gpu"),
              (std::set<std::string>{"int8", "fp8"}));
    EXPECT_EQ(sparsities(standard, "cpu"), (std::set<double>{0.5, 0.7, 0.9, 0.95, 0.99}));
    // The 10-minute budget on a 2-core machine holds only while CPU products stay at 2048.
    for (const auto& spec : standard.variants) {
        if (spec.device == "cpu") {
            EXPECT_LE(spec.m * spec.n * spec.k, 2048LL * 2048 * 2048) << spec.name();
        }
    }
    EXPECT_TRUE(contains(standard, "gemm/fp16/cublas/gpu/8192x8192x8192"));
    // Every model of the zoo at three batches.
    EXPECT_EQ(collect(standard, &VariantSpec::model, "mlp", "cpu").size(), 19u);
    EXPECT_TRUE(contains(standard, "mlp/neurons75-ft/openblas/cpu/b1024"));
    EXPECT_TRUE(contains(standard, "mlp/neurons50-ft-int8/onednn/cpu/b64"));
    EXPECT_TRUE(contains(standard, "mlp/neurons50-ft/cublas/gpu/b1"));
    // Structured pruning at 50, 70 and 90 % through every dense backend, on both devices.
    EXPECT_EQ(structuredFractions(standard, "cpu"), (std::set<double>{0.5, 0.7, 0.9}));
    EXPECT_EQ(collect(standard, &VariantSpec::backend, "pruned", "gpu").count("cublaslt"), 1u);
    for (const char* name : {"pruned/struct50/openblas/cpu/2048x2048x2048",
                             "pruned/struct70/onednn/cpu/1024x1024x1024",
                             "pruned/struct90-int8/onednn/cpu/2048x2048x2048",
                             "pruned/struct50/cublas/gpu/2048x2048x2048",
                             "pruned/struct50-int8/cublaslt/gpu/1024x1024x1024"})
        EXPECT_TRUE(contains(standard, name)) << name;
    EXPECT_TRUE(contains(standard, "mlp/pruned95/costscope/cpu/b64"));
    EXPECT_TRUE(contains(standard, "mlp/pruned90-ft-int8/onednn/cpu/b1"));
    EXPECT_TRUE(contains(standard, "mlp/student/onednn/cpu/b1024"));
    EXPECT_TRUE(contains(standard, "mlp/pruned90-ft/cusparse/gpu/b1024"));
}

TEST(BuiltinSuites, FullSweepsSizesAndFineSparsities) {
    const Suite full = loadSuite("full");
    EXPECT_EQ(squareSizes(full, "gemm", "cpu"), (std::set<int64_t>{256, 512, 1024, 2048, 4096}));
    EXPECT_EQ(squareSizes(full, "pruned", "cpu"), (std::set<int64_t>{256, 512, 1024, 2048, 4096}));
    EXPECT_GE(sparsities(full, "cpu").size(), 10u);
    EXPECT_EQ(*sparsities(full, "cpu").begin(), 0.5);
    EXPECT_EQ(*sparsities(full, "cpu").rbegin(), 0.99);
    EXPECT_TRUE(contains(full, "gemm/fp32/openblas/cpu/4096x16x4096"));
    // Structured pruning at the same fractions as CSR.
    EXPECT_EQ(structuredFractions(full, "cpu"), sparsities(full, "cpu"));
    EXPECT_TRUE(contains(full, "pruned/struct70/onednn/cpu/14336x256x4096"));
}

}  // namespace
}  // namespace costscope
