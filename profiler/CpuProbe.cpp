// Reads /proc/cpuinfo and asks OpenBLAS, oneDNN, librsb and LIBXSMM what they are and what they
// chose.
#include "profiler/CpuProbe.h"

#include <cblas.h>
#include <libxsmm.h>
#include <libxsmm_version.h>
#include <omp.h>
#include <rsb_types.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <oneapi/dnnl/dnnl.hpp>
#include <sstream>
#include <thread>

#include "profiler/KernelChoice.h"

namespace costscope {
namespace {

// The ISA features that change which kernel a library dispatches to.
constexpr const char* kInterestingFlags[] = {
    "sse4_1",   "avx",      "avx2",     "fma",         "avx512f",     "avx512bw",
    "avx512vl", "avx512dq", "avx512cd", "avx512_vnni", "avx512_bf16", "avx512_fp16",
    "avx_vnni", "amx_tile", "amx_int8", "amx_bf16",    "amx_fp16"};

// The first value of each /proc/cpuinfo key (the first processor's).
std::map<std::string, std::string> cpuinfo() {
    std::map<std::string, std::string> values;
    std::ifstream file("/proc/cpuinfo");
    for (std::string line; std::getline(file, line);) {
        const auto colon = line.find(':');
        if (colon == std::string::npos || colon == 0)
            continue;
        const std::string key = line.substr(0, line.find_last_not_of(" \t", colon - 1) + 1);
        const std::string value = colon + 2 <= line.size() ? line.substr(colon + 2) : "";
        values.emplace(key, value);
    }
    return values;
}

}  // namespace

std::vector<std::string> cpuFlags() {
    std::vector<std::string> flags;
    std::istringstream words(cpuinfo()["flags"]);
    for (std::string flag; words >> flag;)
        flags.push_back(flag);
    return flags;
}

CpuProbe probeCpu() {
    CpuProbe probe;
    auto info = cpuinfo();
    probe.name = info["model name"].empty() ? "unknown CPU" : info["model name"];
    probe.family = std::atoi(info["cpu family"].c_str());
    probe.model = std::atoi(info["model"].c_str());
    const std::vector<std::string> flags = cpuFlags();
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
    const auto onednnIsa = unsigned(dnnl_get_effective_cpu_isa());
    probe.onednnIsa = onednnIsaName(onednnIsa);
    const char* maxIsa = std::getenv("ONEDNN_MAX_CPU_ISA");
    if (!maxIsa || !*maxIsa)
        maxIsa = std::getenv("DNNL_MAX_CPU_ISA");
    probe.onednnWarning = onednnIsaWarning(flags, onednnIsa, maxIsa);
    probe.ompThreads = omp_get_max_threads();
    probe.librsbVersion = RSB_LIBRSB_VER_STRING;
    probe.libxsmmVersion = LIBXSMM_CONFIG_VERSION;
    probe.libxsmmTarget = libxsmm_get_target_arch();
    return probe;
}

std::string CpuProbe::detailsJson() const {
    const nlohmann::json details = {
        {"cpu_family", family},
        {"cpu_model", model},
        {"logical_cores", logicalCores},
        {"isa", isa},
        {"openblas_core", openblasCore},
        {"openblas_first_choice", openblasFirstChoice},
        {"openblas_coretype", openblasCoretype},
        {"openblas_core_source", openblasCoreSource},
        {"openblas_note", openblasNote},
        {"openblas_config", openblasConfig},
        {"openblas_threads", openblasThreads},
        {"onednn_version", onednnVersion},
        {"onednn_isa", onednnIsa},
        {"omp_threads", ompThreads},
        {"librsb_version", librsbVersion},
        {"libxsmm_version", libxsmmVersion},
        {"libxsmm_target", libxsmmTarget},
    };
    return details.dump();
}

}  // namespace costscope
