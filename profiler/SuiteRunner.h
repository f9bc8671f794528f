// Runs a list of variants: warm-up, timed repeats, checks, and one record per variant to a sink.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "kernels/Variant.h"
#include "profiler/ActivityCollector.h"
#include "profiler/GpuProbe.h"
#include "profiler/MeasureOptions.h"
#include "profiler/RecordSink.h"

namespace costscope {

// Told about progress from the runner's thread; implementations must be quick.
class ProgressObserver {
  public:
    virtual ~ProgressObserver() = default;
    virtual void variantStarted(size_t index, size_t total, const VariantSpec& spec) = 0;
    // After each warm-up or timed iteration: lets a live display move while a variant runs.
    virtual void iterationDone(size_t index, int64_t timedIterations) = 0;
    virtual void variantFinished(size_t index, size_t total, const VariantRecord& record) = 0;
};

struct RunOutcome {
    size_t finished = 0;  // variants handed to the sink (ok, skipped or failed)
    size_t failed = 0;
    size_t skipped = 0;
    bool interrupted = false;  // stop was requested; the variant in flight was dropped
};

class SuiteRunner {
  public:
    using Factory = std::function<std::unique_ptr<Variant>(const VariantSpec&)>;

    // `stop` is polled between iterations (a signal handler may set it). `progress` may be null.
    // `factory` builds each variant; the default is the catalog's createVariant (tests pass
    // their own to check the skip, failure and interrupt paths). `collector`, when given and
    // available, tags every call of a GPU variant and supplies its device time and GPU rows.
    SuiteRunner(RecordSink& sink, const std::atomic<bool>& stop, ProgressObserver* progress,
                Factory factory = {}, ActivityCollector* collector = nullptr);

    // Measures every variant in order. GPU variants are stored as skipped with `gpu.reason`
    // when the GPU is not usable. A variant whose setUp() throws Unsupported is stored as
    // skipped; any other exception marks it failed with the message, and the run goes on.
    // Exceptions from the sink (a full disk) propagate: what was stored before stays stored.
    RunOutcome run(const std::vector<VariantSpec>& variants, const MeasureOptions& options,
                   const GpuProbe& gpu);

  private:
    // Returns false when stop was requested before the variant finished.
    bool measure(const VariantSpec& spec, size_t index, const MeasureOptions& options,
                 VariantRecord& record);
    // measure()'s body; leaves the variant for measure() to destroy under its tag.
    bool measureVariant(const VariantSpec& spec, size_t index, const MeasureOptions& options,
                        VariantRecord& record, std::unique_ptr<Variant>& variant);
    // One call of the variant, tagged for the collector when the variant is on the GPU.
    void call(Variant& variant);
    // Takes what the collector saw of the variant: its rows, device time and counters go into
    // the record, the rest to the run.
    void collectGpuActivity(VariantRecord& record, uint64_t missingBefore);
    // The steps of measure(); each returns false when stop was requested.
    bool warmUp(Variant& variant, size_t index, int64_t calls);
    // How many consecutive calls one sample times (see kMinSampleNs in SuiteRunner.cpp).
    bool calibrateBatch(Variant& variant, bool cold, int64_t& callsPerSample);
    // Fills `samples` (prepared storage, resized to the samples taken).
    bool takeSamples(Variant& variant, size_t index, const MeasureOptions& options,
                     int64_t callsPerSample, std::vector<Sample>& samples);

    RecordSink& sink_;
    const std::atomic<bool>& stop_;
    ProgressObserver* progress_;
    Factory factory_;
    ActivityCollector* collector_;
    // Set while a GPU variant is measured with an available collector; null otherwise.
    ActivityCollector* tagger_ = nullptr;
    uint32_t variantTag_ = 0;  // CallTag::variant of the variant measured
    uint32_t nextCall_ = 0;    // CallTag::call of its next call
    uint32_t firstTimedCall_ = 0;
};

}  // namespace costscope
