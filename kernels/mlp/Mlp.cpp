// The MLP's FP32 reference forward pass over OpenBLAS, its INT8 simulation and its accounting.
#include "kernels/mlp/Mlp.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "kernels/Int8Matrix.h"

namespace costscope::mlp {
namespace {

// y = x W^T + b for a batch of rows x (batch x in), then ReLU unless this is the last layer.
void applyLayer(const Layer& layer, const float* w, const float* x, int64_t batch, bool relu,
                std::vector<float>& y) {
    y.resize(size_t(batch * layer.out));
    for (int64_t r = 0; r < batch; ++r)
        std::copy(layer.b.begin(), layer.b.end(), y.begin() + r * layer.out);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(batch), int(layer.out), int(layer.in),
                1.0f, x, int(layer.in), w, int(layer.in), 1.0f, y.data(), int(layer.out));
    if (relu) {
        for (float& v : y)
            v = std::max(v, 0.0f);
    }
}

// round-to-nearest-even(v / scale) clamped to [-127, 127], back in FP32: the per-tensor
// activation quantization Int8Matrix::quantizeWithScale does, without keeping the codes.
void fakeQuantize(std::vector<float>& values, float scale) {
    for (float& v : values)
        v = std::clamp(std::nearbyint(v / scale), -127.0f, 127.0f) * scale;
}

}  // namespace

std::string Mlp::shape() const {
    std::string text;
    for (const int64_t width : widths()) {
        if (!text.empty())
            text += '-';
        text += std::to_string(width);
    }
    return text;
}

std::vector<int64_t> Mlp::widths() const {
    std::vector<int64_t> result;
    if (layers.empty())
        return result;
    result.push_back(layers.front().in);
    for (const Layer& layer : layers)
        result.push_back(layer.out);
    return result;
}

double Mlp::flopsPerImage() const {
    double flops = 0;
    for (const Layer& layer : layers)
        flops += 2.0 * double(layer.out) * double(layer.in);
    return flops;
}

double Mlp::sparsity() const {
    int64_t zeros = 0, total = 0;
    for (const Layer& layer : layers) {
        zeros += std::count(layer.w.begin(), layer.w.end(), 0.0f);
        total += int64_t(layer.w.size());
    }
    return total > 0 ? double(zeros) / double(total) : 0.0;
}

void forward(const Mlp& model, const float* images, int64_t batch, std::vector<float>& logits) {
    std::vector<float> current(images, images + batch * model.layers.front().in);
    std::vector<float> next;
    for (size_t i = 0; i < model.layers.size(); ++i) {
        const Layer& layer = model.layers[i];
        applyLayer(layer, layer.w.data(), current.data(), batch, i + 1 < model.layers.size(), next);
        std::swap(current, next);
    }
    logits = std::move(current);
}

void forwardInt8Simulated(const Mlp& model, const float* images, int64_t batch,
                          std::vector<float>& logits) {
    std::vector<float> current(images, images + batch * model.layers.front().in);
    std::vector<float> next;
    for (size_t i = 0; i < model.layers.size(); ++i) {
        const Layer& layer = model.layers[i];
        if (!(layer.inputAbsMax > 0.0f))
            throw std::invalid_argument("forwardInt8Simulated: layer " + std::to_string(i) +
                                        " of the " + model.shape() + " model is not calibrated");
        const Int8Matrix quantized =
            Int8Matrix::quantizePerRow(layer.w.data(), layer.out, layer.in);
        const std::vector<double> dequantized = quantized.dequantize();
        const std::vector<float> w(dequantized.begin(), dequantized.end());
        fakeQuantize(current, layer.inputAbsMax / 127.0f);
        applyLayer(layer, w.data(), current.data(), batch, i + 1 < model.layers.size(), next);
        std::swap(current, next);
    }
    logits = std::move(current);
}

void calibrate(Mlp& model, const float* images, int64_t count) {
    std::vector<float> current(images, images + count * model.layers.front().in);
    std::vector<float> next;
    for (size_t i = 0; i < model.layers.size(); ++i) {
        Layer& layer = model.layers[i];
        float largest = 0.0f;
        for (const float v : current)
            largest = std::max(largest, std::fabs(v));
        layer.inputAbsMax = largest;
        applyLayer(layer, layer.w.data(), current.data(), count, i + 1 < model.layers.size(), next);
        std::swap(current, next);
    }
}

double accuracyOf(const std::vector<float>& logits, const std::vector<uint8_t>& labels,
                  int classes) {
    if (labels.empty())
        return 0.0;
    if (logits.size() != labels.size() * size_t(classes))
        throw std::invalid_argument("accuracyOf: " + std::to_string(logits.size()) +
                                    " logits for " + std::to_string(labels.size()) + " labels of " +
                                    std::to_string(classes) + " classes");
    int64_t correct = 0;
    for (size_t i = 0; i < labels.size(); ++i) {
        const auto row = logits.begin() + int64_t(i) * classes;
        correct += std::max_element(row, row + classes) - row == labels[i];
    }
    return double(correct) / double(labels.size());
}

}  // namespace costscope::mlp
