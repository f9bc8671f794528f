// Which ranking of hidden neurons structured pruning should use: the zoo's teacher (loaded from
// the cache, trained on first use) pruned at 50 and 75 % of each hidden layer's neurons by every
// NeuronImportance, its test accuracy before and after the zoo's fine-tuning recipe
// (docs/model-results.md, "Structured pruning"). Prints one row per ranking and level.
#include <cstdio>
#include <exception>

#include "kernels/mlp/ModelZoo.h"
#include "kernels/mlp/NeuronPruning.h"
#include "kernels/mlp/Trainer.h"

using namespace costscope::mlp;

int main() {
    try {
        const auto zoo = ModelZoo::build(ZooOptions{});
        const ZooSettings settings;
        const Dataset data = head(loadFashionMnist(true, datasetDir()), settings.trainImages);
        const Mlp& dense = zoo->model("dense");
        std::printf("teacher %s: %.2f %%\n", dense.shape().c_str(),
                    100 * evaluate(dense, zoo->test()));
        std::printf("%-16s %6s %-16s %12s %12s\n", "importance", "level", "shape", "as pruned",
                    "fine-tuned");
        for (const auto importance : {NeuronImportance::InTimesOut, NeuronImportance::Incoming})
            for (const int level : ZooSettings::neuronLevels()) {
                Mlp model = keepNeurons(dense, neuronsToKeep(dense, level, importance));
                const double before = evaluate(model, zoo->test());
                train(model, data, settings.fineTune);
                std::printf("%-16s %5d%% %-16s %10.2f %% %10.2f %%\n", toString(importance).c_str(),
                            level, model.shape().c_str(), 100 * before,
                            100 * evaluate(model, zoo->test()));
            }
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "neuron_importance: %s\n", error.what());
        return 1;
    }
}
