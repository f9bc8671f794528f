// Runs a list of variants in interleaved rounds: warm-up, timed repeats, checks, and one record
// per variant to a sink, extended round by round.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernels/Variant.h"
#include "profiler/ActivityCollector.h"
#include "profiler/GpuProbe.h"
#include "profiler/MeasureOptions.h"
#include "profiler/RecordSink.h"
#include "profiler/energy/EnergyMeter.h"

namespace costscope {

// Told about progress from the runner's thread; implementations must be quick. A step is one
// round of one variant; steps count from 0 to `steps` - 1 over every round.
class ProgressObserver {
  public:
    virtual ~ProgressObserver() = default;
    virtual void variantStarted(size_t step, size_t steps, const VariantSpec& spec) = 0;
    // After each warm-up or timed iteration: lets a live display move while a variant runs.
    virtual void iterationDone(size_t step, int64_t timedIterations) = 0;
    // The round is stored; `last` when the variant has no round left (its final one, or it was
    // skipped or failed), so `record` holds its figures over every round.
    virtual void variantFinished(size_t step, size_t steps, const VariantRecord& record,
                                 bool last) = 0;
};

struct RunOutcome {
    size_t finished = 0;  // variants handed to the sink (ok, skipped or failed)
    size_t failed = 0;
    size_t skipped = 0;
    bool interrupted = false;  // stop was requested; the round in flight was dropped
};

class SuiteRunner {
  public:
    using Factory = std::function<std::unique_ptr<Variant>(const VariantSpec&)>;

    // `stop` is polled between iterations (a signal handler may set it). `progress` may be null.
    // `factory` builds each variant; the default is the catalog's createVariant (tests pass
    // their own to check the skip, failure and interrupt paths). `collector`, when given and
    // available, tags every call of a GPU variant and supplies its device time and GPU rows.
    // `energy`, when given, measures each variant's energy (measureEnergy); its idle power
    // should be measured before.
    SuiteRunner(RecordSink& sink, const std::atomic<bool>& stop, ProgressObserver* progress,
                Factory factory = {}, ActivityCollector* collector = nullptr,
                EnergyMeter* energy = nullptr);

    // The shortest energy window: counters update every 1 to 100 ms, so shorter windows would
    // measure their updates rather than the calls.
    static constexpr double kMinEnergyWindowS = 1.0;

    // Measures every variant once per round (options.rounds), each round given 1/rounds of the
    // time and iterations asked for. The first round runs the variants in the suite's order and
    // stores each as it finishes (so a recording reads in that order and survives a crash); the
    // later rounds run them in an order shuffled with a fixed seed per round, and each adds its
    // samples to the stored variant. Every round sets the variant up anew and warms it up; the
    // batch size and the FP64 check come from the first. A variant with a skipReason() is stored
    // as skipped with it, without being built. A variant whose setUp() throws Unsupported is
    // stored as skipped; any other exception marks it failed with the message (in any round),
    // and the run goes on. Exceptions from the sink (a full disk) propagate: what was stored
    // before stays stored.
    RunOutcome run(const std::vector<VariantSpec>& variants, const MeasureOptions& options,
                   const GpuProbe& gpu);

    // Why run() stores `spec` as skipped without setting it up, or nullopt when it sets it up
    // (which may still refuse a shape): the GPU's reason for a GPU variant when no GPU is usable,
    // a CPU's refusal known beforehand (knownRefusal() in kernels/Catalog.h) for a CPU variant.
    // costscope-record --list shows the same.
    static std::optional<std::string> skipReason(const VariantSpec& spec, const GpuProbe& gpu);

    // The order the variants run in round `round` (0: the suite's).
    static std::vector<size_t> roundOrder(size_t variants, int round);

  private:
    struct State;
    // What one round of one variant measured; its figures are merged into the State.
    struct Round;

    // One round of variant `index`; false when stop was requested before it finished.
    bool measureRound(const VariantSpec& spec, size_t index, size_t step,
                      const MeasureOptions& options, State& state);
    // The round's body; leaves the variant for measureRound() to destroy under its tag.
    bool runRound(size_t step, const MeasureOptions& options, State& state, Round& round,
                  std::unique_ptr<Variant>& variant);
    // One call of the variant, tagged for the collector when the variant is on the GPU.
    void call(Variant& variant);
    // Takes what the collector saw of the round and folds it into the state.
    void collectGpuActivity(State& state, Round& round, uint64_t missingBefore);
    // Recomputes the record's figures over every round so far.
    static void summarise(State& state);
    // The steps of runRound(); each returns false when stop was requested.
    bool warmUp(Variant& variant, size_t step, int64_t calls);
    // How many consecutive calls one sample times (see kMinSampleNs in SuiteRunner.cpp).
    bool calibrateBatch(Variant& variant, bool cold, int64_t& callsPerSample);
    // The variant's energy over one window of its device's counter, in its last round after its
    // timed samples: as many more calls as fill at least kMinEnergyWindowS and
    // kMinUpdatesPerWindow of the counter's updates (the window grows, not the sample count).
    bool measureEnergy(Variant& variant, const std::string& device, Round& round);
    // Fills `samples` (prepared storage, resized to the samples taken).
    bool takeSamples(Variant& variant, size_t step, int64_t minIterations, double minTimeS,
                     int64_t callsPerSample, std::vector<Sample>& samples);

    RecordSink& sink_;
    const std::atomic<bool>& stop_;
    ProgressObserver* progress_;
    Factory factory_;
    ActivityCollector* collector_;
    EnergyMeter* energy_;
    // Set while a GPU variant is measured with an available collector; null otherwise.
    ActivityCollector* tagger_ = nullptr;
    uint32_t variantTag_ = 0;  // CallTag::variant of the variant measured
    uint32_t nextCall_ = 0;    // CallTag::call of its next call
    uint32_t firstTimedCall_ = 0;
};

}  // namespace costscope
