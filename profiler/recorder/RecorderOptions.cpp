// Parses costscope-record's options; every mistake becomes a UsageError that says what to do.
#include "profiler/recorder/RecorderOptions.h"

#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <ctime>
#include <sstream>

#include "profiler/MeasureOptions.h"
#include "profiler/suite/Suite.h"

namespace costscope {
namespace {

double parseSeconds(const std::string& option, const std::string& value) {
    double seconds = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (error != std::errc() || end != value.data() + value.size() || !(seconds >= 0) ||
        seconds > kMaxMinTimeS)
        throw UsageError(option + " expects seconds between 0 and " +
                         std::to_string(int(kMaxMinTimeS)) + ", got '" + value + "'");
    return seconds;
}

int64_t parseCount(const std::string& option, const std::string& value) {
    int64_t count = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), count);
    if (error != std::errc() || end != value.data() + value.size() || count < 0 || count > 1000000)
        throw UsageError(option + " expects a whole number from 0 to 1000000, got '" + value + "'");
    return count;
}

std::vector<std::string> parseDevices(const std::string& value) {
    std::vector<std::string> devices;
    std::stringstream list(value);
    for (std::string device; std::getline(list, device, ',');) {
        if (device != "cpu" && device != "gpu")
            throw UsageError("--devices takes a comma-separated list of cpu and gpu, got '" +
                             device + "'");
        if (std::find(devices.begin(), devices.end(), device) == devices.end())
            devices.push_back(device);
    }
    if (devices.empty())
        throw UsageError("--devices needs at least one of cpu, gpu");
    return devices;
}

Shard parseShard(const std::string& value) {
    const auto slash = value.find('/');
    const auto number = [&](std::string_view text, int64_t& result) {
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), result);
        return !text.empty() && error == std::errc() && end == text.data() + text.size();
    };
    Shard shard;
    if (slash == std::string::npos ||
        !number(std::string_view(value).substr(0, slash), shard.index) ||
        !number(std::string_view(value).substr(slash + 1), shard.count))
        throw UsageError("--shard expects I/N, part I (from 0) of N, e.g. 0/4, got '" + value +
                         "'");
    if (shard.count < 1 || shard.count > 10000)
        throw UsageError("--shard " + value + ": N must be from 1 to 10000");
    if (shard.index < 0 || shard.index >= shard.count)
        throw UsageError("--shard " + value + ": I must be from 0 to " +
                         std::to_string(shard.count - 1) + " (parts are counted from 0)");
    return shard;
}

std::string environment(const char* name) {
    const char* value = std::getenv(name);
    return value && *value ? value : "";
}

}  // namespace

RecorderOptions RecorderOptions::parse(std::span<const char* const> args) {
    RecorderOptions options;
    options.commandLine = "costscope-record";
    for (const char* arg : args)
        options.commandLine += std::string(" ") + arg;
    std::string minTimeText;  // as written, for the message when it is too long
    for (size_t i = 0; i < args.size(); ++i) {
        std::string arg = args[i];
        std::optional<std::string> inlineValue;
        if (const auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
            inlineValue = arg.substr(eq + 1);
            arg.resize(eq);
        }
        auto value = [&]() -> std::string {
            if (inlineValue)
                return *inlineValue;
            if (i + 1 >= args.size())
                throw UsageError(arg + " needs a value");
            return args[++i];
        };
        auto flag = [&](bool& target) {
            if (inlineValue)
                throw UsageError(arg + " takes no value");
            target = true;
        };
        if (arg == "--suite")
            options.suite = value();
        else if (arg == "--out") {
            options.out = expandOutputPattern(value(), OutputNames::fromEnvironment());
            if (options.out.empty())
                throw UsageError("--out needs a file name");
        } else if (arg == "--devices")
            options.devices = parseDevices(value());
        else if (arg == "--only")
            options.only = value();
        else if (arg == "--shard")
            options.shard = parseShard(value());
        else if (arg == "--min-time") {
            minTimeText = value();
            options.minTimeS = parseSeconds(arg, minTimeText);
        } else if (arg == "--warmup")
            options.warmup = parseCount(arg, value());
        else if (arg == "--rounds") {
            options.rounds = parseCount(arg, value());
            if (*options.rounds < 1 || *options.rounds > 100)
                throw UsageError("--rounds expects a whole number from 1 to 100, got '" +
                                 std::to_string(*options.rounds) + "'");
        } else if (arg == "--allow-long")
            flag(options.allowLong);
        else if (arg == "--keep-blas-choice")
            flag(options.keepBlasChoice);
        else if (arg == "--progress") {
            const std::string mode = value();
            if (mode == "auto")
                options.progress = ProgressMode::Auto;
            else if (mode == "machine")
                options.progress = ProgressMode::Machine;
            else
                throw UsageError("--progress takes auto or machine, got '" + mode + "'");
        } else if (arg == "--list")
            flag(options.list);
        else if (arg == "--no-cupti")
            flag(options.noCupti);
        else if (arg == "--no-energy")
            flag(options.noEnergy);
        else if (arg == "--prices") {
            options.prices = value();
            if (options.prices.empty())
                throw UsageError("--prices needs a price list, a .json file (docs/costs.md)");
        } else if (arg == "--train-only")
            flag(options.trainOnly);
        else if (arg == "--retrain")
            flag(options.retrain);
        else if (arg == "--quiet" || arg == "-q")
            flag(options.quiet);
        else if (arg == "--version")
            flag(options.version);
        else if (arg == "--help" || arg == "-h")
            flag(options.help);
        else
            throw UsageError("unknown option '" + std::string(args[i]) + "'");
    }
    if (options.suite.empty())
        throw UsageError("--suite needs a name or a path");
    // After the loop: --allow-long may come after --min-time.
    if (options.minTimeS && *options.minTimeS > kLongMinTimeS && !options.allowLong)
        throw UsageError(longMinTimeRefusal("--min-time", minTimeText, *options.minTimeS));
    return options;
}

std::string RecorderOptions::usage() {
    return R"(Usage: costscope-record [options]

Records a suite of workloads (dense, pruned and quantized GEMM on CPU and GPU) into one
SQLite file: every timing sample, the errors against FP64, memory, and the machine.

Options:
  --suite quick|standard|full|PATH.json   suite to record (default: quick)
  --out FILE.sqlite       output file (default: recordings/<suite>-<time>.sqlite); an existing
                          costscope recording gets a new run, any other file is refused.
                          %h is the host, %j the job (SLURM's array job id or job id, else
                          this process's id), %t the array task id (0 outside an array),
                          %% a %: e.g. --out 'runs/quick-%h-%j_%t.sqlite'
  --devices cpu,gpu       devices to record (default: cpu,gpu); GPU variants are stored as
                          skipped, with CUDA's reason, when no GPU can be used
  --only GLOB             only variants whose name matches, e.g. 'pruned/*' or '*/cpu/*'
  --shard I/N             only part I (from 0) of N of the variants selected: N recorders on
                          N identical machines share a long suite, and costscope-merge makes
                          their N recordings one run (docs/cluster.md)
  --min-time SECONDS      least timed time per variant (default: the suite's min_time)
  --allow-long            accept a min_time above 60 s, in the suite or in --min-time; without
                          it such a value is refused, since it is paid by every variant and is
                          most often milliseconds written as seconds
  --warmup N              untimed iterations before timing (default: the suite's warmup)
  --rounds R              measure every variant in R interleaved rounds, each with 1/R of
                          the time (default: the suite's rounds, 3 unless it says otherwise)
  --keep-blas-choice      measure OpenBLAS with the kernels it chose even when they are older
                          than this CPU supports (by default costscope restarts itself with
                          OPENBLAS_CORETYPE set to the newest family the CPU runs; the run
                          records either, and this one carries a warning)
  --no-cupti              time GPU variants without the CUPTI collector: end-to-end time only,
                          no device time, no kernel rows (to measure the collector's overhead)
  --no-energy             measure no energy: no idle window at the start, no energy window
                          of a second or more per variant (docs/costs.md)
  --prices FILE.json      what an hour of each device costs, and a kWh (docs/costs.md): the
                          recording then says what a million calls of each variant cost
  --train-only            train the mlp workload's models (or load them from the cache) and
                          exit without recording; with --retrain, train them anew
  --retrain               train the mlp models even when cached weights exist (they are kept
                          in $XDG_CACHE_HOME/costscope, else ~/.cache/costscope)
  --list                  print the variants that would run, one per line; then their count,
                          those this machine would skip and why, and an estimate of the
                          recording's wall time; record nothing and exit
  --quiet, -q             no progress on stderr
  --progress auto|machine auto (default): a live bar on a terminal, else a line per variant;
                          machine: "progress <step> <steps> <state> <name>" on stderr when a
                          round of a variant starts (state running) and when it is stored (ok,
                          skipped, failed), for a program that runs the recorder
  --version               print the version and exit
  --help, -h              print this help and exit

Exit codes: 0 done (also when GPU variants were skipped), 1 a variant failed or the recording
could not be written, 2 a usage or input error, 130 interrupted (finished variants are kept).
)";
}

std::vector<VariantSpec> selectVariants(const std::vector<VariantSpec>& variants,
                                        const RecorderOptions& options) {
    std::vector<VariantSpec> selected;
    int64_t position = 0;
    for (const auto& spec : variants) {
        const bool deviceWanted = std::find(options.devices.begin(), options.devices.end(),
                                            spec.device) != options.devices.end();
        const bool nameWanted =
            options.only.empty() || fnmatch(options.only.c_str(), spec.name().c_str(), 0) == 0;
        if (!deviceWanted || !nameWanted)
            continue;
        if (!options.shard || position % options.shard->count == options.shard->index)
            selected.push_back(spec);
        ++position;
    }
    return selected;
}

std::string selectionText(const RecorderOptions& options) {
    std::string text = "--devices ";
    for (size_t i = 0; i < options.devices.size(); ++i)
        text += (i ? "," : "") + options.devices[i];
    if (!options.only.empty())
        text += " --only " + options.only;
    return text;
}

std::string slurmJob() {
    const std::string array = environment("SLURM_ARRAY_JOB_ID");
    return array.empty() ? environment("SLURM_JOB_ID") : array;
}

std::string defaultOutputPath(const std::string& suiteName) {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
    return "recordings/" + suiteName + '-' + stamp + ".sqlite";
}

OutputNames OutputNames::fromEnvironment() {
    OutputNames names;
    char host[256] = {};
    names.host = gethostname(host, sizeof host - 1) == 0 && host[0] ? host : "unknown-host";
    names.job = slurmJob();
    if (names.job.empty())
        names.job = std::to_string(getpid());
    names.task = environment("SLURM_ARRAY_TASK_ID");
    if (names.task.empty())
        names.task = "0";
    return names;
}

std::string expandOutputPattern(const std::string& pattern, const OutputNames& names) {
    std::string path;
    for (size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] != '%') {
            path += pattern[i];
            continue;
        }
        if (i + 1 == pattern.size())
            throw UsageError("--out '" + pattern +
                             "' ends with a lone %: write %% for a %, or %h, %j, %t");
        const char code = pattern[++i];
        const std::string* value = code == 'h'   ? &names.host
                                   : code == 'j' ? &names.job
                                   : code == 't' ? &names.task
                                                 : nullptr;
        if (code == '%') {
            path += '%';
        } else if (value == nullptr) {
            throw UsageError("--out '" + pattern + "': %" + std::string(1, code) +
                             " is not a placeholder (%h the host, %j the job id, %t the array "
                             "task id, %% a %)");
        } else if (value->find('/') != std::string::npos || value->empty()) {
            throw UsageError("--out '" + pattern + "': %" + std::string(1, code) + " is '" +
                             *value + "', which cannot be part of a file name");
        } else {
            path += *value;
        }
    }
    return path;
}

}  // namespace costscope
