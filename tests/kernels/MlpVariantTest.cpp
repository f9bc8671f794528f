// The mlp workload without the zoo: a small hand-built model on synthetic images through every
// CPU backend, the catalog's mlp specs and their errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "kernels/Catalog.h"
#include "kernels/OnednnInt8Product.h"
#include "kernels/mlp/MlpForward.h"
#include "kernels/mlp/MlpVariant.h"
#include "kernels/mlp/ModelArchitecture.h"
#include "kernels/mlp/ModelZoo.h"
#include "tests/kernels/SmallMlpFixture.h"

namespace costscope::mlp {
namespace {

using namespace smallmlp;

TEST(MlpForward, DenseAndSparseBackendsPredictAsTheReferenceOnEveryImage) {
    const Fixture& f = fixture();
    struct Case {
        const char* name;
        std::shared_ptr<const Mlp> model;
        Backend backend;
    };
    for (const Case& c :
         {Case{"dense/openblas", f.dense, Backend::Openblas},
          Case{"dense/onednn", f.dense, Backend::Onednn}, Case{"dense/csr", f.dense, Backend::Csr},
          Case{"pruned/csr", f.pruned, Backend::Csr},
          Case{"pruned/libxsmm", f.pruned, Backend::Libxsmm},
          Case{"pruned/openblas", f.pruned, Backend::Openblas},
          Case{"2:4/2:4", f.twoFour, Backend::TwoFour}, Case{"2:4/csr", f.twoFour, Backend::Csr}}) {
        const std::vector<float> reference = referenceLogits(*c.model);
        for (const int64_t n : {int64_t{1}, int64_t{64}, int64_t{1000}}) {
            SCOPED_TRACE(std::string(c.name) + " n=" + std::to_string(n));
            MlpForward forward(*c.model, c.backend, n);
            const std::vector<float> logits = forward.logitsOf(*f.test);
            EXPECT_LT(relativeError(logits, reference), 1e-5);
            EXPECT_EQ(predictions(logits), predictions(reference));  // to the last image
        }
    }
}

TEST(MlpForward, Int8AgreesWithTheReferenceWithinTolerance) {
    if (const std::string refusal = OnednnInt8Product::cpuRefusal(); !refusal.empty())
        GTEST_SKIP() << refusal;
    const Fixture& f = fixture();
    const std::vector<float> reference = referenceLogits(*f.int8);
    for (const int64_t n : {int64_t{1}, int64_t{256}}) {
        SCOPED_TRACE(n);
        MlpForward forward(*f.int8, Backend::OnednnInt8, n);
        const std::vector<float> logits = forward.logitsOf(*f.test);
        const auto ours = predictions(logits), theirs = predictions(reference);
        int64_t same = 0;
        for (size_t i = 0; i < ours.size(); ++i)
            same += ours[i] == theirs[i];
        // INT8 rounding moves a few near-ties: at least 99 % of the predictions stay.
        EXPECT_GE(double(same) / double(ours.size()), 0.99);
        EXPECT_LT(relativeError(logits, reference), 2e-2);
        EXPECT_GT(relativeError(logits, reference), 0.0);  // it did quantize
    }
}

TEST(MlpForward, Int8NeedsACalibratedModel) {
    EXPECT_THROW(MlpForward(*fixture().dense, Backend::OnednnInt8, 8), std::invalid_argument);
}

TEST(MlpForward, ALayerThatIsNotTwoFourRunsDense) {
    const Fixture& f = fixture();
    Mlp mixed = *f.twoFour;
    mixed.layers.back() = f.dense->layers.back();
    MlpForward forward(mixed, Backend::TwoFour, 64);
    EXPECT_NE(forward.implementation().find("layer 3: OpenBLAS"), std::string::npos)
        << forward.implementation();
    EXPECT_NE(forward.implementation().find("not 2:4"), std::string::npos);
    EXPECT_EQ(predictions(forward.logitsOf(*f.test)), predictions(referenceLogits(mixed)));
}

TEST(MlpForward, WeightBytesCountEachFormat) {
    const Fixture& f = fixture();
    const int64_t weights = 784 * 32 + 32 * 16 + 16 * 10, biases = 32 + 16 + 10, rows = 58;
    EXPECT_EQ(MlpForward(*f.dense, Backend::Openblas, 4).weightBytes(), 4 * (weights + biases));
    EXPECT_EQ(MlpForward(*f.dense, Backend::Onednn, 4).weightBytes(), 4 * (weights + biases));
    // CSR: value and column index per non-zero, rows + 1 pointers per layer.
    int64_t nonZeros = 0;
    for (const auto& layer : f.pruned->layers)
        nonZeros += std::count_if(layer.w.begin(), layer.w.end(), [](float v) { return v != 0; });
    EXPECT_EQ(MlpForward(*f.pruned, Backend::Csr, 4).weightBytes(),
              8 * nonZeros + 4 * (rows + 3) + 4 * biases);
    // 2:4: half the values, four bits of positions per group of four.
    EXPECT_EQ(MlpForward(*f.twoFour, Backend::TwoFour, 4).weightBytes(),
              4 * weights / 2 + weights / 8 + 4 * biases);
    // INT8: a byte per weight, an FP32 scale per output channel.
    if (const std::string refusal = OnednnInt8Product::cpuRefusal(); !refusal.empty())
        GTEST_SKIP() << refusal;
    EXPECT_EQ(MlpForward(*f.int8, Backend::OnednnInt8, 4).weightBytes(),
              weights + 4 * rows + 4 * biases);
}

TEST(MlpVariant, ChecksAgainstTheReferenceTheTeacherAndTheWholeTestSet) {
    const Fixture& f = fixture();
    struct Case {
        VariantSpec spec;
        std::shared_ptr<const Mlp> model;
        double kernelTolerance;
        const char* implementation;
    };
    for (const Case& c :
         {Case{mlpSpec("openblas", "fp32", "dense", 64), f.dense, 1e-5, "OpenBLAS "},
          Case{mlpSpec("onednn", "fp32", "dense", 1), f.dense, 1e-5, "oneDNN "},
          Case{mlpSpec("costscope", "fp32", "csr", 64), f.pruned, 1e-5, "costscope CSR SpMM, "},
          Case{mlpSpec("openblas", "fp32", "dense", 7), f.pruned, 1e-5, "OpenBLAS "},
          Case{mlpSpec("costscope", "fp32", "2:4", 64), f.twoFour, 1e-5, "costscope 2:4 SpMM, "},
          Case{mlpSpec("onednn", "int8", "dense", 64), f.int8, 2e-2, "oneDNN "}}) {
        SCOPED_TRACE(c.spec.name() + (c.model == f.pruned ? " (pruned)" : ""));
        if (c.spec.precision == "int8" && !OnednnInt8Product::cpuRefusal().empty())
            continue;  // refused on this CPU, as Int8AgreesWithTheReferenceWithinTolerance says
        MlpVariant variant(c.spec, f.source(c.model));
        variant.setUp();
        variant.run();
        variant.run();
        const Quality q = variant.check();
        EXPECT_LT(q.kernelError, c.kernelTolerance);
        // The INT8 model has the teacher's weights: both references are the same forward.
        if (c.model->layers[0].w == f.dense->layers[0].w) {
            EXPECT_EQ(q.approxError, q.kernelError);
        } else {
            EXPECT_GT(q.approxError, q.kernelError);
        }
        ASSERT_TRUE(q.accuracy.has_value());
        const double reference = accuracyOf(referenceLogits(*c.model), f.test->labels);
        if (c.spec.precision == "int8") {
            EXPECT_NEAR(*q.accuracy, reference, 0.01);
        } else {
            EXPECT_EQ(*q.accuracy, reference);
        }
        if (c.model == f.dense) {
            EXPECT_EQ(*q.accuracy, 1.0);
        }  // the labels are the dense model's predictions
        // Layers whose libraries chose differently are listed one by one ("layer 1: oneDNN ...").
        EXPECT_NE(variant.implementation().find(c.implementation), std::string::npos)
            << variant.implementation();
        EXPECT_EQ(variant.implementation().find("ref:"), std::string::npos);
        EXPECT_GT(variant.weightBytes(), 0);
        EXPECT_GE(variant.threads(), 1);
    }
}

TEST(MlpVariant, SetUpRefusesAModelOrBatchThatDoesNotFit) {
    const Fixture& f = fixture();
    VariantSpec tooMany = mlpSpec("openblas", "fp32", "dense", kImages + 1);
    EXPECT_THROW(MlpVariant(tooMany, f.source(f.dense)).setUp(), std::invalid_argument);
    VariantSpec wrongClasses = mlpSpec("openblas", "fp32", "dense", 8);
    wrongClasses.m = 12;
    EXPECT_THROW(MlpVariant(wrongClasses, f.source(f.dense)).setUp(), std::invalid_argument);
    EXPECT_THROW(MlpVariant(mlpSpec("onednn", "int8", "dense", 8), f.source(f.dense)).setUp(),
                 std::invalid_argument);
    EXPECT_THROW(MlpVariant(mlpSpec("librsb", "fp32", "csr", 8), f.source(f.dense)),
                 std::invalid_argument);
}

TEST(MlpSpecs, NamesAndFlopsFollowTheModel) {
    const auto specs =
        expandWorkload({.family = "mlp", .devices = {"cpu"}, .models = {"pruned90-ft", "student"}});
    std::vector<std::string> names;
    for (const auto& spec : specs)
        names.push_back(spec.name());
    EXPECT_EQ(names, (std::vector<std::string>{
                         "mlp/pruned90-ft/costscope/cpu/b1", "mlp/pruned90-ft/libxsmm/cpu/b1",
                         "mlp/pruned90-ft/openblas/cpu/b1", "mlp/pruned90-ft/costscope/cpu/b64",
                         "mlp/pruned90-ft/libxsmm/cpu/b64", "mlp/pruned90-ft/openblas/cpu/b64",
                         "mlp/pruned90-ft/costscope/cpu/b1024", "mlp/pruned90-ft/libxsmm/cpu/b1024",
                         "mlp/pruned90-ft/openblas/cpu/b1024", "mlp/student/openblas/cpu/b1",
                         "mlp/student/onednn/cpu/b1", "mlp/student/openblas/cpu/b64",
                         "mlp/student/onednn/cpu/b64", "mlp/student/openblas/cpu/b1024",
                         "mlp/student/onednn/cpu/b1024"}));
    const VariantSpec& pruned = specs[5];
    EXPECT_EQ(pruned.structure, "dense");
    EXPECT_DOUBLE_EQ(pruned.sparsity, 0.9);
    EXPECT_EQ(pruned.m, 10);
    EXPECT_EQ(pruned.k, 784);
    // Dense-equivalent: 2 * (784*512 + 512*256 + 256*10) per image, whatever the pruning.
    EXPECT_DOUBLE_EQ(pruned.flops(), 2.0 * (784 * 512 + 512 * 256 + 256 * 10) * 64);
    EXPECT_DOUBLE_EQ(specs[14].flops(), 2.0 * (784 * 64 + 64 * 10) * 1024);
    EXPECT_EQ(specs[0].structure, "csr");
    EXPECT_EQ(widthsOf("student-kd"), (std::vector<int64_t>{784, 64, 10}));
    EXPECT_EQ(widthsOf("pruned90-ft-int8"), (std::vector<int64_t>{784, 512, 256, 10}));
    EXPECT_EQ(widthsOf("neurons50-ft"), (std::vector<int64_t>{784, 256, 128, 10}));
    EXPECT_EQ(widthsOf("neurons75"), (std::vector<int64_t>{784, 128, 64, 10}));
}

TEST(MlpSpecs, NeuronPrunedModelsCountTheTeachersWorkAndTheWeightsTheyRemoved) {
    const auto specs = expandWorkload(
        {.family = "mlp", .backends = {"openblas"}, .models = {"neurons50-ft"}, .batches = {64}});
    ASSERT_EQ(specs.size(), 1u);
    const VariantSpec& spec = specs[0];
    EXPECT_EQ(spec.name(), "mlp/neurons50-ft/openblas/cpu/b64");
    EXPECT_EQ(spec.structure, "struct");
    const double teacher = 784 * 512 + 512 * 256 + 256 * 10;
    const double kept = 784 * 256 + 256 * 128 + 128 * 10;
    EXPECT_DOUBLE_EQ(spec.sparsity, 1.0 - kept / teacher);
    EXPECT_NEAR(spec.sparsity, 0.561, 1e-3);
    EXPECT_NEAR(sparsityOf("neurons75-ft"), 1.0 - (784 * 128 + 128 * 64 + 64 * 10) / teacher,
                1e-12);
    // Dense-equivalent, as for every pruned copy of the teacher.
    EXPECT_DOUBLE_EQ(spec.flops(), 2.0 * teacher * 64);
}

TEST(MlpSpecs, EveryModelGetsTheBackendsItsWeightsSuit) {
    const auto specs = expandWorkload({.family = "mlp", .batches = {32}});
    const auto backendsOf = [&](const std::string& model, const std::string& device) {
        std::vector<std::string> found;
        for (const auto& spec : specs)
            if (spec.model == model && spec.device == device)
                found.push_back(spec.backend + ":" + spec.precision + ":" + spec.structure);
        return found;
    };
    using List = std::vector<std::string>;
    EXPECT_EQ(backendsOf("dense", "cpu"), (List{"openblas:fp32:dense", "onednn:fp32:dense"}));
    EXPECT_EQ(backendsOf("student-kd", "cpu"), (List{"openblas:fp32:dense", "onednn:fp32:dense"}));
    EXPECT_EQ(backendsOf("pruned50", "cpu"),
              (List{"costscope:fp32:csr", "libxsmm:fp32:csr", "openblas:fp32:dense"}));
    EXPECT_EQ(backendsOf("2:4-ft", "cpu"), (List{"costscope:fp32:2:4"}));
    EXPECT_EQ(backendsOf("int8", "cpu"), (List{"onednn:int8:dense"}));
    EXPECT_EQ(backendsOf("pruned90-ft-int8", "cpu"), (List{"onednn:int8:dense"}));
    EXPECT_EQ(backendsOf("dense", "gpu"), (List{"cublas:fp32:dense"}));
    EXPECT_EQ(backendsOf("pruned95-ft", "gpu"), (List{"cusparse:fp32:csr"}));
    EXPECT_EQ(backendsOf("int8", "gpu"), (List{"cublaslt:int8:dense"}));
    // Neuron-pruned models are smaller dense ones: every dense backend.
    EXPECT_EQ(backendsOf("neurons50-ft", "cpu"),
              (List{"openblas:fp32:struct", "onednn:fp32:struct"}));
    EXPECT_EQ(backendsOf("neurons75", "gpu"), (List{"cublas:fp32:struct"}));
    EXPECT_EQ(backendsOf("neurons50-ft-int8", "cpu"), (List{"onednn:int8:struct"}));
    EXPECT_EQ(backendsOf("neurons50-ft-int8", "gpu"), (List{"cublaslt:int8:struct"}));
    // CPU: 3 dense models x 2 + 8 pruned x 3 + 2:4 + 2 int8 + 4 neuron-pruned x 2 + 1 neuron-pruned
    // int8; GPU: 3 + 8 + 2 + 4 + 1 (no 2:4 entry).
    EXPECT_EQ(specs.size(), 42u + 18u);
}

TEST(MlpSpecs, CatalogErrorsNameTheFieldAndTheChoices) {
    const auto messageOf = [](const WorkloadRequest& request) {
        try {
            expandWorkload(request);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    const std::string unknown = messageOf({.family = "mlp", .models = {"dense", "pruned99"}});
    EXPECT_TRUE(
        unknown.starts_with("models: 'pruned99' is not a model of the zoo (known: "
                            "'dense', 'pruned50', "))
        << unknown;
    EXPECT_NE(unknown.find("'student-kd')"), std::string::npos) << unknown;
    EXPECT_TRUE(messageOf({.family = "mlp", .batches = {0}}).starts_with("batches: "));
    EXPECT_TRUE(messageOf({.family = "mlp", .batches = {10001}}).starts_with("batches: "));
    EXPECT_TRUE(messageOf({.family = "mlp", .shapes = {{10, 64, 784}}}).starts_with("sizes: "));
    EXPECT_TRUE(messageOf({.family = "mlp", .sparsities = {0.9}}).starts_with("sparsities: "));
    EXPECT_TRUE(messageOf({.family = "mlp", .backends = {"librsb"}}).starts_with("backends: "));
    EXPECT_TRUE(messageOf({.family = "gemm", .shapes = {{8, 8, 8}}, .models = {"dense"}})
                    .starts_with("models: only the mlp family"));
    EXPECT_TRUE(messageOf({.family = "gemm", .shapes = {{8, 8, 8}}, .batches = {4}})
                    .starts_with("batches: only the mlp family"));
    EXPECT_TRUE(messageOf({.family = "mlp", .precisions = {"int8"}, .models = {"dense"}})
                    .starts_with("no variant exists"));
}

TEST(MlpSpecs, GpuSpecsBuildGpuVariantsInACudaBuildOnly) {
    for (const auto& spec : expandWorkload({.family = "mlp", .devices = {"gpu"}, .batches = {1}})) {
        SCOPED_TRACE(spec.name());
        if (!builtWithCuda()) {
            EXPECT_THROW(createVariant(spec), Unsupported);
            continue;
        }
        // Built without touching the zoo or a device: setUp() does (GpuVariantTest.cpp).
        const auto variant = createVariant(spec);
        ASSERT_NE(variant, nullptr);
        EXPECT_EQ(variant->spec(), spec);
        EXPECT_EQ(dynamic_cast<MlpVariant*>(variant.get()), nullptr);
        EXPECT_EQ(variant->threads(), 1);
    }
}

TEST(MlpSpecs, CpuSpecsBuildMlpVariantsWithoutTouchingTheZoo) {
    for (const auto& spec : expandWorkload({.family = "mlp", .devices = {"cpu"}, .batches = {1}})) {
        SCOPED_TRACE(spec.name());
        const auto variant = createVariant(spec);
        EXPECT_NE(dynamic_cast<MlpVariant*>(variant.get()), nullptr);
    }
}

TEST(MlpSpecs, ArchitectureTableNamesEveryZooModel) {
    EXPECT_EQ(knownModels(), ModelZoo::names());
}

}  // namespace
}  // namespace costscope::mlp
