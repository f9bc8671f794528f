// The recorder's flow: suite, output file, machine, variants, summary; errors become exit codes.
#include "profiler/recorder/Recorder.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernels/mlp/ModelZoo.h"
#include "profiler/Clock.h"
#include "profiler/CpuCeilings.h"
#include "profiler/CpuProbe.h"
#include "profiler/GpuCeilings.h"
#include "profiler/GpuProbe.h"
#include "profiler/SuiteRunner.h"
#include "profiler/recorder/OpenblasSetup.h"
#include "profiler/recorder/Progress.h"
#include "profiler/recorder/SummaryTable.h"
#include "profiler/recorder/VariantListing.h"
#include "profiler/store/Recording.h"
#include "profiler/store/RecordingFormat.h"
#include "profiler/store/SqliteStore.h"
#include "profiler/store/StoreError.h"
#include "profiler/store/TimelineCache.h"
#include "profiler/suite/PriceList.h"
#include "profiler/suite/Suite.h"
#include "profiler/suite/SuiteError.h"

namespace costscope {
namespace {

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items)
        text += (text.empty() ? "" : ",") + item;
    return text;
}

DeviceInfo cpuDevice(const CpuProbe& cpu, const CpuCeilings& ceilings) {
    return DeviceInfo{.kind = "cpu",
                      .name = cpu.name,
                      .details = cpu.detailsJson(),
                      .peakGflops = ceilings.peakGflops,
                      .memBandwidthGBs = ceilings.bandwidthGBs,
                      .ceilingsMethod = ceilings.method};
}

// The GPU with its measured ceilings; when measuring fails, the probe's facts and the reason.
DeviceInfo gpuDevice(const GpuProbe& gpu, std::ostream& err, bool quiet) {
    try {
        return measureGpuDevice();
    } catch (const std::exception& e) {
        if (!quiet)
            err << "costscope-record: the GPU's ceilings could not be measured: " << e.what()
                << '\n';
        return DeviceInfo{.kind = "gpu",
                          .name = gpu.name,
                          .details = gpu.detailsJson(),
                          .ceilingsMethod = std::string("not measured: ") + e.what()};
    }
}

// The quiet window over which each device's idle power is measured, once per run.
constexpr std::chrono::seconds kIdleWindow{2};

// Once, in one line: which devices' energy is measured, and why the others' is not.
void announceEnergy(const EnergyMeter& energy, std::ostream& err) {
    std::string measured;
    std::string missing;
    for (const char* kind : {"cpu", "gpu"}) {
        if (const EnergyMeter::Device* device = energy.device(kind)) {
            if (device->counter)
                measured += (measured.empty() ? "" : ", ") + device->counter->what() + " (" +
                            device->counter->source() + ")";
            else
                missing += (missing.empty() ? "" : "; ") + device->reason;
        }
    }
    if (!measured.empty())
        err << "costscope-record: measuring energy of " << measured
            << "; idle power first, 2 s per device\n";
    if (!missing.empty())
        err << "costscope-record: " << missing << '\n';
}

ModelSource sourceOf(const mlp::ZooReport& report) {
    return ModelSource{.trained = report.trained,
                       .trainSeconds = report.trainSeconds,
                       .cacheFile = report.cacheFile,
                       .settingsKey = report.settingsKey,
                       .settingsJson = report.settingsJson};
}

std::string describe(const mlp::ZooReport& report) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1f", report.trainSeconds);
    return report.trained
               ? "trained in " + std::string(seconds) + " s, cached in " + report.cacheFile
               : "loaded from " + report.cacheFile;
}

// The process's model zoo, configured from the command line (throws as ModelZoo::shared()).
std::shared_ptr<const mlp::ModelZoo> sharedModels(const RecorderOptions& options) {
    mlp::ModelZoo::configure(mlp::ZooOptions{.retrain = options.retrain});
    return mlp::ModelZoo::shared();
}

// The mlp workload's models, trained or loaded before any variant is timed, so that training
// is neither inside a variant's set-up nor repeated. Null (with the reason on `err`) when they
// cannot be had; the mlp variants then fail with the same reason.
std::shared_ptr<const mlp::ModelZoo> prepareModels(const RecorderOptions& options,
                                                   std::ostream& err) {
    if (!options.quiet)
        err << "costscope-record: preparing the mlp models (trained once, a few minutes on two "
               "cores, then loaded from the cache)\n";
    try {
        auto zoo = sharedModels(options);
        if (!options.quiet)
            err << "costscope-record: mlp models " << describe(zoo->report()) << '\n';
        return zoo;
    } catch (const std::exception& e) {
        err << "costscope-record: the mlp models cannot be prepared: " << e.what() << '\n';
        return nullptr;
    }
}

}  // namespace

int runRecorder(const RecorderOptions& options, std::ostream& out, std::ostream& err,
                const std::atomic<bool>& stop, bool errIsTerminal) {
    if (options.help) {
        out << RecorderOptions::usage();
        return kExitOk;
    }
    if (options.version) {
        out << "costscope-record " << COSTSCOPE_VERSION << '\n';
        return kExitOk;
    }

    if (options.trainOnly) {
        try {
            const auto zoo = sharedModels(options);
            out << "mlp models " << describe(zoo->report()) << '\n';
            return kExitOk;
        } catch (const mlp::DatasetError& e) {
            err << "costscope-record: " << e.what() << '\n';
            return kExitUsage;
        } catch (const std::exception& e) {
            err << "costscope-record: training the mlp models failed: " << e.what() << '\n';
            return kExitFailure;
        }
    }

    Suite suite;
    try {
        suite = loadSuite(options.suite, SuiteOptions{.allowLong = options.allowLong});
    } catch (const SuiteErrors& e) {
        // A line each, so that an editor can jump to every one.
        for (const SuiteError& error : e.errors())
            err << "costscope-record: " << error.what() << '\n';
        if (e.errors().size() > 1)
            err << "costscope-record: " << e.errors().size() << " problems in " << e.file()
                << "; nothing was recorded\n";
        return kExitUsage;
    } catch (const SuiteError& e) {
        err << "costscope-record: " << e.what() << '\n';
        return kExitUsage;
    }
    const auto variants = selectVariants(suite.variants, options);
    if (variants.empty() && options.shard) {
        RecorderOptions whole = options;
        whole.shard.reset();
        const size_t all = selectVariants(suite.variants, whole).size();
        if (all > 0) {
            err << "costscope-record: --shard " << options.shard->index << '/'
                << options.shard->count << " holds no variant: the selection has only " << all
                << ", so at most " << all << " shards have work\n";
            return kExitUsage;
        }
    }
    if (variants.empty()) {
        err << "costscope-record: no variant of suite '" << suite.name << "' matches --devices "
            << joined(options.devices) << (options.only.empty() ? "" : " --only " + options.only)
            << "; 'costscope-record --suite " << options.suite << " --list' shows them all\n";
        return kExitUsage;
    }
    MeasureOptions measure = suite.measure;
    if (options.minTimeS)
        measure.minTimeS = *options.minTimeS;
    if (options.warmup)
        measure.warmup = *options.warmup;
    if (options.rounds)
        measure.rounds = *options.rounds;
    const bool wantGpu = std::any_of(variants.begin(), variants.end(),
                                     [](const VariantSpec& spec) { return spec.device == "gpu"; });
    if (options.list) {
        // The runner's own decision (SuiteRunner::skipReason), with the same GPU probe.
        const GpuProbe gpu = wantGpu ? probeGpu() : GpuProbe{};
        std::vector<std::optional<std::string>> skipReasons;
        for (const auto& spec : variants)
            skipReasons.push_back(SuiteRunner::skipReason(spec, gpu));
        out << formatVariantList(suite.name, variants, skipReasons, measure);
        return kExitOk;
    }

    // What the CPU math libraries run, and what the run must be read with.
    const OpenblasSetup openblas = currentOpenblasSetup(options.keepBlasChoice);
    CpuProbe cpu = probeCpu();
    cpu.openblasFirstChoice = openblas.firstChoice;
    cpu.openblasCoretype = openblas.coretype;
    cpu.openblasCoreSource = openblas.source;
    cpu.openblasNote = openblas.note;
    std::vector<RunWarning> warnings;
    if (openblas.warning)
        warnings.push_back({"blas", openblas.note});
    if (cpu.onednnWarning)
        warnings.push_back({"onednn", *cpu.onednnWarning});

    // The price list is read and checked against this machine before anything is measured or
    // a file is written: its mistakes are the user's to fix, like a suite's.
    std::optional<PriceList> prices;
    const GpuProbe gpu = wantGpu ? probeGpu() : GpuProbe{};
    if (!options.prices.empty()) {
        try {
            prices = loadPriceList(options.prices);
            std::vector<PricedDevice> devices = {{"cpu", cpu.name}};
            if (!gpu.name.empty())
                devices.push_back({"gpu", gpu.name});
            checkPriceList(*prices, devices, RecordingFormat::hostName());
        } catch (const SuiteErrors& e) {
            for (const SuiteError& error : e.errors())
                err << "costscope-record: " << error.what() << '\n';
            return kExitUsage;
        } catch (const SuiteError& e) {
            err << "costscope-record: " << e.what() << '\n';
            return kExitUsage;
        }
    }

    const std::string path = options.out.empty() ? defaultOutputPath(suite.name) : options.out;
    std::unique_ptr<SqliteStore> store;
    try {
        if (options.out.empty())
            std::filesystem::create_directories("recordings");
        store = std::make_unique<SqliteStore>(path);
    } catch (const std::exception& e) {
        err << "costscope-record: " << e.what() << '\n';
        return kExitUsage;
    }

    int64_t runId = 0;
    RunOutcome outcome;
    try {
        runId = store->beginRun(RunInfo{
            .suite = suite.name,
            .suiteJson = suite.json,
            .commandLine = options.commandLine,
            .version = COSTSCOPE_VERSION,
            .startedUnixNs = unixNs(),
            .warmup = measure.warmup,
            .minIterations = measure.minIterations,
            .minTimeS = measure.minTimeS,
            .rounds = measure.rounds,
            .warnings = warnings,
            .job = slurmJob(),
            .selection = selectionText(options),
            .shardIndex = options.shard ? std::optional(options.shard->index) : std::nullopt,
            .shardCount = options.shard ? std::optional(options.shard->count) : std::nullopt});
        if (!options.quiet) {
            err << "costscope-record: recording " << variants.size() << " variants of suite '"
                << suite.name << "'";
            if (options.shard)
                err << " (shard " << options.shard->index << '/' << options.shard->count << ')';
            err << " into " << path << '\n';
            if (wantGpu && !gpu.usable)
                err << "costscope-record: GPU variants will be stored as skipped: " << gpu.reason
                    << '\n';
            if (openblas.source == "costscope" || openblas.warning)
                err << "costscope-record: " << openblas.note << '\n';
            for (const RunWarning& warning : warnings)
                if (warning.kind != "blas")
                    err << "costscope-record: warning: " << warning.message << '\n';
            err << "costscope-record: measuring the machine's ceilings (peak GEMM rate, memory "
                   "bandwidth)\n";
        }
        // Idle power first, while the machine is quiet: before the ceilings heat it.
        std::unique_ptr<EnergyMeter> energy;
        if (!options.noEnergy) {
            energy =
                EnergyMeter::forThisMachine(gpu.usable ? std::optional(gpu.busId) : std::nullopt);
            if (!options.quiet)
                announceEnergy(*energy, err);
            energy->measureIdle(kIdleWindow);
        }
        const auto finish = [&](DeviceInfo device) {
            if (prices) {
                if (const DevicePrice* price =
                        prices->priceOf(device.kind, device.name, RecordingFormat::hostName())) {
                    device.pricePerHour = price->perHour;
                    device.pricePerKwh = prices->perKwh;
                    device.currency = prices->currency;
                }
            }
            if (const EnergyMeter::Device* meter = energy ? energy->device(device.kind) : nullptr) {
                device.idleWatts = meter->idleWatts;
                device.energyNote = meter->counter ? meter->idle.note : meter->reason;
            }
            return device;
        };
        store->addDevice(finish(cpuDevice(cpu, measureCpuCeilings())));
        if (gpu.usable)
            store->addDevice(finish(gpuDevice(gpu, err, options.quiet)));

        const bool wantModels =
            std::any_of(variants.begin(), variants.end(),
                        [](const VariantSpec& spec) { return spec.family == "mlp"; });
        if (wantModels) {
            if (const auto zoo = prepareModels(options, err))
                store->setModelSource(sourceOf(zoo->report()));
        }

        // CUPTI starts after the ceilings, so their kernels are not part of the recording.
        std::unique_ptr<ActivityCollector> collector;
        CollectorInfo collection;
        if (gpu.usable && !options.noCupti) {
            collector = startActivityCollector();
            collection.enabled = collector->isAvailable();
            if (!collection.enabled) {
                collection.note = "CUPTI unavailable: " + collector->reason();
                if (!options.quiet)
                    err << "costscope-record: GPU variants are timed end to end only; "
                        << collection.note << '\n';
            }
        } else {
            collection.note = gpu.usable ? "collector off (--no-cupti)" : "no usable GPU";
        }

        const auto style = options.progress == ProgressMode::Machine ? Progress::Style::Machine
                           : errIsTerminal                           ? Progress::Style::Live
                                                                     : Progress::Style::Log;
        Progress progress(err, style, variants, gpu.usable, measure.rounds);
        SuiteRunner runner(*store, stop, options.quiet ? nullptr : &progress, {}, collector.get(),
                           energy.get());
        outcome = runner.run(variants, measure, gpu);
        if (collection.enabled) {
            if (auto rest = collector->take(); !rest.empty())
                store->addActivity(rest);
            collection.droppedRecords = collector->droppedRecords();
            collection.note = collector->note();
        }
        if (wantGpu)
            store->setCollectorInfo(collection);
        if (outcome.interrupted) {
            store->endRun(RunStatus::Interrupted,
                          "interrupted by a signal after " + std::to_string(outcome.finished) +
                              " of " + std::to_string(variants.size()) + " variants");
        } else {
            store->endRun(RunStatus::Complete, "");
        }
    } catch (const std::exception& e) {
        err << "costscope-record: " << e.what() << "\ncostscope-record: recording stopped; "
            << outcome.finished << " finished variants are kept in " << path << '\n';
        try {
            store->endRun(RunStatus::Failed, e.what());
        } catch (const std::exception&) {
            // The file cannot take even the status update (a full disk): the run then reads as
            // incomplete, which is what it is.
        }
        return kExitFailure;
    }

    try {
        const Recording recording(path);
        const auto rows = recording.variantSummary(runId);
        out << formatSummaryTable(rows) << formatBreakEvens(rows);
    } catch (const std::exception& e) {
        err << "costscope-record: the recording was written but could not be read back: "
            << e.what() << '\n';
        return kExitFailure;
    }
    // The run's timeline summary, kept in the file, so that the GUI's first open of its timeline
    // reads it rather than every kernel (TimelineCache). Not after Ctrl-C, which asks to stop
    // now: the GUI writes it when it first opens the run.
    if (!outcome.interrupted) {
        if (const std::string why = TimelineCache::build(path, runId);
            !why.empty() && !options.quiet)
            err << "costscope-record: the timeline's summary was not written (" << why
                << "); the GUI makes it when it first opens the run\n";
    }
    if (!options.quiet) {
        err << "costscope-record: " << (outcome.interrupted ? "interrupted; kept " : "wrote ")
            << outcome.finished << " variants (" << outcome.skipped << " skipped, "
            << outcome.failed << " failed) to " << path << '\n';
    }
    if (outcome.interrupted)
        return kExitInterrupted;
    return outcome.failed > 0 ? kExitFailure : kExitOk;
}

}  // namespace costscope
