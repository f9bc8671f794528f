// The measurement loop: rounds of every variant; within a round, a batch of run() calls between
// two clock reads per sample.
#include "profiler/SuiteRunner.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <new>
#include <numeric>
#include <random>
#include <stdexcept>
#include <utility>

#include "kernels/Catalog.h"
#include "profiler/Clock.h"
#include "profiler/GpuAttribution.h"
#include "profiler/PeakMemory.h"
#include "profiler/PhysicalMemory.h"

namespace costscope {
namespace {

// A sample lasts at least this long. Around a shorter one, the two clock reads (tens of ns) and
// the timer's granularity would be part of what is measured, and a 1 us kernel would store a
// million rows a second; so calls shorter than this are timed in batches of consecutive calls
// and each sample keeps the per-call mean (Google Benchmark and nanobench do the same).
constexpr int64_t kMinSampleNs = 50'000;
constexpr int64_t kMaxCallsPerSample = 1 << 20;
// Samples whose storage is prepared up front (16 B each): 16 MiB at most.
constexpr int64_t kMaxPreparedSamples = 1 << 20;
// The shuffles of rounds 1, 2 ... are fixed, so two recordings of a suite run in the same order.
constexpr uint64_t kRoundSeed = 0x636f737473636f70;  // "costscop"

// What a product's operands take in host memory: W, X and C in FP32 and their FP64 copies for the
// check (the model workload's products are small and fixed). An estimate that errs high.
double hostBytesOf(const VariantSpec& spec) {
    const double elements = (double(spec.m) * double(spec.k) + double(spec.k) * double(spec.n) +
                             double(spec.m) * double(spec.n)) *
                            double(std::max<int64_t>(spec.batch, 1));
    return elements * double(sizeof(float) + sizeof(double));
}

double medianOf(std::vector<int64_t> values) {
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? double(values[n / 2]) : (double(values[n / 2 - 1]) + double(values[n / 2])) / 2;
}

}  // namespace

// What is known of one variant so far.
struct SuiteRunner::State {
    VariantRecord record;       // figures over every round so far; activity: the round's
    std::optional<int64_t> id;  // the sink's, once the first round is stored
    bool done = false;          // nothing more to measure: every round, or skipped or failed
    uint32_t nextCall = 0;      // CallTag::call of its next call, counted across rounds
    // GPU figures of the rounds that have them, summed to divide at the end.
    int gpuRounds = 0;
    double kernels = 0;
    double copiedBytes = 0;
    double timedCalls = 0;
    std::optional<int64_t> peakDeviceMemBytes;
};

// What one round of one variant measured.
struct SuiteRunner::Round {
    int index = 0;
    VariantStatus status = VariantStatus::Ok;
    std::string reason;
    std::vector<Sample> samples;
    std::optional<int64_t> peakMemBytes;
    int64_t startedNs = 0;
    int64_t endedNs = 0;
    ActivityBatch activity;
    std::optional<EnergyMeasure> energy;  // last round only
    // First round only: what is checked once.
    Quality quality;
    std::optional<int64_t> weightBytes;
    std::string implementation;
    int threads = 0;
};

SuiteRunner::SuiteRunner(RecordSink& sink, const std::atomic<bool>& stop,
                         ProgressObserver* progress, Factory factory, ActivityCollector* collector,
                         EnergyMeter* energy)
    : sink_(sink),
      stop_(stop),
      progress_(progress),
      factory_(factory ? std::move(factory) : Factory(createVariant)),
      collector_(collector && collector->isAvailable() ? collector : nullptr),
      energy_(energy) {}

std::optional<std::string> SuiteRunner::skipReason(const VariantSpec& spec, const GpuProbe& gpu) {
    if (spec.device == "gpu")
        return gpu.usable ? std::nullopt : std::optional<std::string>(gpu.reason);
    if (std::string refusal = knownRefusal(spec); !refusal.empty())
        return refusal;
    return std::nullopt;
}

std::vector<size_t> SuiteRunner::roundOrder(size_t variants, int round) {
    std::vector<size_t> order(variants);
    std::iota(order.begin(), order.end(), size_t{0});
    if (round > 0) {
        std::mt19937_64 random(kRoundSeed + uint64_t(round));
        // Fisher-Yates with the generator's raw output, so the order is the same everywhere
        // (std::shuffle's use of the generator is left to the library).
        for (size_t i = order.size(); i > 1; --i)
            std::swap(order[i - 1], order[random() % i]);
    }
    return order;
}

RunOutcome SuiteRunner::run(const std::vector<VariantSpec>& variants, const MeasureOptions& options,
                            const GpuProbe& gpu) {
    RunOutcome outcome;
    const int rounds = int(std::max<int64_t>(options.rounds, 1));
    const size_t steps = variants.size() * size_t(rounds);
    std::vector<State> states(variants.size());
    for (int round = 0; round < rounds && !outcome.interrupted; ++round) {
        const std::vector<size_t> order = roundOrder(variants.size(), round);
        for (size_t position = 0; position < order.size(); ++position) {
            const size_t index = order[position];
            State& state = states[index];
            if (state.done)
                continue;
            if (stop_.load()) {
                outcome.interrupted = true;
                break;
            }
            const VariantSpec& spec = variants[index];
            const size_t step = size_t(round) * variants.size() + position;
            if (progress_)
                progress_->variantStarted(step, steps, spec);
            if (std::optional<std::string> reason = skipReason(spec, gpu)) {
                state.record.spec = spec;
                state.record.status = VariantStatus::Skipped;
                state.record.reason = std::move(*reason);
                state.record.startedNs = state.record.endedNs = monotonicNs();
                state.id = sink_.addVariant(state.record);
                state.done = true;
            } else if (!measureRound(spec, index, step, options, state)) {
                outcome.interrupted = true;
                break;
            }
            state.done = state.done || round == rounds - 1;
            if (progress_)
                progress_->variantFinished(step, steps, state.record, state.done);
        }
    }
    for (const State& state : states) {
        if (!state.id)
            continue;
        ++outcome.finished;
        outcome.failed += state.record.status == VariantStatus::Failed ? 1 : 0;
        outcome.skipped += state.record.status == VariantStatus::Skipped ? 1 : 0;
    }
    return outcome;
}

bool SuiteRunner::measureRound(const VariantSpec& spec, size_t index, size_t step,
                               const MeasureOptions& options, State& state) {
    VariantRecord& record = state.record;
    Round round;
    round.index = int(record.rounds.size());
    round.startedNs = monotonicNs();
    if (round.index == 0) {
        record.spec = spec;
        record.startedNs = round.startedNs;
    }
    tagger_ = spec.device == "gpu" ? collector_ : nullptr;
    variantTag_ = uint32_t(index + 1);
    nextCall_ = state.nextCall;
    uint64_t missingBefore = 0;
    if (tagger_) {
        // Whatever the GPU did before this round (ceilings, context creation, other variants'
        // stragglers) is not this variant's.
        if (auto before = tagger_->take(); !before.empty())
            sink_.addActivity(before);
        missingBefore = tagger_->droppedRecords() + tagger_->lostRecords();
    }
    bool finished = false;
    {
        std::unique_ptr<Variant> variant;
        finished = runRound(step, options, state, round, variant);
        // The variant frees its memory (device memory included) under its own tag.
        const TagScope tearDown(tagger_, {variantTag_, CallTag::kTearDown});
        variant.reset();
    }
    round.endedNs = monotonicNs();
    if (tagger_)
        collectGpuActivity(state, round, missingBefore);
    tagger_ = nullptr;
    state.nextCall = nextCall_;
    if (!finished)
        return false;  // stopped: the round is dropped, the rounds before stay stored

    record.endedNs = round.endedNs;
    const size_t firstNewSample = record.samples.size();
    if (round.status != VariantStatus::Ok) {
        // A later round that fails makes the variant failed: its figures would mix a working
        // and a broken setup.
        record.status = round.index == 0 ? round.status : VariantStatus::Failed;
        record.reason = round.index == 0
                            ? round.reason
                            : "round " + std::to_string(round.index + 1) + ": " + round.reason;
        record.stats.reset();
        record.gpu.reset();
        record.energy.reset();
        record.roundAgreement.reset();
        state.done = true;
    } else {
        if (round.index == 0) {
            record.quality = round.quality;
            record.weightBytes = round.weightBytes;
            record.implementation = round.implementation;
            record.threads = round.threads;
            record.warmup = options.warmup;
        }
        std::vector<int64_t> durations;
        for (Sample& sample : round.samples) {
            sample.round = round.index;
            durations.push_back(sample.durationNs);
        }
        record.rounds.push_back(RoundSummary{.round = round.index,
                                             .samples = int64_t(round.samples.size()),
                                             .medianNs = medianOf(durations),
                                             .startedNs = round.startedNs,
                                             .endedNs = round.endedNs});
        record.samples.insert(record.samples.end(), round.samples.begin(), round.samples.end());
        if (round.peakMemBytes)
            record.peakMemBytes = std::max(record.peakMemBytes.value_or(0), *round.peakMemBytes);
        if (round.energy)
            record.energy = std::move(round.energy);
        summarise(state);
    }
    record.activity = std::move(round.activity);
    if (!state.id)
        state.id = sink_.addVariant(record);
    else
        sink_.addRound(*state.id, record, firstNewSample);
    record.activity = {};  // stored: the next round brings its own
    return true;
}

bool SuiteRunner::runRound(size_t step, const MeasureOptions& options, State& state, Round& round,
                           std::unique_ptr<Variant>& variant) {
    const int64_t rounds = std::max<int64_t>(options.rounds, 1);
    // Each round takes its share of the time and the iterations asked for.
    const double minTimeS = options.minTimeS / double(rounds);
    const int64_t minIterations =
        std::max<int64_t>(1, (options.minIterations + rounds - 1) / rounds);
    try {
        // A product larger than the machine is refused before any of it is allocated: where
        // memory is overcommitted the allocation would succeed and touching it kill the process.
        const double needed = hostBytesOf(state.record.spec),
                     physical = double(physicalMemoryBytes());
        if (physical > 0 && needed > physical) {
            constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
            char why[160];
            std::snprintf(why, sizeof why,
                          "needs about %.0f GiB of memory for its operands and their FP64 check, "
                          "more than this machine's %.0f GiB",
                          needed / kGiB, physical / kGiB);
            throw Unsupported(why);
        }
        variant = factory_(state.record.spec);
        // Sample storage is allocated and touched before the peak-memory window opens, so it
        // is not counted as the variant's memory. Each sample lasts about kMinSampleNs or more,
        // which bounds how many fit into minTime; past the bound the vector grows as usual.
        std::vector<Sample> samples(size_t(std::min<int64_t>(
            kMaxPreparedSamples, minIterations + int64_t(minTimeS * 1e9) / kMinSampleNs + 16)));
        // Peak memory: what the variant holds while it runs (weights in their format, operands,
        // library workspace), not the transients of set-up (pruning copies) or the FP64 checks.
        const PeakMemory memory;
        {
            const TagScope setUp(tagger_, {variantTag_, CallTag::kSetUp});
            variant->setUp();
        }
        memory.restartPeak();

        if (!warmUp(*variant, step, options.warmup))
            return false;
        if (round.index == 0) {
            if (!calibrateBatch(*variant, options.warmup == 0, state.record.callsPerSample))
                return false;
        } else if (options.warmup == 0) {
            // Set up anew, so cold again: the first call is not a sample.
            if (stop_.load())
                return false;
            call(*variant);
        }
        if (!takeSamples(*variant, step, minIterations, minTimeS, state.record.callsPerSample,
                         samples))
            return false;
        round.peakMemBytes = memory.peakGrowthBytes();
        round.samples = std::move(samples);
        if (energy_ != nullptr && round.index == rounds - 1 &&
            !measureEnergy(*variant, state.record.spec.device, round))
            return false;
        if (round.index == 0) {
            {
                const TagScope check(tagger_, {variantTag_, CallTag::kCheck});
                round.quality = variant->check();
            }
            // relativeFrobeniusError is infinite when the result holds NaN or infinity.
            if (std::isinf(round.quality.kernelError))
                throw std::runtime_error(
                    "the result holds NaN or infinity: the kernel is broken for this shape");
            round.weightBytes = variant->weightBytes();
            round.implementation = variant->implementation();
            round.threads = variant->threads();
        }
        round.status = VariantStatus::Ok;
    } catch (const Unsupported& e) {
        round.status = VariantStatus::Skipped;
        round.reason = e.what();
    } catch (const std::bad_alloc&) {
        round.status = VariantStatus::Failed;
        round.reason = "out of memory: the variant's operands or workspace could not be allocated";
    } catch (const std::exception& e) {
        round.status = VariantStatus::Failed;
        round.reason = e.what();
    }
    if (round.status != VariantStatus::Ok)
        round.samples.clear();
    return true;
}

void SuiteRunner::summarise(State& state) {
    VariantRecord& record = state.record;
    std::vector<int64_t> durations;
    std::vector<int64_t> deviceNs;
    std::vector<std::vector<int64_t>> byRound(record.rounds.size());
    durations.reserve(record.samples.size());
    for (const Sample& sample : record.samples) {
        durations.push_back(sample.durationNs);
        if (sample.deviceNs >= 0)
            deviceNs.push_back(sample.deviceNs);
        if (size_t(sample.round) < byRound.size())
            byRound[size_t(sample.round)].push_back(sample.durationNs);
    }
    record.stats = SampleStats::from(durations);
    if (byRound.size() >= 2)
        record.roundAgreement = RoundAgreement::of(byRound);
    if (state.gpuRounds > 0 && !deviceNs.empty() && state.timedCalls > 0) {
        GpuMeasures gpu;
        gpu.deviceStats = SampleStats::from(deviceNs);
        gpu.kernelsPerCall = state.kernels / state.timedCalls;
        gpu.copiedBytesPerCall = state.copiedBytes / state.timedCalls;
        gpu.peakDeviceMemBytes = state.peakDeviceMemBytes;
        record.gpu = gpu;
    } else {
        record.gpu.reset();
    }
}

bool SuiteRunner::measureEnergy(Variant& variant, const std::string& device, Round& round) {
    EnergyMeasure& measure = round.energy.emplace();
    const EnergyMeter::Device* meter = energy_->device(device);
    if (meter == nullptr || meter->counter == nullptr) {
        measure.note = meter != nullptr
                           ? meter->reason
                           : "energy not measured: costscope reads no counter of a " + device;
        return true;
    }
    measure.source = meter->counter->source();
    measure.idleWatts = meter->idleWatts;
    // The idle window saw how often the counter updates; 1.5 times the updates needed leaves
    // room for the jitter of when they come.
    const double seconds =
        std::max(kMinEnergyWindowS, 1.5 * double(kMinUpdatesPerWindow) * meter->idle.updatePeriodS);
    energy_->begin(device);
    int64_t calls = 0;
    const int64_t until = monotonicNs() + int64_t(seconds * 1e9);
    while (monotonicNs() < until) {
        if (stop_.load()) {
            energy_->end(calls);
            return false;
        }
        call(variant);
        ++calls;
    }
    const EnergyWindow window = energy_->end(calls);
    measure.joulesPerCall = window.joulesPerCall();
    measure.joulesAboveIdlePerCall = window.joulesAboveIdlePerCall(meter->idleWatts);
    measure.watts = window.watts();
    measure.windowS = window.seconds;
    measure.calls = window.calls;
    measure.updatePeriodS = window.updatePeriodS;
    measure.clocksEventReasons = window.clocksEventReasons;
    measure.maxTemperatureC = window.maxTemperatureC;
    measure.meanSmClockMHz = window.meanSmClockMHz;
    measure.note = window.note;
    if (const std::string throttled = nvml::describeThrottle(window.clocksEventReasons);
        !throttled.empty()) {
        measure.note += (measure.note.empty() ? "" : "; ") +
                        ("the GPU's clocks were held down (" + throttled + ") during the window");
    }
    return true;
}

bool SuiteRunner::warmUp(Variant& variant, size_t step, int64_t calls) {
    for (int64_t i = 0; i < calls; ++i) {
        if (stop_.load())
            return false;
        call(variant);
        if (progress_)
            progress_->iterationDone(step, 0);
    }
    return true;
}

bool SuiteRunner::calibrateBatch(Variant& variant, bool cold, int64_t& callsPerSample) {
    // The first call of a variant runs cold (page faults, sleeping threads, JIT), often a
    // hundred times slower than later ones: it must not size the batches.
    if (cold) {
        if (stop_.load())
            return false;
        call(variant);
    }
    // Grow untimed batches, from one call, until one lasts kMinSampleNs. A kernel that takes
    // longer than that costs one untimed call here.
    int64_t calls = 1;
    while (calls < kMaxCallsPerSample) {
        if (stop_.load())
            return false;
        const int64_t start = monotonicNs();
        for (int64_t i = 0; i < calls; ++i)
            call(variant);
        const int64_t batchNs = monotonicNs() - start;
        if (batchNs >= kMinSampleNs)
            break;
        // Aim a quarter past the floor so that the timed batches clear it despite jitter.
        const int64_t factor = kMinSampleNs * 5 / 4 / std::max<int64_t>(batchNs, 1) + 1;
        calls = std::min(kMaxCallsPerSample, calls * std::clamp<int64_t>(factor, 2, 100));
    }
    callsPerSample = calls;
    return true;
}

bool SuiteRunner::takeSamples(Variant& variant, size_t step, int64_t minIterations, double minTimeS,
                              int64_t callsPerSample, std::vector<Sample>& samples) {
    const auto minTimeNs = int64_t(minTimeS * 1e9);
    const size_t prepared = samples.size();
    size_t count = 0;
    int64_t timedNs = 0;
    firstTimedCall_ = nextCall_;
    while (int64_t(count) < minIterations || timedNs < minTimeNs) {
        if (stop_.load())
            return false;
        const int64_t start = monotonicNs();
        for (int64_t i = 0; i < callsPerSample; ++i)
            call(variant);
        const int64_t duration = monotonicNs() - start;
        const Sample sample{start, duration / callsPerSample};
        if (count < prepared)
            samples[count] = sample;
        else
            samples.push_back(sample);
        ++count;
        timedNs += duration;
        if (progress_)
            progress_->iterationDone(step, int64_t(count));
    }
    samples.resize(count);
    return true;
}

void SuiteRunner::call(Variant& variant) {
    const TagScope tag(tagger_, {variantTag_, nextCall_++});
    variant.run();
}

void SuiteRunner::collectGpuActivity(State& state, Round& round, uint64_t missingBefore) {
    VariantRecord& record = state.record;
    auto attribution =
        attribute(tagger_->take(), TimedCalls{.variant = variantTag_,
                                              .firstTimedCall = firstTimedCall_,
                                              .callsPerSample = record.callsPerSample,
                                              .samples = round.samples.size(),
                                              .startedNs = round.startedNs,
                                              .endedNs = round.endedNs});
    if (!attribution.otherRows.empty())
        sink_.addActivity(attribution.otherRows);
    round.activity = std::move(attribution.variantRows);
    if (round.status != VariantStatus::Ok)
        return;
    // Records CUPTI dropped or delivered unusable, kernels caught unfinished, or kernels no call
    // of the variant claims would make the round's device time, counts and memory too small:
    // then the round gives none, rather than a wrong one, and the note says why (the run keeps
    // the drop count). The other rounds' figures stand.
    std::string why;
    if (const uint64_t missing = tagger_->droppedRecords() + tagger_->lostRecords() - missingBefore;
        missing != 0) {
        why = "CUPTI dropped or could not use " + std::to_string(missing) + " records while it ran";
    } else if (attribution.incompleteKernels > 0) {
        why = std::to_string(attribution.incompleteKernels) +
              " kernels of timed calls came back without an end time";
    } else if (attribution.untaggedKernels > 0) {
        why = std::to_string(attribution.untaggedKernels) +
              " kernels that no traced CUDA call launched ran meanwhile (CUPTI gave them no tag)";
    }
    if (!why.empty()) {
        record.deviceNote += (record.deviceNote.empty() ? "" : "; ") + std::string("round ") +
                             std::to_string(round.index + 1) + ": " + why +
                             ", so its device time, kernels and copies per call and peak device "
                             "memory are not counted";
        return;
    }
    for (size_t i = 0; i < round.samples.size(); ++i)
        round.samples[i].deviceNs = attribution.deviceNsPerSample[i];
    const double timedCalls = double(record.callsPerSample) * double(round.samples.size());
    ++state.gpuRounds;
    state.timedCalls += timedCalls;
    state.kernels += attribution.measures.kernelsPerCall * timedCalls;
    state.copiedBytes += attribution.measures.copiedBytesPerCall * timedCalls;
    if (const auto peak = attribution.measures.peakDeviceMemBytes)
        state.peakDeviceMemBytes = std::max(state.peakDeviceMemBytes.value_or(0), *peak);
}

}  // namespace costscope
