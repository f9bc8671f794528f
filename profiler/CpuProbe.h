// What CPU and which CPU math libraries this recording ran on, so users see why machines differ.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace costscope {

struct CpuProbe {
    std::string name;  // /proc/cpuinfo "model name"
    int family = 0;    // /proc/cpuinfo "cpu family" and "model": what libraries key their
    int model = 0;     // kernel tables on
    int logicalCores = 0;
    std::vector<std::string> isa;     // the flags that decide which kernels libraries pick
    std::string openblasCore;         // openblas_get_corename(): the kernels OpenBLAS runs
    std::string openblasFirstChoice;  // the library's own choice when costscope overrode it
    std::string openblasCoretype;     // OPENBLAS_CORETYPE in effect
    std::string openblasCoreSource;   // "library", "user" or "costscope"
    std::string openblasNote;         // what was done about the choice and why
    std::string openblasConfig;
    int openblasThreads = 0;
    std::string onednnVersion;
    std::string onednnIsa;                     // the ISA oneDNN reports it dispatches to
    std::optional<std::string> onednnWarning;  // when that is below what the CPU supports
    int ompThreads = 0;                        // threads oneDNN and our own kernels use
    std::string librsbVersion;
    std::string libxsmmVersion;
    std::string libxsmmTarget;  // the ISA LIBXSMM dispatches to here ("cpx", "skx", "hsw", ...)

    // A JSON object with all of the above, stored as devices.details.
    std::string detailsJson() const;
};

// The openblasFirstChoice, Coretype, CoreSource and Note fields are the recorder's to fill
// (profiler/recorder/OpenblasSetup.h).
CpuProbe probeCpu();

// Every flag of /proc/cpuinfo's first "flags" line.
std::vector<std::string> cpuFlags();

}  // namespace costscope
