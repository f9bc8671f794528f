// The model: a multilayer perceptron (ReLU between layers, logits out), in FP32.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace costscope::mlp {

// y = W x + b, with W (out x in, row-major: the layout PyTorch stores and the GEMM variants take
// as their weight). A pruned layer has zeros in W; `mask` (out x in, 1 = kept) keeps them zero
// while fine-tuning, and is empty for dense layers.
struct Layer {
    int64_t out = 0;
    int64_t in = 0;
    std::vector<float> w;
    std::vector<float> b;
    std::vector<uint8_t> mask;
    // INT8 post-training quantization: the largest |input| of this layer over the calibration
    // images (per tensor); 0 when not calibrated. Weight scales are per output channel, taken
    // from W when quantizing.
    float inputAbsMax = 0.0f;
};

struct Mlp {
    std::vector<Layer> layers;  // ReLU after every layer but the last

    // "784-512-256-10"
    std::string shape() const;
    // Feature counts, input first: {784, 512, 256, 10}.
    std::vector<int64_t> widths() const;
    // Dense-equivalent operations per image (2 * sum of out * in), as VariantSpec::flops counts.
    double flopsPerImage() const;
    // Fraction of zero weights over all layers.
    double sparsity() const;
};

// The FP32 reference forward pass (OpenBLAS): `images` is batch x 784 row-major, `logits`
// becomes batch x 10 row-major. Every backend's predictions are compared with this.
void forward(const Mlp& model, const float* images, int64_t batch, std::vector<float>& logits);
// INT8 post-training quantization simulated in FP32: each layer's weights quantized per output
// channel (Int8Matrix::quantizePerRow) and its input per tensor with scale inputAbsMax / 127
// (clamped to [-127, 127]), multiplied in FP32 on the dequantized values, bias in FP32. What an
// INT8 backend should reach up to its accumulation order. Throws std::invalid_argument when a
// layer is not calibrated.
void forwardInt8Simulated(const Mlp& model, const float* images, int64_t batch,
                          std::vector<float>& logits);
// Sets every layer's inputAbsMax from `count` images (count x 784, row-major).
void calibrate(Mlp& model, const float* images, int64_t count);
// Top-1 accuracy (0..1) of `logits` (count x classes) against `labels`.
double accuracyOf(const std::vector<float>& logits, const std::vector<uint8_t>& labels,
                  int classes = 10);

}  // namespace costscope::mlp
