// Reads /proc/cpuinfo and asks OpenBLAS, oneDNN and librsb what they are and what they chose.
#include "profiler/CpuProbe.h"

#include <cblas.h>
#include <omp.h>
#include <rsb_types.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <oneapi/dnnl/dnnl.hpp>
#include <sstream>
#include <thread>

namespace costscope {
namespace {

// The ISA features that change which kernel a library dispatches to.
constexpr const char* kInterestingFlags[] = {
    "avx2",        "fma",      "avx512f",  "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16",
    "avx512_fp16", "avx_vnni", "amx_tile", "amx_int8", "amx_bf16", "amx_fp16"};

}  // namespace

CpuProbe probeCpu() {
    CpuProbe probe;
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    std::vector<std::string> flags;
    while (std::getline(cpuinfo, line)) {
        const auto colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        const std::string key = line.substr(0, line.find_last_not_of(" \t", colon - 1) + 1);
        const std::string value = colon + 2 <= line.size() ? line.substr(colon + 2) : "";
        if (key == "model name" && probe.name.empty())
            probe.name = value;
        if (key == "flags" && flags.empty()) {
            std::istringstream words(value);
            for (std::string flag; words >> flag;)
                flags.push_back(flag);
        }
    }
    if (probe.name.empty())
        probe.name = "unknown CPU";
    for (const char* flag : kInterestingFlags)
        if (std::find(flags.begin(), flags.end(), flag) != flags.end())
            probe.isa.emplace_back(flag);

    probe.logicalCores = int(std::thread::hardware_concurrency());
    probe.openblasCore = openblas_get_corename();
    probe.openblasConfig = openblas_get_config();
    probe.openblasThreads = openblas_get_num_threads();
    const dnnl_version_t* dnnl = dnnl_version();
    probe.onednnVersion = std::to_string(dnnl->major) + '.' + std::to_string(dnnl->minor) + '.' +
                          std::to_string(dnnl->patch);
    probe.ompThreads = omp_get_max_threads();
    probe.librsbVersion = RSB_LIBRSB_VER_STRING;
    return probe;
}

std::string CpuProbe::detailsJson() const {
    const nlohmann::json details = {
        {"logical_cores", logicalCores},       {"isa", isa},
        {"openblas_core", openblasCore},       {"openblas_config", openblasConfig},
        {"openblas_threads", openblasThreads}, {"onednn_version", onednnVersion},
        {"omp_threads", ompThreads},           {"librsb_version", librsbVersion},
    };
    return details.dump();
}

}  // namespace costscope
