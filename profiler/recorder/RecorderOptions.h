// costscope-record's command line: parsing, usage text, and which variants it selects.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/VariantSpec.h"

namespace costscope {

// A bad command line; the recorder prints it with a hint and exits with kExitUsage.
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The documented exit codes of costscope-record.
enum ExitCode : int {
    kExitOk = 0,            // done, also when GPU variants were skipped
    kExitFailure = 1,       // a variant failed, or the recording could not be written
    kExitUsage = 2,         // a usage or input error: bad option, bad suite, bad --out
    kExitInterrupted = 130  // Ctrl-C or SIGTERM: finished variants kept, run marked interrupted
};

// How progress is written to stderr (--progress).
enum class ProgressMode {
    Auto,     // a live bar on a terminal, else a human-readable line per finished variant
    Machine,  // "progress <index> <total> <state> <name>" per start and end, for programs
};

// --shard I/N: part I (from 0) of N of the selected variants.
struct Shard {
    int64_t index = 0;
    int64_t count = 1;
};

struct RecorderOptions {
    std::string suite = "quick";  // built-in name or a .json path
    std::string out;              // empty: recordings/<suite>-<time>.sqlite
    std::vector<std::string> devices{"cpu", "gpu"};
    std::string only;                // glob on variant names; empty: all
    std::optional<Shard> shard;      // only this part of the selection
    std::optional<double> minTimeS;  // overrides the suite's min_time
    std::optional<int64_t> warmup;   // overrides the suite's warmup
    std::optional<int64_t> rounds;   // overrides the suite's rounds
    bool allowLong = false;          // a min_time above kLongMinTimeS (60 s) is meant
    bool keepBlasChoice = false;     // measure OpenBLAS's own kernel choice, even an old one
    bool noCupti = false;            // GPU variants without the collector
    bool noEnergy = false;           // no energy windows, no idle power
    std::string prices;              // a price list (docs/costs.md); empty: no money figures
    bool trainOnly = false;          // train (or load) the mlp models, record nothing
    bool retrain = false;            // train the mlp models even when cached weights exist
    bool list = false;
    bool quiet = false;
    ProgressMode progress = ProgressMode::Auto;
    bool version = false;
    bool help = false;
    std::string commandLine;  // "costscope-record" and the arguments, for the recording

    // Parses arguments after argv[0]; accepts "--opt value" and "--opt=value".
    static RecorderOptions parse(std::span<const char* const> args);
    static std::string usage();
};

// The variants whose device is in `devices` and whose name matches the glob (fnmatch), in the
// suite's order; with --shard I/N, of those the ones at positions I, I + N, I + 2N ...: every
// shard gets a share of each family and size, and the N shards together hold the selection
// exactly once.
std::vector<VariantSpec> selectVariants(const std::vector<VariantSpec>& variants,
                                        const RecorderOptions& options);

// The selection before sharding, as options ("--devices cpu,gpu", then " --only GLOB"): what
// shards must share to be parts of one run (runs.selection).
std::string selectionText(const RecorderOptions& options);

// SLURM's array job id, else its job id; empty outside SLURM (runs.job).
std::string slurmJob();

// recordings/<suite>-<YYYYmmdd-HHMMSS>.sqlite, in local time.
std::string defaultOutputPath(const std::string& suiteName);

// What --out's placeholders stand for: %h the host, %j the job (SLURM's array job id in an
// array, else its job id, else this process's id), %t the array task id (0 outside an array),
// so that one command line names each task's file in and out of SLURM.
struct OutputNames {
    std::string host;
    std::string job;
    std::string task;
    // From gethostname() and SLURM_ARRAY_JOB_ID, SLURM_JOB_ID, SLURM_ARRAY_TASK_ID.
    static OutputNames fromEnvironment();
};
// The --out value with %h, %j, %t and %% replaced. Throws UsageError naming any other
// placeholder, a lone % at the end, or a name that would contain '/' from a placeholder.
std::string expandOutputPattern(const std::string& pattern, const OutputNames& names);

}  // namespace costscope
