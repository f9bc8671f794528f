// The mlp workload on the trained zoo (slow: trains on first use): every CPU backend's
// accuracy is the reference evaluation's, and INT8 beats FP32 at batch 1024.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "kernels/Catalog.h"
#include "kernels/OnednnInt8Product.h"
#include "kernels/mlp/MlpForward.h"
#include "kernels/mlp/MlpVariant.h"
#include "kernels/mlp/ModelZoo.h"

namespace costscope::mlp {
namespace {

std::vector<int> predictions(const std::vector<float>& logits) {
    std::vector<int> labels(logits.size() / 10);
    for (size_t i = 0; i < labels.size(); ++i)
        labels[i] = int(std::max_element(&logits[i * 10], &logits[i * 10 + 10]) - &logits[i * 10]);
    return labels;
}

TEST(MlpZoo, EveryCpuBackendEvaluatesAsTheReference) {
    const auto zoo = ModelZoo::shared();
    const Dataset& test = zoo->test();
    ASSERT_EQ(test.count, 10000);
    for (const auto& spec :
         expandWorkload({.family = "mlp", .devices = {"cpu"}, .batches = {1000}})) {
        SCOPED_TRACE(spec.name());
        if (spec.precision == "int8" && !OnednnInt8Product::cpuRefusal().empty())
            continue;  // refused on this CPU (no AVX-512 VNNI)
        const Mlp& model = zoo->model(spec.model);
        std::vector<float> reference;
        forward(model, test.images.data(), test.count, reference);
        MlpForward backend(model, backendOf(spec), 1000);
        const std::vector<float> logits = backend.logitsOf(test);
        const auto ours = predictions(logits), theirs = predictions(reference);
        int64_t same = 0;
        for (size_t i = 0; i < ours.size(); ++i)
            same += ours[i] == theirs[i];
        const double accuracy = accuracyOf(logits, test.labels);
        const double expected = accuracyOf(reference, test.labels);
        std::printf("%-36s accuracy %.4f (reference %.4f), %lld of 10000 predictions agree\n",
                    spec.name().c_str(), accuracy, expected, static_cast<long long>(same));
        if (spec.precision == "int8") {
            EXPECT_GE(same, 9900);
            EXPECT_NEAR(accuracy, expected, 0.01);
        } else {
            EXPECT_EQ(same, 10000);
            EXPECT_EQ(accuracy, expected);
        }
    }
}

TEST(MlpZoo, VariantReportsTheBackendsAccuracy) {
    const auto zoo = ModelZoo::shared();
    for (const auto& spec : expandWorkload(
             {.family = "mlp", .devices = {"cpu"}, .models = {"pruned90-ft"}, .batches = {64}})) {
        SCOPED_TRACE(spec.name());
        MlpVariant variant(spec);
        variant.setUp();
        variant.run();
        const Quality q = variant.check();
        std::vector<float> reference;
        forward(zoo->model(spec.model), zoo->test().images.data(), zoo->test().count, reference);
        ASSERT_TRUE(q.accuracy.has_value());
        EXPECT_EQ(*q.accuracy, accuracyOf(reference, zoo->test().labels));
        EXPECT_LT(q.kernelError, 1e-5);
        EXPECT_GT(q.approxError, q.kernelError);
    }
}

}  // namespace
}  // namespace costscope::mlp
