// A small hand-built model for the mlp workload's tests: 784-32-16-10 with random weights, its
// pruned, 2:4 and INT8 copies, and synthetic images labelled by the dense model's predictions.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "kernels/MagnitudePruning.h"
#include "kernels/TwoFourMatrix.h"
#include "kernels/VariantSpec.h"
#include "kernels/mlp/FashionMnist.h"
#include "kernels/mlp/Mlp.h"
#include "kernels/mlp/MlpVariant.h"

namespace costscope::mlp::smallmlp {

inline constexpr int64_t kImages = 1500;

inline std::vector<int> predictions(const std::vector<float>& logits, int classes = 10) {
    std::vector<int> labels(logits.size() / size_t(classes));
    for (size_t i = 0; i < labels.size(); ++i) {
        const auto* row = logits.data() + i * size_t(classes);
        labels[i] = int(std::max_element(row, row + classes) - row);
    }
    return labels;
}

inline double relativeError(const std::vector<float>& a, const std::vector<float>& b) {
    double diff = 0, norm = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        diff += (double(a[i]) - b[i]) * (double(a[i]) - b[i]);
        norm += double(b[i]) * b[i];
    }
    return std::sqrt(diff / norm);
}

// Sets every layer's inputAbsMax from the images, as INT8 calibration does.
inline void calibrate(Mlp& model, const Dataset& data) {
    std::vector<float> h = data.images, next;
    int64_t width = Dataset::kPixels;
    for (size_t l = 0; l < model.layers.size(); ++l) {
        Layer& layer = model.layers[l];
        float largest = 0;
        for (const float v : h)
            largest = std::max(largest, std::fabs(v));
        layer.inputAbsMax = largest;
        next.assign(size_t(data.count * layer.out), 0.0f);
        for (int64_t j = 0; j < data.count; ++j)
            for (int64_t o = 0; o < layer.out; ++o) {
                double sum = layer.b[size_t(o)];
                for (int64_t i = 0; i < width; ++i)
                    sum += double(layer.w[size_t(o * layer.in + i)]) * h[size_t(j * width + i)];
                const bool relu = l + 1 < model.layers.size();
                next[size_t(j * layer.out + o)] = relu ? std::max(float(sum), 0.0f) : float(sum);
            }
        h.swap(next);
        width = layer.out;
    }
}

// A 784-32-16-10 model with random weights, its pruned, 2:4 and INT8 copies, and images whose
// labels are the dense model's own predictions.
struct Fixture {
    std::shared_ptr<Mlp> dense = std::make_shared<Mlp>();
    std::shared_ptr<Mlp> pruned;
    std::shared_ptr<Mlp> twoFour;
    std::shared_ptr<Mlp> int8;
    std::shared_ptr<Dataset> test = std::make_shared<Dataset>();

    Fixture() {
        std::mt19937 random(7);
        const std::vector<int64_t> widths = {784, 32, 16, 10};
        for (size_t l = 1; l < widths.size(); ++l) {
            Layer layer{.out = widths[l], .in = widths[l - 1]};
            std::normal_distribution<float> weight(0.0f, 1.0f / std::sqrt(float(layer.in)));
            std::uniform_real_distribution<float> bias(-0.1f, 0.1f);
            for (int64_t i = 0; i < layer.out * layer.in; ++i)
                layer.w.push_back(weight(random));
            for (int64_t i = 0; i < layer.out; ++i)
                layer.b.push_back(bias(random));
            dense->layers.push_back(std::move(layer));
        }
        test->count = kImages;
        std::uniform_real_distribution<float> pixel(0.0f, 1.0f);
        for (int64_t i = 0; i < kImages * Dataset::kPixels; ++i)
            test->images.push_back(pixel(random));
        std::vector<float> logits;
        forward(*dense, test->images.data(), kImages, logits);
        for (const int label : predictions(logits))
            test->labels.push_back(uint8_t(label));

        pruned = std::make_shared<Mlp>(*dense);
        for (auto& layer : pruned->layers)
            pruneByMagnitude(layer.w, 0.9);
        twoFour = std::make_shared<Mlp>(*dense);
        for (auto& layer : twoFour->layers)
            TwoFourMatrix::fromDense(layer.w.data(), layer.out, layer.in).toDense(layer.w.data());
        int8 = std::make_shared<Mlp>(*dense);
        calibrate(*int8, *test);
    }

    ModelSource source(std::shared_ptr<const Mlp> model) const {
        return [model, teacher = dense, data = test](const std::string&) {
            return ModelInputs{.model = model, .teacher = teacher, .test = data};
        };
    }
};

inline const Fixture& fixture() {
    static const Fixture f;
    return f;
}

inline std::vector<float> referenceLogits(const Mlp& model) {
    std::vector<float> logits;
    forward(model, fixture().test->images.data(), kImages, logits);
    return logits;
}

// An mlp spec for the test model ("test") on one backend, with n images per batch.
inline VariantSpec mlpSpec(const char* backend, const char* precision, const char* structure,
                           int64_t n, const char* device = "cpu") {
    return VariantSpec{.family = "mlp",
                       .device = device,
                       .backend = backend,
                       .precision = precision,
                       .structure = structure,
                       .m = 10,
                       .n = n,
                       .k = 784,
                       .model = "test"};
}

}  // namespace costscope::mlp::smallmlp
