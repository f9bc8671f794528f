// Minibatch SGD with momentum, softmax cross-entropy and optional distillation, over sgemm.
#include "kernels/mlp/Trainer.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <stdexcept>
#include <string>

namespace costscope::mlp {
namespace {

// Portable random numbers: std::mt19937_64's sequence is fixed by the standard, its
// distributions are not, so the conversions are written out here.
class Random {
  public:
    explicit Random(uint64_t seed) : engine_(seed) {}

    // Uniform in [0, 1) from the top 53 bits.
    double uniform() { return double(engine_() >> 11) * 0x1.0p-53; }
    // Standard normal by Box-Muller (one value per pair of uniforms: simple, and fast enough).
    double normal() {
        const double u1 = 1.0 - uniform();  // (0, 1]: log stays finite
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    }
    // Uniform in [0, n); the modulo bias (n / 2^64) is far below anything that matters here.
    uint64_t below(uint64_t n) { return engine_() % n; }

  private:
    std::mt19937_64 engine_;
};

// Row-wise softmax of `z` / temperature into `p` (rows x classes).
void softmax(const float* z, int64_t rows, int64_t classes, float temperature, float* p) {
    for (int64_t r = 0; r < rows; ++r) {
        const float* in = z + r * classes;
        float* out = p + r * classes;
        const float largest = *std::max_element(in, in + classes);
        float sum = 0.0f;
        for (int64_t c = 0; c < classes; ++c) {
            out[c] = std::exp((in[c] - largest) / temperature);
            sum += out[c];
        }
        for (int64_t c = 0; c < classes; ++c)
            out[c] /= sum;
    }
}

using ForwardPass = void (*)(const Mlp&, const float*, int64_t, std::vector<float>&);

// The logits of all of `data` through `pass`, a chunk at a time: 4096 x 512 floats of
// activations at most (8 MiB) instead of 60,000 x 512.
std::vector<float> logitsInChunks(const Mlp& model, const Dataset& data, ForwardPass pass) {
    constexpr int64_t kChunk = 4096;
    const int64_t classes = model.layers.back().out;
    std::vector<float> logits(size_t(data.count * classes));
    std::vector<float> chunkLogits;
    for (int64_t start = 0; start < data.count; start += kChunk) {
        const int64_t rows = std::min(kChunk, data.count - start);
        pass(model, data.images.data() + start * Dataset::kPixels, rows, chunkLogits);
        std::copy(chunkLogits.begin(), chunkLogits.end(), logits.begin() + start * classes);
    }
    return logits;
}

// One layer's parameters' gradients and momentum.
struct LayerState {
    std::vector<float> dw, db, vw, vb;
};

}  // namespace

Mlp initialize(const std::vector<int64_t>& widths, uint64_t seed) {
    if (widths.size() < 2)
        throw std::invalid_argument("initialize: an MLP needs at least an input and an output");
    Random random(seed);
    Mlp model;
    for (size_t i = 0; i + 1 < widths.size(); ++i) {
        Layer layer;
        layer.in = widths[i];
        layer.out = widths[i + 1];
        layer.w.resize(size_t(layer.out * layer.in));
        layer.b.assign(size_t(layer.out), 0.0f);
        const double stddev = std::sqrt(2.0 / double(layer.in));
        for (float& w : layer.w)
            w = float(random.normal() * stddev);
        model.layers.push_back(std::move(layer));
    }
    return model;
}

void train(Mlp& model, const Dataset& data, const TrainSettings& settings,
           std::span<const float> teacherLogits) {
    const int64_t classes = model.layers.back().out;
    const int64_t n = data.count;
    const bool distill = !teacherLogits.empty();
    if (distill && int64_t(teacherLogits.size()) != n * classes)
        throw std::invalid_argument("train: " + std::to_string(teacherLogits.size()) +
                                    " teacher logits for " + std::to_string(n) + " images");
    if (n == 0 || settings.epochs <= 0)
        return;
    const int64_t batchSize = std::max<int64_t>(1, settings.batch);
    const size_t layerCount = model.layers.size();

    std::vector<LayerState> state(layerCount);
    for (size_t l = 0; l < layerCount; ++l) {
        const Layer& layer = model.layers[l];
        state[l].dw.resize(layer.w.size());
        state[l].vw.assign(layer.w.size(), 0.0f);
        state[l].db.resize(layer.b.size());
        state[l].vb.assign(layer.b.size(), 0.0f);
    }
    // activations[0] is the input batch, activations[l + 1] the output of layer l (post-ReLU
    // except the logits).
    std::vector<std::vector<float>> activations(layerCount + 1);
    std::vector<float> delta, previousDelta, probabilities(size_t(batchSize * classes)),
        soft(size_t(batchSize * classes)), teacherSoft(size_t(batchSize * classes)),
        teacherBatch(size_t(batchSize * classes));

    std::vector<int64_t> order(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
        order[size_t(i)] = i;
    Random random(settings.shuffleSeed);

    const int64_t stepsPerEpoch = (n + batchSize - 1) / batchSize;
    const double totalSteps = double(stepsPerEpoch) * settings.epochs;
    const float temperature = settings.temperature;
    const float alpha = distill ? settings.alpha : 0.0f;
    int64_t step = 0;

    for (int epoch = 0; epoch < settings.epochs; ++epoch) {
        for (int64_t i = n - 1; i > 0; --i)
            std::swap(order[size_t(i)], order[size_t(random.below(uint64_t(i + 1)))]);

        for (int64_t start = 0; start < n; start += batchSize, ++step) {
            const int64_t b = std::min(batchSize, n - start);
            // Gather the batch.
            std::vector<float>& x = activations[0];
            x.resize(size_t(b * Dataset::kPixels));
            for (int64_t r = 0; r < b; ++r) {
                const int64_t item = order[size_t(start + r)];
                std::copy_n(data.images.begin() + item * Dataset::kPixels, Dataset::kPixels,
                            x.begin() + r * Dataset::kPixels);
                if (distill)
                    std::copy_n(teacherLogits.begin() + item * classes, classes,
                                teacherBatch.begin() + r * classes);
            }

            // Forward.
            for (size_t l = 0; l < layerCount; ++l) {
                const Layer& layer = model.layers[l];
                std::vector<float>& y = activations[l + 1];
                y.resize(size_t(b * layer.out));
                for (int64_t r = 0; r < b; ++r)
                    std::copy(layer.b.begin(), layer.b.end(), y.begin() + r * layer.out);
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(b), int(layer.out),
                            int(layer.in), 1.0f, activations[l].data(), int(layer.in),
                            layer.w.data(), int(layer.in), 1.0f, y.data(), int(layer.out));
                if (l + 1 < layerCount) {
                    for (float& v : y)
                        v = std::max(v, 0.0f);
                }
            }

            // The loss's gradient with respect to the logits, averaged over the batch.
            const std::vector<float>& logits = activations[layerCount];
            delta.resize(size_t(b * classes));
            softmax(logits.data(), b, classes, 1.0f, probabilities.data());
            const float hard = (1.0f - alpha) / float(b);
            for (int64_t r = 0; r < b; ++r) {
                const int64_t label = data.labels[size_t(order[size_t(start + r)])];
                for (int64_t c = 0; c < classes; ++c)
                    delta[size_t(r * classes + c)] =
                        hard * (probabilities[size_t(r * classes + c)] - float(c == label));
            }
            if (distill) {
                softmax(logits.data(), b, classes, temperature, soft.data());
                softmax(teacherBatch.data(), b, classes, temperature, teacherSoft.data());
                // d/dz of T^2 * KL(t_T || s_T) is T * (s_T - t_T).
                const float scale = alpha * temperature / float(b);
                for (int64_t i = 0; i < b * classes; ++i)
                    delta[size_t(i)] += scale * (soft[size_t(i)] - teacherSoft[size_t(i)]);
            }

            // Backward and update, last layer first; the input gradient uses the old weights.
            const float rate =
                settings.learningRate *
                float(0.5 * (1.0 + std::cos(std::numbers::pi * double(step) / totalSteps)));
            for (size_t l = layerCount; l-- > 0;) {
                Layer& layer = model.layers[l];
                LayerState& s = state[l];
                const std::vector<float>& input = activations[l];
                cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, int(layer.out), int(layer.in),
                            int(b), 1.0f, delta.data(), int(layer.out), input.data(), int(layer.in),
                            0.0f, s.dw.data(), int(layer.in));
                std::fill(s.db.begin(), s.db.end(), 0.0f);
                for (int64_t r = 0; r < b; ++r)
                    for (int64_t o = 0; o < layer.out; ++o)
                        s.db[size_t(o)] += delta[size_t(r * layer.out + o)];
                if (l > 0) {
                    previousDelta.resize(size_t(b * layer.in));
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(b), int(layer.in),
                                int(layer.out), 1.0f, delta.data(), int(layer.out), layer.w.data(),
                                int(layer.in), 0.0f, previousDelta.data(), int(layer.in));
                    // ReLU's derivative: the input of this layer is the previous one's output.
                    for (size_t i = 0; i < previousDelta.size(); ++i)
                        previousDelta[i] = input[i] > 0.0f ? previousDelta[i] : 0.0f;
                }

                const bool masked = !layer.mask.empty();
                for (size_t i = 0; i < layer.w.size(); ++i) {
                    float g = s.dw[i] + settings.weightDecay * layer.w[i];
                    if (masked && !layer.mask[i])
                        g = 0.0f;
                    s.vw[i] = settings.momentum * s.vw[i] + g;
                    layer.w[i] -= rate * s.vw[i];
                    if (masked && !layer.mask[i])
                        layer.w[i] = 0.0f;
                }
                for (size_t i = 0; i < layer.b.size(); ++i) {
                    s.vb[i] = settings.momentum * s.vb[i] + s.db[i];
                    layer.b[i] -= rate * s.vb[i];
                }
                if (l > 0)
                    std::swap(delta, previousDelta);
            }
        }
    }
}

std::vector<float> predict(const Mlp& model, const Dataset& data) {
    return logitsInChunks(model, data, forward);
}

double evaluate(const Mlp& model, const Dataset& data, bool int8) {
    return accuracyOf(logitsInChunks(model, data, int8 ? forwardInt8Simulated : forward),
                      data.labels, int(model.layers.back().out));
}

Dataset head(const Dataset& data, int64_t count) {
    if (count <= 0 || count >= data.count)
        return data;
    Dataset subset;
    subset.count = count;
    subset.images.assign(data.images.begin(), data.images.begin() + count * Dataset::kPixels);
    subset.labels.assign(data.labels.begin(), data.labels.begin() + count);
    return subset;
}

}  // namespace costscope::mlp
