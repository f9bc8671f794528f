// What CPU and which CPU math libraries this recording ran on, so users see why machines differ.
#pragma once

#include <string>
#include <vector>

namespace costscope {

struct CpuProbe {
    std::string name;  // /proc/cpuinfo "model name"
    int logicalCores = 0;
    std::vector<std::string> isa;  // the flags that decide which kernels libraries pick
    std::string openblasCore;      // openblas_get_corename(): the kernels OpenBLAS chose
    std::string openblasConfig;
    int openblasThreads = 0;
    std::string onednnVersion;
    int ompThreads = 0;  // threads oneDNN and our own kernels use
    std::string librsbVersion;

    // A JSON object with all of the above, stored as devices.details.
    std::string detailsJson() const;
};

CpuProbe probeCpu();

}  // namespace costscope
