// costscope-merge's command line: options, usage, messages and exit codes.
#pragma once

#include <ostream>
#include <span>

namespace costscope {

// Exit codes: 0 merged (or nothing new), 1 the output could not be written (it is left as it
// was), 2 a usage error or bad input (nothing written).
int runMergeCommand(std::span<const char* const> args, std::ostream& out, std::ostream& err);

}  // namespace costscope
