// A model's forward pass on the GPU through one library, for a fixed batch of images.
#pragma once

#include <cuda_runtime_api.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kernels/VariantSpec.h"
#include "kernels/gpu/DeviceBuffer.h"
#include "kernels/mlp/FashionMnist.h"
#include "kernels/mlp/Mlp.h"

namespace costscope::mlp {

// How every layer's product runs on the device.
enum class GpuBackend {
    Cublas,        // FP32 cublasGemmEx on the dense weights, CUBLAS_COMPUTE_32F (no TF32)
    Cusparse,      // FP32 cusparseSpMM on each layer's CSR non-zeros
    CublasLtInt8,  // int8 cublasLtMatmul, int32 accumulation: weights per channel, activations
                   // per tensor with the scale Layer::inputAbsMax / 127, as the CPU's OnednnInt8
};

// The backend a GPU catalog spec of family mlp names; throws std::invalid_argument for a
// combination no GPU backend implements.
GpuBackend gpuBackendOf(const VariantSpec& spec);

// The layout is the CPU's (MlpForward): activations features x columns row-major, one image per
// column, C = W X per layer. Each layer is its library's product followed by one small kernel
// that adds the bias and applies ReLU (not after the last layer); for INT8 that kernel also
// dequantizes the int32 accumulators, and each layer quantizes its input on the device first.
// The constructor uploads every layer's weights once in the backend's format and allocates
// every buffer, handle, plan and workspace on a stream of its own: run() allocates nothing.
//
// INT8 pads: cuBLASLt's int8 kernels want the batch and the features multiples of 4, so the
// batch is rounded up to columns() (zero images) and a layer's outputs to a multiple of 4 (zero
// weight rows, zero bias); the logits stay the first classes() rows.
class MlpGpuForward {
  public:
    // Needs a usable device (usableDevice() says why not). Throws std::invalid_argument when the
    // model is empty or its layers do not chain, or when CublasLtInt8 is asked for a model whose
    // layers are not calibrated; Unsupported for what the library cannot run (int8 layers whose
    // inputs are not a multiple of 4, no cuBLASLt algorithm); GpuError when a call fails.
    MlpGpuForward(const Mlp& model, GpuBackend backend, int64_t n);
    ~MlpGpuForward();
    MlpGpuForward(const MlpGpuForward&) = delete;
    MlpGpuForward& operator=(const MlpGpuForward&) = delete;

    // Writes the transposes of `count` <= n images (count x inputs row-major, as Dataset holds
    // them) into the pinned input run() copies in, and zeros into the columns beyond count.
    void setImages(const float* images, int64_t count);
    // One end-to-end pass: copy the input in, every layer, copy the logits out, synchronize.
    void run();
    // classes x columns() row-major, in pinned host memory: the logits of the last run().
    const float* logits() const { return hostLogits_.data(); }
    // The logits of every image of `data` (count x classes row-major, mlp::forward's layout),
    // run through this backend n images at a time.
    std::vector<float> logitsOf(const Dataset& data);

    int64_t batch() const { return n_; }
    // The columns of every activation: n, or n rounded up to a multiple of 4 for INT8.
    int64_t columns() const { return columns_; }
    int64_t inputs() const { return widths_.front(); }
    int64_t classes() const { return widths_.back(); }
    // Every layer's weights as the device holds them (FP32 dense, CSR, or int8 codes and FP32
    // per-channel scales, padding included) plus the FP32 biases.
    int64_t weightBytes() const;
    // The library, its version and what it was asked for; layers that differ (cuBLASLt's
    // algorithm per shape) are listed one by one.
    std::string implementation() const;
    cudaStream_t stream() const { return stream_.get(); }

    class Layer;     // one layer's product and epilogue in its backend's format (.cpp)
    struct Handles;  // the library handles and workspace the layers share (.cpp)

  private:
    struct StreamDeleter {
        void operator()(cudaStream_t stream) const noexcept;
    };

    int64_t n_ = 0;
    int64_t columns_ = 0;
    std::vector<int64_t> widths_;
    // Declared first, destroyed last: the layers' library objects go before the stream.
    std::unique_ptr<CUstream_st, StreamDeleter> stream_;
    std::unique_ptr<Handles> handles_;
    PinnedBuffer<float> hostInput_;   // inputs x columns
    PinnedBuffer<float> hostLogits_;  // classes x columns
    // activations_[0] is the input, activations_[i + 1] the output of layer i (its rows padded
    // for INT8).
    std::vector<DeviceBuffer<float>> activations_;
    std::vector<std::unique_ptr<Layer>> layers_;
    std::string summary_;  // what all layers share, e.g. the non-zeros in all
};

}  // namespace costscope::mlp
