// Neuron pruning: rank each hidden layer's neurons, copy the kept rows and columns out.
#include "kernels/mlp/NeuronPruning.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "kernels/mlp/ModelArchitecture.h"

namespace costscope::mlp {

std::string toString(NeuronImportance importance) {
    return importance == NeuronImportance::InTimesOut ? "l2-in-times-out" : "l2-in";
}

std::vector<std::vector<int64_t>> neuronsToKeep(const Mlp& model, int percentRemoved,
                                                NeuronImportance importance) {
    if (percentRemoved < 0 || percentRemoved >= 100)
        throw std::invalid_argument("neuron pruning: the percentage removed must lie in [0, 100)");
    std::vector<std::vector<int64_t>> kept;
    for (size_t l = 0; l + 1 < model.layers.size(); ++l) {
        const Layer& layer = model.layers[l];
        const Layer& next = model.layers[l + 1];
        const int64_t keep = keptNeurons(layer.out, percentRemoved);
        if (keep < 1)
            throw std::invalid_argument("neuron pruning: removing " +
                                        std::to_string(percentRemoved) + " % of " +
                                        std::to_string(layer.out) + " neurons leaves none");
        std::vector<double> score(size_t(layer.out));
        for (int64_t j = 0; j < layer.out; ++j) {
            double in = 0, out = 0;
            for (int64_t i = 0; i < layer.in; ++i)
                in += double(layer.w[size_t(j * layer.in + i)]) * layer.w[size_t(j * layer.in + i)];
            for (int64_t o = 0; o < next.out; ++o)
                out += double(next.w[size_t(o * next.in + j)]) * next.w[size_t(o * next.in + j)];
            score[size_t(j)] =
                importance == NeuronImportance::InTimesOut ? std::sqrt(in * out) : std::sqrt(in);
        }
        std::vector<int64_t> order(size_t(layer.out));
        std::iota(order.begin(), order.end(), 0);
        // Most important first; equal scores by index, so which of them goes is fixed.
        std::stable_sort(order.begin(), order.end(),
                         [&](int64_t a, int64_t b) { return score[size_t(a)] > score[size_t(b)]; });
        order.resize(size_t(keep));
        std::sort(order.begin(), order.end());
        kept.push_back(std::move(order));
    }
    return kept;
}

Mlp keepNeurons(const Mlp& model, const std::vector<std::vector<int64_t>>& kept) {
    if (model.layers.empty() || kept.size() + 1 != model.layers.size())
        throw std::invalid_argument("keepNeurons: one list of kept neurons per hidden layer");
    // The inputs each layer keeps: all pixels for the first, the previous layer's kept neurons
    // after it; the outputs: its own kept neurons, all classes for the last.
    Mlp pruned;
    for (size_t l = 0; l < model.layers.size(); ++l) {
        const Layer& layer = model.layers[l];
        std::vector<int64_t> inputs(size_t(layer.in)), outputs(size_t(layer.out));
        std::iota(inputs.begin(), inputs.end(), 0);
        std::iota(outputs.begin(), outputs.end(), 0);
        if (l > 0)
            inputs = kept[l - 1];
        if (l + 1 < model.layers.size())
            outputs = kept[l];
        for (const auto* list : {&inputs, &outputs})
            for (const int64_t index : *list)
                if (index < 0 || index >= (list == &inputs ? layer.in : layer.out))
                    throw std::invalid_argument("keepNeurons: a kept neuron is out of range");
        Layer smaller;
        smaller.in = int64_t(inputs.size());
        smaller.out = int64_t(outputs.size());
        smaller.w.reserve(size_t(smaller.in * smaller.out));
        for (const int64_t o : outputs) {
            for (const int64_t i : inputs)
                smaller.w.push_back(layer.w[size_t(o * layer.in + i)]);
            smaller.b.push_back(layer.b[size_t(o)]);
        }
        pruned.layers.push_back(std::move(smaller));
    }
    return pruned;
}

}  // namespace costscope::mlp
