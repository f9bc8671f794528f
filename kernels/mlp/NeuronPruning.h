// Structured pruning of the MLP: whole hidden neurons removed, leaving a smaller dense model.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kernels/mlp/Mlp.h"

namespace costscope::mlp {

// How a hidden neuron's importance is ranked. Measured on the zoo's teacher
// (tests/benchmarks/neuron_importance.cpp, docs/model-results.md): after the fine-tuning every
// pruned model gets, both keep the same accuracy to 0.1 point at 50 and 75 %; before it,
// Incoming keeps 9 points more at 75 % and 0.4 less at 50 %. The zoo uses Incoming.
enum class NeuronImportance {
    // ||incoming weights||_2 * ||outgoing weights||_2: weighs what the next layer reads too.
    InTimesOut,
    // ||incoming weights||_2 alone: the filter-norm criterion of channel pruning (Li et al.,
    // "Pruning Filters for Efficient ConvNets", 2017).
    Incoming,
};

// "l2-in-times-out", "l2-in": the name the zoo's settings record.
std::string toString(NeuronImportance importance);

// For every hidden layer (the outputs of all layers but the last), the neurons that stay when
// percentRemoved % of that layer's neurons go (keptNeurons() of its width stay), in increasing
// order: the least important by `importance`, all ranked on `model` as given (one shot), ties
// in index order. Throws std::invalid_argument unless 0 <= percentRemoved < 100 and every hidden
// layer keeps at least one neuron.
std::vector<std::vector<int64_t>> neuronsToKeep(const Mlp& model, int percentRemoved,
                                                NeuronImportance importance);

// The smaller dense model with only the `kept` neurons of each hidden layer: their rows of W and
// entries of b, and the matching columns of the next layer's W. It computes exactly what `model`
// computes with the other neurons' outputs held at zero. Masks and INT8 calibration are dropped
// (the result is a fresh dense model).
Mlp keepNeurons(const Mlp& model, const std::vector<std::vector<int64_t>>& kept);

}  // namespace costscope::mlp
