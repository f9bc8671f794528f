// Trains the zoo (dense, pruned, 2:4, INT8-calibrated, students) or loads it from the cache.
#include "kernels/mlp/ModelZoo.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "kernels/MagnitudePruning.h"
#include "kernels/TwoFourMatrix.h"
#include "kernels/mlp/NeuronPruning.h"
#include "kernels/mlp/Trainer.h"
#include "kernels/mlp/ZooCache.h"

namespace costscope::mlp {
namespace {

std::string pruneName(int level, bool fineTuned) {
    return "pruned" + std::to_string(level) + (fineTuned ? "-ft" : "");
}

std::string neuronName(int level, bool fineTuned) {
    return "neurons" + std::to_string(level) + (fineTuned ? "-ft" : "");
}

std::string defaultCacheDir() {
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return std::string(xdg) + "/costscope";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.cache/costscope";
    return (std::filesystem::temp_directory_path() / "costscope").string();
}

std::string hex(uint64_t value) {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
    return text;
}

// Names, sizes and a checksum of the four dataset files: other data means another key. Throws
// DatasetError (through the loader's own checks) when a file cannot be read.
nlohmann::ordered_json datasetFingerprint(const std::string& dir) {
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    uint64_t checksum = fnv1a64({});
    for (const bool train : {true, false}) {
        const auto [images, labels] = fashionMnistFiles(train, dir);
        for (const std::string& path : {images, labels}) {
            std::ifstream in(path, std::ios::binary);
            if (!in)
                loadFashionMnist(train, dir);  // throws the loader's error, with what to do
            const std::vector<unsigned char> bytes{std::istreambuf_iterator<char>(in),
                                                   std::istreambuf_iterator<char>()};
            checksum = fnv1a64(bytes, checksum);
            files.push_back({{"name", std::filesystem::path(path).filename().string()},
                             {"bytes", bytes.size()}});
        }
    }
    return {{"files", files}, {"fnv1a64", hex(checksum)}};
}

// The pruning pattern as a mask: 1 where the weight survived.
std::vector<uint8_t> maskOfNonZeros(const std::vector<float>& w) {
    std::vector<uint8_t> mask(w.size());
    for (size_t i = 0; i < w.size(); ++i)
        mask[i] = w[i] != 0.0f;
    return mask;
}

// Every layer pruned to exactly `level` % zeros (per layer, so each GEMM the variants run has
// the nominal sparsity, and so does the whole model). The mask comes from the surviving
// weights: a trained FP32 weight is never exactly zero, so the count stays exact.
Mlp pruneEveryLayer(const Mlp& dense, int level) {
    Mlp model = dense;
    for (Layer& layer : model.layers) {
        pruneByMagnitude(layer.w, level / 100.0);
        layer.mask = maskOfNonZeros(layer.w);
    }
    return model;
}

// Every layer to 2:4 along its input dimension (the rows of W are output channels), with the
// mask taken from the kept positions, so a weight that happens to be zero stays trainable.
Mlp twoFourEveryLayer(const Mlp& dense) {
    Mlp model = dense;
    for (Layer& layer : model.layers) {
        const TwoFourMatrix sparse = TwoFourMatrix::fromDense(layer.w.data(), layer.out, layer.in);
        sparse.toDense(layer.w.data());
        layer.mask.assign(layer.w.size(), 0);
        const int64_t groups = layer.out * layer.in / 4;
        for (int64_t g = 0; g < groups; ++g) {
            layer.mask[size_t(4 * g + sparse.first(g))] = 1;
            layer.mask[size_t(4 * g + sparse.second(g))] = 1;
        }
    }
    return model;
}

NamedModels trainZoo(const ZooSettings& settings, const Dataset& data) {
    NamedModels models;
    Mlp dense = initialize(settings.denseWidths, settings.denseInitSeed);
    train(dense, data, settings.dense);
    models.emplace_back("dense", dense);

    for (const int level : ZooSettings::pruneLevels())
        models.emplace_back(pruneName(level, false), pruneEveryLayer(dense, level));
    for (const int level : ZooSettings::pruneLevels()) {
        Mlp tuned = pruneEveryLayer(dense, level);
        train(tuned, data, settings.fineTune);
        models.emplace_back(pruneName(level, true), std::move(tuned));
    }
    Mlp twoFour = twoFourEveryLayer(dense);
    train(twoFour, data, settings.fineTune);
    models.emplace_back("2:4-ft", std::move(twoFour));

    const Dataset calibration = head(data, settings.calibrationImages);
    Mlp int8 = dense;
    calibrate(int8, calibration.images.data(), calibration.count);
    models.emplace_back("int8", std::move(int8));
    const auto calibrated = [&](const std::string& name) {
        Mlp model;
        for (const auto& [known, trained] : models) {
            if (known == name)
                model = trained;
        }
        calibrate(model, calibration.images.data(), calibration.count);
        return model;
    };
    models.emplace_back("pruned90-ft-int8", calibrated(pruneName(90, true)));

    // Structured: whole neurons of every hidden layer, ranked once on the trained teacher.
    for (const bool fineTuned : {false, true})
        for (const int level : ZooSettings::neuronLevels()) {
            Mlp smaller =
                keepNeurons(dense, neuronsToKeep(dense, level, settings.neuronImportance));
            if (fineTuned)
                train(smaller, data, settings.fineTune);
            models.emplace_back(neuronName(level, fineTuned), std::move(smaller));
        }
    models.emplace_back("neurons50-ft-int8", calibrated(neuronName(50, true)));

    // Same initial weights, same shuffles, same epochs: the loss is the only difference.
    Mlp student = initialize(settings.studentWidths, settings.studentInitSeed);
    Mlp distilled = student;
    train(student, data, settings.student);
    models.emplace_back("student", std::move(student));
    train(distilled, data, settings.student, predict(dense, data));
    models.emplace_back("student-kd", std::move(distilled));
    return models;
}

bool hasEveryModel(const NamedModels& models) {
    if (models.size() != ModelZoo::names().size())
        return false;
    for (size_t i = 0; i < models.size(); ++i) {
        if (models[i].first != ModelZoo::names()[i])
            return false;
    }
    return true;
}

// shared()'s state. The mutex is held while building, so concurrent first callers build once.
struct SharedZoo {
    std::mutex mutex;
    ZooOptions options;
    std::shared_ptr<const ModelZoo> zoo;
};

SharedZoo& sharedZoo() {
    static SharedZoo state;
    return state;
}

}  // namespace

std::shared_ptr<const ModelZoo> ModelZoo::build(const ZooOptions& options) {
    std::shared_ptr<ModelZoo> zoo(new ModelZoo());
    ZooReport& report = zoo->report_;
    zoo->test_ = loadFashionMnist(false, options.datasetDir);

    const nlohmann::ordered_json settings = {
        {"format", kZooFormatVersion},
        {"settings", nlohmann::ordered_json::parse(options.settings.toJson())},
        {"dataset", datasetFingerprint(options.datasetDir)}};
    report.settingsJson = settings.dump();
    report.settingsKey =
        hex(fnv1a64({reinterpret_cast<const unsigned char*>(report.settingsJson.data()),
                     report.settingsJson.size()}));
    const std::string dir = options.cacheDir.empty() ? defaultCacheDir() : options.cacheDir;
    report.cacheFile = dir + "/mlp-zoo-" + report.settingsKey + ".bin";

    if (options.retrain) {
        report.cacheProblem = "retraining as asked";
    } else {
        std::optional<NamedModels> cached =
            readZooFile(report.cacheFile, report.settingsKey, &report.cacheProblem);
        if (cached && hasEveryModel(*cached)) {
            zoo->models_ = std::move(*cached);
            return zoo;
        }
        if (cached)
            report.cacheProblem = "the cached zoo lacks some models";
    }

    const auto start = std::chrono::steady_clock::now();
    const Dataset data =
        head(loadFashionMnist(true, options.datasetDir), options.settings.trainImages);
    zoo->models_ = trainZoo(options.settings, data);
    report.trained = true;
    report.trainSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    try {
        writeZooFile(report.cacheFile, report.settingsKey, zoo->models_);
    } catch (const std::runtime_error& error) {
        report.cacheProblem = error.what();
    }
    return zoo;
}

void ModelZoo::configure(const ZooOptions& options) {
    SharedZoo& state = sharedZoo();
    const std::lock_guard lock(state.mutex);
    state.options = options;
    // The next shared() builds with these options; zoos already handed out stay valid.
    state.zoo.reset();
}

std::shared_ptr<const ModelZoo> ModelZoo::shared() {
    SharedZoo& state = sharedZoo();
    const std::lock_guard lock(state.mutex);
    if (!state.zoo)
        state.zoo = build(state.options);
    return state.zoo;
}

const std::vector<std::string>& ModelZoo::names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> result{"dense"};
        for (const bool fineTuned : {false, true}) {
            for (const int level : ZooSettings::pruneLevels())
                result.push_back(pruneName(level, fineTuned));
        }
        for (const char* name : {"2:4-ft", "int8", "pruned90-ft-int8"})
            result.emplace_back(name);
        for (const bool fineTuned : {false, true}) {
            for (const int level : ZooSettings::neuronLevels())
                result.push_back(neuronName(level, fineTuned));
        }
        for (const char* name : {"neurons50-ft-int8", "student", "student-kd"})
            result.emplace_back(name);
        return result;
    }();
    return names;
}

const Mlp& ModelZoo::model(const std::string& name) const {
    for (const auto& [known, model] : models_) {
        if (known == name)
            return model;
    }
    std::string list;
    for (const std::string& known : names())
        list += (list.empty() ? "" : ", ") + known;
    throw std::invalid_argument("ModelZoo: no model named '" + name + "' (known: " + list + ")");
}

}  // namespace costscope::mlp
