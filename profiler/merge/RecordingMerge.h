// costscope-merge's engine: every run of many recordings copied into one, shards made one run.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace costscope {

// Input costscope-merge refuses: a file that is not a recording, one still being written, two
// inputs holding the same run, shards that are not parts of one run. The message names the
// file and what is wrong; nothing was written (exit 2).
class MergeError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct MergeRequest {
    std::string out;                  // kept and added to when it is already a recording
    std::vector<std::string> inputs;  // never written
    // A run still marked running on another host is refused (it may be being written there);
    // with this it is merged as interrupted, for a scheduler that knows every recorder ended.
    bool acceptUnfinished = false;
};

// What one run of the output is made of.
struct MergedRun {
    int64_t id = 0;  // in the output
    std::string suite;
    std::string host;               // the hosts of a run merged from shards, comma-separated
    std::string status;             // as stored in the output
    std::vector<std::string> from;  // "FILE run N", one per shard merged
    int64_t shards = 0;             // shards merged into it; 0 for a whole run
    int64_t shardCount = 0;         // of N
};

struct MergeResult {
    std::vector<MergedRun> added;  // new in the output, in its order
    int64_t alreadyThere = 0;      // runs of the inputs the output already held
    bool written = false;          // false when the output already held every run
};

// Reads every input (and `out`, when it exists), checks them all, then writes the output whole
// to a temporary file beside `out` and renames it over `out`: a failure leaves `out` as it
// was. A run is identified by its uid (runs.uid); one the output already holds is not copied
// again, so merging the same inputs twice gives the same file. Shards (--shard I/N) of one
// selection of one suite, recorded by one job on identical machines, become one run, their
// variants together, with a run_shards row each. Inputs of older formats are migrated on
// the way, in a temporary copy. Throws MergeError for bad input (nothing written) and
// StoreError when the output cannot be written (a full disk: `out` unchanged).
MergeResult mergeRecordings(const MergeRequest& request);

}  // namespace costscope
