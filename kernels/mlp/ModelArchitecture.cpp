// The zoo's models by name: architecture and compression, fixed by the name.
#include "kernels/mlp/ModelArchitecture.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace costscope::mlp {
namespace {

struct Architecture {
    const char* name;
    ModelKind kind;
    double sparsity;  // unstructured and 2:4 pruning: the fraction of zeros
    bool student;
    int neuronsRemoved = 0;  // % of each hidden layer's neurons removed (structured pruning)
};

constexpr int64_t kTeacherWidths[] = {784, 512, 256, 10};

std::vector<int64_t> teacherWidths() {
    return {std::begin(kTeacherWidths), std::end(kTeacherWidths)};
}

double weightsOf(const std::vector<int64_t>& widths) {
    double weights = 0;
    for (size_t i = 1; i < widths.size(); ++i)
        weights += double(widths[i - 1]) * double(widths[i]);
    return weights;
}

constexpr Architecture kModels[] = {
    {"dense", ModelKind::Dense, 0.0, false},
    {"pruned50", ModelKind::Pruned, 0.5, false},
    {"pruned80", ModelKind::Pruned, 0.8, false},
    {"pruned90", ModelKind::Pruned, 0.9, false},
    {"pruned95", ModelKind::Pruned, 0.95, false},
    {"pruned50-ft", ModelKind::Pruned, 0.5, false},
    {"pruned80-ft", ModelKind::Pruned, 0.8, false},
    {"pruned90-ft", ModelKind::Pruned, 0.9, false},
    {"pruned95-ft", ModelKind::Pruned, 0.95, false},
    {"2:4-ft", ModelKind::TwoFour, 0.5, false},
    {"int8", ModelKind::Int8, 0.0, false},
    {"pruned90-ft-int8", ModelKind::Int8, 0.9, false},
    {"neurons50", ModelKind::Neurons, 0.0, false, 50},
    {"neurons75", ModelKind::Neurons, 0.0, false, 75},
    {"neurons50-ft", ModelKind::Neurons, 0.0, false, 50},
    {"neurons75-ft", ModelKind::Neurons, 0.0, false, 75},
    {"neurons50-ft-int8", ModelKind::NeuronsInt8, 0.0, false, 50},
    {"student", ModelKind::Dense, 0.0, true},
    {"student-kd", ModelKind::Dense, 0.0, true},
};

const Architecture& find(const std::string& model) {
    const auto* it = std::find_if(std::begin(kModels), std::end(kModels),
                                  [&](const Architecture& a) { return model == a.name; });
    if (it == std::end(kModels)) {
        std::string known;
        for (const auto& a : kModels)
            known += (known.empty() ? "'" : ", '") + std::string(a.name) + "'";
        throw std::invalid_argument("'" + model + "' is not a model of the zoo (known: " + known +
                                    ")");
    }
    return *it;
}

}  // namespace

const std::vector<std::string>& knownModels() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> list;
        for (const auto& a : kModels)
            list.emplace_back(a.name);
        return list;
    }();
    return names;
}

std::vector<int64_t> widthsOf(const std::string& model) {
    const Architecture& a = find(model);
    if (a.student)
        return {784, 64, 10};
    std::vector<int64_t> widths = teacherWidths();
    for (size_t i = 1; i + 1 < widths.size(); ++i)
        widths[i] = keptNeurons(widths[i], a.neuronsRemoved);
    return widths;
}

int64_t keptNeurons(int64_t width, int percentRemoved) {
    return width - std::llround(double(width) * percentRemoved / 100.0);
}

ModelKind kindOf(const std::string& model) {
    return find(model).kind;
}

double sparsityOf(const std::string& model) {
    const Architecture& a = find(model);
    if (a.neuronsRemoved > 0)
        return 1.0 - weightsOf(widthsOf(model)) / weightsOf(teacherWidths());
    return a.sparsity;
}

double flopsPerImageOf(const std::string& model) {
    return 2.0 * weightsOf(find(model).student ? widthsOf(model) : teacherWidths());
}

}  // namespace costscope::mlp
