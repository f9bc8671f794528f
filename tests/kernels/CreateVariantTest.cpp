// createVariant() over the whole CPU catalog, and its refusals.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "kernels/Catalog.h"

namespace costscope {
namespace {

std::vector<VariantSpec> smallCatalog(const std::string& device) {
    std::vector<VariantSpec> specs;
    for (const auto& family : knownFamilies()) {
        // The mlp family has no shapes and needs the trained zoo: MlpVariantTest covers it.
        if (family == "mlp")
            continue;
        WorkloadRequest request{.family = family, .devices = {device}, .shapes = {{48, 40, 32}}};
        for (const auto& spec : expandWorkload(request))
            specs.push_back(spec);
    }
    return specs;
}

TEST(CreateVariant, EveryCpuCatalogSpecRunsAndChecks) {
    const auto specs = smallCatalog("cpu");
    // 3 gemm + 5 librsb + 5 libxsmm + 5 costscope csr + 1 2:4 + 3 x 3 structured + 1 int8.
    ASSERT_EQ(specs.size(), 29u);
    for (const auto& spec : specs) {
        SCOPED_TRACE(spec.name());
        auto variant = createVariant(spec);
        ASSERT_NE(variant, nullptr);
        EXPECT_EQ(variant->spec(), spec);
        try {
            variant->setUp();
        } catch (const Unsupported& e) {
            // Only BF16 may be missing, and only on a CPU without it; the reason names the ISA.
            EXPECT_EQ(spec.precision, "bf16");
            EXPECT_NE(std::string(e.what()).find("ISA"), std::string::npos);
            continue;
        }
        variant->run();
        const Quality q = variant->check();
        EXPECT_TRUE(std::isfinite(q.kernelError));
        EXPECT_TRUE(std::isfinite(q.approxError));
        EXPECT_LT(q.kernelError, 1e-5);
        EXPECT_FALSE(q.accuracy.has_value());
        EXPECT_GT(variant->weightBytes(), 0);
        EXPECT_FALSE(variant->implementation().empty());
        EXPECT_GE(variant->threads(), 1);
    }
}

TEST(CreateVariant, ImplementationNamesWhatRuns) {
    const VariantSpec blas{.family = "gemm",
                           .device = "cpu",
                           .backend = "openblas",
                           .precision = "fp32",
                           .structure = "dense",
                           .m = 8,
                           .n = 8,
                           .k = 8};
    EXPECT_EQ(createVariant(blas)->implementation().rfind("OpenBLAS ", 0), 0u);
    VariantSpec dnnl = blas;
    dnnl.backend = "onednn";
    auto v = createVariant(dnnl);
    v->setUp();
    EXPECT_EQ(v->implementation().rfind("oneDNN ", 0), 0u);
    EXPECT_EQ(v->implementation().find("ref"), std::string::npos);
}

TEST(CreateVariant, GpuSpecsNeedACudaBuild) {
    const auto specs = smallCatalog("gpu");
    ASSERT_FALSE(specs.empty());
    for (const auto& spec : specs) {
        SCOPED_TRACE(spec.name());
        if (builtWithCuda()) {
            // Built, not set up: setUp() needs a device (tests/kernels/GpuCheckedTest.cpp and
            // GpuVariantTest.cpp cover both cases). Shapes off the libraries' alignment are
            // refused up front, like the CPU variants' index limits.
            std::unique_ptr<Variant> variant;
            try {
                variant = createVariant(spec);
            } catch (const Unsupported& e) {
                EXPECT_NE(std::string(e.what()).find("multiples of 16"), std::string::npos)
                    << e.what();
                continue;
            }
            ASSERT_NE(variant, nullptr);
            EXPECT_EQ(variant->spec(), spec);
            continue;
        }
        try {
            createVariant(spec);
            ADD_FAILURE() << spec.name() << " did not throw";
        } catch (const Unsupported& e) {
            EXPECT_EQ(std::string(e.what()),
                      "built without CUDA: " + spec.name() +
                          " needs a costscope build configured with COSTSCOPE_WITH_CUDA=ON");
        }
    }
}

TEST(CreateVariant, RejectsWhatNoVariantImplements) {
    VariantSpec spec{.family = "gemm",
                     .device = "cpu",
                     .backend = "openblas",
                     .precision = "int8",
                     .structure = "dense",
                     .m = 8,
                     .n = 8,
                     .k = 8};
    EXPECT_THROW(createVariant(spec), std::invalid_argument);
    spec.precision = "fp32";
    spec.device = "tpu";
    EXPECT_THROW(createVariant(spec), std::invalid_argument);
    spec.device = "cpu";
    spec.batch = 2;
    EXPECT_THROW(createVariant(spec), Unsupported);
    VariantSpec twoFour{.family = "pruned",
                        .device = "cpu",
                        .backend = "costscope",
                        .precision = "fp32",
                        .structure = "2:4",
                        .sparsity = 0.5,
                        .m = 8,
                        .n = 8,
                        .k = 6};
    EXPECT_THROW(createVariant(twoFour), std::invalid_argument);
}

TEST(CreateVariant, CsrBeyondInt32IndicesIsUnsupportedBeforeAnyAllocation) {
    // 65536 x 65536 at 50 %: 2^31 non-zeros, one more than int32 row pointers index. The
    // variants refuse in the constructor, so this test allocates nothing (W would be 16 GiB).
    for (const char* backend : {"costscope", "librsb"}) {
        VariantSpec spec{.family = "pruned",
                         .device = "cpu",
                         .backend = backend,
                         .precision = "fp32",
                         .structure = "csr",
                         .sparsity = 0.5,
                         .m = 65536,
                         .n = 8,
                         .k = 65536};
        try {
            createVariant(spec);
            ADD_FAILURE() << backend << " accepted 2^31 non-zeros";
        } catch (const Unsupported& e) {
            EXPECT_NE(std::string(e.what()).find("2147483648 non-zeros"), std::string::npos)
                << e.what();
        }
        spec.sparsity = 0.99;  // 42949673 non-zeros: fine
        EXPECT_NO_THROW(createVariant(spec)) << backend;
    }
}

TEST(CreateVariant, LibxsmmBeyondIntOffsetsIsUnsupportedBeforeAnyAllocation) {
    // spmdm's offsets are int: W of 65536 x 32769 entries is one block too many.
    const VariantSpec spec{.family = "pruned",
                           .device = "cpu",
                           .backend = "libxsmm",
                           .precision = "fp32",
                           .structure = "csr",
                           .sparsity = 0.99,
                           .m = 65536,
                           .n = 8,
                           .k = 32769};
    try {
        createVariant(spec);
        ADD_FAILURE() << "libxsmm accepted more than 2^31 - 1 entries of W";
    } catch (const Unsupported& e) {
        EXPECT_NE(std::string(e.what()).find("offsets are int"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace costscope
