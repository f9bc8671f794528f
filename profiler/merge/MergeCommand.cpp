// Parses costscope-merge's arguments, runs the merge and says what it did.
#include "profiler/merge/MergeCommand.h"

#include <string>

#include "profiler/merge/RecordingMerge.h"
#include "profiler/store/StoreError.h"

namespace costscope {
namespace {

constexpr const char* kUsage = R"(Usage: costscope-merge [options] OUT.sqlite IN.sqlite...

Copies every run of every input recording into OUT.sqlite, with its host, devices, samples
and GPU activity. When OUT.sqlite is already a recording its runs are kept, and a run it
already holds is not copied again: merging the same inputs twice gives the same file. The
shards of one suite (costscope-record --shard I/N), recorded by one job on identical
machines, become one run. Older recording formats are migrated on the way; the inputs are
never changed; OUT.sqlite is written whole or not at all.

Options:
  --accept-unfinished  merge a run still marked running on another host (its recorder was
                       killed) as interrupted; without it such a run is refused, since it
                       may still be being written
  --quiet, -q          print nothing but errors
  --version            print the version and exit
  --help, -h           print this help and exit

Exit codes: 0 merged (also when OUT.sqlite already held every run), 1 OUT.sqlite could not
be written (it is left as it was), 2 a usage error or bad input: a file that is not a
recording, one still being written, two inputs holding the same run, shards of different
suites or machines (nothing is written).
)";

}  // namespace

int runMergeCommand(std::span<const char* const> args, std::ostream& out, std::ostream& err) {
    MergeRequest request;
    bool quiet = false;
    std::vector<std::string> files;
    bool optionsEnd = false;
    for (const char* argument : args) {
        const std::string arg = argument;
        if (!optionsEnd && arg == "--") {
            optionsEnd = true;
        } else if (!optionsEnd && (arg == "--help" || arg == "-h")) {
            out << kUsage;
            return 0;
        } else if (!optionsEnd && arg == "--version") {
            out << "costscope-merge " << COSTSCOPE_VERSION << '\n';
            return 0;
        } else if (!optionsEnd && arg == "--accept-unfinished") {
            request.acceptUnfinished = true;
        } else if (!optionsEnd && (arg == "--quiet" || arg == "-q")) {
            quiet = true;
        } else if (!optionsEnd && arg.size() > 1 && arg[0] == '-') {
            err << "costscope-merge: unknown option '" << arg
                << "'\nTry 'costscope-merge --help'.\n";
            return 2;
        } else {
            files.push_back(arg);
        }
    }
    if (files.size() < 2) {
        err << "costscope-merge: "
            << (files.empty() ? "give the output file and the recordings to merge"
                              : "give the recordings to merge into '" + files[0] + "'")
            << "\nTry 'costscope-merge --help'.\n";
        return 2;
    }
    request.out = files[0];
    request.inputs.assign(files.begin() + 1, files.end());
    try {
        const MergeResult result = mergeRecordings(request);
        if (quiet)
            return 0;
        if (!result.written) {
            out << "costscope-merge: '" << request.out << "' already holds every run of the "
                << "inputs (" << result.alreadyThere << "); left as it was\n";
            return 0;
        }
        out << "costscope-merge: wrote '" << request.out << "': " << result.added.size()
            << (result.added.size() == 1 ? " run" : " runs") << " added";
        if (result.alreadyThere > 0)
            out << ", " << result.alreadyThere << " already there";
        out << '\n';
        for (const MergedRun& run : result.added) {
            out << "  run " << run.id << ": " << run.suite << " on " << run.host << ", "
                << run.status;
            if (run.shardCount > 0)
                out << ", " << run.shards << " of " << run.shardCount << " shards";
            out << " (from ";
            for (size_t i = 0; i < run.from.size(); ++i)
                out << (i ? ", " : "") << run.from[i];
            out << ")\n";
        }
        return 0;
    } catch (const MergeError& e) {
        err << "costscope-merge: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        err << "costscope-merge: " << e.what() << " '" << request.out << "' was left as it was.\n";
        return 1;
    }
}

}  // namespace costscope
