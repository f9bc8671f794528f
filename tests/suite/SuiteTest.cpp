// Checks user suite files: what a good one yields, and the file, line and key of every error.
#include "profiler/suite/Suite.h"

#include <gtest/gtest.h>

#include <unistd.h>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace costscope {
namespace {

namespace fs = std::filesystem;

// The error parseSuite() throws for text; a test failure when it throws none.
SuiteError errorOf(std::string_view text, std::string_view fileName = "t.json") {
    try {
        parseSuite(text, fileName);
    } catch (const SuiteError& error) {
        return error;
    }
    ADD_FAILURE() << "no SuiteError for:\n" << text;
    return SuiteError("", 0, "", "");
}

SuiteError loadErrorOf(const std::string& nameOrPath) {
    try {
        loadSuite(nameOrPath);
    } catch (const SuiteError& error) {
        return error;
    }
    ADD_FAILURE() << "no SuiteError for " << nameOrPath;
    return SuiteError("", 0, "", "");
}

// A suite with one workload object spliced in, starting on line 3.
std::string withWorkload(const std::string& workload) {
    return "{\n  \"workloads\": [\n" + workload + "\n  ]\n}\n";
}

class SuiteFiles : public ::testing::Test {
  protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() /
               ("costscope-suite-" + std::to_string(::getpid()) + "-" + info->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string write(const std::string& name, const std::string& text) {
        const fs::path path = dir_ / name;
        std::ofstream(path) << text;
        return path.string();
    }

    fs::path dir_;
};

constexpr const char* kGoodSuite = R"({
  "description": "Two workloads",
  "measure": { "warmup": 0, "min_iterations": 3, "min_time": 0.05 },
  "workloads": [
    { "family": "gemm", "devices": ["cpu"], "precisions": ["fp32"], "backends": ["openblas"],
      "sizes": [[512, 256, 128], 64] },
    { "family": "pruned", "devices": ["cpu"], "structures": ["csr"], "backends": ["costscope"],
      "sparsities": [0.9, 0.5], "sizes": [128] }
  ]
}
)";

TEST_F(SuiteFiles, GoodUserSuiteLoadsFromAPath) {
    const std::string path = write("mine.json", kGoodSuite);
    const Suite suite = loadSuite(path);
    EXPECT_EQ(suite.name, "mine");
    EXPECT_EQ(suite.source, path);
    EXPECT_EQ(suite.description, "Two workloads");
    EXPECT_EQ(suite.json, kGoodSuite);
    EXPECT_EQ(suite.measure.warmup, 0);
    EXPECT_EQ(suite.measure.minIterations, 3);
    EXPECT_DOUBLE_EQ(suite.measure.minTimeS, 0.05);
    std::vector<std::string> names;
    for (const auto& spec : suite.variants)
        names.push_back(spec.name());
    // File order: workloads in order, sizes and sparsities in the order written.
    EXPECT_EQ(names, (std::vector<std::string>{
                         "gemm/fp32/openblas/cpu/512x256x128",
                         "gemm/fp32/openblas/cpu/64x64x64",
                         "pruned/csr90/costscope/cpu/128x128x128",
                         "pruned/csr50/costscope/cpu/128x128x128",
                     }));
    EXPECT_EQ(suite.variants[0].m, 512);
    EXPECT_EQ(suite.variants[0].n, 256);
    EXPECT_EQ(suite.variants[0].k, 128);
    EXPECT_DOUBLE_EQ(suite.variants[2].sparsity, 0.9);
}

TEST_F(SuiteFiles, AnExistingFileNeedsNoJsonExtension) {
    const std::string path = write("mine.suite", kGoodSuite);
    EXPECT_EQ(loadSuite(path).name, "mine");
}

TEST_F(SuiteFiles, MissingFileSaysWhy) {
    const std::string path = (dir_ / "absent.json").string();
    const SuiteError error = loadErrorOf(path);
    EXPECT_EQ(error.file(), path);
    EXPECT_EQ(error.line(), 0);
    EXPECT_EQ(error.key(), "");
    EXPECT_EQ(error.message(), std::string("cannot read the suite file: ") + std::strerror(ENOENT));
    EXPECT_EQ(std::string(error.what()), path + ": " + error.message());
}

TEST_F(SuiteFiles, DirectorySaysWhy) {
    fs::create_directory(dir_ / "dir.json");
    const SuiteError error = loadErrorOf((dir_ / "dir.json").string());
    EXPECT_EQ(error.message(), std::string("cannot read the suite file: ") + std::strerror(EISDIR));
}

TEST_F(SuiteFiles, ErrorsInAFileNameThePathGiven) {
    const std::string path = write("broken.json", withWorkload(R"(    { "family": "gemm" })"));
    const SuiteError error = loadErrorOf(path);
    EXPECT_EQ(error.file(), path);
    EXPECT_EQ(error.line(), 3);
    EXPECT_EQ(error.key(), "/workloads/0/sizes");
}

TEST(Suite, EmptyNameIsNotASuite) {
    const SuiteError error = loadErrorOf("");
    EXPECT_TRUE(error.message().starts_with("no such suite")) << error.message();
    EXPECT_EQ(std::string(error.what()), error.message());
}

TEST(Suite, UnknownBuiltinNameListsTheBuiltinOnes) {
    const SuiteError error = loadErrorOf("nope");
    EXPECT_EQ(error.file(), "nope");
    EXPECT_EQ(error.line(), 0);
    EXPECT_EQ(error.message(),
              "no such suite: the built-in suites are full, quick, standard, and a suite file's "
              "path must end in .json or name a file that exists");
}

TEST(Suite, MisspeltBuiltinNameSuggestsTheNearest) {
    for (const auto& [given, meant] : {std::pair{"quik", "quick"}, std::pair{"standrd", "standard"},
                                       std::pair{"fulll", "full"}}) {
        SCOPED_TRACE(given);
        const SuiteError error = loadErrorOf(given);
        EXPECT_EQ(error.file(), given);
        EXPECT_EQ(error.message(),
                  std::string("no such suite; did you mean '") + meant +
                      "'? The built-in suites are full, quick, standard, and a suite file's "
                      "path must end in .json or name a file that exists");
    }
}

TEST(Suite, MalformedJsonNamesLineAndColumn) {
    const SuiteError error = errorOf(withWorkload(R"(    { "family": "gemm" "sizes": [64] })"));
    EXPECT_EQ(error.file(), "t.json");
    EXPECT_EQ(error.line(), 3);
    EXPECT_EQ(error.column(), 30);  // the end of "sizes", where a ',' or '}' was due
    EXPECT_EQ(error.key(), "");
    EXPECT_EQ(std::string(error.what()),
              "t.json:3:30: syntax error while parsing object - unexpected string literal; "
              "expected '}'");
}

TEST(Suite, TruncatedJsonNamesTheEnd) {
    const SuiteError error = errorOf("{\n  \"workloads\": [\n");
    EXPECT_EQ(error.line(), 2);
    EXPECT_NE(error.message().find("unexpected end of input"), std::string::npos)
        << error.message();
}

TEST(Suite, UnknownTopLevelKeyIsReportedAtItsLine) {
    const SuiteError error = errorOf(R"({
  "description": "typo below",
  "worklods": []
})");
    EXPECT_EQ(error.line(), 3);
    EXPECT_EQ(error.key(), "/worklods");
    EXPECT_EQ(error.message(),
              "unknown key 'worklods'; did you mean 'workloads'? (known: 'name', "
              "'description', 'measure', 'workloads')");
}

TEST(Suite, UnknownWorkloadKeyIsReportedAtItsLine) {
    const SuiteError error = errorOf(withWorkload(R"(    { "family": "gemm",
      "size": [64] })"));
    EXPECT_EQ(error.line(), 4);
    EXPECT_EQ(error.key(), "/workloads/0/size");
    EXPECT_NE(error.message().find("did you mean 'sizes'?"), std::string::npos);
}

TEST(Suite, UnknownKeyFarFromAnyGetsNoSuggestion) {
    const SuiteError error =
        errorOf(withWorkload(R"(    { "family": "gemm", "repeat": 4, "sizes": [64] })"));
    EXPECT_EQ(error.key(), "/workloads/0/repeat");
    EXPECT_TRUE(error.message().starts_with("unknown key 'repeat' (known: 'family', "))
        << error.message();
}

TEST(Suite, WrongTypeForASizeReadsLikeACompilerMessage) {
    const SuiteError error = errorOf(R"({
  "workloads": [
    { "family": "gemm", "sizes": [64] },
    { "family": "quantized",
      "sizes": ["big"] }
  ]
})",
                                     "path/to/suite.json");
    EXPECT_EQ(error.file(), "path/to/suite.json");
    EXPECT_EQ(error.line(), 5);
    EXPECT_EQ(error.key(), "/workloads/1/sizes/0");
    EXPECT_EQ(error.column(), 17);  // the value, after "sizes": [
    EXPECT_STREQ(error.what(),
                 "path/to/suite.json:5:17: /workloads/1/sizes/0: expected an array of three "
                 "positive integers [m, n, k] or one positive integer, got \"big\"");
}

TEST(Suite, BadSizesAreReportedAtTheSize) {
    struct Case {
        const char* sizes;
        const char* key;
    };
    for (const Case& c :
         {Case{"64", "/workloads/0/sizes"}, Case{"[]", "/workloads/0/sizes"},
          Case{"[64, [64, 64]]", "/workloads/0/sizes/1"}, Case{"[0]", "/workloads/0/sizes/0"},
          Case{"[[64, -1, 64]]", "/workloads/0/sizes/0"}, Case{"[64.0]", "/workloads/0/sizes/0"},
          Case{"[2000000]", "/workloads/0/sizes/0"},
          Case{"[99999999999999999999]", "/workloads/0/sizes/0"}}) {
        SCOPED_TRACE(c.sizes);
        const SuiteError error = errorOf(
            withWorkload(std::string("    { \"family\": \"gemm\", \"sizes\": ") + c.sizes + " }"));
        EXPECT_EQ(error.key(), c.key);
        EXPECT_EQ(error.line(), 3);
    }
}

TEST(Suite, SparsityOutOfRangeIsReportedAtTheElement) {
    const SuiteError error = errorOf(withWorkload(R"(    { "family": "pruned",
      "sparsities": [
        0.5,
        1.0
      ],
      "sizes": [64] })"));
    EXPECT_EQ(error.line(), 6);
    EXPECT_EQ(error.key(), "/workloads/0/sparsities/1");
    EXPECT_EQ(error.message(),
              "expected a number in [0, 1) (the fraction of weights pruned; 0 for structured "
              "pruning only), got 1.0");
}

TEST(Suite, StructuredFractionThatLeavesNoFeatureNamesTheEntryAndTheRange) {
    const SuiteError error = errorOf(withWorkload(R"(    { "family": "pruned",
      "structures": ["struct"],
      "sparsities": [0.5, 0.99],
      "sizes": [[40, 64, 64]] })"));
    EXPECT_EQ(error.line(), 5);
    EXPECT_EQ(error.key(), "/workloads/0/sparsities");
    EXPECT_EQ(error.message(),
              "structured pruning at 0.99 removes all 40 output features of size 40x64x64 and "
              "leaves none; the fraction must lie in [0, 1) and below 0.9875 for m = 40");
    // 0 is the start of a structured curve, but not an unstructured sparsity.
    EXPECT_NO_THROW(parseSuite(withWorkload(R"(    { "family": "pruned",
      "structures": ["struct"], "sparsities": [0, 0.5], "sizes": [64] })"),
                               "suite.json"));
    const SuiteError zero = errorOf(withWorkload(R"(    { "family": "pruned",
      "structures": ["csr", "struct"], "sparsities": [0, 0.5], "sizes": [64] })"));
    EXPECT_EQ(zero.key(), "/workloads/0/sparsities");
    EXPECT_EQ(zero.message(), "unstructured (csr) pruning needs a sparsity in (0, 1), got 0");
    const SuiteError negative = errorOf(withWorkload(R"(    { "family": "pruned",
      "structures": ["struct"], "sparsities": [-0.5], "sizes": [64] })"));
    EXPECT_EQ(negative.key(), "/workloads/0/sparsities/0");
}

TEST(Suite, UnknownFamilyIsReportedAtTheKeyWithTheCatalogsMessage) {
    const SuiteError error = errorOf(withWorkload(R"(    { "sizes": [64],
      "family": "conv" })"));
    EXPECT_EQ(error.line(), 4);
    EXPECT_EQ(error.key(), "/workloads/0/family");
    EXPECT_TRUE(error.message().starts_with("'conv' is not a known family (known: 'gemm'"))
        << error.message();
}

TEST(Suite, UnknownPrecisionIsReportedAtTheKeyWithTheCatalogsMessage) {
    const SuiteError error = errorOf(withWorkload(R"(    { "family": "gemm",
      "sizes": [64],
      "precisions": ["fp32", "fp64"] })"));
    EXPECT_EQ(error.line(), 5);
    EXPECT_EQ(error.key(), "/workloads/0/precisions");
    EXPECT_TRUE(error.message().starts_with("'fp64' is not a gemm precision (known: 'fp32'"))
        << error.message();
}

TEST(Suite, CatalogSizeErrorIsReportedAtSizes) {
    const SuiteError error =
        errorOf(withWorkload(R"(    { "family": "pruned", "structures": ["2:4"],
      "sizes": [[64, 64, 66]] })"));
    EXPECT_EQ(error.line(), 4);
    EXPECT_EQ(error.key(), "/workloads/0/sizes");
    EXPECT_EQ(error.message(), "2:4 pruning needs k divisible by 4, got 66");
}

TEST(Suite, CombinationWithoutVariantsIsReportedAtTheWorkload) {
    const SuiteError error = errorOf(withWorkload(R"(    { "family": "gemm", "devices": ["cpu"],
      "precisions": ["tf32"], "sizes": [64] })"));
    EXPECT_EQ(error.line(), 3);
    EXPECT_EQ(error.key(), "/workloads/0");
    EXPECT_TRUE(error.message().starts_with("no variant exists")) << error.message();
}

TEST(Suite, SparsitiesWithoutCsrAreAnError) {
    const SuiteError error =
        errorOf(withWorkload(R"(    { "family": "pruned", "structures": ["2:4"],
      "sparsities": [0.9], "sizes": [64] })"));
    EXPECT_EQ(error.line(), 4);
    EXPECT_EQ(error.key(), "/workloads/0/sparsities");
}

TEST(Suite, DuplicateVariantsAcrossWorkloadsNameBothPlaces) {
    const SuiteError error = errorOf(R"({
  "workloads": [
    { "family": "gemm", "precisions": ["fp32"], "sizes": [64] },
    { "family": "quantized", "sizes": [64] },
    { "family": "gemm", "devices": ["cpu"],
      "sizes": [128, 64] }
  ]
})");
    EXPECT_EQ(error.line(), 5);
    EXPECT_EQ(error.key(), "/workloads/2");
    EXPECT_EQ(error.message(),
              "variant 'gemm/fp32/openblas/cpu/64x64x64' is also in /workloads/0 (line 3); "
              "each variant may appear only once in a suite");
}

TEST(Suite, DuplicateValuesInAListAreReportedAtTheSecond) {
    const SuiteError sizes =
        errorOf(withWorkload(R"(    { "family": "gemm", "sizes": [64, [64, 64, 64]] })"));
    EXPECT_EQ(sizes.key(), "/workloads/0/sizes/1");
    EXPECT_EQ(sizes.message(), "duplicate of /workloads/0/sizes/0 (line 3), got [64,64,64]");
    const SuiteError devices = errorOf(
        withWorkload(R"(    { "family": "gemm", "devices": ["cpu", "cpu"], "sizes": [64] })"));
    EXPECT_EQ(devices.key(), "/workloads/0/devices/1");
    const SuiteError sparsities = errorOf(
        withWorkload(R"(    { "family": "pruned", "sparsities": [0.5, 0.5], "sizes": [64] })"));
    EXPECT_EQ(sparsities.key(), "/workloads/0/sparsities/1");
}

TEST(Suite, DuplicateKeyIsAnError) {
    const SuiteError error = errorOf(withWorkload(R"(    { "family": "gemm", "sizes": [64],
      "sizes": [128] })"));
    EXPECT_EQ(error.line(), 4);
    EXPECT_EQ(error.key(), "/workloads/0/sizes");
    EXPECT_EQ(error.message(), "duplicate key 'sizes' (first on line 3)");
}

TEST(Suite, WrongTypesNameTheKey) {
    struct Case {
        const char* workload;
        const char* key;
    };
    for (const Case& c :
         {Case{R"({ "family": 3, "sizes": [64] })", "/workloads/0/family"},
          Case{R"({ "family": "gemm", "devices": "cpu", "sizes": [64] })", "/workloads/0/devices"},
          Case{R"({ "family": "gemm", "devices": [], "sizes": [64] })", "/workloads/0/devices"},
          Case{R"({ "family": "gemm", "backends": [1], "sizes": [64] })",
               "/workloads/0/backends/0"},
          Case{R"({ "family": "pruned", "sparsities": ["0.5"], "sizes": [64] })",
               "/workloads/0/sparsities/0"},
          Case{R"(["gemm"])", "/workloads/0"}}) {
        SCOPED_TRACE(c.workload);
        const SuiteError error = errorOf(withWorkload(std::string("    ") + c.workload));
        EXPECT_EQ(error.key(), c.key);
        EXPECT_EQ(error.line(), 3);
    }
}

TEST(Suite, MissingKeysAreReportedAtTheirObject) {
    const SuiteError family = errorOf(withWorkload(R"(    { "sizes": [64] })"));
    EXPECT_EQ(family.key(), "/workloads/0/family");
    EXPECT_EQ(family.line(), 3);
    EXPECT_EQ(family.message(),
              "missing; every workload needs one of 'gemm', 'pruned', 'quantized', 'mlp'");
    const SuiteError workloads = errorOf("\n{ \"description\": \"none\" }");
    EXPECT_EQ(workloads.key(), "/workloads");
    EXPECT_EQ(workloads.line(), 2);
    const SuiteError empty = errorOf("{\n  \"workloads\": []\n}");
    EXPECT_EQ(empty.key(), "/workloads");
    EXPECT_EQ(empty.line(), 2);
    const SuiteError root = errorOf("[]");
    EXPECT_EQ(root.key(), "");
    EXPECT_EQ(root.line(), 1);
}

TEST(Suite, MlpWorkloadTakesModelsAndBatchesInsteadOfSizes) {
    const Suite suite = parseSuite(withWorkload(R"(    { "family": "mlp", "devices": ["cpu"],
      "models": ["student-kd", "2:4-ft"], "batches": [256, 1] })"),
                                   "m.json");
    std::vector<std::string> names;
    for (const auto& spec : suite.variants)
        names.push_back(spec.name());
    // Model by model in the zoo's order, then batch by batch as written, then backend.
    EXPECT_EQ(names, (std::vector<std::string>{
                         "mlp/2:4-ft/costscope/cpu/b256", "mlp/2:4-ft/costscope/cpu/b1",
                         "mlp/student-kd/openblas/cpu/b256", "mlp/student-kd/onednn/cpu/b256",
                         "mlp/student-kd/openblas/cpu/b1", "mlp/student-kd/onednn/cpu/b1"}));
    // Without the keys: every model at batches 1, 64 and 1024.
    const Suite all =
        parseSuite(withWorkload(R"(    { "family": "mlp", "devices": ["cpu"] })"), "m.json");
    EXPECT_EQ(all.variants.size(), 3u * (3 * 2 + 8 * 3 + 1 + 2 + 4 * 2 + 1));
}

TEST(Suite, MlpErrorsNameTheKeyAndLine) {
    struct Case {
        const char* workload;
        const char* key;
        const char* message;  // the start of it
    };
    for (const Case& c :
         {Case{R"({ "family": "mlp",
      "models": ["pruned99"] })",
               "/workloads/0/models", "'pruned99' is not a model of the zoo (known: 'dense', "},
          Case{R"({ "family": "mlp",
      "batches": [64, 0] })",
               "/workloads/0/batches/1", "expected an integer from 1 to 10000"},
          Case{R"({ "family": "mlp",
      "batches": [64, 64] })",
               "/workloads/0/batches/1", "duplicate of /workloads/0/batches/0 (line 4)"},
          Case{R"({ "family": "mlp",
      "batches": [1.5] })",
               "/workloads/0/batches/0", "expected an integer from 1 to 10000"},
          Case{R"({ "family": "mlp",
      "batches": [] })",
               "/workloads/0/batches", "expected a non-empty array of batch sizes"},
          Case{R"({ "family": "mlp",
      "models": [1] })",
               "/workloads/0/models/0", "expected a non-empty string"},
          Case{R"({ "family": "mlp",
      "sizes": [64] })",
               "/workloads/0/sizes", "the mlp workload's products are fixed by its models"},
          Case{R"({ "family": "gemm",
      "models": ["dense"], "sizes": [64] })",
               "/workloads/0/models", "only the mlp family has models"},
          Case{R"({ "family": "gemm",
      "batches": [4], "sizes": [64] })",
               "/workloads/0/batches", "only the mlp family has batches"},
          Case{R"({ "family": "mlp",
      "models": ["int8"], "precisions": ["fp32"] })",
               "/workloads/0", "no variant exists for this combination of models"}}) {
        SCOPED_TRACE(c.workload);
        const SuiteError error = errorOf(withWorkload(std::string("    ") + c.workload));
        EXPECT_EQ(error.key(), c.key);
        EXPECT_EQ(error.line(), std::string(c.key) == "/workloads/0" ? 3 : 4);
        EXPECT_TRUE(error.message().starts_with(c.message)) << error.message();
    }
}

TEST(Suite, NameMustMatchTheFile) {
    const std::string text = R"({ "name": "quick",
  "workloads": [ { "family": "gemm", "sizes": [64] } ] })";
    EXPECT_EQ(parseSuite(text, "dir/quick.json").name, "quick");
    const SuiteError error = errorOf(text, "dir/mine.json");
    EXPECT_EQ(error.line(), 1);
    EXPECT_EQ(error.key(), "/name");
    EXPECT_EQ(error.message(),
              "'quick' differs from the file name 'mine'; a suite is named after its file, "
              "so write 'mine' or remove the key");
}

TEST(Suite, MeasureDefaultsWhereAbsent) {
    const MeasureOptions defaults;
    const Suite none = parseSuite(withWorkload(R"({ "family": "gemm", "sizes": [64] })"), "a.json");
    EXPECT_EQ(none.measure.warmup, defaults.warmup);
    EXPECT_EQ(none.measure.minIterations, defaults.minIterations);
    EXPECT_EQ(none.measure.minTimeS, defaults.minTimeS);
    EXPECT_EQ(none.description, "");
    const Suite some = parseSuite(R"({ "measure": { "min_time": 1.5 },
  "workloads": [ { "family": "gemm", "sizes": [64] } ] })",
                                  "a.json");
    EXPECT_EQ(some.measure.warmup, defaults.warmup);
    EXPECT_EQ(some.measure.minIterations, defaults.minIterations);
    EXPECT_EQ(some.measure.minTimeS, 1.5);
    const Suite integral = parseSuite(R"({ "measure": { "min_time": 2, "warmup": 0 },
  "workloads": [ { "family": "gemm", "sizes": [64] } ] })",
                                      "a.json");
    EXPECT_EQ(integral.measure.minTimeS, 2.0);
    EXPECT_EQ(integral.measure.warmup, 0);
}

TEST(Suite, BadMeasureValuesAreReportedAtTheKey) {
    struct Case {
        const char* measure;
        const char* key;
    };
    for (const Case& c : {Case{R"({ "warmup": -1 })", "/measure/warmup"},
                          Case{R"({ "warmup": 1.5 })", "/measure/warmup"},
                          Case{R"({ "warmup": "2" })", "/measure/warmup"},
                          Case{R"({ "min_iterations": 0 })", "/measure/min_iterations"},
                          Case{R"({ "min_iterations": 10000000000 })", "/measure/min_iterations"},
                          Case{R"({ "min_time": -0.1 })", "/measure/min_time"},
                          Case{R"({ "min_time": "fast" })", "/measure/min_time"},
                          Case{R"({ "min_time": 5000 })", "/measure/min_time"},
                          Case{R"({ "min_time": 60.5 })", "/measure/min_time"},
                          Case{R"({ "iterations": 10 })", "/measure/iterations"},
                          Case{R"([2, 10, 0.2])", "/measure"}}) {
        SCOPED_TRACE(c.measure);
        const SuiteError error = errorOf(std::string("{\n  \"workloads\": [{ \"family\": \"gemm\", "
                                                     "\"sizes\": [64] }],\n  \"measure\": ") +
                                         c.measure + "\n}");
        EXPECT_EQ(error.key(), c.key);
        EXPECT_EQ(error.line(), 3);
    }
    // JSON has no infinity; nlohmann reports the overflow as it parses.
    const SuiteError overflow = errorOf("{\n \"measure\": { \"min_time\": 1e999 } }");
    EXPECT_EQ(overflow.line(), 2);
    EXPECT_EQ(overflow.message(), "number overflow parsing '1e999'");
    const SuiteError error = errorOf(R"({ "measure": { "min_iterations": 0 },
  "workloads": [ { "family": "gemm", "sizes": [64] } ] })");
    EXPECT_EQ(error.message(),
              "expected an integer from 1 to 1000000000 (timed iterations at least), got 0");
}

// The SuiteErrors parseSuite() throws for text; a test failure when it throws none.
std::vector<SuiteError> errorsOf(std::string_view text, std::string_view fileName = "t.json") {
    try {
        parseSuite(text, fileName);
    } catch (const SuiteErrors& errors) {
        return errors.errors();
    }
    ADD_FAILURE() << "no SuiteErrors for:\n" << text;
    return {};
}

TEST(Suite, EveryProblemIsReportedAtOnceInFileOrder) {
    const std::string text = R"({
  "measure": { "min_tme": 0.5, "warmup": -1 },
  "workloads": [
    { "family": "gemm", "sizes": [0, 64, "big"] },
    { "family": "pruned", "devices": "cpu", "sizes": [64] },
    { "family": "gemm", "precisions": ["fp64"], "sizes": [32] }
  ]
})";
    struct Expected {
        int line;
        int column;
        const char* key;
        const char* message;  // the start of it
    };
    const std::vector<Expected> expected{
        {2, 16, "/measure/min_tme", "unknown key 'min_tme'; did you mean 'min_time'?"},
        {2, 32, "/measure/warmup", "expected an integer from 0 to"},
        {4, 35, "/workloads/0/sizes/0", "expected an array of three positive integers"},
        {4, 42, "/workloads/0/sizes/2", "expected an array of three positive integers"},
        {5, 27, "/workloads/1/devices", "expected a non-empty array of strings"},
        {6, 25, "/workloads/2/precisions", "'fp64' is not a gemm precision"},
    };
    const std::vector<SuiteError> errors = errorsOf(text);
    ASSERT_EQ(errors.size(), expected.size());
    std::string lines;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        SCOPED_TRACE(expected[i].key);
        EXPECT_EQ(errors[i].file(), "t.json");
        EXPECT_EQ(errors[i].line(), expected[i].line);
        EXPECT_EQ(errors[i].column(), expected[i].column);
        EXPECT_EQ(errors[i].key(), expected[i].key);
        EXPECT_TRUE(errors[i].message().starts_with(expected[i].message)) << errors[i].message();
        if (i > 0)
            lines += '\n';
        lines += errors[i].what();
    }
    // As one exception: the first problem as a SuiteError, every one in what().
    try {
        parseSuite(text, "t.json");
    } catch (const SuiteErrors& all) {
        EXPECT_EQ(all.key(), "/measure/min_tme");
        EXPECT_EQ(all.line(), 2);
        EXPECT_EQ(std::string(all.what()), lines);
        EXPECT_EQ(std::string(all.what()).rfind("t.json:2:16: /measure/min_tme: unknown key", 0),
                  0u);
    }
}

TEST(Suite, ATypoIsNotAlsoReportedAsTheMissingKeyItCauses) {
    const std::vector<SuiteError> errors = errorsOf(withWorkload(R"(    { "famly": "gemm",
      "size": [64] })"));
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0].key(), "/workloads/0/famly");
    EXPECT_NE(errors[0].message().find("did you mean 'family'?"), std::string::npos);
    EXPECT_EQ(errors[1].key(), "/workloads/0/size");
    EXPECT_NE(errors[1].message().find("did you mean 'sizes'?"), std::string::npos);
}

TEST(Suite, AWorkloadThatRepeatsAnotherIsReportedOnce) {
    const std::vector<SuiteError> errors = errorsOf(R"({
  "workloads": [
    { "family": "gemm", "devices": ["cpu"], "sizes": [64, 128] },
    { "family": "gemm", "devices": ["cpu"], "sizes": [64, 128] },
    { "family": "pruned", "devices": ["cpu"], "sizes": [7] }
  ]
})");
    // The repeat once, and the pruned workload's own problem (2:4 needs k divisible by 4).
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0].key(), "/workloads/1");
    EXPECT_NE(errors[0].message().find("is also in /workloads/0 (line 3)"), std::string::npos);
    EXPECT_EQ(errors[1].key(), "/workloads/2/sizes");
}

TEST(Suite, MinTimeAboveAMinuteNeedsAllowLong) {
    const std::string text = R"({ "measure": { "min_time": 600 },
  "workloads": [ { "family": "gemm", "sizes": [64] } ] })";
    const SuiteError error = errorOf(text);
    EXPECT_EQ(error.key(), "/measure/min_time");
    EXPECT_EQ(error.line(), 1);
    EXPECT_EQ(error.column(), 16);
    EXPECT_EQ(error.message(),
              "min_time is in seconds: 600 means at least 600 s of timing per variant, for every "
              "variant; write 0.6 if 600 ms was meant, or pass --allow-long to allow more than "
              "60 s");
    EXPECT_EQ(parseSuite(text, "a.json", SuiteOptions{.allowLong = true}).measure.minTimeS, 600.0);
    // A minute is not long yet; past an hour is a typo even when long runs are allowed.
    const std::string minute = R"({ "measure": { "min_time": 60 },
  "workloads": [ { "family": "gemm", "sizes": [64] } ] })";
    EXPECT_EQ(parseSuite(minute, "a.json").measure.minTimeS, 60.0);
    const std::string hours = R"({ "measure": { "min_time": 3601 },
  "workloads": [ { "family": "gemm", "sizes": [64] } ] })";
    EXPECT_THROW(parseSuite(hours, "a.json", SuiteOptions{.allowLong = true}), SuiteError);
}

}  // namespace
}  // namespace costscope
