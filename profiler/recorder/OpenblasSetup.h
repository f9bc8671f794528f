// OpenBLAS's kernel family for this recording: costscope-record re-executes itself once, before
// anything is measured, with OPENBLAS_CORETYPE when the library chose kernels older than the CPU
// supports (profiler/KernelChoice.h), and the re-executed process records what was done and why.
#pragma once

#include <string>

namespace costscope {

struct OpenblasSetup {
    std::string core;         // openblas_get_corename() in this process
    std::string firstChoice;  // the library's own choice, when costscope overrode it; else ""
    std::string coretype;     // OPENBLAS_CORETYPE in effect, "" when none
    std::string source;       // who chose `core`: "library", "user" or "costscope"
    std::string note;         // what was done and why, in words
    bool warning = false;     // the run must show `note` as a warning
};

// Called first in main(), with main's argv: when OpenBLAS should run a newer kernel family,
// sets OPENBLAS_CORETYPE (and COSTSCOPE_OPENBLAS_OVERRIDE, which tells the new process what
// happened) and replaces this process with a new one of the same program and arguments; a family
// the library does not know is followed by the next one the CPU supports. Returns when this
// process should go on (nothing to do, the user's choice, --keep-blas-choice, or exec failed).
//
// COSTSCOPE_TEST_OPENBLAS_CORE, for tests only, stands in for the library's own choice, so the
// re-execution can be tested on a CPU the library knows.
void reexecForOpenblas(char** argv, bool keepChoice);

// What this process runs and why, for the run's record (reads the environment the first
// process left, and asks the library).
OpenblasSetup currentOpenblasSetup(bool keepChoice);

}  // namespace costscope
