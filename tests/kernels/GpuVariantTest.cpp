// Every GPU catalog entry against FP64, on a device (CTest label gpu; skipped without one).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "kernels/Catalog.h"
#include "kernels/gpu/Checked.h"
#include "kernels/gpu/CusparseLtLibrary.h"
#include "kernels/gpu/DeviceBuffer.h"
#include "kernels/gpu/GpuVariant.h"
#include "kernels/mlp/MlpGpuForward.h"
#include "kernels/mlp/MlpGpuVariant.h"
#include "profiler/GpuProbe.h"
#include "tests/kernels/SmallMlpFixture.h"

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
        // The mlp family has no shapes: its GPU variants are checked on a model below.
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
            if (spec.backend == "cusparselt") {
                const std::string file = cusparselt::searchPlaces().firstFile();
                EXPECT_EQ(file, "") << "cuSPARSELt is on this machine, yet " << spec.name()
                                    << " was skipped: " << reason;
            }
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
        if (spec.structure == "csr" || spec.structure == "struct") {
            // Pruning half or more of a Gaussian weight costs a lot, and not everything.
            EXPECT_GT(first.approxError, 0.05);
            EXPECT_LT(first.approxError, 1.0);
        }
        if (spec.structure == "struct" && spec.precision == "fp32") {
            // The kept output features only: a smaller dense product.
            const int64_t kept = spec.m - std::llround(spec.sparsity * double(spec.m));
            EXPECT_EQ(variant->weightBytes(), kept * spec.k * 4);
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

// The mlp workload's GPU backends on the small hand-built model (tests/kernels/SmallMlpFixture.h),
// every image of its test set, at the catalog's batches.

using namespace mlp::smallmlp;

constexpr int64_t kMlpBatches[] = {1, 64, 1024};

void expectReferencePredictions(const std::shared_ptr<const mlp::Mlp>& model,
                                mlp::GpuBackend backend) {
    const std::vector<float> reference = referenceLogits(*model);
    for (const int64_t n : kMlpBatches) {
        SCOPED_TRACE("n=" + std::to_string(n));
        mlp::MlpGpuForward forward(*model, backend, n);
        const std::vector<float> logits = forward.logitsOf(*fixture().test);
        EXPECT_LT(relativeError(logits, reference), 1e-5);
        EXPECT_EQ(predictions(logits), predictions(reference));  // to the last image
    }
}

TEST(MlpGpu, CublasPredictsAsTheReferenceOnEveryImage) {
    REQUIRE_GPU();
    expectReferencePredictions(fixture().dense, mlp::GpuBackend::Cublas);
}

TEST(MlpGpu, CusparsePredictsAsTheReferenceOnEveryImage) {
    REQUIRE_GPU();
    expectReferencePredictions(fixture().pruned, mlp::GpuBackend::Cusparse);
    // A dense model as CSR is still the same model.
    mlp::MlpGpuForward dense(*fixture().dense, mlp::GpuBackend::Cusparse, 64);
    EXPECT_EQ(predictions(dense.logitsOf(*fixture().test)),
              predictions(referenceLogits(*fixture().dense)));
}

TEST(MlpGpu, CublasLtInt8AgreesWithTheReferenceAndRunsTheCpuScheme) {
    REQUIRE_GPU();
    const Fixture& f = fixture();
    const std::vector<float> reference = referenceLogits(*f.int8);
    std::vector<float> simulated;
    mlp::forwardInt8Simulated(*f.int8, f.test->images.data(), kImages, simulated);
    for (const int64_t n : kMlpBatches) {
        SCOPED_TRACE("n=" + std::to_string(n));
        mlp::MlpGpuForward forward(*f.int8, mlp::GpuBackend::CublasLtInt8, n);
        EXPECT_EQ(forward.columns() % 4, 0);
        const std::vector<float> logits = forward.logitsOf(*f.test);
        const auto ours = predictions(logits), theirs = predictions(reference);
        int64_t same = 0;
        for (size_t i = 0; i < ours.size(); ++i)
            same += ours[i] == theirs[i];
        // INT8 rounding moves a few near-ties: at least 99 % of the predictions stay.
        EXPECT_GE(double(same) / double(ours.size()), 0.99);
        EXPECT_LT(relativeError(logits, reference), 2e-2);
        EXPECT_GT(relativeError(logits, reference), 0.0);  // it did quantize
        // The CPU INT8 backend's scheme, up to accumulation order (int32 here, FP32 there)
        // and the rare activation code that this moves across a rounding boundary.
        EXPECT_LT(relativeError(logits, simulated), 1e-3);
    }
}

TEST(MlpGpu, VariantsCheckAgainstTheReferenceTheTeacherAndTheWholeTestSet) {
    REQUIRE_GPU();
    const Fixture& f = fixture();
    struct Case {
        VariantSpec spec;
        std::shared_ptr<const mlp::Mlp> model;
        double kernelTolerance;
        const char* implementation;
    };
    for (const Case& c :
         {Case{mlpSpec("cublas", "fp32", "dense", 64, "gpu"), f.dense, 1e-5, "cuBLAS "},
          Case{mlpSpec("cublas", "fp32", "dense", 1, "gpu"), f.dense, 1e-5, "cuBLAS "},
          Case{mlpSpec("cusparse", "fp32", "csr", 1, "gpu"), f.pruned, 1e-5, "cuSPARSE "},
          Case{mlpSpec("cusparse", "fp32", "csr", 1024, "gpu"), f.pruned, 1e-5, "cuSPARSE "},
          Case{mlpSpec("cublaslt", "int8", "dense", 1, "gpu"), f.int8, 2e-2, "cuBLASLt "},
          Case{mlpSpec("cublaslt", "int8", "dense", 64, "gpu"), f.int8, 2e-2, "cuBLASLt "}}) {
        SCOPED_TRACE(c.spec.name());
        const auto variant = createVariant(c.spec);  // the factory's choice, for its type
        ASSERT_NE(dynamic_cast<mlp::MlpGpuVariant*>(variant.get()), nullptr);
        mlp::MlpGpuVariant gpu(c.spec, f.source(c.model));
        gpu.setUp();
        gpu.run();
        gpu.run();
        const Quality q = gpu.check();
        EXPECT_LT(q.kernelError, c.kernelTolerance);
        if (c.model->layers[0].w == f.dense->layers[0].w) {
            EXPECT_EQ(q.approxError, q.kernelError);
        } else {
            EXPECT_GT(q.approxError, q.kernelError);
        }
        ASSERT_TRUE(q.accuracy.has_value());
        const double reference = mlp::accuracyOf(referenceLogits(*c.model), f.test->labels);
        if (c.spec.precision == "int8") {
            EXPECT_NEAR(*q.accuracy, reference, 0.01);
        } else {
            EXPECT_EQ(*q.accuracy, reference);
        }
        EXPECT_NE(gpu.implementation().find(c.implementation), std::string::npos)
            << gpu.implementation();
        EXPECT_EQ(gpu.threads(), 1);
        // Repeatable: another call on the same batch gives the same quality.
        gpu.run();
        const Quality again = gpu.check();
        EXPECT_NEAR(again.kernelError, q.kernelError, 1e-7 + q.kernelError * 1e-3);
        EXPECT_EQ(again.accuracy, q.accuracy);
    }
}

TEST(MlpGpu, WeightBytesCountTheDeviceFormats) {
    REQUIRE_GPU();
    const Fixture& f = fixture();
    const int64_t weights = 784 * 32 + 32 * 16 + 16 * 10, biases = 32 + 16 + 10;
    EXPECT_EQ(mlp::MlpGpuForward(*f.dense, mlp::GpuBackend::Cublas, 4).weightBytes(),
              4 * (weights + biases));
    int64_t nonZeros = 0;
    for (const auto& layer : f.pruned->layers)
        nonZeros += std::count_if(layer.w.begin(), layer.w.end(), [](float v) { return v != 0; });
    EXPECT_EQ(mlp::MlpGpuForward(*f.pruned, mlp::GpuBackend::Cusparse, 4).weightBytes(),
              8 * nonZeros + 4 * (biases + 3) + 4 * biases);
    // INT8: a byte per weight and an FP32 scale and bias per row, the 10 logits padded to 12.
    const int64_t rows = 32 + 16 + 12;
    EXPECT_EQ(mlp::MlpGpuForward(*f.int8, mlp::GpuBackend::CublasLtInt8, 4).weightBytes(),
              784 * 32 + 32 * 16 + 16 * 12 + 4 * rows + 4 * rows);
}

}  // namespace
}  // namespace costscope
