// Every model the mlp workload measures: trained once on the CPU, cached on disk, then loaded.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kernels/mlp/FashionMnist.h"
#include "kernels/mlp/Mlp.h"
#include "kernels/mlp/ZooSettings.h"

namespace costscope::mlp {

struct ZooOptions {
    std::string datasetDir = costscope::mlp::datasetDir();
    // Where trained weights are kept: $XDG_CACHE_HOME/costscope, else ~/.cache/costscope.
    std::string cacheDir;
    bool retrain = false;  // ignore the cache (costscope-record --retrain)
    // The training recipe (the cache key includes it); tests use ZooSettings::tiny().
    ZooSettings settings;
};

// How the zoo came to be, for the recording.
struct ZooReport {
    bool trained = false;      // false: loaded from the cache
    double trainSeconds = 0;   // wall time of training (0 when loaded)
    std::string cacheFile;     // the file written or read
    std::string settingsKey;   // hash of the training settings and the data the file is keyed by
    std::string settingsJson;  // the settings themselves
    // Why the cache was not used (loaded = false) or could not be written; empty when the zoo
    // came from the cache or was written to it. Never fatal: the zoo is usable either way.
    std::string cacheProblem;
};

// The models, by name (see ModelZoo::names()):
//   dense                          784-512-256-10, trained on labels (the teacher)
//   pruned50 pruned80 pruned90 pruned95        magnitude-pruned dense, no fine-tune
//   pruned50-ft ... pruned95-ft                the same, fine-tuned with the mask held
//   2:4-ft                          2:4 structured pruning (every group of 4 inputs keeps 2),
//   fine-tuned int8                            dense with INT8 calibration (inputAbsMax per layer)
//   pruned90-ft-int8                pruned90-ft with INT8 calibration
//   neurons50 neurons75             half / three quarters of each hidden layer's neurons removed
//                                   (784-256-128-10, 784-128-64-10), no fine-tune
//   neurons50-ft neurons75-ft       the same, fine-tuned (a smaller dense model, no mask)
//   neurons50-ft-int8               neurons50-ft with INT8 calibration
//   student                         784-64-10 trained on labels alone
//   student-kd                      784-64-10 distilled from dense's softened outputs
class ModelZoo {
  public:
    // Loads the cached zoo for these settings, or trains and caches it (about two minutes on 2
    // cores). Throws DatasetError when the data is missing or malformed. A cache that cannot be
    // read is retrained, and one that cannot be written is reported in report().cacheProblem:
    // neither throws, since the trained models are good either way.
    static std::shared_ptr<const ModelZoo> build(const ZooOptions& options);

    // The process's zoo: built on first use with the options last given to configure() (or the
    // defaults), then shared. The recorder configures it from --retrain before any variant.
    static void configure(const ZooOptions& options);
    static std::shared_ptr<const ModelZoo> shared();

    static const std::vector<std::string>& names();
    // Throws std::invalid_argument naming the model when it is not one of names().
    const Mlp& model(const std::string& name) const;
    const Dataset& test() const { return test_; }
    const ZooReport& report() const { return report_; }

  private:
    ModelZoo() = default;

    std::vector<std::pair<std::string, Mlp>> models_;
    Dataset test_;
    ZooReport report_;
};

}  // namespace costscope::mlp
