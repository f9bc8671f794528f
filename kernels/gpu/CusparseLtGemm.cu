// cuSPARSELt 2:4 GEMM with our own 2:4 selection, compressed on the device.
#include "kernels/gpu/CusparseLtGemm.h"

#include <cuda_fp16.h>

#include <cstring>

#include "kernels/Reference.h"
#include "kernels/TwoFourMatrix.h"
#include "kernels/gpu/Checked.h"
#include "kernels/gpu/Conversions.h"

namespace costscope {
namespace {

// Bytes: cuSPARSELt wants 16-byte aligned pointers (cudaMalloc gives 256).
constexpr uint32_t kAlignment = 16;

enum Initialised : int {
    kHandle = 1,
    kW = 2,
    kX = 4,
    kC = 8,
    kSelection = 16,
    kPlan = 32,
};

// The pruned weight (TwoFourMatrix's selection) as FP16 values in FP32.
AlignedBuffer<float> prunedHalfWeight(const Operands& operands) {
    const TwoFourMatrix pruned =
        TwoFourMatrix::fromDense(operands.w.data(), operands.m, operands.k);
    AlignedBuffer<float> w(size_t(operands.m * operands.k));
    pruned.toDense(w.data());
    for (float& v : w)
        v = __half2float(__float2half_rn(v));
    return w;
}

}  // namespace

CusparseLtGemm::CusparseLtGemm(VariantSpec spec) : GpuVariant(std::move(spec)) {
    const VariantSpec& s = this->spec();
    if (s.precision != "fp16" || s.structure != "2:4")
        throw std::invalid_argument(s.name() + ": the cuSPARSELt variant is fp16 2:4 only");
    if (s.m % 16 != 0 || s.n % 16 != 0 || s.k % 16 != 0)
        throw Unsupported(s.name() + ": cuSPARSELt needs m, n and k multiples of 16 for FP16");
}

CusparseLtGemm::~CusparseLtGemm() {
    release();
}

void CusparseLtGemm::prepare() {
    api_ = &cusparselt::api();
    const auto& lt = *api_;
    const int64_t m = spec().m, n = spec().n, k = spec().k;

    // Pruned and rounded on the host, uploaded dense, compressed by the library.
    const AlignedBuffer<float> w = prunedHalfWeight(operands());
    std::vector<__half> w16(w.size());
    for (size_t i = 0; i < w.size(); ++i)
        w16[i] = __float2half_rn(w[i]);
    const DeviceBuffer<__half> dense = upload(w16.data(), w16.size(), stream());
    x16_ = DeviceBuffer<unsigned short>(size_t(k * n));
    c16_ = DeviceBuffer<unsigned short>(size_t(m * n));

    COSTSCOPE_CHECK(lt.init(&handle_));
    initialised_ |= kHandle;
    // W: m x k row-major, 2:4 along each row (k, the reduction dimension).
    COSTSCOPE_CHECK(lt.structuredDescriptorInit(&handle_, &w_, m, k, k, kAlignment, CUDA_R_16F,
                                                CUSPARSE_ORDER_ROW,
                                                cusparselt::kSparsity50Percent));
    initialised_ |= kW;
    COSTSCOPE_CHECK(
        lt.denseDescriptorInit(&handle_, &x_, k, n, n, kAlignment, CUDA_R_16F, CUSPARSE_ORDER_ROW));
    initialised_ |= kX;
    COSTSCOPE_CHECK(
        lt.denseDescriptorInit(&handle_, &c_, m, n, n, kAlignment, CUDA_R_16F, CUSPARSE_ORDER_ROW));
    initialised_ |= kC;
    COSTSCOPE_CHECK(lt.matmulDescriptorInit(&handle_, &matmul_, CUSPARSE_OPERATION_NON_TRANSPOSE,
                                            CUSPARSE_OPERATION_NON_TRANSPOSE, &w_, &x_, &c_, &c_,
                                            cusparselt::kCompute32F));
    COSTSCOPE_CHECK(
        lt.matmulAlgSelectionInit(&handle_, &selection_, &matmul_, cusparselt::kMatmulAlgDefault));
    initialised_ |= kSelection;
    COSTSCOPE_CHECK(lt.matmulAlgGetAttribute(&handle_, &selection_, cusparselt::kAlgConfigId,
                                             &configId_, sizeof configId_));
    COSTSCOPE_CHECK(lt.matmulAlgGetAttribute(&handle_, &selection_, cusparselt::kAlgConfigMaxId,
                                             &configMaxId_, sizeof configMaxId_));
    COSTSCOPE_CHECK(lt.matmulPlanInit(&handle_, &plan_, &matmul_, &selection_));
    initialised_ |= kPlan;

    // Our selection must be one the hardware accepts (it is: two of every four along k).
    DeviceBuffer<int> valid(1);
    COSTSCOPE_CHECK(lt.spmmaPruneCheck(&handle_, &matmul_, dense.data(), valid.data(), stream()));
    int invalid = 1;
    COSTSCOPE_CHECK(
        cudaMemcpyAsync(&invalid, valid.data(), sizeof invalid, cudaMemcpyDeviceToHost, stream()));
    COSTSCOPE_CHECK(cudaStreamSynchronize(stream()));
    if (invalid != 0)
        throw std::logic_error(
            "CusparseLtGemm: cusparseLtSpMMAPruneCheck rejects TwoFourMatrix's 2:4 selection");

    size_t compressedBytes = 0, compressBufferBytes = 0;
    COSTSCOPE_CHECK(
        lt.spmmaCompressedSize(&handle_, &plan_, &compressedBytes, &compressBufferBytes));
    compressed_ = DeviceBuffer<unsigned char>(compressedBytes);
    DeviceBuffer<unsigned char> compressBuffer(std::max<size_t>(compressBufferBytes, 1));
    COSTSCOPE_CHECK(lt.spmmaCompress(&handle_, &plan_, dense.data(), compressed_.data(),
                                     compressBuffer.data(), stream()));
    size_t workspaceBytes = 0;
    COSTSCOPE_CHECK(lt.matmulGetWorkspace(&handle_, &plan_, &workspaceBytes));
    workspace_ = DeviceBuffer<unsigned char>(std::max<size_t>(workspaceBytes, 1));
    // The dense copy and the compression buffer go when this returns; wait for the compression.
    COSTSCOPE_CHECK(cudaStreamSynchronize(stream()));
}

void CusparseLtGemm::release() noexcept {
    if (api_) {
        const auto& lt = *api_;
        if (initialised_ & kPlan)
            lt.matmulPlanDestroy(&plan_);
        if (initialised_ & kSelection)
            lt.matmulAlgSelectionDestroy(&selection_);
        if (initialised_ & kC)
            lt.matDescriptorDestroy(&c_);
        if (initialised_ & kX)
            lt.matDescriptorDestroy(&x_);
        if (initialised_ & kW)
            lt.matDescriptorDestroy(&w_);
        if (initialised_ & kHandle)
            lt.destroy(&handle_);
    }
    initialised_ = 0;
    workspace_ = {};
    compressed_ = {};
    c16_ = {};
    x16_ = {};
}

void CusparseLtGemm::launch() {
    const size_t xCount = x16_.size(), cCount = c16_.size();
    __half* x16 = reinterpret_cast<__half*>(x16_.data());
    __half* c16 = reinterpret_cast<__half*>(c16_.data());
    gpu::convert(deviceX(), x16, xCount, stream());
    const float alpha = 1.0f, beta = 0.0f;
    cudaStream_t streams[] = {stream()};
    COSTSCOPE_CHECK(api_->matmul(&handle_, &plan_, &alpha, compressed_.data(), x16, &beta, c16, c16,
                                 workspace_.data(), streams, 1));
    gpu::convert(c16, deviceC(), cCount, stream());
}

std::optional<std::vector<double>> CusparseLtGemm::kernelReference() {
    const AlignedBuffer<float> w = prunedHalfWeight(operands());
    std::vector<double> x(operands().x.size());
    for (size_t i = 0; i < x.size(); ++i)
        x[i] = __half2float(__float2half_rn(operands().x[i]));
    std::vector<double> wd(w.begin(), w.end());
    return fp64Product(wd.data(), x.data(), spec().m, spec().n, spec().k);
}

int64_t CusparseLtGemm::weightBytes() const {
    // The compressed values and metadata as the library stores them on the device.
    return int64_t(compressed_.bytes());
}

std::string CusparseLtGemm::implementation() const {
    if (!api_)
        return "cuSPARSELt (not loaded)";
    return "cuSPARSELt " + std::to_string(api_->major) + "." + std::to_string(api_->minor) + "." +
           std::to_string(api_->patch) + " (" + api_->path +
           "), 2:4 FP16 weight, CUSPARSE_COMPUTE_32F, FP16 output converted to FP32, "
           "algorithm config " +
           std::to_string(configId_) + " (valid ids 0 to " + std::to_string(configMaxId_) + ")";
}

}  // namespace costscope
