// The zoo's models by name: architecture and compression, fixed by the name.
#include "kernels/mlp/ModelArchitecture.h"

#include <algorithm>
#include <stdexcept>

namespace costscope::mlp {
namespace {

struct Architecture {
    const char* name;
    ModelKind kind;
    double sparsity;
    bool student;
};

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
    if (find(model).student)
        return {784, 64, 10};
    return {784, 512, 256, 10};
}

ModelKind kindOf(const std::string& model) {
    return find(model).kind;
}

double sparsityOf(const std::string& model) {
    return find(model).sparsity;
}

double flopsPerImageOf(const std::string& model) {
    const auto widths = widthsOf(model);
    double flops = 0;
    for (size_t i = 1; i < widths.size(); ++i)
        flops += 2.0 * double(widths[i - 1]) * double(widths[i]);
    return flops;
}

}  // namespace costscope::mlp
