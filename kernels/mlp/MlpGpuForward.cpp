// A model's forward pass on the GPU: per-layer cuBLAS, cuSPARSE or cuBLASLt INT8 products.
#include "kernels/mlp/MlpGpuForward.h"

#include <cublasLt.h>
#include <cublas_v2.h>
#include <cusparse.h>

#include <algorithm>
#include <stdexcept>
#include <type_traits>

#include "kernels/CsrMatrix.h"
#include "kernels/Int8Matrix.h"
#include "kernels/Variant.h"
#include "kernels/gpu/Checked.h"
#include "kernels/gpu/Conversions.h"
#include "kernels/gpu/CusparseSpmm.h"
#include "kernels/mlp/LogitsInBatches.h"

namespace costscope::mlp {

namespace {

// cuBLAS's recommended workspace on Hopper; set explicitly so that no call allocates.
constexpr size_t kWorkspaceBytes = size_t(32) << 20;
// cuBLASLt's int8 kernels want the batch (its m) and the inputs (its k) multiples of 4; the
// outputs are padded too, which costs a few zero rows and nothing else.
constexpr int64_t kInt8Alignment = 4;

int64_t roundUp(int64_t value, int64_t multiple) {
    return (value + multiple - 1) / multiple * multiple;
}

// A library object owned through its destroy function; the result of destroying is dropped
// (a failure there can only repeat an earlier asynchronous error, which run() reports).
template <auto Destroy>
struct Destroyer {
    template <class T>
    void operator()(T* object) const noexcept {
        Destroy(object);
    }
};
template <class Handle, auto Destroy>
using Owned = std::unique_ptr<std::remove_pointer_t<Handle>, Destroyer<Destroy>>;

// "13.1.0" from a library's major * 10000 + minor * 100 + patch.
std::string versionText(size_t version) {
    return std::to_string(version / 10000) + "." + std::to_string(version / 100 % 100) + "." +
           std::to_string(version % 100);
}

// The extents and device buffers of one layer: C (m x n) = W (m x k) X (k x n), row-major.
struct Product {
    int64_t m = 0;  // rows of C: the layer's outputs (padded to a multiple of 4 for INT8)
    int64_t k = 0;  // inputs
    int64_t n = 0;  // columns: images
    const float* x = nullptr;
    float* c = nullptr;
    bool relu = false;  // every layer but the last
};

}  // namespace

// One layer: its product in the backend's format, then the bias and ReLU, enqueued on a stream.
class MlpGpuForward::Layer {
  public:
    virtual ~Layer() = default;
    virtual void forward(cudaStream_t stream) = 0;
    virtual int64_t weightBytes() const = 0;
    virtual std::string implementation() const = 0;
};

struct MlpGpuForward::Handles {
    Owned<cublasHandle_t, cublasDestroy> cublas;
    Owned<cusparseHandle_t, cusparseDestroy> cusparse;
    Owned<cublasLtHandle_t, cublasLtDestroy> cublasLt;
    DeviceBuffer<unsigned char> workspace;  // cuBLAS and cuBLASLt; one layer runs at a time
};

namespace {

class CublasLayer final : public MlpGpuForward::Layer {
  public:
    CublasLayer(const mlp::Layer& layer, const Product& p, cublasHandle_t handle,
                cudaStream_t stream)
        : p_(p),
          handle_(handle),
          w_(upload(layer.w.data(), layer.w.size(), stream)),
          bias_(upload(layer.b.data(), layer.b.size(), stream)) {}

    void forward(cudaStream_t stream) override {
        const float alpha = 1.0f, beta = 0.0f;
        // Column-major C^T (n x m, ld n) = X^T (n x k, ld n) * W^T (k x m, ld k): the row-major
        // matrices read in place.
        COSTSCOPE_CHECK(cublasGemmEx(handle_, CUBLAS_OP_N, CUBLAS_OP_N, int(p_.n), int(p_.m),
                                     int(p_.k), &alpha, p_.x, CUDA_R_32F, int(p_.n), w_.data(),
                                     CUDA_R_32F, int(p_.k), &beta, p_.c, CUDA_R_32F, int(p_.n),
                                     CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT));
        gpu::addBias(p_.c, bias_.data(), p_.m, p_.n, p_.relu, stream);
    }
    int64_t weightBytes() const override { return p_.m * p_.k * int64_t(sizeof(float)); }
    std::string implementation() const override {
        int version = 0;
        cublasGetVersion(handle_, &version);
        return "cuBLAS " + versionText(size_t(version)) +
               " cublasGemmEx, FP32, CUBLAS_COMPUTE_32F, CUBLAS_DEFAULT_MATH (no TF32), "
               "CUBLAS_GEMM_DEFAULT; bias + ReLU kernel";
    }

  private:
    Product p_;
    cublasHandle_t handle_;
    DeviceBuffer<float> w_;
    DeviceBuffer<float> bias_;
};

class CusparseLayer final : public MlpGpuForward::Layer {
  public:
    CusparseLayer(const mlp::Layer& layer, const Product& p, cusparseHandle_t handle,
                  cudaStream_t stream)
        : p_(p), handle_(handle) {
        const CsrMatrix csr = CsrMatrix::fromDense(layer.w.data(), layer.out, layer.in);
        nonZeros_ = csr.nonZeros();
        csrBytes_ = csr.bytes();
        values_ = upload(csr.values(), size_t(nonZeros_), stream);
        columns_ = upload(csr.columnIndices(), size_t(nonZeros_), stream);
        rowPointers_ = upload(csr.rowPointers(), size_t(p.m + 1), stream);
        bias_ = upload(layer.b.data(), layer.b.size(), stream);

        cusparseSpMatDescr_t w = nullptr;
        COSTSCOPE_CHECK(cusparseCreateCsr(
            &w, p.m, p.k, nonZeros_, rowPointers_.data(), columns_.data(), values_.data(),
            CUSPARSE_INDEX_32I, CUSPARSE_INDEX_32I, CUSPARSE_INDEX_BASE_ZERO, CUDA_R_32F));
        w_.reset(w);
        // cuSPARSE takes non-const pointers for dense descriptors; X is only read.
        cusparseDnMatDescr_t x = nullptr, c = nullptr;
        COSTSCOPE_CHECK(cusparseCreateDnMat(&x, p.k, p.n, p.n, const_cast<float*>(p.x), CUDA_R_32F,
                                            CUSPARSE_ORDER_ROW));
        x_.reset(x);
        COSTSCOPE_CHECK(
            cusparseCreateDnMat(&c, p.m, p.n, p.n, p.c, CUDA_R_32F, CUSPARSE_ORDER_ROW));
        c_.reset(c);

        plan_ = planSpmm(handle_, w_.get(), x_.get(), c_.get());
    }

    void forward(cudaStream_t stream) override {
        runSpmm(handle_, plan_, w_.get(), x_.get(), c_.get());
        gpu::addBias(p_.c, bias_.data(), p_.m, p_.n, p_.relu, stream);
    }
    int64_t weightBytes() const override { return csrBytes_; }
    int64_t nonZeros() const { return nonZeros_; }
    std::string implementation() const override {
        int major = 0, minor = 0, patch = 0;
        cusparseGetProperty(MAJOR_VERSION, &major);
        cusparseGetProperty(MINOR_VERSION, &minor);
        cusparseGetProperty(PATCH_LEVEL, &patch);
        return "cuSPARSE " + std::to_string(major) + "." + std::to_string(minor) + "." +
               std::to_string(patch) + " cusparseSpMM CSR (int32 indices), " +
               algorithmName(plan_.algorithm) + ", row-major X and C, FP32; bias + ReLU kernel";
    }

  private:
    Product p_;
    cusparseHandle_t handle_;
    int64_t nonZeros_ = 0;
    int64_t csrBytes_ = 0;
    DeviceBuffer<float> values_;
    DeviceBuffer<int32_t> columns_;
    DeviceBuffer<int32_t> rowPointers_;
    DeviceBuffer<float> bias_;
    SpmmPlan plan_;
    // After the buffers: destroyed before them.
    Owned<cusparseSpMatDescr_t, cusparseDestroySpMat> w_;
    Owned<cusparseDnMatDescr_t, cusparseDestroyDnMat> x_;
    Owned<cusparseDnMatDescr_t, cusparseDestroyDnMat> c_;
};

template <class T>
void setAttribute(cublasLtMatmulDesc_t desc, cublasLtMatmulDescAttributes_t attribute,
                  const T& value) {
    COSTSCOPE_CHECK(cublasLtMatmulDescSetAttribute(desc, attribute, &value, sizeof value));
}

// The scheme of the CPU's OnednnInt8 backend and of CublasLtGemm: W symmetric per output
// channel (Int8Matrix::quantizePerRow), X per tensor with the calibrated scale inputAbsMax / 127
// (quantized and transposed on the device in every call), int32 accumulators dequantized with
// the bias and ReLU in one kernel.
class CublasLtInt8Layer final : public MlpGpuForward::Layer {
  public:
    CublasLtInt8Layer(const mlp::Layer& layer, const Product& p, cublasLtHandle_t handle,
                      DeviceBuffer<unsigned char>& workspace, cudaStream_t stream)
        : p_(p), handle_(handle), workspace_(workspace), xScale_(layer.inputAbsMax / 127.0f) {
        // Rows beyond the layer's outputs: zero codes, scale 1, bias 0, so their outputs are 0.
        const Int8Matrix quantized = Int8Matrix::quantizePerRow(layer.w.data(), layer.out, p.k);
        std::vector<int8_t> codes(size_t(p.m * p.k), 0);
        std::copy_n(quantized.codes(), layer.out * p.k, codes.begin());
        std::vector<float> scales(size_t(p.m), 1.0f), bias(size_t(p.m), 0.0f);
        std::copy(quantized.scales().begin(), quantized.scales().end(), scales.begin());
        std::copy(layer.b.begin(), layer.b.end(), bias.begin());
        w8_ = upload(codes.data(), codes.size(), stream);
        scales_ = upload(scales.data(), scales.size(), stream);
        bias_ = upload(bias.data(), bias.size(), stream);
        x8_ = DeviceBuffer<int8_t>(size_t(p.n * p.k));
        accumulator_ = DeviceBuffer<int32_t>(size_t(p.m * p.n));

        cublasLtMatmulDesc_t matmul = nullptr;
        COSTSCOPE_CHECK(cublasLtMatmulDescCreate(&matmul, CUBLAS_COMPUTE_32I, CUDA_R_32I));
        matmul_.reset(matmul);
        setAttribute(matmul, CUBLASLT_MATMUL_DESC_TRANSA, cublasOperation_t(CUBLAS_OP_T));
        setAttribute(matmul, CUBLASLT_MATMUL_DESC_TRANSB, cublasOperation_t(CUBLAS_OP_N));
        // Column-major layouts of the stored matrices ("TN", as CublasLtGemm): A = X^T's storage
        // (k x n, ld k, transposed by TRANSA), B = W's (k x m, ld k), C = D = C^T (n x m, ld n).
        cublasLtMatrixLayout_t a = nullptr, b = nullptr, c = nullptr;
        COSTSCOPE_CHECK(
            cublasLtMatrixLayoutCreate(&a, CUDA_R_8I, uint64_t(p.k), uint64_t(p.n), int64_t(p.k)));
        a_.reset(a);
        COSTSCOPE_CHECK(
            cublasLtMatrixLayoutCreate(&b, CUDA_R_8I, uint64_t(p.k), uint64_t(p.m), int64_t(p.k)));
        b_.reset(b);
        COSTSCOPE_CHECK(
            cublasLtMatrixLayoutCreate(&c, CUDA_R_32I, uint64_t(p.n), uint64_t(p.m), int64_t(p.n)));
        c_.reset(c);

        cublasLtMatmulPreference_t preference = nullptr;
        COSTSCOPE_CHECK(cublasLtMatmulPreferenceCreate(&preference));
        const Owned<cublasLtMatmulPreference_t, cublasLtMatmulPreferenceDestroy> owned(preference);
        const uint64_t workspaceBytes = workspace_.bytes();
        COSTSCOPE_CHECK(cublasLtMatmulPreferenceSetAttribute(
            preference, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &workspaceBytes,
            sizeof workspaceBytes));
        cublasLtMatmulHeuristicResult_t result{};
        int found = 0;
        const cublasStatus_t status = cublasLtMatmulAlgoGetHeuristic(
            handle_, matmul, a, b, c, c, preference, 1, &result, &found);
        if (status == CUBLAS_STATUS_NOT_SUPPORTED ||
            (status == CUBLAS_STATUS_SUCCESS && found == 0))
            throw Unsupported("cuBLASLt has no int8 algorithm for a " + std::to_string(p.k) +
                              "-input, " + std::to_string(layer.out) + "-output layer at " +
                              std::to_string(p.n) + " images on this device");
        checkCall(status, "cublasLtMatmulAlgoGetHeuristic(...)", __FILE__, __LINE__);
        algorithm_ = result.algo;
        size_t written = 0;
        cublasLtMatmulAlgoConfigGetAttribute(&algorithm_, CUBLASLT_ALGO_CONFIG_ID, &algorithmId_,
                                             sizeof algorithmId_, &written);
    }

    void forward(cudaStream_t stream) override {
        gpu::quantizeTransposed(p_.x, x8_.data(), p_.k, p_.n, xScale_, stream);
        const int32_t alpha = 1, beta = 0;
        COSTSCOPE_CHECK(cublasLtMatmul(handle_, matmul_.get(), &alpha, x8_.data(), a_.get(),
                                       w8_.data(), b_.get(), &beta, accumulator_.data(), c_.get(),
                                       accumulator_.data(), c_.get(), &algorithm_,
                                       workspace_.data(), workspace_.bytes(), stream));
        gpu::dequantize(accumulator_.data(), scales_.data(), xScale_, p_.c, p_.m, p_.n, stream,
                        bias_.data(), p_.relu);
    }
    // A byte per code and an FP32 scale per row, as Int8Matrix::bytes() counts them.
    int64_t weightBytes() const override { return p_.m * p_.k + p_.m * int64_t(sizeof(float)); }
    std::string implementation() const override {
        return "cuBLASLt " + versionText(cublasLtGetVersion()) +
               " cublasLtMatmul TN, int8 x int8, CUBLAS_COMPUTE_32I, heuristic algorithm id " +
               std::to_string(algorithmId_) +
               "; activations quantized per tensor on the device, dequantize + bias + ReLU kernel";
    }

  private:
    Product p_;
    cublasLtHandle_t handle_;
    DeviceBuffer<unsigned char>& workspace_;
    float xScale_ = 1.0f;
    DeviceBuffer<int8_t> w8_;            // m x k row-major codes, zero rows beyond the outputs
    DeviceBuffer<float> scales_;         // one per row of w8_
    DeviceBuffer<float> bias_;           // one per row of w8_
    DeviceBuffer<int8_t> x8_;            // X^T's codes, n x k row-major
    DeviceBuffer<int32_t> accumulator_;  // m x n row-major
    Owned<cublasLtMatmulDesc_t, cublasLtMatmulDescDestroy> matmul_;
    Owned<cublasLtMatrixLayout_t, cublasLtMatrixLayoutDestroy> a_;
    Owned<cublasLtMatrixLayout_t, cublasLtMatrixLayoutDestroy> b_;
    Owned<cublasLtMatrixLayout_t, cublasLtMatrixLayoutDestroy> c_;
    cublasLtMatmulAlgo_t algorithm_{};
    int algorithmId_ = -1;
};

}  // namespace

GpuBackend gpuBackendOf(const VariantSpec& spec) {
    // A neuron-pruned model (structure "struct") is a smaller dense model: a dense backend's.
    const std::string structure = spec.structure == "struct" ? "dense" : spec.structure;
    const auto is = [&](const char* precision, const char* wanted, const char* backend) {
        return spec.precision == precision && structure == wanted && spec.backend == backend;
    };
    if (is("fp32", "dense", "cublas"))
        return GpuBackend::Cublas;
    if (is("fp32", "csr", "cusparse"))
        return GpuBackend::Cusparse;
    if (is("int8", "dense", "cublaslt"))
        return GpuBackend::CublasLtInt8;
    throw std::invalid_argument(spec.name() + ": no GPU backend of the mlp workload runs " +
                                spec.precision + " " + spec.structure + " on " + spec.backend);
}

void MlpGpuForward::StreamDeleter::operator()(cudaStream_t stream) const noexcept {
    cudaStreamDestroy(stream);
}

MlpGpuForward::MlpGpuForward(const Mlp& model, GpuBackend backend, int64_t n) : n_(n) {
    const bool int8 = backend == GpuBackend::CublasLtInt8;
    if (model.layers.empty())
        throw std::invalid_argument("MlpGpuForward: the model has no layers");
    if (n <= 0)
        throw std::invalid_argument("MlpGpuForward: the batch must be positive");
    widths_.push_back(model.layers.front().in);
    for (size_t i = 0; i < model.layers.size(); ++i) {
        const mlp::Layer& layer = model.layers[i];
        if (layer.in != widths_.back() || layer.out <= 0 ||
            layer.w.size() != size_t(layer.out * layer.in) || layer.b.size() != size_t(layer.out))
            throw std::invalid_argument("MlpGpuForward: layer " + std::to_string(i) + " of the " +
                                        model.shape() + " model does not fit its neighbours");
        if (layer.out * layer.in > CsrMatrix::kMaxIndex || n > CsrMatrix::kMaxIndex)
            throw Unsupported("MlpGpuForward: layer " + std::to_string(i) + " of the " +
                              model.shape() + " model does not fit the libraries' int extents");
        if (int8 && !(layer.inputAbsMax > 0.0f))
            throw std::invalid_argument("MlpGpuForward: layer " + std::to_string(i) + " of the " +
                                        model.shape() +
                                        " model is not calibrated for INT8 (inputAbsMax is 0)");
        if (int8 && layer.in % kInt8Alignment != 0)
            throw Unsupported("cuBLASLt's int8 kernels need a multiple of 4 inputs; layer " +
                              std::to_string(i) + " of the " + model.shape() + " model has " +
                              std::to_string(layer.in));
        widths_.push_back(layer.out);
    }
    columns_ = int8 ? roundUp(n, kInt8Alignment) : n;

    cudaStream_t stream = nullptr;
    COSTSCOPE_CHECK(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking));
    stream_.reset(stream);
    handles_ = std::make_unique<Handles>();
    switch (backend) {
        case GpuBackend::Cublas: {
            cublasHandle_t handle = nullptr;
            COSTSCOPE_CHECK(cublasCreate(&handle));
            handles_->cublas.reset(handle);
            COSTSCOPE_CHECK(cublasSetStream(handle, stream));
            handles_->workspace = DeviceBuffer<unsigned char>(kWorkspaceBytes);
            COSTSCOPE_CHECK(cublasSetWorkspace(handle, handles_->workspace.data(),
                                               handles_->workspace.bytes()));
            // Default math: FP32 stays FP32 (TF32 only where a compute type asks for it).
            COSTSCOPE_CHECK(cublasSetMathMode(handle, CUBLAS_DEFAULT_MATH));
            break;
        }
        case GpuBackend::Cusparse: {
            cusparseHandle_t handle = nullptr;
            COSTSCOPE_CHECK(cusparseCreate(&handle));
            handles_->cusparse.reset(handle);
            COSTSCOPE_CHECK(cusparseSetStream(handle, stream));
            break;
        }
        case GpuBackend::CublasLtInt8: {
            cublasLtHandle_t handle = nullptr;
            COSTSCOPE_CHECK(cublasLtCreate(&handle));
            handles_->cublasLt.reset(handle);
            handles_->workspace = DeviceBuffer<unsigned char>(kWorkspaceBytes);
            break;
        }
    }

    hostInput_ = PinnedBuffer<float>(size_t(inputs() * columns_));
    std::fill_n(hostInput_.data(), hostInput_.size(), 0.0f);
    hostLogits_ = PinnedBuffer<float>(size_t(classes() * columns_));
    std::fill_n(hostLogits_.data(), hostLogits_.size(), 0.0f);
    activations_.emplace_back(size_t(inputs() * columns_));
    int64_t nonZeros = 0;
    for (size_t i = 0; i < model.layers.size(); ++i) {
        const mlp::Layer& layer = model.layers[i];
        const int64_t rows = int8 ? roundUp(layer.out, kInt8Alignment) : layer.out;
        activations_.emplace_back(size_t(rows * columns_));
        // Layer i reads the first `in` rows of the previous output: all of it, since an int8
        // layer's inputs are a multiple of 4 and only then are outputs padded.
        const Product p{.m = rows,
                        .k = layer.in,
                        .n = columns_,
                        .x = activations_[i].data(),
                        .c = activations_[i + 1].data(),
                        .relu = i + 1 < model.layers.size()};
        switch (backend) {
            case GpuBackend::Cublas:
                layers_.push_back(
                    std::make_unique<CublasLayer>(layer, p, handles_->cublas.get(), stream));
                break;
            case GpuBackend::Cusparse: {
                auto sparse =
                    std::make_unique<CusparseLayer>(layer, p, handles_->cusparse.get(), stream);
                nonZeros += sparse->nonZeros();
                layers_.push_back(std::move(sparse));
                break;
            }
            case GpuBackend::CublasLtInt8:
                layers_.push_back(std::make_unique<CublasLtInt8Layer>(
                    layer, p, handles_->cublasLt.get(), handles_->workspace, stream));
                break;
        }
    }
    if (backend == GpuBackend::Cusparse)
        summary_ = "; " + std::to_string(nonZeros) + " non-zeros in all";
    if (int8 && columns_ != n)
        summary_ = "; the batch padded to " + std::to_string(columns_) + " images";
    // The preprocessing enqueued on the stream is done before setUp() returns.
    COSTSCOPE_CHECK(cudaStreamSynchronize(stream));
}

MlpGpuForward::~MlpGpuForward() = default;

void MlpGpuForward::setImages(const float* images, int64_t count) {
    if (count < 0 || count > n_)
        throw std::invalid_argument("MlpGpuForward::setImages: " + std::to_string(count) +
                                    " images do not fit a batch of " + std::to_string(n_));
    const int64_t pixels = inputs();
    float* x = hostInput_.data();
    for (int64_t p = 0; p < pixels; ++p) {
        float* row = x + p * columns_;
        for (int64_t j = 0; j < count; ++j)
            row[j] = images[j * pixels + p];
        std::fill(row + count, row + columns_, 0.0f);
    }
}

void MlpGpuForward::run() {
    const cudaStream_t stream = stream_.get();
    COSTSCOPE_CHECK(cudaMemcpyAsync(activations_.front().data(), hostInput_.data(),
                                    hostInput_.bytes(), cudaMemcpyHostToDevice, stream));
    for (const auto& layer : layers_)
        layer->forward(stream);
    // The logits are the first classes() rows of the last output (the rest is INT8 padding).
    COSTSCOPE_CHECK(cudaMemcpyAsync(hostLogits_.data(), activations_.back().data(),
                                    hostLogits_.bytes(), cudaMemcpyDeviceToHost, stream));
    COSTSCOPE_CHECK(cudaStreamSynchronize(stream));
}

std::vector<float> MlpGpuForward::logitsOf(const Dataset& data) {
    return logitsInBatches(*this, data, n_, columns_);
}

int64_t MlpGpuForward::weightBytes() const {
    int64_t bytes = 0;
    for (size_t i = 0; i < layers_.size(); ++i)
        bytes += layers_[i]->weightBytes();
    // The biases, one FP32 value per stored output row.
    for (size_t i = 1; i < activations_.size(); ++i)
        bytes += int64_t(activations_[i].size() / size_t(columns_) * sizeof(float));
    return bytes;
}

std::string MlpGpuForward::implementation() const {
    std::vector<std::string> parts;
    for (const auto& layer : layers_)
        parts.push_back(layer->implementation());
    if (std::all_of(parts.begin(), parts.end(), [&](const auto& p) { return p == parts.front(); }))
        return parts.front() + summary_;
    std::string text;
    for (size_t i = 0; i < parts.size(); ++i)
        text += (i ? "; layer " : "layer ") + std::to_string(i + 1) + ": " + parts[i];
    return text + summary_;
}

}  // namespace costscope::mlp
