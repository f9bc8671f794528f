// Machines side by side: the best machine per variant, and the choice per workload within a
// quality budget, fastest or cheapest.
#include "profiler/analysis/Fleet.h"

#include <gtest/gtest.h>

#include <map>

namespace costscope {
namespace {

VariantSummaryRow gemm(const std::string& precision, const std::string& device, double ms,
                       double error, std::optional<double> cost = std::nullopt) {
    VariantSummaryRow r;
    r.family = "gemm";
    r.name = "gemm/" + precision + "/lib/" + device + "/1024x1024x1024";
    r.device = device;
    r.precision = precision;
    r.structure = "dense";
    r.m = r.n = r.k = 1024;
    r.status = VariantStatus::Ok;
    r.medianMs = ms;
    r.approxError = error;
    r.costPerMillionCalls = cost;
    r.currency = cost ? "USD" : "";
    return r;
}

VariantSummaryRow model(const std::string& name, double ms, double accuracy,
                        std::optional<double> cost = std::nullopt) {
    VariantSummaryRow r;
    r.family = "mlp";
    r.name = "mlp/" + name + "/onednn/cpu/b64";
    r.device = "cpu";
    r.precision = name.find("int8") != std::string::npos ? "int8" : "fp32";
    r.structure = "dense";
    r.m = 512;
    r.n = 64;
    r.k = 784;
    r.status = VariantStatus::Ok;
    r.medianMs = ms;
    r.accuracy = accuracy;
    r.costPerMillionCalls = cost;
    r.currency = cost ? "USD" : "";
    return r;
}

VariantSummaryRow skipped(VariantSummaryRow r) {
    r.status = VariantStatus::Skipped;
    r.reason = "no GPU";
    r.medianMs.reset();
    r.costPerMillionCalls.reset();
    return r;
}

struct Fleet {
    std::vector<std::vector<VariantSummaryRow>> variants;
    std::vector<FleetRun> runs() const {
        std::vector<FleetRun> runs;
        for (size_t i = 0; i < variants.size(); ++i)
            runs.push_back({"machine " + std::to_string(i), &variants[i]});
        return runs;
    }
};

TEST(Fleet, TableHasEveryVariantOnceWithTheBestMachineMarked) {
    const Fleet fleet{{
        {gemm("fp32", "cpu", 10, 1e-7, 2.0), skipped(gemm("fp32", "gpu", 0, 0))},
        {gemm("fp32", "cpu", 8, 1e-7, 3.0), gemm("fp32", "gpu", 1, 1e-7, 0.5)},
        {gemm("fp32", "cpu", 12, 1e-7, 1.0), gemm("bf16", "cpu", 6, 4e-3, 0.5)},
    }};
    const auto rows = fleetTable(fleet.runs(), FleetGoal::Fastest);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].name, "gemm/fp32/lib/cpu/1024x1024x1024");
    EXPECT_EQ(rows[0].workload, "GEMM 1024×1024×1024");
    EXPECT_EQ(rows[0].best, 1u);  // 8 ms
    EXPECT_EQ(rows[1].cells[0]->status, VariantStatus::Skipped);
    EXPECT_FALSE(rows[1].cells[2]);
    EXPECT_FALSE(rows[1].best);  // one machine timed it: nothing to choose between
    EXPECT_EQ(rows[2].name, "gemm/bf16/lib/cpu/1024x1024x1024");
    EXPECT_FALSE(rows[2].best);

    EXPECT_EQ(fleetTable(fleet.runs(), FleetGoal::Cheapest)[0].best, 2u);  // 1.0 a million
}

TEST(Fleet, CostsInDifferentCurrenciesAreNotCompared) {
    Fleet fleet{{{gemm("fp32", "cpu", 10, 1e-7, 2.0)}, {gemm("fp32", "cpu", 8, 1e-7, 3.0)}}};
    fleet.variants[1][0].currency = "EUR";
    EXPECT_FALSE(fleetTable(fleet.runs(), FleetGoal::Cheapest)[0].best);
    const auto choices = fleetChoices(fleet.runs(), FleetGoal::Cheapest, {});
    ASSERT_EQ(choices.size(), 1u);
    EXPECT_FALSE(choices[0].variant);
    EXPECT_NE(choices[0].why.find("different currencies (EUR, USD)"), std::string::npos);
    EXPECT_EQ(fleetTable(fleet.runs(), FleetGoal::Fastest)[0].best, 1u);
}

TEST(Fleet, ChoosesTheFastestVariantThatKeepsTheErrorBudget) {
    const Fleet fleet{{
        {gemm("fp32", "cpu", 10, 1e-7), gemm("int8", "cpu", 3, 2e-2)},
        {gemm("fp32", "cpu", 8, 1e-7), gemm("bf16", "cpu", 5, 4e-3), gemm("fp32", "gpu", 0.5, 1e-7),
         gemm("fp16", "gpu", 0.2, 5e-4)},
    }};
    auto choices = fleetChoices(fleet.runs(), FleetGoal::Fastest, {.maxError = 0.01});
    ASSERT_EQ(choices.size(), 1u);
    EXPECT_EQ(choices[0].run, 1u);
    EXPECT_EQ(choices[0].variant->name, "gemm/fp16/lib/gpu/1024x1024x1024");
    EXPECT_EQ(choices[0].reference->name, "gemm/fp32/lib/gpu/1024x1024x1024");
    EXPECT_EQ(choices[0].timed, 6);
    EXPECT_EQ(choices[0].qualified, 5);  // INT8's 2 % error is out
    EXPECT_EQ(choices[0].runnerUpRun, 0u);
    EXPECT_EQ(choices[0].runnerUp->name, "gemm/fp32/lib/cpu/1024x1024x1024");

    // Allowing 3 % lets INT8 in; it is still slower than the GPU's FP16.
    choices = fleetChoices(fleet.runs(), FleetGoal::Fastest, {.maxError = 0.03});
    EXPECT_EQ(choices[0].qualified, 6);
    EXPECT_EQ(choices[0].runnerUp->name, "gemm/int8/lib/cpu/1024x1024x1024");
}

TEST(Fleet, ChoosesTheCheapestModelWithinTheAccuracyLoss) {
    const Fleet fleet{{
        {model("dense", 4, 0.89, 0.40), model("dense-int8", 1, 0.884, 0.10),
         model("student-kd", 0.5, 0.86, 0.05)},
        {model("dense", 2, 0.89, 0.60), model("dense-int8", 0.8, 0.884, 0.24)},
    }};
    auto choices = fleetChoices(fleet.runs(), FleetGoal::Cheapest, {.accuracyLossPoints = 1});
    ASSERT_EQ(choices.size(), 1u);
    EXPECT_EQ(choices[0].workload, "mlp b64");
    EXPECT_EQ(choices[0].run, 0u);
    EXPECT_EQ(choices[0].variant->name, "mlp/dense-int8/onednn/cpu/b64");  // 0.6 points lost
    EXPECT_EQ(choices[0].qualified, 4);  // the student loses 3 points
    EXPECT_EQ(choices[0].runnerUpRun, 1u);

    choices = fleetChoices(fleet.runs(), FleetGoal::Fastest, {.accuracyLossPoints = 5});
    EXPECT_EQ(choices[0].variant->name, "mlp/student-kd/onednn/cpu/b64");

    choices = fleetChoices(fleet.runs(), FleetGoal::Fastest, {.accuracyLossPoints = 0});
    EXPECT_EQ(choices[0].variant->name, "mlp/dense/onednn/cpu/b64");
    EXPECT_EQ(choices[0].run, 1u);
}

TEST(Fleet, SaysWhyNothingWasChosen) {
    const Fleet unpriced{{{gemm("fp32", "cpu", 10, 1e-7)}, {gemm("fp32", "cpu", 8, 1e-7)}}};
    auto choices = fleetChoices(unpriced.runs(), FleetGoal::Cheapest, {});
    EXPECT_FALSE(choices[0].run);
    EXPECT_NE(choices[0].why.find("no machine was recorded with prices"), std::string::npos);

    const Fleet noReference{{{gemm("int8", "cpu", 3, 2e-2)}, {gemm("bf16", "cpu", 5, 4e-3)}}};
    choices = fleetChoices(noReference.runs(), FleetGoal::Fastest, {});
    EXPECT_NE(choices[0].why.find("dense FP32 reference"), std::string::npos);

    const Fleet tooLossy{{{model("dense", 4, 0.89), model("student-kd", 0.5, 0.86)}}};
    const auto none = fleetChoices(tooLossy.runs(), FleetGoal::Fastest, {.accuracyLossPoints = 0});
    EXPECT_EQ(none[0].variant->name, "mlp/dense/onednn/cpu/b64");  // the reference keeps it

    const Fleet skippedOnly{{{skipped(gemm("fp32", "gpu", 0, 0))}}};
    choices = fleetChoices(skippedOnly.runs(), FleetGoal::Fastest, {});
    EXPECT_EQ(choices[0].why, "no machine timed this workload");
}

TEST(Fleet, AMachineWithoutItsOwnReferenceIsHeldToAnothers) {
    const Fleet fleet{{{gemm("fp32", "cpu", 10, 1e-7)}, {gemm("int8", "cpu", 3, 5e-3)}}};
    const auto choices = fleetChoices(fleet.runs(), FleetGoal::Fastest, {});
    EXPECT_EQ(choices[0].run, 1u);
    EXPECT_EQ(choices[0].reference->name, "gemm/fp32/lib/cpu/1024x1024x1024");
}

// Samples around `ms` in three rounds of ten, with a little noise that is not all zeros.
std::vector<Sample> samplesAround(double ms) {
    std::vector<Sample> samples;
    for (int round = 0; round < 3; ++round)
        for (int i = 0; i < 10; ++i)
            samples.push_back({.startNs = (round * 10 + i) * 1'000'000,
                               .durationNs = int64_t(ms * 1e6 * (1.0 + 0.002 * ((i * 7) % 5))),
                               .round = round});
    return samples;
}

TEST(Fleet, TheBestIsJudgedAgainstTheNextOnTheirSamples) {
    std::vector<std::vector<VariantSummaryRow>> variants = {
        {gemm("fp32", "cpu", 10, 1e-7, 2.0), gemm("bf16", "cpu", 5, 4e-3, 1.0)},
        {gemm("fp32", "cpu", 8, 1e-7, 4.0), gemm("bf16", "cpu", 5.02, 4e-3, 2.0)},
    };
    std::vector<std::map<int64_t, std::vector<Sample>>> samples(2);
    int64_t id = 1;
    for (size_t r = 0; r < 2; ++r)
        for (VariantSummaryRow& v : variants[r]) {
            v.variantId = id++;
            samples[r][v.variantId] = samplesAround(*v.medianMs);
        }
    const std::vector<FleetRun> runs = {{"a", &variants[0], &samples[0]},
                                        {"b", &variants[1], &samples[1]}};
    const auto rows = fleetTable(runs, FleetGoal::Fastest);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].best, 1u);
    EXPECT_EQ(rows[0].next, 0u);
    ASSERT_TRUE(rows[0].margin);
    EXPECT_NEAR(rows[0].margin->interval.ratio, 0.8, 0.01);
    EXPECT_LT(rows[0].margin->interval.high, 1.0);
    EXPECT_EQ(rows[0].margin->verdict, Verdict::Faster);
    ASSERT_TRUE(rows[1].margin);  // 5 ms against 5.02 ms: within the band of ±2 %
    EXPECT_EQ(rows[1].margin->verdict, Verdict::Same);

    // Cheapest: machine a's time costs half as much an hour, so its 10 ms FP32 costs 2.0 a
    // million against b's 4.0 for 8 ms: the interval is the time ratio times the price ratio.
    const auto cheapest = fleetTable(runs, FleetGoal::Cheapest);
    EXPECT_EQ(cheapest[0].best, 0u);
    ASSERT_TRUE(cheapest[0].margin);
    EXPECT_NEAR(cheapest[0].margin->interval.ratio, 0.5, 0.01);
    EXPECT_EQ(cheapest[0].margin->verdict, Verdict::Faster);

    const auto choices = fleetChoices(runs, FleetGoal::Fastest, {});
    ASSERT_EQ(choices.size(), 1u);
    EXPECT_EQ(choices[0].variant->name, "gemm/bf16/lib/cpu/1024x1024x1024");
    EXPECT_EQ(choices[0].run, 0u);
    ASSERT_TRUE(choices[0].margin);
    EXPECT_EQ(choices[0].margin->verdict, Verdict::Same);  // 5 ms vs 5.02 ms: a tie

    // Without samples there is a best by the medians, and no margin.
    const std::vector<FleetRun> bare = {{"a", &variants[0]}, {"b", &variants[1]}};
    EXPECT_FALSE(fleetTable(bare, FleetGoal::Fastest)[0].margin);
}

}  // namespace
}  // namespace costscope
