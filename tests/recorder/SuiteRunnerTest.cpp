// The runner with fake variants: timing rules, skips, failures, interrupts, and what it records.
#include "profiler/SuiteRunner.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <new>
#include <optional>
#include <string>
#include <thread>

#include "kernels/Catalog.h"
#include "profiler/store/MemorySink.h"
#include "tests/energy/ClockCounter.h"

namespace costscope {
namespace {

VariantSpec spec(const char* family, const char* device = "cpu") {
    return VariantSpec{.family = family,
                       .device = device,
                       .backend = "fake",
                       .precision = "fp32",
                       .structure = "dense",
                       .m = 4,
                       .n = 4,
                       .k = 4};
}

// Behaviour chosen per family name, so one factory serves every test.
class FakeVariant final : public Variant {
  public:
    FakeVariant(const VariantSpec& s, std::atomic<bool>* stop, int* runs)
        : Variant(s), stop_(stop), runs_(runs) {}
    void setUp() override {
        if (spec().family == "unsupported")
            throw Unsupported("needs a CPU with wings");
    }
    void run() override {
        ++*runs_;
        ++mine_;
        if (spec().family == "throws")
            throw std::runtime_error("kernel exploded");
        if (spec().family == "oom")
            throw std::bad_alloc();
        if (spec().family == "slow")
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        if (spec().family == "stops" && mine_ == 2)
            stop_->store(true);
    }
    Quality check() override {
        // relativeFrobeniusError reports a result holding NaN as an infinite error.
        if (spec().family == "nan")
            return {.kernelError = INFINITY, .approxError = INFINITY};
        return {.kernelError = 1e-7, .approxError = 0.25};
    }
    int64_t weightBytes() const override { return 64; }
    std::string implementation() const override { return "fake:isa"; }
    int threads() const override { return 3; }

  private:
    std::atomic<bool>* stop_;
    int* runs_;
    int mine_ = 0;
};

class SuiteRunnerTest : public ::testing::Test {
  protected:
    SuiteRunner::Factory factory() {
        return [this](const VariantSpec& s) {
            ++created_;
            return std::make_unique<FakeVariant>(s, &stop_, &runs_);
        };
    }
    RunOutcome run(const std::vector<VariantSpec>& variants, MeasureOptions options = {},
                   GpuProbe gpu = {}) {
        sink_.beginRun({});
        SuiteRunner runner(sink_, stop_, nullptr, factory());
        return runner.run(variants, options, gpu);
    }
    const std::vector<VariantRecord>& stored() const { return sink_.lastRun().variants; }

    MemorySink sink_;
    std::atomic<bool> stop_{false};
    int runs_ = 0;
    int created_ = 0;
};

TEST_F(SuiteRunnerTest, WarmsUpThenKeepsEveryTimedSample) {
    const auto outcome = run({spec("gemm")}, {.warmup = 3, .minIterations = 7, .minTimeS = 0});
    EXPECT_EQ(outcome.finished, 1u);
    ASSERT_EQ(stored().size(), 1u);
    const auto& record = stored()[0];
    EXPECT_EQ(record.status, VariantStatus::Ok);
    EXPECT_EQ(record.samples.size(), 7u);
    EXPECT_EQ(record.warmup, 3);
    // Warm-up runs and the untimed batches that size callsPerSample are not samples.
    EXPECT_GE(runs_, 3 + 7 * record.callsPerSample);
    ASSERT_TRUE(record.stats);
    EXPECT_GT(record.stats->medianNs, 0);
    EXPECT_DOUBLE_EQ(record.quality.approxError, 0.25);
    EXPECT_EQ(record.weightBytes, 64);
    EXPECT_EQ(record.implementation, "fake:isa");
    EXPECT_EQ(record.threads, 3);
    for (size_t i = 1; i < record.samples.size(); ++i)
        EXPECT_GE(record.samples[i].startNs, record.samples[i - 1].startNs);
}

TEST_F(SuiteRunnerTest, ShortCallsAreTimedInBatchesAndStoredPerCall) {
    // The fake's run() takes nanoseconds: one call per sample would time the clock, not it.
    run({spec("gemm")}, {.warmup = 2, .minIterations = 5, .minTimeS = 0});
    const auto& record = stored()[0];
    EXPECT_GT(record.callsPerSample, 100);
    EXPECT_GE(runs_, 2 + 5 * record.callsPerSample);
    for (const auto& sample : record.samples)
        EXPECT_LT(sample.durationNs, 50'000) << "a sample stores the per-call time";
}

TEST_F(SuiteRunnerTest, LongCallsAreTimedOneBySample) {
    run({spec("slow")}, {.warmup = 0, .minIterations = 3, .minTimeS = 0});
    const auto& record = stored()[0];
    EXPECT_EQ(record.callsPerSample, 1);  // 2 ms per call: far above the batching floor
    EXPECT_EQ(record.warmup, 0);
    EXPECT_EQ(runs_, 5);  // without warm-up: a cold call, then one untimed call sizes the batches
    for (const auto& sample : record.samples)
        EXPECT_GE(sample.durationNs, 2'000'000);
}

TEST_F(SuiteRunnerTest, RepeatsUntilTheMinimumTimeIsReached) {
    run({spec("slow")}, {.warmup = 0, .minIterations = 1, .minTimeS = 0.03});
    const auto& samples = stored()[0].samples;
    int64_t total = 0;
    for (const auto& s : samples)
        total += s.durationNs;
    EXPECT_GE(total, 30'000'000);
    EXPECT_GE(samples.size(), 5u);  // 2 ms each: many more than the one iteration asked for
}

TEST_F(SuiteRunnerTest, UnsupportedIsSkippedWithTheReasonAndTheRunGoesOn) {
    const auto outcome =
        run({spec("unsupported"), spec("gemm")}, {.minIterations = 2, .minTimeS = 0});
    EXPECT_EQ(outcome.skipped, 1u);
    ASSERT_EQ(stored().size(), 2u);
    EXPECT_EQ(stored()[0].status, VariantStatus::Skipped);
    EXPECT_EQ(stored()[0].reason, "needs a CPU with wings");
    EXPECT_TRUE(stored()[0].samples.empty());
    EXPECT_EQ(stored()[1].status, VariantStatus::Ok);
}

TEST_F(SuiteRunnerTest, FailuresAreStoredWithTheMessageAndTheRunGoesOn) {
    const auto outcome =
        run({spec("throws"), spec("oom"), spec("gemm")}, {.minIterations = 2, .minTimeS = 0});
    EXPECT_EQ(outcome.failed, 2u);
    EXPECT_FALSE(outcome.interrupted);
    ASSERT_EQ(stored().size(), 3u);
    EXPECT_EQ(stored()[0].status, VariantStatus::Failed);
    EXPECT_EQ(stored()[0].reason, "kernel exploded");
    EXPECT_EQ(stored()[1].status, VariantStatus::Failed);
    EXPECT_NE(stored()[1].reason.find("out of memory"), std::string::npos);
    EXPECT_FALSE(stored()[1].stats);
    EXPECT_EQ(stored()[2].status, VariantStatus::Ok);
}

TEST_F(SuiteRunnerTest, AResultHoldingNanFailsTheVariant) {
    const auto outcome = run({spec("nan")}, {.minIterations = 1, .minTimeS = 0});
    EXPECT_EQ(outcome.failed, 1u);
    EXPECT_EQ(stored()[0].status, VariantStatus::Failed);
    EXPECT_NE(stored()[0].reason.find("NaN"), std::string::npos) << stored()[0].reason;
}

TEST_F(SuiteRunnerTest, GpuVariantsWithoutAUsableGpuAreSkippedWithTheProbesReason) {
    GpuProbe gpu;
    gpu.reason = "CUDA driver version is insufficient for CUDA runtime version";
    const auto outcome =
        run({spec("gemm", "gpu"), spec("gemm")}, {.minIterations = 1, .minTimeS = 0}, gpu);
    EXPECT_EQ(outcome.skipped, 1u);
    EXPECT_EQ(created_, 1) << "no variant object is built for a GPU that cannot run it";
    EXPECT_EQ(stored()[0].status, VariantStatus::Skipped);
    EXPECT_EQ(stored()[0].reason, gpu.reason);
}

TEST_F(SuiteRunnerTest, EnergyIsOneWindowOfASecondOrMoreInTheLastRoundLessTheIdlePower) {
    using namespace std::chrono_literals;
    auto counter = std::make_unique<test::ClockCounter>(10.0, 5ms);
    test::ClockCounter* cpu = counter.get();
    std::vector<EnergyMeter::Device> devices;
    devices.push_back({.kind = "cpu", .counter = std::move(counter)});
    devices.push_back({.kind = "gpu", .reason = "GPU energy not measured: no driver"});
    EnergyMeter meter(std::move(devices));
    meter.measureIdle(200ms);  // the CPU idles at 10 W ...
    cpu->setWatts(40.0);       // ... and draws 40 W while the variants run
    sink_.beginRun({});
    SuiteRunner runner(sink_, stop_, nullptr, factory(), nullptr, &meter);
    GpuProbe gpu;
    gpu.usable = true;
    const auto started = std::chrono::steady_clock::now();
    runner.run({spec("slow"), spec("gemm", "gpu")},
               {.warmup = 1, .minIterations = 4, .minTimeS = 0.02, .rounds = 2}, gpu);
    const double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ASSERT_EQ(stored().size(), 2u);

    const VariantRecord& measured = stored()[0];
    ASSERT_TRUE(measured.energy);
    const EnergyMeasure& energy = *measured.energy;
    EXPECT_EQ(energy.source, "scripted");
    EXPECT_TRUE(energy.note.empty()) << energy.note;
    EXPECT_GE(energy.windowS, SuiteRunner::kMinEnergyWindowS);
    EXPECT_LT(took, 2 * SuiteRunner::kMinEnergyWindowS + 1.5)
        << "one window per variant, not per round";
    // A "slow" call sleeps 2 ms: the window holds a few hundred calls, the samples stay few.
    EXPECT_GT(energy.calls, 100);
    EXPECT_LT(int64_t(measured.samples.size()), energy.calls / 10);
    ASSERT_TRUE(energy.watts && energy.joulesPerCall && energy.joulesAboveIdlePerCall &&
                energy.idleWatts);
    EXPECT_NEAR(*energy.watts, 40.0, 4.0);
    EXPECT_NEAR(*energy.idleWatts, 10.0, 1.0);
    EXPECT_NEAR(*energy.joulesPerCall, *energy.watts * energy.windowS / double(energy.calls), 1e-9);
    EXPECT_NEAR(*energy.joulesAboveIdlePerCall,
                (*energy.watts - *energy.idleWatts) * energy.windowS / double(energy.calls), 1e-9);

    // A device without a counter: its reason, no figure, the time kept.
    const VariantRecord& gpuVariant = stored()[1];
    ASSERT_TRUE(gpuVariant.energy);
    EXPECT_EQ(gpuVariant.energy->note, "GPU energy not measured: no driver");
    EXPECT_FALSE(gpuVariant.energy->joulesPerCall);
    EXPECT_TRUE(gpuVariant.stats);
}

TEST_F(SuiteRunnerTest, WithoutAMeterThereIsNoEnergyAndNoWindow) {
    run({spec("gemm")}, {.minIterations = 2, .minTimeS = 0});
    EXPECT_FALSE(stored()[0].energy);
}

// Also run by CTest with oneDNN held to AVX2 (SuiteRunnerSkipWithoutVnni), where the INT8
// refusal is what it checks.
class SuiteRunnerSkip : public SuiteRunnerTest {};

TEST_F(SuiteRunnerSkip, ARefusalKnownBeforeSetUpIsStoredWithoutBuildingTheVariant) {
    const VariantSpec int8{.family = "quantized",
                           .device = "cpu",
                           .backend = "onednn",
                           .precision = "int8",
                           .structure = "dense",
                           .m = 4,
                           .n = 4,
                           .k = 4};
    const std::string refusal = knownRefusal(int8);
    if (std::getenv("ONEDNN_MAX_CPU_ISA")) {
        EXPECT_NE(refusal.find("AVX-512 VNNI"), std::string::npos) << refusal;
    }
    const GpuProbe gpu{};
    EXPECT_EQ(SuiteRunner::skipReason(int8, gpu),
              refusal.empty() ? std::nullopt : std::optional<std::string>(refusal));
    EXPECT_EQ(SuiteRunner::skipReason(spec("gemm"), gpu), std::nullopt);
    // The GPU's reason, even an empty one, for a GPU variant without a GPU; none with one.
    EXPECT_EQ(SuiteRunner::skipReason(spec("gemm", "gpu"), gpu), std::optional<std::string>(""));
    GpuProbe usable;
    usable.usable = true;
    EXPECT_EQ(SuiteRunner::skipReason(spec("gemm", "gpu"), usable), std::nullopt);

    if (refusal.empty())
        return;  // this CPU runs it: the fake factory would measure it like any other
    const auto outcome = run({int8, spec("gemm")}, {.minIterations = 1, .minTimeS = 0});
    EXPECT_EQ(outcome.skipped, 1u);
    EXPECT_EQ(created_, 1) << "no variant object is built for a CPU that refuses it";
    EXPECT_EQ(stored()[0].status, VariantStatus::Skipped);
    EXPECT_EQ(stored()[0].reason, refusal);
}

TEST_F(SuiteRunnerTest, StopDropsTheVariantInFlightAndKeepsTheFinishedOnes) {
    // "gemm" finishes its 3 runs; "stops" sets the flag on its own second of 3 runs.
    const auto outcome = run({spec("gemm"), spec("stops"), spec("gemm")},
                             {.warmup = 0, .minIterations = 3, .minTimeS = 0});
    EXPECT_TRUE(outcome.interrupted);
    EXPECT_EQ(outcome.finished, 1u);
    ASSERT_EQ(stored().size(), 1u);
    EXPECT_EQ(stored()[0].spec.family, "gemm");
}

TEST_F(SuiteRunnerTest, StopBeforeStartingRecordsNothing) {
    stop_ = true;
    const auto outcome = run({spec("gemm")});
    EXPECT_TRUE(outcome.interrupted);
    EXPECT_TRUE(stored().empty());
    EXPECT_EQ(created_, 0);
}

// Records the order in which variants start their rounds (and fails one later round).
class RoundLog final : public ProgressObserver {
  public:
    void variantStarted(size_t step, size_t steps, const VariantSpec& spec) override {
        steps_ = steps;
        started.push_back(spec.family);
        EXPECT_EQ(step, started.size() - 1);
    }
    void iterationDone(size_t, int64_t) override {}
    void variantFinished(size_t, size_t, const VariantRecord& record, bool last) override {
        if (last)
            done.push_back(record.spec.family);
    }
    std::vector<std::string> started;
    std::vector<std::string> done;
    size_t steps_ = 0;
};

TEST_F(SuiteRunnerTest, RoundsSplitTheBudgetAndAreStoredAsOneVariantEach) {
    const std::vector<VariantSpec> variants = {spec("a"), spec("b"), spec("c"), spec("d")};
    sink_.beginRun({});
    RoundLog log;
    SuiteRunner runner(sink_, stop_, &log, factory());
    const auto outcome =
        runner.run(variants, {.warmup = 1, .minIterations = 9, .minTimeS = 0, .rounds = 3}, {});
    EXPECT_EQ(outcome.finished, 4u);
    EXPECT_EQ(log.steps_, 12u);
    ASSERT_EQ(log.started.size(), 12u);
    // Round 1 in the suite's order, then each round in its own fixed shuffle.
    EXPECT_EQ(std::vector<std::string>(log.started.begin(), log.started.begin() + 4),
              (std::vector<std::string>{"a", "b", "c", "d"}));
    std::vector<std::string> expected;
    for (int round = 1; round < 3; ++round)
        for (const size_t index : SuiteRunner::roundOrder(4, round))
            expected.push_back(variants[index].family);
    EXPECT_EQ(std::vector<std::string>(log.started.begin() + 4, log.started.end()), expected);
    EXPECT_NE(SuiteRunner::roundOrder(4, 1), SuiteRunner::roundOrder(4, 0));
    EXPECT_EQ(SuiteRunner::roundOrder(4, 2), SuiteRunner::roundOrder(4, 2));
    EXPECT_EQ(log.done.size(), 4u);
    // Each variant set up once per round, stored once, with 3 samples (9 / 3) per round.
    EXPECT_EQ(created_, 12);
    ASSERT_EQ(stored().size(), 4u);
    for (const VariantRecord& record : stored()) {
        ASSERT_EQ(record.rounds.size(), 3u) << record.spec.family;
        ASSERT_EQ(record.samples.size(), 9u);
        for (size_t i = 0; i < record.samples.size(); ++i)
            EXPECT_EQ(record.samples[i].round, int(i / 3));
        for (int round = 0; round < 3; ++round) {
            const RoundSummary& summary = record.rounds[size_t(round)];
            EXPECT_EQ(summary.round, round);
            EXPECT_EQ(summary.samples, 3);
            EXPECT_GT(summary.medianNs, 0);
            EXPECT_LE(summary.startedNs, summary.endedNs);
            if (round > 0) {
                EXPECT_GE(summary.startedNs, record.rounds[size_t(round - 1)].endedNs);
            }
        }
        ASSERT_TRUE(record.roundAgreement);
        EXPECT_GE(record.roundAgreement->spread, 0.0);
        ASSERT_TRUE(record.stats);
        EXPECT_EQ(record.endedNs, record.rounds.back().endedNs);
        EXPECT_DOUBLE_EQ(record.quality.approxError, 0.25);  // checked once, in round 1
    }
}

TEST_F(SuiteRunnerTest, StopBetweenRoundsKeepsTheRoundsMeasured) {
    sink_.beginRun({});
    int calls = 0;
    SuiteRunner runner(sink_, stop_, nullptr, [&](const VariantSpec& s) {
        // The second set-up of "b" (its second round) stops the run.
        if (s.family == "b" && ++calls == 2)
            stop_ = true;
        return std::make_unique<FakeVariant>(s, &stop_, &runs_);
    });
    const auto stopped = runner.run(
        {spec("a"), spec("b")}, {.warmup = 1, .minIterations = 2, .minTimeS = 0, .rounds = 3}, {});
    EXPECT_TRUE(stopped.interrupted);
    EXPECT_EQ(stopped.finished, 2u);
    ASSERT_EQ(stored().size(), 2u);
    for (const VariantRecord& record : stored()) {
        EXPECT_EQ(record.status, VariantStatus::Ok);
        EXPECT_GE(record.rounds.size(), 1u);
        EXPECT_LT(record.rounds.size(), 3u);
        EXPECT_EQ(record.samples.size(), record.rounds.size() * 1u);
    }
}

TEST_F(SuiteRunnerTest, AFailureInALaterRoundFailsTheVariantWithItsRound) {
    sink_.beginRun({});
    int setUps = 0;
    SuiteRunner runner(sink_, stop_, nullptr, [&](const VariantSpec& s) {
        // The variant's third set-up is of a broken kernel.
        return std::make_unique<FakeVariant>(++setUps == 3 ? spec("throws") : s, &stop_, &runs_);
    });
    const auto outcome = runner.run(
        {spec("gemm")}, {.warmup = 0, .minIterations = 3, .minTimeS = 0, .rounds = 3}, {});
    EXPECT_EQ(outcome.failed, 1u);
    ASSERT_EQ(stored().size(), 1u);
    EXPECT_EQ(stored()[0].status, VariantStatus::Failed);
    EXPECT_EQ(stored()[0].reason, "round 3: kernel exploded");
    EXPECT_FALSE(stored()[0].stats);
}

}  // namespace
}  // namespace costscope
