// The GPU pieces that need no device: checked-call messages, and clear refusals without one.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "kernels/Catalog.h"
#include "kernels/gpu/Checked.h"
#include "kernels/mlp/MlpGpuVariant.h"
#include "profiler/GpuProbe.h"

namespace costscope {
namespace {

std::string messageOf(auto call) {
    try {
        call();
    } catch (const GpuError& e) {
        return e.what();
    }
    return "(no GpuError)";
}

TEST(Checked, CudaErrorNamesCallFileLineAndCudasWords) {
    const std::string message = messageOf([] {
        checkCall(cudaErrorMemoryAllocation, "cudaMalloc(&p, bytes)", "kernels/gpu/X.cu", 31);
    });
    EXPECT_EQ(message,
              "cudaMalloc(&p, bytes) failed at kernels/gpu/X.cu:31: out of memory "
              "(cudaErrorMemoryAllocation)");
    try {
        checkCall(cudaErrorMemoryAllocation, "cudaMalloc", "f", 1);
    } catch (const GpuError& e) {
        EXPECT_TRUE(e.outOfMemory());
    }
    EXPECT_NO_THROW(checkCall(cudaSuccess, "cudaFree(p)", "f", 1));
}

TEST(Checked, CublasAndCusparseStatusesUseTheirLibrarysStrings) {
    const std::string blas = messageOf(
        [] { checkCall(CUBLAS_STATUS_NOT_SUPPORTED, "cublasGemmEx(...)", "kernels/gpu/Y.cu", 7); });
    EXPECT_EQ(blas.rfind("cublasGemmEx(...) failed at kernels/gpu/Y.cu:7: ", 0), 0u) << blas;
    EXPECT_NE(blas.find("(CUBLAS_STATUS_NOT_SUPPORTED)"), std::string::npos) << blas;
    EXPECT_NE(blas.find(cublasGetStatusString(CUBLAS_STATUS_NOT_SUPPORTED)), std::string::npos);

    const std::string sparse = messageOf([] {
        checkCall(CUSPARSE_STATUS_INVALID_VALUE, "cusparseSpMM(...)", "kernels/gpu/Z.cu", 9);
    });
    EXPECT_EQ(sparse.rfind("cusparseSpMM(...) failed at kernels/gpu/Z.cu:9: ", 0), 0u) << sparse;
    EXPECT_NE(sparse.find("(CUSPARSE_STATUS_INVALID_VALUE)"), std::string::npos) << sparse;
    EXPECT_NE(sparse.find(cusparseGetErrorString(CUSPARSE_STATUS_INVALID_VALUE)),
              std::string::npos);
}

TEST(Checked, MacroQuotesTheCallAndAProjectRelativePath) {
    const std::string message =
        messageOf([] { COSTSCOPE_CHECK(cudaError_t(cudaErrorInvalidValue)); });
    EXPECT_EQ(message.rfind("cudaError_t(cudaErrorInvalidValue) failed at ", 0), 0u) << message;
    EXPECT_NE(message.find("GpuCheckedTest.cpp:"), std::string::npos) << message;
    EXPECT_NE(message.find("(cudaErrorInvalidValue)"), std::string::npos) << message;
}

TEST(GpuVariantWithoutDevice, SetUpRefusesClearlyInsteadOfCrashing) {
    if (probeGpu().usable)
        GTEST_SKIP() << "a usable CUDA device exists here; see the gpu-labelled tests";
    WorkloadRequest request{.family = "gemm", .devices = {"gpu"}, .shapes = {{64, 64, 64}}};
    std::vector<VariantSpec> specs = expandWorkload(request);
    for (const char* family : {"pruned", "quantized"}) {
        request.family = family;
        for (const auto& spec : expandWorkload(request))
            specs.push_back(spec);
    }
    for (const auto& spec : specs) {
        SCOPED_TRACE(spec.name());
        auto variant = createVariant(spec);
        ASSERT_NE(variant, nullptr);
        try {
            variant->setUp();
            ADD_FAILURE() << "setUp() succeeded without a usable device";
        } catch (const Unsupported& e) {
            EXPECT_EQ(std::string(e.what()).rfind("no usable CUDA device: ", 0), 0u) << e.what();
        }
    }
}

TEST(GpuVariantWithoutDevice, MlpSetUpRefusesClearlyBeforeAskingForTheModel) {
    if (probeGpu().usable)
        GTEST_SKIP() << "a usable CUDA device exists here; see the gpu-labelled tests";
    int asked = 0;
    const mlp::ModelSource source = [&](const std::string&) -> mlp::ModelInputs {
        ++asked;
        throw std::logic_error("the model was asked for");
    };
    const auto specs = expandWorkload({.family = "mlp", .devices = {"gpu"}, .batches = {1, 64}});
    ASSERT_FALSE(specs.empty());
    for (const auto& spec : specs) {
        SCOPED_TRACE(spec.name());
        // Through the factory, with the zoo as the source: a refusal, not minutes of training
        // or a DatasetError.
        auto variant = createVariant(spec);
        ASSERT_NE(variant, nullptr);
        try {
            variant->setUp();
            ADD_FAILURE() << "setUp() succeeded without a usable device";
        } catch (const Unsupported& e) {
            EXPECT_EQ(std::string(e.what()).rfind("no usable CUDA device: ", 0), 0u) << e.what();
        }
        mlp::MlpGpuVariant direct(spec, source);
        EXPECT_THROW(direct.setUp(), Unsupported);
        EXPECT_EQ(direct.weightBytes(), 0);
        EXPECT_EQ(direct.implementation(), "");
    }
    EXPECT_EQ(asked, 0);
}

}  // namespace
}  // namespace costscope
