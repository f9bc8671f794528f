// costscope's own training loop for the MLP: minibatch SGD with momentum over OpenBLAS sgemm.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "kernels/mlp/FashionMnist.h"
#include "kernels/mlp/Mlp.h"

namespace costscope::mlp {

struct TrainSettings {
    int epochs = 1;
    int64_t batch = 128;
    // The peak learning rate: it decays along a half cosine to 0 at the last step, which lets a
    // short run settle without a tuned schedule.
    float learningRate = 0.05f;
    float momentum = 0.9f;
    float weightDecay = 0.0f;  // L2, on weights only
    uint64_t shuffleSeed = 1;
    // Distillation, when train() is given teacher logits: the loss is
    //   alpha * T^2 * KL(softmax(teacher / T) || softmax(student / T)) + (1 - alpha) * CE(labels)
    // (Hinton et al.; the T^2 keeps the soft term's gradients on the scale of the hard one's).
    float temperature = 4.0f;
    float alpha = 0.5f;
};

// A fresh model of these widths (input first): He-normal weights N(0, 2 / in) from a
// std::mt19937_64 seeded with `seed` and a Box-Muller transform of our own (the standard
// library's distributions differ between implementations), biases zero.
Mlp initialize(const std::vector<int64_t>& widths, uint64_t seed);

// Trains `model` in place on `data` with softmax cross-entropy. Layers with a mask keep their
// pruned weights at zero (gradient and weight both masked). With `teacherLogits` (data.count x
// classes, row-major) the loss is the distillation mix above. Deterministic for a fixed OpenBLAS
// thread count: the shuffle comes from `shuffleSeed`, the rest is fixed-order arithmetic.
void train(Mlp& model, const Dataset& data, const TrainSettings& settings,
           std::span<const float> teacherLogits = {});

// The logits of every image of `data` (count x classes), in chunks that bound the memory.
std::vector<float> predict(const Mlp& model, const Dataset& data);
// Top-1 accuracy (0..1) on `data`; int8 = true uses forwardInt8Simulated().
double evaluate(const Mlp& model, const Dataset& data, bool int8 = false);

// The first `count` images of `data` (all of them when count <= 0 or count >= data.count).
Dataset head(const Dataset& data, int64_t count);

}  // namespace costscope::mlp
