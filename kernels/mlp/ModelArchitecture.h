// What a zoo model is by its name alone (architecture, compression), without training or loading
// it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace costscope::mlp {

// How a model's weights are stored, which decides the backends that can run it.
enum class ModelKind {
    Dense,    // dense FP32 weights: dense, student, student-kd
    Pruned,   // unstructured magnitude pruning: pruned50 ... pruned95-ft
    TwoFour,  // 2:4 structured pruning: 2:4-ft
    Int8,     // INT8-calibrated: int8, pruned90-ft-int8
};

// The models of ModelZoo::names(), in its order. The catalog expands specs from this list, so a
// suite can be checked and its flops counted without the trained zoo (a test keeps the two
// lists equal).
const std::vector<std::string>& knownModels();

// Feature counts, input first: {784, 512, 256, 10} for the teacher and its compressed copies,
// {784, 64, 10} for the students. Throws std::invalid_argument listing the known models for a
// name that is not one of them.
std::vector<int64_t> widthsOf(const std::string& model);
ModelKind kindOf(const std::string& model);
// The fraction of weights the model's pruning sets to zero (0.9 for pruned90-ft and
// pruned90-ft-int8, 0.5 for 2:4-ft), 0 for unpruned models.
double sparsityOf(const std::string& model);
// Dense-equivalent operations per image, 2 * sum of out * in: what Mlp::flopsPerImage() gives
// for the trained model.
double flopsPerImageOf(const std::string& model);

}  // namespace costscope::mlp
