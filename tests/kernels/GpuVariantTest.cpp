// Every GPU catalog entry against FP64, on a device (CTest label gpu; skipped without one).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "kernels/Catalog.h"
#include "kernels/gpu/Checked.h"
#include "kernels/gpu/DeviceBuffer.h"
#include "kernels/gpu/GpuVariant.h"
#include "profiler/GpuProbe.h"

namespace costscope {
namespace {

// Probed once per process: the reason goes into every skip.
const GpuProbe& probe() {
    static const GpuProbe result = probeGpu();
    return result;
}

#define REQUIRE_GPU()                                                    \
    do {                                                                 \
        if (!probe().usable)                                             \
            GTEST_SKIP() << "no usable CUDA device: " << probe().reason; \
    } while (false)

// Largest kernelError each precision may show against the FP64 product of its own operands.
double kernelTolerance(const VariantSpec& spec) {
    if (spec.precision == "fp32")
        return 1e-5;
    if (spec.precision == "tf32")
        return 1e-3;
    return 1e-2;  // fp16, bf16 (rounded output for the 2:4 variant), int8, fp8
}

std::vector<VariantSpec> gpuSpecs(std::array<int64_t, 3> shape) {
    std::vector<VariantSpec> specs;
    for (const auto& family : knownFamilies()) {
        // The mlp family has no shapes, and no GPU variant yet (createVariant refuses it).
        if (family == "mlp")
            continue;
        WorkloadRequest request{
            .family = family, .devices = {"gpu"}, .sparsities = {0.5, 0.9}, .shapes = {shape}};
        if (family == "pruned" && shape[2] % 4 != 0)
            request.structures = {"csr"};
        for (const auto& spec : expandWorkload(request))
            specs.push_back(spec);
    }
    return specs;
}

GpuVariant& asGpu(Variant& variant) {
    auto* gpu = dynamic_cast<GpuVariant*>(&variant);
    if (!gpu)
        throw std::logic_error(variant.spec().name() + " is not a GpuVariant");
    return *gpu;
}

void checkShape(std::array<int64_t, 3> shape) {
    for (const auto& spec : gpuSpecs(shape)) {
        SCOPED_TRACE(spec.name());
        std::unique_ptr<Variant> variant;
        try {
            variant = createVariant(spec);
            variant->setUp();
        } catch (const Unsupported& e) {
            // Alignment rules of the libraries (odd shapes), FP8 before 8.9, cuSPARSELt absent.
            const std::string reason = e.what();
            std::cout << "[  INFO    ] " << spec.name() << " unsupported: " << reason << '\n';
            EXPECT_TRUE(spec.backend == "cusparselt" || spec.backend == "cublaslt") << reason;
            continue;
        }
        variant->run();
        const Quality first = variant->check();
        EXPECT_TRUE(std::isfinite(first.kernelError));
        EXPECT_TRUE(std::isfinite(first.approxError));
        EXPECT_LT(first.kernelError, kernelTolerance(spec));
        EXPECT_GE(first.approxError, 0.0);
        if (spec.family == "gemm") {
            EXPECT_LT(first.approxError, spec.precision == "fp32" ? 1e-5 : 1e-2);
        }
        if (spec.family == "quantized") {
            // Plausible quantization error: not exact, not garbage.
            EXPECT_GT(first.approxError, 1e-4);
            EXPECT_LT(first.approxError, 0.1);
        }
        if (spec.structure == "csr") {
            // Pruning half or more of a Gaussian weight costs a lot, and not everything.
            EXPECT_GT(first.approxError, 0.05);
            EXPECT_LT(first.approxError, 1.0);
        }
        // Repeatable: a second call gives the same quality to the last bits.
        variant->run();
        const Quality second = variant->check();
        EXPECT_NEAR(second.kernelError, first.kernelError, 1e-7 + first.kernelError * 1e-3);
        // launch() alone works on the resident data.
        auto& gpu = asGpu(*variant);
        gpu.launch();
        COSTSCOPE_CHECK(cudaStreamSynchronize(gpu.stream()));
        EXPECT_GT(variant->weightBytes(), 0);
        EXPECT_FALSE(variant->implementation().empty());
        EXPECT_EQ(variant->threads(), 1);
    }
}

TEST(GpuVariants, EveryCatalogEntryAgreesWithFp64AtAnAlignedShape) {
    REQUIRE_GPU();
    checkShape({128, 64, 96});
}

TEST(GpuVariants, OddShapesWhereTheLibrariesAllowThem) {
    REQUIRE_GPU();
    checkShape({100, 72, 36});
    checkShape({67, 5, 13});
}

TEST(GpuVariants, TiledKernelCoversPartialTilesAndLongK) {
    REQUIRE_GPU();
    for (const auto& shape : {std::array<int64_t, 3>{65, 129, 1031}, {1, 1, 1}, {64, 64, 8}}) {
        const VariantSpec spec{.family = "gemm",
                               .device = "gpu",
                               .backend = "tiled",
                               .precision = "fp32",
                               .structure = "dense",
                               .m = shape[0],
                               .n = shape[1],
                               .k = shape[2]};
        SCOPED_TRACE(spec.name());
        auto variant = createVariant(spec);
        variant->setUp();
        variant->run();
        EXPECT_LT(variant->check().kernelError, 1e-5);
    }
}

TEST(GpuVariants, ImpossibleAllocationThrowsOutOfMemoryAndLeavesTheDeviceUsable) {
    REQUIRE_GPU();
    try {
        DeviceBuffer<unsigned char> huge(size_t(1) << 50);
        ADD_FAILURE() << "a 1 PiB allocation succeeded";
    } catch (const GpuError& e) {
        EXPECT_TRUE(e.outOfMemory());
        EXPECT_NE(std::string(e.what()).find("out of memory"), std::string::npos) << e.what();
    }
    // The failed allocation left no sticky error: a variant still sets up, runs and checks.
    const VariantSpec spec{.family = "gemm",
                           .device = "gpu",
                           .backend = "naive",
                           .precision = "fp32",
                           .structure = "dense",
                           .m = 64,
                           .n = 64,
                           .k = 64};
    auto variant = createVariant(spec);
    variant->setUp();
    variant->run();
    EXPECT_LT(variant->check().kernelError, 1e-5);
}

TEST(GpuVariants, Fp8RefusesOldDevicesWithTheirCapability) {
    REQUIRE_GPU();
    if (probe().computeMajor * 10 + probe().computeMinor >= 89)
        GTEST_SKIP() << "this device supports FP8";
    const VariantSpec spec{.family = "quantized",
                           .device = "gpu",
                           .backend = "cublaslt",
                           .precision = "fp8",
                           .structure = "dense",
                           .m = 64,
                           .n = 64,
                           .k = 64};
    auto variant = createVariant(spec);
    try {
        variant->setUp();
        ADD_FAILURE() << "FP8 set up on compute capability below 8.9";
    } catch (const Unsupported& e) {
        EXPECT_NE(std::string(e.what()).find("FP8 needs compute capability 8.9"),
                  std::string::npos);
    }
}

}  // namespace
}  // namespace costscope
