// costscope-record as a function: options in, a recording and an exit code out.
#pragma once

#include <atomic>
#include <ostream>

#include "profiler/recorder/RecorderOptions.h"

namespace costscope {

// Loads the suite, opens the recording, measures the machine's ceilings, runs the variants and
// prints the summary table to `out`; progress and errors go to `err`. Polls `stop` between
// iterations (main() sets it on SIGINT/SIGTERM). Returns one of the ExitCode values.
int runRecorder(const RecorderOptions& options, std::ostream& out, std::ostream& err,
                const std::atomic<bool>& stop, bool errIsTerminal);

}  // namespace costscope
