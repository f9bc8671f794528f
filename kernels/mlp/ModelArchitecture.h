// What a zoo model is by its name alone (architecture, compression), without training or loading
// it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace costscope::mlp {

// How a model's weights are stored, which decides the backends that can run it.
enum class ModelKind {
    Dense,        // dense FP32 weights: dense, student, student-kd
    Pruned,       // unstructured magnitude pruning: pruned50 ... pruned95-ft
    TwoFour,      // 2:4 structured pruning: 2:4-ft
    Int8,         // INT8-calibrated: int8, pruned90-ft-int8
    Neurons,      // whole hidden neurons removed, a smaller dense model: neurons50 ... neurons75-ft
    NeuronsInt8,  // the same, INT8-calibrated: neurons50-ft-int8
};

// The models of ModelZoo::names(), in its order. The catalog expands specs from this list, so a
// suite can be checked and its flops counted without the trained zoo (a test keeps the two
// lists equal).
const std::vector<std::string>& knownModels();

// Feature counts, input first: {784, 512, 256, 10} for the teacher and its compressed copies,
// {784, 256, 128, 10} for neurons50 (each hidden layer keeps half of its neurons), {784, 64, 10}
// for the students. Throws std::invalid_argument listing the known models for a
// name that is not one of them.
std::vector<int64_t> widthsOf(const std::string& model);
ModelKind kindOf(const std::string& model);
// The fraction of the teacher's weights the model's pruning removes: set to zero (0.9 for
// pruned90-ft and pruned90-ft-int8, 0.5 for 2:4-ft) or gone with their neurons (0.561 for
// neurons50: 1 - (784*256 + 256*128 + 128*10) / (784*512 + 512*256 + 256*10)); 0 for unpruned
// models and the students (other models, not pruned copies).
double sparsityOf(const std::string& model);
// The neurons a hidden layer of `width` keeps when `percentRemoved` % go: width - round(...).
int64_t keptNeurons(int64_t width, int percentRemoved);
// Dense-equivalent operations per image, 2 * sum of out * in over the teacher's widths for its
// pruned copies (what the pruning replaces, as for a pruned GEMM) and over their own widths for
// the students: what Mlp::flopsPerImage() gives for the trained dense model or student.
double flopsPerImageOf(const std::string& model);

}  // namespace costscope::mlp
