// Plain records handed from the runner to a RecordSink: one run, its devices, its variants.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernels/Variant.h"
#include "profiler/ActivityRows.h"
#include "profiler/SampleStats.h"

namespace costscope {

enum class RunStatus { Running, Complete, Interrupted, Failed };
enum class VariantStatus { Ok, Skipped, Failed };

// The strings stored in runs.status and variants.status.
inline const char* toString(RunStatus status) {
    switch (status) {
        case RunStatus::Running:
            return "running";
        case RunStatus::Complete:
            return "complete";
        case RunStatus::Interrupted:
            return "interrupted";
        case RunStatus::Failed:
            return "failed";
    }
    return "failed";
}

inline const char* toString(VariantStatus status) {
    switch (status) {
        case VariantStatus::Ok:
            return "ok";
        case VariantStatus::Skipped:
            return "skipped";
        case VariantStatus::Failed:
            return "failed";
    }
    return "failed";
}

// Something about the whole run that its figures must be read with: stored with the run, shown
// at the top of the GUI and of every report.
struct RunWarning {
    std::string kind;     // "blas" (OpenBLAS kernels), "onednn" (oneDNN ISA)
    std::string message;  // in words, for people
    bool operator==(const RunWarning&) const = default;
};

struct RunInfo {
    std::string suite;          // built-in name ("quick") or a user suite file's stem
    std::string suiteJson;      // the suite file as read, so a recording explains itself
    std::string commandLine;    // argv joined with spaces
    std::string host;           // hostname
    std::string version;        // costscope version
    int64_t startedUnixNs = 0;  // wall clock, for people
    int64_t warmup = 0;
    int64_t minIterations = 0;
    double minTimeS = 0.0;
    int64_t rounds = 1;  // each variant measured in this many interleaved rounds
    std::vector<RunWarning> warnings;
    std::string job;        // SLURM's array job id, else its job id; empty outside SLURM
    std::string selection;  // the variants picked from the suite: "--devices cpu --only GLOB"
    // --shard I/N: the part of the selection this run measures; absent for the whole of it.
    std::optional<int64_t> shardIndex;
    std::optional<int64_t> shardCount;
};

struct PrecisionCeiling {
    std::string precision;
    double gflops = 0.0;  // GFLOP/s (integer precisions: GOP/s)
    std::string method;   // "cuBLAS bf16 8192x8192x8192, median of 20"
};

// A GPU's properties as the driver reports them (TARGET_INFO_GPU's columns).
struct GpuTarget {
    int id = 0;  // CUDA device ordinal
    std::string name;
    std::string busLocation;
    std::string uuid;
    int64_t l2CacheSize = 0;      // B
    int64_t totalMemory = 0;      // B
    int64_t memoryBandwidth = 0;  // B/s, from the memory clock and bus width
    int64_t clockRate = 0;        // Hz
    int smCount = 0;
    int maxThreadsPerBlock = 0;
    int threadsPerWarp = 0;
    int maxWarpsPerSm = 0;
    int64_t maxShmemPerBlock = 0;  // B
    int64_t maxShmemPerSm = 0;     // B
    int maxRegistersPerSm = 0;
    int computeMajor = 0;
    int computeMinor = 0;
};

struct DeviceInfo {
    std::string kind;     // cpu | gpu
    std::string name;     // "AMD EPYC 9454P", "NVIDIA H100 80GB HBM3"
    std::string details;  // JSON object: cores, ISA flags, library versions, driver ...
    // Machine ceilings for the roofline, measured at the start of the recording.
    std::optional<double> peakGflops;       // best FP32 GEMM rate measured
    std::optional<double> memBandwidthGBs;  // STREAM-like triad bandwidth measured
    std::string ceilingsMethod;             // how the ceilings were measured
    // Best rate measured per precision ("fp32", "bf16", "int8" ...), for the roofline's
    // compute ceilings; stored in device_ceilings.
    std::vector<PrecisionCeiling> precisionCeilings;
    // GPUs only: the properties stored in TARGET_INFO_GPU.
    std::optional<GpuTarget> gpuTarget;
    // Version 4: the price list's entry for the device (costscope-record --prices), if any.
    std::optional<double> pricePerHour;
    std::optional<double> pricePerKwh;
    std::string currency;  // "" without a price list
    // Version 4: the device's idle power (measured once per run when energy is), or why its
    // energy was not measured.
    std::optional<double> idleWatts;
    std::string energyNote;
};

struct Sample {
    int64_t startNs = 0;     // CLOCK_MONOTONIC, the clock CUPTI timestamps are put on
    int64_t durationNs = 0;  // host wall time per call (the sample's time / callsPerSample);
                             // for GPU variants the end-to-end time, copies included
    int64_t deviceNs = -1;   // GPU variants: summed CUPTI durations of the kernels the sample's
                             // calls launched, per call; -1 when not measured
    int round = 0;           // the round it was taken in, from 0
};

// One round of a variant: its samples' count and median, and when it ran.
struct RoundSummary {
    int round = 0;
    int64_t samples = 0;
    double medianNs = 0;
    int64_t startedNs = 0;  // CLOCK_MONOTONIC
    int64_t endedNs = 0;
};

// What CUPTI saw of a GPU variant's timed calls.
struct GpuMeasures {
    std::optional<SampleStats> deviceStats;  // over the samples' deviceNs
    double kernelsPerCall = 0.0;
    double copiedBytesPerCall = 0.0;  // host<->device copies, both directions
    // Peak of device memory the variant allocated (set-up included) and had not yet released.
    std::optional<int64_t> peakDeviceMemBytes;
};

// The energy of a variant's calls from one window of its device's counter (RAPL, NVML), or why
// there is none. Never estimated: a figure is absent, with `note`, when it was not measured.
struct EnergyMeasure {
    std::string source;                            // "rapl", "nvml"; empty when not measured
    std::optional<double> joulesPerCall;           // all the device drew, per call
    std::optional<double> joulesAboveIdlePerCall;  // less its idle power over the window
    std::optional<double> watts;                   // mean power over the window
    std::optional<double> idleWatts;               // the device's, measured once per run
    double windowS = 0.0;                          // the window's length
    int64_t calls = 0;                             // the calls made in it
    double updatePeriodS = 0.0;                    // the counter's, as seen in the window
    uint64_t clocksEventReasons = 0;               // GPU: nvmlClocksEventReasons seen
    unsigned maxTemperatureC = 0;                  // GPU
    double meanSmClockMHz = 0.0;                   // GPU
    std::string note;                              // why not measured, or what to doubt
};

struct VariantRecord {
    VariantSpec spec;
    VariantStatus status = VariantStatus::Ok;
    std::string reason;          // why skipped or failed; empty when ok
    std::string implementation;  // what the library chose
    int threads = 0;
    int64_t warmup = 0;                // warm-up iterations run before the samples
    int64_t callsPerSample = 1;        // consecutive calls each sample times (short kernels only)
    std::vector<Sample> samples;       // every timed iteration, of every round so far
    std::optional<SampleStats> stats;  // over every sample of every round
    std::vector<RoundSummary> rounds;  // the rounds measured so far, in order
    std::optional<RoundAgreement> roundAgreement;  // with two rounds or more
    Quality quality;
    std::optional<int64_t> weightBytes;
    std::optional<int64_t> peakMemBytes;  // peak resident growth while the variant ran
    int64_t startedNs = 0;                // CLOCK_MONOTONIC
    int64_t endedNs = 0;
    std::optional<GpuMeasures> gpu;       // GPU variants measured with the collector on
    std::string deviceNote;               // why `gpu` is absent although the collector was on
    std::optional<EnergyMeasure> energy;  // when the run measures energy
    ActivityBatch activity;  // the CUPTI rows the variant caused in the round being stored
};

// Where the mlp workload's weights came from (stored in mlp_training).
struct ModelSource {
    bool trained = false;       // false: loaded from the cache
    double trainSeconds = 0.0;  // wall time of training; 0 when loaded
    std::string cacheFile;
    std::string settingsKey;
    std::string settingsJson;
};

// How GPU activity was collected in a run, stored with it at the end.
struct CollectorInfo {
    bool enabled = false;
    std::string note;             // why not, when not; else how timestamps were aligned
    uint64_t droppedRecords = 0;  // cuptiActivityGetNumDroppedRecords, summed
};

}  // namespace costscope
