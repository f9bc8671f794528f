// The measurement loop. The timed region holds a batch of run() calls between two clock reads.
#include "profiler/SuiteRunner.h"

#include <algorithm>
#include <cmath>
#include <new>
#include <stdexcept>

#include "kernels/Catalog.h"
#include "profiler/Clock.h"
#include "profiler/GpuAttribution.h"
#include "profiler/PeakMemory.h"

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

}  // namespace

SuiteRunner::SuiteRunner(RecordSink& sink, const std::atomic<bool>& stop,
                         ProgressObserver* progress, Factory factory, ActivityCollector* collector)
    : sink_(sink),
      stop_(stop),
      progress_(progress),
      factory_(factory ? std::move(factory) : Factory(createVariant)),
      collector_(collector && collector->isAvailable() ? collector : nullptr) {}

RunOutcome SuiteRunner::run(const std::vector<VariantSpec>& variants, const MeasureOptions& options,
                            const GpuProbe& gpu) {
    RunOutcome outcome;
    for (size_t index = 0; index < variants.size(); ++index) {
        if (stop_.load()) {
            outcome.interrupted = true;
            break;
        }
        const VariantSpec& spec = variants[index];
        if (progress_)
            progress_->variantStarted(index, variants.size(), spec);

        VariantRecord record;
        record.spec = spec;
        record.startedNs = monotonicNs();
        const bool onGpu = spec.device == "gpu";
        if (onGpu && !gpu.usable) {
            record.status = VariantStatus::Skipped;
            record.reason = gpu.reason;
            record.endedNs = monotonicNs();
            sink_.addVariant(record);
        } else {
            tagger_ = onGpu ? collector_ : nullptr;
            variantTag_ = uint32_t(index + 1);
            nextCall_ = 0;
            uint64_t missingBefore = 0;
            if (tagger_) {
                // Whatever the GPU did before this variant (ceilings, context creation) belongs
                // to the run, not to the variant.
                if (auto before = tagger_->take(); !before.empty())
                    sink_.addActivity(before);
                missingBefore = tagger_->droppedRecords() + tagger_->lostRecords();
            }
            const bool finished = measure(spec, index, options, record);
            record.endedNs = monotonicNs();
            if (tagger_)
                collectGpuActivity(record, missingBefore);
            tagger_ = nullptr;
            if (!finished) {
                outcome.interrupted = true;
                break;
            }
            sink_.addVariant(record);
        }

        ++outcome.finished;
        if (record.status == VariantStatus::Failed)
            ++outcome.failed;
        if (record.status == VariantStatus::Skipped)
            ++outcome.skipped;
        if (progress_)
            progress_->variantFinished(index, variants.size(), record);
    }
    return outcome;
}

bool SuiteRunner::measure(const VariantSpec& spec, size_t index, const MeasureOptions& options,
                          VariantRecord& record) {
    std::unique_ptr<Variant> variant;
    const bool finished = measureVariant(spec, index, options, record, variant);
    // The variant frees its memory (device memory included) under its own tag.
    const TagScope tearDown(tagger_, {variantTag_, CallTag::kTearDown});
    variant.reset();
    return finished;
}

bool SuiteRunner::measureVariant(const VariantSpec& spec, size_t index,
                                 const MeasureOptions& options, VariantRecord& record,
                                 std::unique_ptr<Variant>& variant) {
    try {
        variant = factory_(spec);
        // Sample storage is allocated and touched before the peak-memory window opens, so it
        // is not counted as the variant's memory. Each sample lasts about kMinSampleNs or more,
        // which bounds how many fit into minTime; past the bound the vector grows as usual.
        std::vector<Sample> samples(size_t(std::min<int64_t>(
            kMaxPreparedSamples,
            options.minIterations + int64_t(options.minTimeS * 1e9) / kMinSampleNs + 16)));
        // Peak memory: what the variant holds while it runs (weights in their format, operands,
        // library workspace), not the transients of set-up (pruning copies) or the FP64 checks.
        const PeakMemory memory;
        {
            const TagScope setUp(tagger_, {variantTag_, CallTag::kSetUp});
            variant->setUp();
        }
        memory.restartPeak();

        if (!warmUp(*variant, index, options.warmup))
            return false;
        record.warmup = options.warmup;
        if (!calibrateBatch(*variant, options.warmup == 0, record.callsPerSample))
            return false;
        if (!takeSamples(*variant, index, options, record.callsPerSample, samples))
            return false;
        record.peakMemBytes = memory.peakGrowthBytes();
        record.samples = std::move(samples);

        std::vector<int64_t> durations;
        durations.reserve(record.samples.size());
        for (const auto& sample : record.samples)
            durations.push_back(sample.durationNs);
        record.stats = SampleStats::from(durations);
        {
            const TagScope check(tagger_, {variantTag_, CallTag::kCheck});
            record.quality = variant->check();
        }
        // relativeFrobeniusError is infinite when the result holds NaN or infinity.
        if (std::isinf(record.quality.kernelError))
            throw std::runtime_error(
                "the result holds NaN or infinity: the kernel is broken for this shape");
        record.weightBytes = variant->weightBytes();
        record.implementation = variant->implementation();
        record.threads = variant->threads();
        record.status = VariantStatus::Ok;
    } catch (const Unsupported& e) {
        record = VariantRecord{.spec = spec, .startedNs = record.startedNs};
        record.status = VariantStatus::Skipped;
        record.reason = e.what();
    } catch (const std::bad_alloc&) {
        record = VariantRecord{.spec = spec, .startedNs = record.startedNs};
        record.status = VariantStatus::Failed;
        record.reason = "out of memory: the variant's operands or workspace could not be allocated";
    } catch (const std::exception& e) {
        record = VariantRecord{.spec = spec, .startedNs = record.startedNs};
        record.status = VariantStatus::Failed;
        record.reason = e.what();
    }
    return true;
}

bool SuiteRunner::warmUp(Variant& variant, size_t index, int64_t calls) {
    for (int64_t i = 0; i < calls; ++i) {
        if (stop_.load())
            return false;
        call(variant);
        if (progress_)
            progress_->iterationDone(index, 0);
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

bool SuiteRunner::takeSamples(Variant& variant, size_t index, const MeasureOptions& options,
                              int64_t callsPerSample, std::vector<Sample>& samples) {
    const auto minTimeNs = int64_t(options.minTimeS * 1e9);
    const size_t prepared = samples.size();
    size_t count = 0;
    int64_t timedNs = 0;
    firstTimedCall_ = nextCall_;
    while (int64_t(count) < options.minIterations || timedNs < minTimeNs) {
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
            progress_->iterationDone(index, int64_t(count));
    }
    samples.resize(count);
    return true;
}

}  // namespace costscope

namespace costscope {

void SuiteRunner::call(Variant& variant) {
    const TagScope tag(tagger_, {variantTag_, nextCall_++});
    variant.run();
}

void SuiteRunner::collectGpuActivity(VariantRecord& record, uint64_t missingBefore) {
    auto attribution =
        attribute(tagger_->take(), TimedCalls{.variant = variantTag_,
                                              .firstTimedCall = firstTimedCall_,
                                              .callsPerSample = record.callsPerSample,
                                              .samples = record.samples.size(),
                                              .startedNs = record.startedNs,
                                              .endedNs = record.endedNs});
    if (!attribution.otherRows.empty())
        sink_.addActivity(attribution.otherRows);
    record.activity = std::move(attribution.variantRows);
    if (record.status != VariantStatus::Ok)
        return;
    // Records CUPTI dropped or delivered unusable, kernels caught unfinished, or kernels no call
    // of the variant claims would make its device time, counts and memory too small: then none
    // is stored rather than a wrong one, and the note says why (the run keeps the drop count).
    const std::string voided =
        ": its device time, kernels and copies per call and peak device memory are not stored";
    if (const uint64_t missing = tagger_->droppedRecords() + tagger_->lostRecords() - missingBefore;
        missing != 0) {
        record.deviceNote = "CUPTI dropped or could not use " + std::to_string(missing) +
                            " records while this variant ran" + voided;
        return;
    }
    if (attribution.incompleteKernels > 0) {
        record.deviceNote = std::to_string(attribution.incompleteKernels) +
                            " kernels of timed calls came back without an end time" + voided;
        return;
    }
    if (attribution.untaggedKernels > 0) {
        record.deviceNote = std::to_string(attribution.untaggedKernels) +
                            " kernels that no traced CUDA call launched ran while this variant "
                            "ran (CUPTI gave them no tag)" +
                            voided;
        return;
    }
    for (size_t i = 0; i < record.samples.size(); ++i)
        record.samples[i].deviceNs = attribution.deviceNsPerSample[i];
    record.gpu = std::move(attribution.measures);
}

}  // namespace costscope
