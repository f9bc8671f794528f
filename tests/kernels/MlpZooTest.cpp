// The real model zoo, trained into a temporary cache: the accuracy figures the workload promises.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>

#include "kernels/mlp/ModelZoo.h"
#include "kernels/mlp/Trainer.h"

namespace costscope::mlp {
namespace {

namespace fs = std::filesystem;

TEST(ModelZooFigures, TheStandardRecipeReachesItsAccuracies) {
    const fs::path cache =
        fs::temp_directory_path() / ("costscope-mlp-zoo-" + std::to_string(::getpid()));
    fs::remove_all(cache);
    ZooOptions options;
    options.cacheDir = cache.string();
    const auto zoo = ModelZoo::build(options);
    ASSERT_TRUE(zoo->report().trained);
    EXPECT_EQ(zoo->report().cacheProblem, "no cache file");

    std::map<std::string, double> accuracy;
    std::cout << "zoo trained in " << zoo->report().trainSeconds << " s into "
              << zoo->report().cacheFile << "\n";
    for (const std::string& name : ModelZoo::names()) {
        const Mlp& model = zoo->model(name);
        accuracy[name] = evaluate(model, zoo->test(), name.ends_with("int8"));
        std::cout << std::left << std::setw(18) << name << std::setw(16) << model.shape()
                  << " sparsity " << std::fixed << std::setprecision(4) << model.sparsity()
                  << "  test accuracy " << std::setprecision(2) << 100 * accuracy[name] << " %"
                  << (name.ends_with("int8") ? " (INT8 simulated)" : "") << "\n";
    }
    EXPECT_GE(accuracy["dense"], 0.88);
    EXPECT_NEAR(accuracy["int8"], accuracy["dense"], 0.01);
    EXPECT_GE(accuracy["pruned90-ft"], accuracy["dense"] - 0.02);
    EXPECT_GT(accuracy["student-kd"], accuracy["student"]);
    for (const int level : ZooSettings::pruneLevels()) {
        const std::string name = "pruned" + std::to_string(level);
        EXPECT_GE(accuracy[name + "-ft"], accuracy[name]) << name;
    }
    // Structured: half of every hidden layer's neurons gone, fine-tuned, within 1.5 points.
    EXPECT_GE(accuracy["neurons50-ft"], accuracy["dense"] - 0.015);
    EXPECT_NEAR(accuracy["neurons50-ft-int8"], accuracy["neurons50-ft"], 0.01);
    for (const int level : ZooSettings::neuronLevels()) {
        const std::string name = "neurons" + std::to_string(level);
        EXPECT_GE(accuracy[name + "-ft"], accuracy[name]) << name;
    }
    EXPECT_EQ(zoo->model("neurons50-ft").shape(), "784-256-128-10");
    EXPECT_EQ(zoo->model("neurons75-ft").shape(), "784-128-64-10");

    // The dense baseline alone, trained again to the same weights (determinism). Its time is
    // printed for people, not asserted: a test does not time code (docs/benchmarks.md does).
    const auto start = std::chrono::steady_clock::now();
    Mlp dense = initialize(options.settings.denseWidths, options.settings.denseInitSeed);
    train(dense, loadFashionMnist(true), options.settings.dense);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "dense alone: " << seconds << " s\n";
    for (size_t l = 0; l < dense.layers.size(); ++l)
        EXPECT_EQ(dense.layers[l].w, zoo->model("dense").layers[l].w) << "layer " << l;

    // The second build loads what the first cached.
    const auto loaded = ModelZoo::build(options);
    EXPECT_FALSE(loaded->report().trained) << loaded->report().cacheProblem;
    for (const std::string& name : ModelZoo::names())
        EXPECT_EQ(loaded->model(name).layers[0].w, zoo->model(name).layers[0].w) << name;
    fs::remove_all(cache);
}

}  // namespace
}  // namespace costscope::mlp
