// A model's forward pass through one CPU backend, for a fixed batch of images.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kernels/AlignedBuffer.h"
#include "kernels/SimdPath.h"
#include "kernels/SpmmWorkspace.h"
#include "kernels/mlp/FashionMnist.h"
#include "kernels/mlp/Mlp.h"

namespace costscope::mlp {

// How every layer's product runs.
enum class Backend {
    Openblas,    // FP32 cblas_sgemm on the dense weights (pruned zeros included)
    Onednn,      // FP32 oneDNN matmul on the dense weights
    Csr,         // our CSR SpMM (CsrSpmm) on the non-zeros
    Libxsmm,     // LIBXSMM's spmdm (LibxsmmProduct) on the non-zeros
    TwoFour,     // our 2:4 SpMM (twoFourSpmm); a layer whose weights are not 2:4 runs as Openblas
    OnednnInt8,  // oneDNN INT8 matmul (OnednnInt8Product): weights per channel, activations per
                 // tensor with the scale Layer::inputAbsMax / 127, quantized in every run()
};

// The products follow the GEMM variants' convention C = W X: activations are features x n
// row-major, one image per column. After each product a plain loop adds the bias and applies
// ReLU (not after the last layer, whose output is the logits), the same for every backend, so
// that backends differ only in their products. Every buffer, weight format, workspace and
// library primitive is built in the constructor: run() allocates nothing.
class MlpForward {
  public:
    // Throws std::invalid_argument when the model is empty or its layers do not chain, or when
    // OnednnInt8 is asked for a model whose layers are not calibrated (inputAbsMax 0);
    // Unsupported when this CPU cannot run the backend.
    MlpForward(const Mlp& model, Backend backend, int64_t n, SimdPath path = bestSimdPath());
    ~MlpForward();
    MlpForward(const MlpForward&) = delete;
    MlpForward& operator=(const MlpForward&) = delete;

    // The images run() reads: inputs x n row-major (pixel p of image j at p * n + j).
    float* input() { return activations_.front().data(); }
    // Writes the transposes of `count` <= n images (count x inputs row-major, as Dataset holds
    // them) into input(), and zeros into the columns beyond count.
    void setImages(const float* images, int64_t count);
    // The forward pass of the n images in input().
    void run();
    // classes x n row-major: the logits of the last run().
    const float* logits() const { return activations_.back().data(); }
    // The logits of every image of `data` (count x classes row-major, the layout of
    // mlp::forward), run through this backend n images at a time.
    std::vector<float> logitsOf(const Dataset& data);

    int64_t batch() const { return n_; }
    int64_t inputs() const { return widths_.front(); }
    int64_t classes() const { return widths_.back(); }
    // Every layer's weights in its format plus the FP32 biases.
    int64_t weightBytes() const;
    // What runs each layer, e.g. "costscope CSR SpMM, avx512f, OpenMP" or oneDNN's
    // implementation strings; layers that differ are listed one by one.
    std::string implementation() const;
    int threads() const;

    class Layer;  // one layer's product in its backend's format (MlpForward.cpp)

  private:
    int64_t n_ = 0;
    std::vector<int64_t> widths_;
    // activations_[0] is the input, activations_[i + 1] the output of layer i.
    std::vector<AlignedBuffer<float>> activations_;
    std::vector<std::unique_ptr<Layer>> layers_;
    std::vector<std::vector<float>> biases_;
    // Shared by the oneDNN layers; the SpMM workspace by our kernels' layers (one at a time).
    dnnl::engine engine_;
    dnnl::stream stream_;
    SpmmWorkspace workspace_;
};

}  // namespace costscope::mlp
