// Plain rows read back from a recording by Recording: runs, devices, the summary views.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "profiler/Records.h"

namespace costscope {

// What a run's status means when read: a run still marked `running` whose recorder has died
// (killed, crashed, machine lost) is Incomplete; its committed variants are all readable.
enum class RunState { Running, Complete, Interrupted, Failed, Incomplete };

// "running", "complete", "interrupted", "failed", "incomplete".
const char* toString(RunState state);

struct RunRow {
    int64_t id = 0;
    std::string uid;                        // runs.uid; made from host, pid and start when the
                                            // file is older than version 5
    RunInfo info;                           // as handed to beginRun (host filled in when empty)
    int64_t pid = 0;                        // the recorder's process id
    std::optional<int64_t> endedUnixNs;     // absent while running or after a crash
    RunStatus status = RunStatus::Running;  // as stored
    RunState state = RunState::Running;     // as it reads now, see RunState
    std::string note;
    // How GPU activity was collected; absent when no GPU variant ran, and in version 1 files.
    std::optional<CollectorInfo> collector;
    // Where the mlp workload's weights came from; absent when the run measured no mlp variant.
    std::optional<ModelSource> modelSource;
};

// One shard of a run that costscope-merge made from shards (run_shards).
struct RunShardRow {
    int64_t shardIndex = 0;
    std::string uid;
    std::string host;
    int64_t pid = 0;
    int64_t startedUnixNs = 0;
    std::optional<int64_t> endedUnixNs;
    RunStatus status = RunStatus::Complete;
    std::string note;
    std::string commandLine;
    std::string source;  // the file it was merged from, as named to costscope-merge
};

struct DeviceRow {
    int64_t id = 0;
    int64_t runId = 0;
    DeviceInfo info;  // with its precision ceilings, and gpuTarget for a GPU that had one
};

// One row of the variant_summary view (docs/schema.md). Absent values are NULL in the file.
struct VariantSummaryRow {
    int64_t runId = 0;
    int64_t variantId = 0;
    std::string family;
    std::string name;
    std::string device;
    std::string backend;
    std::string precision;
    std::string structure;
    double sparsity = 0.0;
    int64_t m = 0;
    int64_t n = 0;
    int64_t k = 0;
    int64_t batch = 1;
    double flops = 0.0;  // dense-equivalent operations per iteration
    VariantStatus status = VariantStatus::Ok;
    std::string reason;
    std::string implementation;
    int threads = 0;
    int64_t warmup = 0;
    int64_t iterations = 0;      // samples stored
    int64_t callsPerSample = 1;  // consecutive calls each sample timed
    std::optional<double> medianMs;
    std::optional<double> p5Ms;
    std::optional<double> p95Ms;
    std::optional<double> meanMs;
    std::optional<double> stddevMs;
    std::optional<double> cv;
    std::optional<bool> noisy;
    std::optional<double> gflops;  // dense-equivalent GFLOP/s at the median time
    std::optional<int64_t> weightBytes;
    std::optional<int64_t> peakMemBytes;
    std::optional<double> kernelError;
    std::optional<double> approxError;
    std::optional<double> accuracy;
    int64_t startedNs = 0;  // CLOCK_MONOTONIC
    int64_t endedNs = 0;
    // Version 2, GPU variants measured with CUPTI; absent otherwise (and in version 1 files).
    std::optional<double> deviceMedianMs;  // GPU time per call, from the samples' deviceNs
    std::optional<double> deviceP5Ms;
    std::optional<double> deviceP95Ms;
    std::optional<double> deviceGflops;  // dense-equivalent GFLOP/s at the device median
    std::optional<double> kernelsPerCall;
    std::optional<double> copiedBytesPerCall;  // host<->device, B
    std::optional<int64_t> peakDeviceMemBytes;
    // Version 3: why the GPU figures are absent although CUPTI was on; "" otherwise.
    std::string deviceNote;
    // Version 3: the rounds measured (1 in older files), and whether their medians agree
    // (absent with one round).
    int64_t rounds = 1;
    std::optional<double> roundSpread;
    std::optional<bool> roundsDisagree;
    // Version 4: energy from the device's counter (absent in older files, or where not
    // measured, with the reason in energyNote), and what a million calls cost by the run's price
    // list (absent without one).
    std::string energySource;  // "rapl", "nvml"; "" when not measured
    std::optional<double> joulesPerCall;
    std::optional<double> joulesAboveIdle;  // per call
    std::optional<double> watts;
    std::optional<double> idleWatts;
    double energyWindowS = 0.0;
    double energyUpdatePeriodS = 0.0;
    uint64_t clocksEventReasons = 0;
    std::string energyNote;
    std::optional<double> costPerMillionCalls;        // median time x the hourly price
    std::optional<double> energyCostPerMillionCalls;  // joules per call x the kWh price
    std::string currency;
};

// GPU time of one kernel (by demangled name) in a run, as `nsys stats` cuda_gpu_kern_sum
// reports it. Durations in ns.
struct KernelSummaryRow {
    std::string name;  // demangled
    std::string shortName;
    int64_t instances = 0;
    int64_t totalNs = 0;
    double avgNs = 0;
    double medianNs = 0;  // the mean of the two middle durations for an even count
    int64_t minNs = 0;
    int64_t maxNs = 0;
    double stddevNs = 0;  // sample standard deviation (n - 1); 0 for one instance
    double percent = 0;   // of the run's summed kernel time
};

// Memory operations on the GPU of one kind in a run (each copy direction, and memsets), as
// `nsys stats` cuda_gpu_mem_time_sum and cuda_gpu_mem_size_sum report them together.
struct CopySummaryRow {
    std::string operation;  // "[CUDA memcpy Host-to-Device]", "[CUDA memset]", as nsys names them
    int64_t count = 0;
    int64_t totalBytes = 0;
    double avgBytes = 0;
    double medianBytes = 0;  // the mean of the two middle sizes for an even count
    int64_t minBytes = 0;
    int64_t maxBytes = 0;
    double stddevBytes = 0;  // sample standard deviation (n - 1); 0 for one operation
    int64_t totalNs = 0;     // summed durations
    double percent = 0;      // of the run's summed copy and memset time
};

// One row of the pruning_crossover view: where unstructured pruning starts to beat dense FP32.
struct CrossoverRow {
    std::string device;
    std::string backend;
    int64_t m = 0;
    int64_t n = 0;
    int64_t k = 0;
    double denseMs = 0;                // the best dense FP32 median of the shape
    std::optional<double> slowerUpTo;  // highest sparsity still slower than dense
    std::optional<double> fasterFrom;  // lowest sparsity faster than dense
};

}  // namespace costscope
