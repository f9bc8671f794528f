// costscope-record's command line: values, both spellings, and every mistake as a UsageError.
#include "profiler/recorder/RecorderOptions.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "profiler/suite/Suite.h"

namespace costscope {
namespace {

RecorderOptions parse(std::vector<const char*> args) {
    return RecorderOptions::parse(args);
}

TEST(RecorderOptions, DefaultsRecordTheQuickSuiteOnEveryDevice) {
    const auto options = parse({});
    EXPECT_EQ(options.suite, "quick");
    EXPECT_TRUE(options.out.empty());
    EXPECT_EQ(options.devices, (std::vector<std::string>{"cpu", "gpu"}));
    EXPECT_FALSE(options.minTimeS);
    EXPECT_FALSE(options.list);
    EXPECT_FALSE(options.noCupti);
}

TEST(RecorderOptions, ReadsEveryOptionInBothSpellings) {
    const auto options = parse({"--suite", "standard", "--out=x.sqlite", "--devices", "gpu,cpu",
                                "--only=pruned/*", "--min-time", "0.5", "--warmup=3", "--list",
                                "--quiet", "--no-cupti", "--train-only", "--retrain"});
    EXPECT_EQ(options.suite, "standard");
    EXPECT_EQ(options.out, "x.sqlite");
    EXPECT_EQ(options.devices, (std::vector<std::string>{"gpu", "cpu"}));
    EXPECT_EQ(options.only, "pruned/*");
    EXPECT_DOUBLE_EQ(*options.minTimeS, 0.5);
    EXPECT_EQ(*options.warmup, 3);
    EXPECT_TRUE(options.list);
    EXPECT_TRUE(options.quiet);
    EXPECT_TRUE(options.noCupti);
    EXPECT_TRUE(options.trainOnly);
    EXPECT_TRUE(options.retrain);
    EXPECT_EQ(options.commandLine.rfind("costscope-record --suite standard", 0), 0u);
}

TEST(RecorderOptions, ProgressIsAutomaticUnlessAProgramAsksForMachineLines) {
    EXPECT_EQ(parse({}).progress, ProgressMode::Auto);
    EXPECT_EQ(parse({"--progress", "auto"}).progress, ProgressMode::Auto);
    EXPECT_EQ(parse({"--progress=machine"}).progress, ProgressMode::Machine);
}

TEST(RecorderOptions, RejectsMistakesWithTheOptionNamed) {
    const std::vector<std::vector<const char*>> bad{
        {"--bogus"},           {"--suite"},
        {"--devices", "tpu"},  {"--devices", ""},
        {"--min-time", "x"},   {"--min-time", "-1"},
        {"--warmup", "2.5"},   {"--out", ""},
        {"--list=yes"},        {"--no-cupti=1"},
        {"--progress", "bar"}, {"--progress"},
        {"--allow-long=1"},    {"--min-time", "3601", "--allow-long"},
        {"--shard", "2/2"},    {"--shard", "0/0"},
        {"--shard", "1"},      {"--shard", "-1/2"},
        {"--shard", "a/b"},    {"--shard", "0/2x"},
    };
    for (const auto& args : bad) {
        try {
            parse(args);
            ADD_FAILURE() << "accepted " << args[0];
        } catch (const UsageError& e) {
            EXPECT_NE(std::string(e.what()).find(std::string(args[0]).substr(0, 6)),
                      std::string::npos)
                << e.what();
        }
    }
}

TEST(RecorderOptions, MinTimeAboveAMinuteNeedsAllowLong) {
    EXPECT_FALSE(parse({}).allowLong);
    try {
        parse({"--min-time", "600"});
        ADD_FAILURE() << "accepted --min-time 600 without --allow-long";
    } catch (const UsageError& e) {
        EXPECT_STREQ(e.what(),
                     "--min-time is in seconds: 600 means at least 600 s of timing per variant, "
                     "for every variant; write 0.6 if 600 ms was meant, or pass --allow-long to "
                     "allow more than 60 s");
    }
    // Before or after, in either spelling.
    EXPECT_DOUBLE_EQ(*parse({"--min-time", "600", "--allow-long"}).minTimeS, 600.0);
    EXPECT_DOUBLE_EQ(*parse({"--allow-long", "--min-time=600"}).minTimeS, 600.0);
    EXPECT_TRUE(parse({"--allow-long"}).allowLong);
    EXPECT_DOUBLE_EQ(*parse({"--min-time", "60"}).minTimeS, 60.0);
}

TEST(RecorderOptions, HelpDocumentsAllowLongAndWhatListPrints) {
    const std::string usage = RecorderOptions::usage();
    EXPECT_NE(usage.find("--allow-long"), std::string::npos);
    EXPECT_NE(usage.find("estimate"), std::string::npos);
}

TEST(RecorderOptions, SelectsByDeviceAndGlob) {
    std::vector<VariantSpec> all;
    for (const char* device : {"cpu", "gpu"}) {
        for (const char* family : {"gemm", "pruned"}) {
            all.push_back(VariantSpec{.family = family,
                                      .device = device,
                                      .backend = "b",
                                      .precision = "fp32",
                                      .structure = "dense",
                                      .m = 8,
                                      .n = 8,
                                      .k = 8});
        }
    }
    RecorderOptions options;
    options.devices = {"cpu"};
    EXPECT_EQ(selectVariants(all, options).size(), 2u);
    options.only = "pruned/*";
    const auto picked = selectVariants(all, options);
    ASSERT_EQ(picked.size(), 1u);
    EXPECT_EQ(picked[0].family, "pruned");
    EXPECT_EQ(picked[0].device, "cpu");
    options.only = "nothing*";
    EXPECT_TRUE(selectVariants(all, options).empty());
}

TEST(RecorderOptions, ShardIsPartIOfN) {
    const RecorderOptions options = parse({"--shard", "3/8"});
    ASSERT_TRUE(options.shard);
    EXPECT_EQ(options.shard->index, 3);
    EXPECT_EQ(options.shard->count, 8);
    EXPECT_FALSE(parse({}).shard);
}

// The shards of every built-in suite hold its selected variants exactly once between them, in
// shares that differ by one variant at most, whatever N; the selection text ignores the shard.
TEST(RecorderOptions, ShardsTogetherHoldTheWholeSelectionOnce) {
    for (const char* name : {"quick", "standard", "full"}) {
        const Suite suite = loadSuite(name);
        for (const std::vector<const char*>& filter :
             {std::vector<const char*>{}, {"--devices", "cpu", "--only", "pruned/*"}}) {
            const RecorderOptions whole = parse(filter);
            const auto all = selectVariants(suite.variants, whole);
            ASSERT_FALSE(all.empty());
            for (int64_t count : {1, 2, 3, 7}) {
                std::multiset<std::string> names;
                size_t smallest = all.size();
                size_t largest = 0;
                for (int64_t index = 0; index < count; ++index) {
                    RecorderOptions part = whole;
                    part.shard = Shard{index, count};
                    EXPECT_EQ(selectionText(part), selectionText(whole));
                    const auto picked = selectVariants(suite.variants, part);
                    smallest = std::min(smallest, picked.size());
                    largest = std::max(largest, picked.size());
                    for (const auto& spec : picked)
                        names.insert(spec.name());
                }
                std::multiset<std::string> want;
                for (const auto& spec : all)
                    want.insert(spec.name());
                EXPECT_EQ(names, want) << name << " in " << count << " shards";
                EXPECT_LE(largest - smallest, 1u) << name << " in " << count << " shards";
            }
        }
    }
}

TEST(RecorderOptions, OutputPlaceholdersNameTheHostJobAndTask) {
    const OutputNames names{.host = "node7", .job = "4242", .task = "3"};
    EXPECT_EQ(expandOutputPattern("runs/quick-%h-%j_%t.sqlite", names),
              "runs/quick-node7-4242_3.sqlite");
    EXPECT_EQ(expandOutputPattern("100%%-%t.sqlite", names), "100%-3.sqlite");
    EXPECT_EQ(expandOutputPattern("plain.sqlite", names), "plain.sqlite");
    for (const char* bad : {"x-%q.sqlite", "x.sqlite%"})
        EXPECT_THROW(expandOutputPattern(bad, names), UsageError) << bad;
    EXPECT_THROW(expandOutputPattern("%h.sqlite", {.host = "a/b", .job = "1", .task = "0"}),
                 UsageError);
    try {
        expandOutputPattern("x-%q.sqlite", names);
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("%q is not a placeholder"), std::string::npos)
            << e.what();
    }
}

TEST(RecorderOptions, OutputPlaceholdersComeFromSlurmOrThisProcess) {
    const auto keep = [](const char* name) {
        const char* value = std::getenv(name);
        return value ? std::optional<std::string>(value) : std::nullopt;
    };
    const auto arrayJob = keep("SLURM_ARRAY_JOB_ID"), job = keep("SLURM_JOB_ID"),
               task = keep("SLURM_ARRAY_TASK_ID");
    unsetenv("SLURM_ARRAY_JOB_ID");
    unsetenv("SLURM_JOB_ID");
    unsetenv("SLURM_ARRAY_TASK_ID");
    OutputNames names = OutputNames::fromEnvironment();
    EXPECT_FALSE(names.host.empty());
    EXPECT_EQ(names.job, std::to_string(getpid()));
    EXPECT_EQ(names.task, "0");
    setenv("SLURM_JOB_ID", "77", 1);
    EXPECT_EQ(OutputNames::fromEnvironment().job, "77");
    setenv("SLURM_ARRAY_JOB_ID", "70", 1);  // a task of an array: the array's id
    setenv("SLURM_ARRAY_TASK_ID", "2", 1);
    names = OutputNames::fromEnvironment();
    EXPECT_EQ(names.job, "70");
    EXPECT_EQ(names.task, "2");
    EXPECT_EQ(parse({"--out", "r-%j_%t.sqlite"}).out, "r-70_2.sqlite");
    for (const auto& [name, value] :
         {std::pair{"SLURM_ARRAY_JOB_ID", arrayJob}, std::pair{"SLURM_JOB_ID", job},
          std::pair{"SLURM_ARRAY_TASK_ID", task}}) {
        if (value)
            setenv(name, value->c_str(), 1);
        else
            unsetenv(name);
    }
}

TEST(RecorderOptions, DefaultOutputLivesInRecordings) {
    const auto path = defaultOutputPath("quick");
    EXPECT_EQ(path.rfind("recordings/quick-", 0), 0u);
    EXPECT_EQ(path.substr(path.size() - 7), ".sqlite");
}

}  // namespace
}  // namespace costscope
