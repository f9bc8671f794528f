// Tests of the mlp workload's model: IDX loading, the forward pass, training, the zoo and its
// cache.
#include <gtest/gtest.h>
#include <zlib.h>

#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "kernels/MagnitudePruning.h"
#include "kernels/mlp/FashionMnist.h"
#include "kernels/mlp/ModelZoo.h"
#include "kernels/mlp/NeuronPruning.h"
#include "kernels/mlp/Trainer.h"
#include "kernels/mlp/ZooCache.h"

namespace costscope::mlp {
namespace {

namespace fs = std::filesystem;

// A fresh directory under the system's temporary directory, removed at the end of the test.
class TempDir {
  public:
    TempDir() {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        path_ = fs::temp_directory_path() / ("costscope-mlp-" + std::to_string(::getpid()) + "-" +
                                             test->test_suite_name() + "-" + test->name());
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() { fs::remove_all(path_); }
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    std::string path() const { return path_.string(); }

  private:
    fs::path path_;
};

void bigEndian(std::vector<unsigned char>& out, uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<unsigned char>(value >> shift));
}

std::vector<unsigned char> idxImages(uint32_t count, uint32_t rows = 28, uint32_t cols = 28,
                                     uint32_t magic = 2051) {
    std::vector<unsigned char> bytes;
    for (const uint32_t v : {magic, count, rows, cols})
        bigEndian(bytes, v);
    for (uint32_t i = 0; i < count * rows * cols; ++i)
        bytes.push_back(static_cast<unsigned char>(i * 7 % 256));
    return bytes;
}

std::vector<unsigned char> idxLabels(uint32_t count, uint32_t magic = 2049) {
    std::vector<unsigned char> bytes;
    for (const uint32_t v : {magic, count})
        bigEndian(bytes, v);
    for (uint32_t i = 0; i < count; ++i)
        bytes.push_back(static_cast<unsigned char>(i % 10));
    return bytes;
}

void writeFile(const std::string& path, const std::vector<unsigned char>& bytes, bool gzip) {
    if (gzip) {
        gzFile file = gzopen(path.c_str(), "wb");
        ASSERT_NE(file, nullptr);
        ASSERT_EQ(gzwrite(file, bytes.data(), unsigned(bytes.size())), int(bytes.size()));
        gzclose(file);
    } else {
        std::ofstream out(path, std::ios::binary);
        out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    }
}

// The DatasetError message of loading these two files, or "" when they load.
std::string loadError(const std::string& images, const std::string& labels) {
    try {
        loadIdx(images, labels);
    } catch (const DatasetError& error) {
        return error.what();
    }
    return "";
}

TEST(FashionMnistIdx, ReadsPlainAndGzipFiles) {
    TempDir dir;
    for (const bool gzip : {false, true}) {
        const std::string images = dir.file(gzip ? "i.gz" : "i"),
                          labels = dir.file(gzip ? "l.gz" : "l");
        writeFile(images, idxImages(3), gzip);
        writeFile(labels, idxLabels(3), gzip);
        const Dataset data = loadIdx(images, labels);
        ASSERT_EQ(data.count, 3);
        ASSERT_EQ(data.images.size(), size_t(3 * Dataset::kPixels));
        EXPECT_EQ(data.labels, (std::vector<uint8_t>{0, 1, 2}));
        for (size_t i = 0; i < data.images.size(); ++i)
            ASSERT_FLOAT_EQ(data.images[i], float(i * 7 % 256) / 255.0f) << i;
    }
}

TEST(FashionMnistIdx, RejectsBrokenFilesNamingFileAndProblem) {
    TempDir dir;
    const std::string images = dir.file("images"), labels = dir.file("labels");
    const auto expectError = [&](const std::string& file, const std::string& problem) {
        const std::string message = loadError(images, labels);
        EXPECT_NE(message.find(file), std::string::npos) << message;
        EXPECT_NE(message.find(problem), std::string::npos) << message;
    };
    writeFile(labels, idxLabels(3), true);

    writeFile(images, idxImages(3, 28, 28, 2049), true);
    expectError(images, "wrong magic number 2049");
    std::vector<unsigned char> truncated = idxImages(3);
    truncated.resize(truncated.size() - 5);
    writeFile(images, truncated, false);
    expectError(images, "truncated");
    writeFile(images, idxImages(3, 28, 27), true);
    expectError(images, "28x27");
    truncated.resize(10);
    writeFile(images, truncated, true);
    expectError(images, "truncated");

    writeFile(images, idxImages(3), true);
    writeFile(labels, idxLabels(4), true);
    expectError(labels, "holds 4 labels but");
    writeFile(labels, idxLabels(3, 2051), false);
    expectError(labels, "wrong magic number 2051");
    std::vector<unsigned char> badLabel = idxLabels(3);
    badLabel.back() = 10;
    writeFile(labels, badLabel, true);
    expectError(labels, "label 10 of item 2");
    writeFile(labels, idxLabels(3), true);
    EXPECT_EQ(loadError(images, labels), "");

    // A header claiming four billion images is refused before memory is taken for them.
    std::vector<unsigned char> huge = idxImages(1);
    huge[4] = huge[5] = huge[6] = huge[7] = 0xff;
    writeFile(images, huge, true);
    expectError(images, "claims 4294967295 images, more than the 100000");

    const std::string missing = dir.file("absent.gz");
    const std::string message = loadError(missing, labels);
    EXPECT_NE(message.find(missing), std::string::npos) << message;
    EXPECT_NE(message.find("dataset-fashion-mnist"), std::string::npos) << message;
    EXPECT_NE(message.find("COSTSCOPE_FASHION_MNIST"), std::string::npos) << message;
}

TEST(FashionMnistIdx, FindsUncompressedFilesWhenNoGzipOnes) {
    TempDir dir;
    writeFile(dir.file("t10k-images-idx3-ubyte"), idxImages(2), false);
    writeFile(dir.file("t10k-labels-idx1-ubyte"), idxLabels(2), false);
    EXPECT_EQ(loadFashionMnist(false, dir.path()).count, 2);
    EXPECT_THROW(loadFashionMnist(true, dir.path()), DatasetError);
}

// The forward pass against a plain loop in double.
TEST(Mlp, ForwardMatchesANaiveLoopAndCountsItsShape) {
    const Mlp model = initialize({784, 12, 8, 10}, 5);
    EXPECT_EQ(model.shape(), "784-12-8-10");
    EXPECT_EQ(model.widths(), (std::vector<int64_t>{784, 12, 8, 10}));
    EXPECT_DOUBLE_EQ(model.flopsPerImage(), 2.0 * (784 * 12 + 12 * 8 + 8 * 10));
    EXPECT_DOUBLE_EQ(model.sparsity(), 0.0);

    const int64_t batch = 3;
    std::vector<float> images(size_t(batch * 784));
    for (size_t i = 0; i < images.size(); ++i)
        images[i] = float((i * 37) % 101) / 100.0f;
    std::vector<float> logits;
    forward(model, images.data(), batch, logits);
    ASSERT_EQ(logits.size(), size_t(batch * 10));
    for (int64_t r = 0; r < batch; ++r) {
        std::vector<double> x(images.begin() + r * 784, images.begin() + (r + 1) * 784);
        for (size_t l = 0; l < model.layers.size(); ++l) {
            const Layer& layer = model.layers[l];
            std::vector<double> y(size_t(layer.out));
            for (int64_t o = 0; o < layer.out; ++o) {
                double sum = layer.b[size_t(o)];
                for (int64_t i = 0; i < layer.in; ++i)
                    sum += double(layer.w[size_t(o * layer.in + i)]) * x[size_t(i)];
                y[size_t(o)] = l + 1 < model.layers.size() ? std::max(sum, 0.0) : sum;
            }
            x = std::move(y);
        }
        for (int64_t c = 0; c < 10; ++c)
            EXPECT_NEAR(logits[size_t(r * 10 + c)], x[size_t(c)], 1e-4 * (1 + std::fabs(x[c])));
    }
}

TEST(Mlp, AccuracyCountsTopOne) {
    const std::vector<float> logits{0, 1, 2, /**/ 5, 1, 0, /**/ 0, 3, 1, /**/ 1, 1, 4};
    EXPECT_DOUBLE_EQ(accuracyOf(logits, {2, 0, 2, 0}, 3), 0.5);
    EXPECT_THROW(accuracyOf(logits, {2, 0, 2}, 3), std::invalid_argument);
}

// The real data: loaded once for the tests below.
const Dataset& trainingData() {
    static const Dataset data = loadFashionMnist(true);
    return data;
}
const Dataset& testData() {
    static const Dataset data = loadFashionMnist(false);
    return data;
}

TEST(FashionMnist, LoadsTheInstalledDataset) {
    EXPECT_EQ(trainingData().count, 60000);
    EXPECT_EQ(testData().count, 10000);
    EXPECT_EQ(*std::max_element(testData().labels.begin(), testData().labels.end()), 9);
}

TEST(Trainer, ASmallSubsetTrainsWellAboveChanceDeterministically) {
    const Dataset subset = head(trainingData(), 2000);
    TrainSettings settings;
    settings.epochs = 1;
    settings.batch = 32;
    Mlp first = initialize({784, 512, 256, 10}, 1);
    Mlp second = first;
    train(first, subset, settings);
    train(second, subset, settings);
    const double accuracy = evaluate(first, testData());
    EXPECT_GT(accuracy, 0.60);
    for (size_t l = 0; l < first.layers.size(); ++l) {
        EXPECT_EQ(first.layers[l].w, second.layers[l].w) << "layer " << l;
        EXPECT_EQ(first.layers[l].b, second.layers[l].b) << "layer " << l;
    }
}

TEST(Trainer, MaskedWeightsStayZero) {
    const Dataset subset = head(trainingData(), 1000);
    Mlp model = initialize({784, 32, 10}, 2);
    for (Layer& layer : model.layers) {
        pruneByMagnitude(layer.w, 0.75);
        layer.mask.resize(layer.w.size());
        for (size_t i = 0; i < layer.w.size(); ++i)
            layer.mask[i] = layer.w[i] != 0.0f;
    }
    const Mlp before = model;
    train(model, subset, TrainSettings{.epochs = 1, .weightDecay = 1e-3f});
    for (size_t l = 0; l < model.layers.size(); ++l) {
        const Layer& layer = model.layers[l];
        for (size_t i = 0; i < layer.w.size(); ++i) {
            if (!layer.mask[i]) {
                ASSERT_EQ(layer.w[i], 0.0f) << "layer " << l << " weight " << i;
            }
        }
        EXPECT_NE(layer.w, before.layers[l].w);
    }
}

TEST(Trainer, DistillationTakesTeacherLogits) {
    const Dataset subset = head(trainingData(), 1000);
    Mlp teacher = initialize({784, 64, 10}, 3);
    train(teacher, subset, TrainSettings{.epochs = 2, .batch = 32});
    Mlp student = initialize({784, 16, 10}, 4);
    const std::vector<float> logits = predict(teacher, subset);
    EXPECT_THROW(train(student, head(subset, 10), {}, logits), std::invalid_argument);
    train(student, subset, TrainSettings{.epochs = 2, .batch = 32, .temperature = 4, .alpha = 0.9f},
          logits);
    EXPECT_GT(evaluate(student, testData()), 0.5);
}

// The tiny recipe (ZooSettings::tiny(), about a second to train) into a temporary cache.
class TinyZoo : public ::testing::Test {
  protected:
    static ZooOptions options(const std::string& cacheDir) {
        ZooOptions options;
        options.cacheDir = cacheDir;
        options.settings = ZooSettings::tiny();
        return options;
    }
    // One zoo for the tests that only read models, built without a cache directory to keep.
    static const ModelZoo& readOnlyZoo() {
        static const auto zoo = [] {
            TempDir dir;
            return ModelZoo::build(options(dir.path()));
        }();
        return *zoo;
    }
};

TEST_F(TinyZoo, PruningIsExactPerLayerAndTwoFourKeepsTwoOfFour) {
    const ModelZoo* zoo = &readOnlyZoo();
    ASSERT_TRUE(zoo->report().trained);
    for (const int level : ZooSettings::pruneLevels()) {
        for (const std::string suffix : {"", "-ft"}) {
            const std::string name = "pruned" + std::to_string(level) + suffix;
            const Mlp& model = zoo->model(name);
            for (const Layer& layer : model.layers) {
                const auto zeros = std::count(layer.w.begin(), layer.w.end(), 0.0f);
                EXPECT_EQ(zeros, prunedCount(int64_t(layer.w.size()), level / 100.0))
                    << name << " layer " << layer.out << "x" << layer.in;
            }
            EXPECT_NEAR(model.sparsity(), level / 100.0, 1e-3) << name;
        }
    }
    const Mlp& twoFour = zoo->model("2:4-ft");
    for (const Layer& layer : twoFour.layers) {
        for (size_t g = 0; g < layer.w.size() / 4; ++g) {
            const auto kept = std::count_if(layer.w.begin() + 4 * g, layer.w.begin() + 4 * g + 4,
                                            [](float w) { return w != 0.0f; });
            ASSERT_LE(kept, 2) << "group " << g << " of a " << layer.out << "x" << layer.in;
        }
    }
    EXPECT_GE(twoFour.sparsity(), 0.5);
    // Fine-tuning changed the surviving weights, and the students are narrower than dense.
    EXPECT_NE(zoo->model("pruned90-ft").layers[0].w, zoo->model("pruned90").layers[0].w);
    EXPECT_EQ(zoo->model("student").shape(), "784-16-10");
    EXPECT_EQ(zoo->model("dense").shape(), "784-64-32-10");
    EXPECT_THROW(zoo->model("pruned70"), std::invalid_argument);
    // Without fine-tuning the tiny model loses much of its accuracy at 80 % and beyond, and with
    // whole neurons gone (its hidden layers are only 64 and 32 wide).
    for (const std::string& name : ModelZoo::names()) {
        const bool untuned = (name.starts_with("pruned") || name.starts_with("neurons")) &&
                             !name.ends_with("-ft") && !name.ends_with("-int8") &&
                             name != "pruned50";
        const double floor = untuned ? 0.1 : name.starts_with("pruned95") ? 0.3 : 0.6;
        EXPECT_GT(evaluate(zoo->model(name), zoo->test()), floor) << name;
    }
}

// The logits of `model` for `count` images in FP64, summing in index order: a term of a zeroed
// neuron adds exactly 0.0, so a model with neurons zeroed and the model without them give the
// same bits.
std::vector<double> fp64Logits(const Mlp& model, const float* images, int64_t count) {
    std::vector<double> out;
    for (int64_t j = 0; j < count; ++j) {
        std::vector<double> h(images + j * 784, images + (j + 1) * 784);
        for (size_t l = 0; l < model.layers.size(); ++l) {
            const Layer& layer = model.layers[l];
            std::vector<double> next(size_t(layer.out));
            for (int64_t o = 0; o < layer.out; ++o) {
                double sum = 0;
                for (int64_t i = 0; i < layer.in; ++i)
                    sum += double(layer.w[size_t(o * layer.in + i)]) * h[size_t(i)];
                sum += layer.b[size_t(o)];
                next[size_t(o)] = l + 1 < model.layers.size() ? std::max(sum, 0.0) : sum;
            }
            h = std::move(next);
        }
        out.insert(out.end(), h.begin(), h.end());
    }
    return out;
}

TEST(NeuronPruning, KeepsTheMostImportantNeuronsInExactCounts) {
    Mlp model = initialize({784, 40, 20, 10}, 7);
    // Neuron j of the first hidden layer: incoming weights scaled by (j + 1), outgoing ones by
    // 1 / (j + 1)^2, so by in x out the weakest are the last ones, by incoming alone the first.
    for (int64_t j = 0; j < 40; ++j) {
        for (int64_t i = 0; i < 784; ++i)
            model.layers[0].w[size_t(j * 784 + i)] = 0.01f * float(j + 1);
        for (int64_t o = 0; o < 20; ++o)
            model.layers[1].w[size_t(o * 40 + j)] = 1.0f / float((j + 1) * (j + 1));
    }
    for (const int percent : {0, 25, 50, 75}) {
        const auto kept = neuronsToKeep(model, percent, NeuronImportance::InTimesOut);
        ASSERT_EQ(kept.size(), 2u);
        EXPECT_EQ(int64_t(kept[0].size()), 40 - std::llround(40 * percent / 100.0)) << percent;
        EXPECT_EQ(int64_t(kept[1].size()), 20 - std::llround(20 * percent / 100.0)) << percent;
        // in x out = 0.01 * sqrt(784) * sqrt(20) / (j + 1): the lowest indices stay.
        for (size_t i = 0; i < kept[0].size(); ++i)
            EXPECT_EQ(kept[0][i], int64_t(i)) << percent;
        const auto byIncoming = neuronsToKeep(model, percent, NeuronImportance::Incoming);
        for (size_t i = 0; i < byIncoming[0].size(); ++i)
            EXPECT_EQ(byIncoming[0][i], int64_t(40 - byIncoming[0].size() + i)) << percent;
    }
    EXPECT_THROW(neuronsToKeep(model, 100, NeuronImportance::InTimesOut), std::invalid_argument);
    EXPECT_THROW(neuronsToKeep(model, -1, NeuronImportance::InTimesOut), std::invalid_argument);
    EXPECT_EQ(keepNeurons(model, neuronsToKeep(model, 75, NeuronImportance::InTimesOut)).shape(),
              "784-10-5-10");
}

TEST(NeuronPruning, TheSmallerModelComputesWhatTheFullOneDoesWithThoseNeuronsZeroed) {
    Mlp model = initialize({784, 48, 24, 10}, 9);
    for (Layer& layer : model.layers)  // biases too, so that a removed neuron's bias matters
        for (size_t o = 0; o < layer.b.size(); ++o)
            layer.b[o] = 0.05f * float(int(o % 7) - 3);
    const Dataset images = head(testData(), 64);
    for (const auto importance : {NeuronImportance::InTimesOut, NeuronImportance::Incoming}) {
        const auto kept = neuronsToKeep(model, 50, importance);
        const Mlp smaller = keepNeurons(model, kept);
        EXPECT_EQ(smaller.shape(), "784-24-12-10");
        // The full model with the other neurons silenced: their rows and biases zero.
        Mlp zeroed = model;
        for (size_t l = 0; l < kept.size(); ++l) {
            Layer& layer = zeroed.layers[l];
            for (int64_t o = 0; o < layer.out; ++o) {
                if (std::binary_search(kept[l].begin(), kept[l].end(), o))
                    continue;
                std::fill_n(layer.w.begin() + o * layer.in, layer.in, 0.0f);
                layer.b[size_t(o)] = 0.0f;
            }
        }
        EXPECT_EQ(fp64Logits(smaller, images.images.data(), images.count),
                  fp64Logits(zeroed, images.images.data(), images.count));
        // And the FP32 forward pass agrees to rounding.
        std::vector<float> a, b;
        forward(smaller, images.images.data(), images.count, a);
        forward(zeroed, images.images.data(), images.count, b);
        ASSERT_EQ(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i)
            EXPECT_NEAR(a[i], b[i], 1e-4f * (1.0f + std::fabs(b[i])));
    }
}

TEST_F(TinyZoo, NeuronPrunedModelsAreSmallerDenseModels) {
    const ModelZoo* zoo = &readOnlyZoo();
    EXPECT_EQ(zoo->model("neurons50").shape(), "784-32-16-10");
    EXPECT_EQ(zoo->model("neurons50-ft").shape(), "784-32-16-10");
    EXPECT_EQ(zoo->model("neurons75-ft").shape(), "784-16-8-10");
    EXPECT_EQ(zoo->model("neurons50-ft-int8").shape(), "784-32-16-10");
    for (const Layer& layer : zoo->model("neurons50-ft").layers)
        EXPECT_TRUE(layer.mask.empty());
    EXPECT_EQ(zoo->model("neurons50").sparsity(), 0.0);  // no zeros: the weights are gone
    // Fine-tuning changed the kept weights; the INT8 copy is calibrated.
    EXPECT_NE(zoo->model("neurons50-ft").layers[0].w, zoo->model("neurons50").layers[0].w);
    EXPECT_EQ(zoo->model("neurons50-ft-int8").layers[0].w, zoo->model("neurons50-ft").layers[0].w);
    EXPECT_GT(zoo->model("neurons50-ft-int8").layers[1].inputAbsMax, 0.0f);
    // neurons50 is the teacher's kept neurons, unchanged.
    const Mlp& dense = zoo->model("dense");
    const auto kept = neuronsToKeep(dense, 50, ZooSettings::tiny().neuronImportance);
    EXPECT_EQ(zoo->model("neurons50").layers[1].w, keepNeurons(dense, kept).layers[1].w);
}

TEST_F(TinyZoo, Int8SimulationStaysCloseToFp32) {
    const ModelZoo* zoo = &readOnlyZoo();
    for (const std::string name : {"int8", "pruned90-ft-int8"}) {
        const Mlp& model = zoo->model(name);
        for (const Layer& layer : model.layers)
            EXPECT_GT(layer.inputAbsMax, 0.0f) << name;
        EXPECT_FLOAT_EQ(model.layers[0].inputAbsMax, 1.0f);  // some pixel is white
        const Dataset images = head(zoo->test(), 500);
        std::vector<float> fp32, int8;
        forward(model, images.images.data(), images.count, fp32);
        forwardInt8Simulated(model, images.images.data(), images.count, int8);
        float largest = 0.0f, error = 0.0f;
        for (size_t i = 0; i < fp32.size(); ++i) {
            largest = std::max(largest, std::fabs(fp32[i]));
            error = std::max(error, std::fabs(fp32[i] - int8[i]));
        }
        // 8-bit codes hold about 2 significant digits; three layers compound them.
        EXPECT_LT(error, 0.1f * largest) << name;
        EXPECT_NEAR(accuracyOf(int8, images.labels), accuracyOf(fp32, images.labels), 0.02) << name;
    }
    EXPECT_THROW(evaluate(zoo->model("dense"), zoo->test(), true), std::invalid_argument);
}

TEST(ZooCache, RoundTripsAndRejectsDamagedFiles) {
    TempDir dir;
    NamedModels models{{"a", initialize({784, 8, 10}, 1)}, {"b", initialize({784, 4, 10}, 2)}};
    models[1].second.layers[0].mask.assign(784 * 4, 1);
    models[1].second.layers[0].mask[3] = 0;
    models[1].second.layers[1].inputAbsMax = 2.5f;
    const std::string path = dir.file("sub/zoo.bin");
    writeZooFile(path, "key1", models);

    std::string why;
    const auto back = readZooFile(path, "key1", &why);
    ASSERT_TRUE(back) << why;
    ASSERT_EQ(back->size(), 2u);
    for (size_t m = 0; m < 2; ++m) {
        EXPECT_EQ((*back)[m].first, models[m].first);
        for (size_t l = 0; l < 2; ++l) {
            const Layer& a = models[m].second.layers[l];
            const Layer& b = (*back)[m].second.layers[l];
            EXPECT_EQ(a.w, b.w);
            EXPECT_EQ(a.b, b.b);
            EXPECT_EQ(a.mask, b.mask);
            EXPECT_EQ(a.inputAbsMax, b.inputAbsMax);
        }
    }
    EXPECT_FALSE(readZooFile(path, "key2", &why));
    EXPECT_NE(why.find("other settings"), std::string::npos) << why;
    EXPECT_FALSE(readZooFile(dir.file("absent.bin"), "key1", &why));

    std::ifstream in(path, std::ios::binary);
    const std::vector<char> good{std::istreambuf_iterator<char>(in), {}};
    const auto damaged = [&](std::vector<char> bytes) {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), std::streamsize(bytes.size()));
        out.close();
        return readZooFile(path, "key1", &why);
    };
    std::vector<char> flipped = good;
    flipped[good.size() / 2] ^= 1;
    EXPECT_FALSE(damaged(flipped));
    EXPECT_NE(why.find("checksum"), std::string::npos) << why;
    EXPECT_FALSE(damaged({good.begin(), good.begin() + std::ptrdiff_t(good.size() - 7)}));
    EXPECT_NE(why.find("truncated"), std::string::npos) << why;
    EXPECT_FALSE(damaged({good.begin(), good.begin() + 12}));
    std::vector<char> version = good;
    version[8] = 99;
    EXPECT_FALSE(damaged(version));
    EXPECT_NE(why.find("version"), std::string::npos) << why;
    EXPECT_TRUE(damaged(good)) << why;
}

TEST_F(TinyZoo, CachesLoadsAndRetrainsOverACorruptFile) {
    TempDir dir;
    const auto trained = ModelZoo::build(options(dir.path()));
    const ZooReport& first = trained->report();
    EXPECT_TRUE(first.trained);
    EXPECT_GT(first.trainSeconds, 0.0);
    EXPECT_EQ(first.cacheProblem, "no cache file");
    EXPECT_TRUE(fs::exists(first.cacheFile)) << first.cacheFile;
    EXPECT_EQ(first.settingsKey.size(), 16u);
    EXPECT_NE(first.settingsJson.find("\"denseWidths\":[784,64,32,10]"), std::string::npos);
    EXPECT_NE(first.settingsJson.find("train-images-idx3-ubyte"), std::string::npos);

    const auto loaded = ModelZoo::build(options(dir.path()));
    EXPECT_FALSE(loaded->report().trained) << loaded->report().cacheProblem;
    EXPECT_EQ(loaded->report().trainSeconds, 0.0);
    EXPECT_EQ(loaded->report().settingsKey, first.settingsKey);
    for (const std::string& name : ModelZoo::names()) {
        for (size_t l = 0; l < trained->model(name).layers.size(); ++l) {
            EXPECT_EQ(loaded->model(name).layers[l].w, trained->model(name).layers[l].w) << name;
            EXPECT_EQ(loaded->model(name).layers[l].mask, trained->model(name).layers[l].mask);
        }
    }

    // Corrupt the file: the next build ignores it, retrains the same weights and rewrites it.
    {
        std::fstream file(first.cacheFile, std::ios::binary | std::ios::in | std::ios::out);
        file.seekp(1000);
        file.put('\x5a');
    }
    const auto retrained = ModelZoo::build(options(dir.path()));
    EXPECT_TRUE(retrained->report().trained);
    EXPECT_NE(retrained->report().cacheProblem.find("checksum"), std::string::npos)
        << retrained->report().cacheProblem;
    EXPECT_EQ(retrained->model("dense").layers[0].w, trained->model("dense").layers[0].w);
    EXPECT_EQ(retrained->model("neurons50-ft").layers[1].w,
              trained->model("neurons50-ft").layers[1].w);
    EXPECT_FALSE(ModelZoo::build(options(dir.path()))->report().trained);

    // Another recipe is another key, and --retrain ignores a good cache.
    ZooOptions other = options(dir.path());
    other.settings.dense.epochs += 1;
    ZooOptions retrain = options(dir.path());
    retrain.retrain = true;
    EXPECT_NE(ZooSettings(other.settings).toJson(), ZooSettings::tiny().toJson());
    const auto otherZoo = ModelZoo::build(other);
    EXPECT_TRUE(otherZoo->report().trained);
    EXPECT_NE(otherZoo->report().settingsKey, first.settingsKey);
    EXPECT_TRUE(ModelZoo::build(retrain)->report().trained);

    // The structured recipe is part of the key too.
    ZooOptions ranked = options(dir.path());
    ranked.settings.neuronImportance = NeuronImportance::InTimesOut;
    const auto rankedZoo = ModelZoo::build(ranked);
    EXPECT_TRUE(rankedZoo->report().trained);
    EXPECT_NE(rankedZoo->report().settingsKey, first.settingsKey);
    EXPECT_NE(rankedZoo->report().settingsJson.find("\"importance\":\"l2-in-times-out\""),
              std::string::npos);
    EXPECT_NE(first.settingsJson.find("\"importance\":\"l2-in\""), std::string::npos);
    EXPECT_NE(rankedZoo->model("neurons50").layers[0].w, trained->model("neurons50").layers[0].w);
}

TEST_F(TinyZoo, AnUnwritableCacheIsReportedNotThrown) {
    TempDir dir;
    std::ofstream(dir.file("file")) << "not a directory";
    const auto zoo = ModelZoo::build(options(dir.file("file") + "/cache"));
    EXPECT_TRUE(zoo->report().trained);
    EXPECT_NE(zoo->report().cacheProblem.find("cannot write the model cache"), std::string::npos)
        << zoo->report().cacheProblem;
}

TEST_F(TinyZoo, SharedZooIsBuiltOnceWithTheConfiguredOptions) {
    TempDir dir;
    ModelZoo::configure(options(dir.path()));
    const auto first = ModelZoo::shared();
    EXPECT_EQ(ModelZoo::shared(), first);
    EXPECT_EQ(first->model("dense").shape(), "784-64-32-10");
    ModelZoo::configure(options(dir.path()));
    const auto second = ModelZoo::shared();
    EXPECT_NE(second, first);
    EXPECT_FALSE(second->report().trained);  // the first one cached it
    ModelZoo::configure(ZooOptions{});
}

TEST(ModelZoo, MissingDataIsADatasetError) {
    TempDir dir;
    ZooOptions options;
    options.datasetDir = dir.file("nothing-here");
    options.cacheDir = dir.path();
    options.settings = ZooSettings::tiny();
    EXPECT_THROW(ModelZoo::build(options), DatasetError);
}

}  // namespace
}  // namespace costscope::mlp
