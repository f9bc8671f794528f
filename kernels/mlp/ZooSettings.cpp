// The zoo's training settings as JSON, and the small recipe the tests train.
#include "kernels/mlp/ZooSettings.h"

#include <nlohmann/json.hpp>

namespace costscope::mlp {
namespace {

nlohmann::ordered_json toJson(const TrainSettings& s) {
    return {{"epochs", s.epochs},
            {"batch", s.batch},
            {"learningRate", s.learningRate},
            {"schedule", "cosine to 0"},
            {"optimizer", "sgd-momentum"},
            {"momentum", s.momentum},
            {"weightDecay", s.weightDecay},
            {"shuffleSeed", s.shuffleSeed},
            {"temperature", s.temperature},
            {"alpha", s.alpha}};
}

}  // namespace

const std::vector<int>& ZooSettings::pruneLevels() {
    static const std::vector<int> levels{50, 80, 90, 95};
    return levels;
}

const std::vector<int>& ZooSettings::neuronLevels() {
    static const std::vector<int> levels{50, 75};
    return levels;
}

ZooSettings ZooSettings::tiny() {
    ZooSettings s;
    s.denseWidths = {784, 64, 32, 10};
    s.studentWidths = {784, 16, 10};
    s.trainImages = 4000;
    s.calibrationImages = 500;
    s.dense.epochs = 3;
    s.fineTune.epochs = 2;
    s.fineTune.learningRate = 0.05f;
    s.student.epochs = 2;
    return s;
}

std::string ZooSettings::toJson() const {
    nlohmann::ordered_json json = {
        {"denseWidths", denseWidths},
        {"studentWidths", studentWidths},
        {"init", "he-normal, mt19937_64 + Box-Muller"},
        {"denseInitSeed", denseInitSeed},
        {"studentInitSeed", studentInitSeed},
        {"trainImages", trainImages},
        {"calibrationImages", calibrationImages},
        {"dense", mlp::toJson(dense)},
        {"fineTune", mlp::toJson(fineTune)},
        {"student", mlp::toJson(student)},
        {"pruning", "magnitude, per layer, every layer, exact fraction of zeros"},
        {"pruneLevels", pruneLevels()},
        {"twoFour", "2 of every 4 consecutive inputs of each output row, fine-tuned"},
        {"neuronPruning",
         {{"importance", mlp::toString(neuronImportance)},
          {"levels", neuronLevels()},
          {"scope",
           "each hidden layer, one shot on the trained dense model, fine-tuned as the "
           "unstructured models"}}},
        {"int8", "weights per output channel, inputs per tensor (inputAbsMax)"}};
    return json.dump();
}

}  // namespace costscope::mlp
