// The kernel families of OpenBLAS and oneDNN against what the CPU's flags support.
#include "profiler/KernelChoice.h"

#include <oneapi/dnnl/dnnl_types.h>

#include <algorithm>
#include <cctype>
#include <utility>

namespace costscope {
namespace {

bool has(const std::vector<std::string>& flags, std::string_view flag) {
    return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

bool hasAll(const std::vector<std::string>& flags, std::initializer_list<std::string_view> wanted) {
    return std::all_of(wanted.begin(), wanted.end(),
                       [&](std::string_view flag) { return has(flags, flag); });
}

std::string lower(std::string_view text) {
    std::string result(text);
    for (char& c : result)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return result;
}

// What OpenBLAS itself requires of a CPU for each family (its dynamic.c support_avx512() and
// friends), newest first.
bool supportsAvx512(const std::vector<std::string>& flags) {
    return hasAll(flags, {"avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"});
}

const char* levelName(IsaLevel level) {
    switch (level) {
        case IsaLevel::Sse:
            return "SSE";
        case IsaLevel::Avx:
            return "AVX";
        case IsaLevel::Avx2:
            return "AVX2";
        case IsaLevel::Avx512:
            return "AVX-512";
        case IsaLevel::Avx512Bf16:
            return "AVX-512 BF16";
        case IsaLevel::Amx:
            return "AMX";
        case IsaLevel::Unknown:
            break;
    }
    return "an unknown instruction set";
}

}  // namespace

IsaLevel openblasCoreLevel(std::string_view core) {
    static const std::pair<const char*, IsaLevel> kFamilies[] = {
        {"sapphirerapids", IsaLevel::Amx}, {"cooperlake", IsaLevel::Avx512Bf16},
        {"skylakex", IsaLevel::Avx512},    {"haswell", IsaLevel::Avx2},
        {"zen", IsaLevel::Avx2},           {"sandybridge", IsaLevel::Avx},
        {"bulldozer", IsaLevel::Avx},      {"piledriver", IsaLevel::Avx},
        {"steamroller", IsaLevel::Avx},    {"excavator", IsaLevel::Avx},
        {"prescott", IsaLevel::Sse},       {"core2", IsaLevel::Sse},
        {"penryn", IsaLevel::Sse},         {"dunnington", IsaLevel::Sse},
        {"nehalem", IsaLevel::Sse},        {"atom", IsaLevel::Sse},
        {"opteron", IsaLevel::Sse},        {"opteron_sse3", IsaLevel::Sse},
        {"barcelona", IsaLevel::Sse},      {"bobcat", IsaLevel::Sse},
        {"nano", IsaLevel::Sse},           {"katmai", IsaLevel::Sse},
        {"coppermine", IsaLevel::Sse},     {"northwood", IsaLevel::Sse},
        {"banias", IsaLevel::Sse},         {"athlon", IsaLevel::Sse},
    };
    const std::string name = lower(core);
    for (const auto& [family, level] : kFamilies)
        if (name == family)
            return level;
    return IsaLevel::Unknown;
}

std::vector<std::string> openblasCoresFor(const std::vector<std::string>& flags) {
    std::vector<std::string> cores;
    const bool avx512 = supportsAvx512(flags);
    if (avx512 && hasAll(flags, {"avx512_bf16", "avx512_fp16", "amx_tile", "amx_bf16", "amx_int8"}))
        cores.emplace_back("SapphireRapids");
    if (avx512 && has(flags, "avx512_bf16"))
        cores.emplace_back("Cooperlake");
    if (avx512)
        cores.emplace_back("SkylakeX");
    if (hasAll(flags, {"avx2", "fma"}))
        cores.emplace_back("Haswell");
    if (has(flags, "avx"))
        cores.emplace_back("Sandybridge");
    return cores;
}

OpenblasDecision decideOpenblasCore(const std::vector<std::string>& flags, std::string_view chosen,
                                    const char* userCoretype, bool keepChoice) {
    OpenblasDecision decision;
    if (userCoretype && *userCoretype) {
        decision.action = OpenblasDecision::Action::UserSet;
        decision.reason = "OPENBLAS_CORETYPE=" + std::string(userCoretype) +
                          " was set by the user: OpenBLAS runs " + std::string(chosen) +
                          " as asked";
        return decision;
    }
    const IsaLevel level = openblasCoreLevel(chosen);
    std::vector<std::string> better;
    for (const std::string& core : openblasCoresFor(flags))
        if (level != IsaLevel::Unknown && openblasCoreLevel(core) > level)
            better.push_back(core);
    if (better.empty()) {
        decision.reason =
            "OpenBLAS runs " + std::string(chosen) +
            (level == IsaLevel::Unknown ? ", a kernel family costscope does not know, as chosen"
                                        : ", the newest kernel family this CPU supports");
        return decision;
    }
    const std::string why = "OpenBLAS chose " + std::string(chosen) + " (" + levelName(level) +
                            " kernels) on a CPU that runs " + better.front() + " (" +
                            levelName(openblasCoreLevel(better.front())) + ")";
    if (keepChoice) {
        decision.action = OpenblasDecision::Action::KeptOnRequest;
        decision.reason = why +
                          "; kept as chosen (--keep-blas-choice), so every speedup over "
                          "OpenBLAS is measured against kernels slower than this CPU's";
        return decision;
    }
    decision.action = OpenblasDecision::Action::Override;
    decision.candidates = std::move(better);
    decision.reason = why;
    return decision;
}

unsigned onednnIsaFor(const std::vector<std::string>& flags) {
    if (supportsAvx512(flags)) {
        if (hasAll(flags, {"amx_tile", "amx_int8", "amx_bf16"}))
            return dnnl_cpu_isa_avx512_core_amx;
        if (has(flags, "avx512_bf16"))
            return dnnl_cpu_isa_avx512_core_bf16;
        if (has(flags, "avx512_vnni"))
            return dnnl_cpu_isa_avx512_core_vnni;
        return dnnl_cpu_isa_avx512_core;
    }
    if (hasAll(flags, {"avx2", "avx_vnni"}))
        return dnnl_cpu_isa_avx2_vnni;
    if (has(flags, "avx2"))
        return dnnl_cpu_isa_avx2;
    if (has(flags, "avx"))
        return dnnl_cpu_isa_avx;
    if (has(flags, "sse4_1"))
        return dnnl_cpu_isa_sse41;
    return dnnl_cpu_isa_all;
}

std::string onednnIsaName(unsigned isa) {
    switch (isa) {
        case dnnl_cpu_isa_sse41:
            return "sse41";
        case dnnl_cpu_isa_avx:
            return "avx";
        case dnnl_cpu_isa_avx2:
            return "avx2";
        case dnnl_cpu_isa_avx2_vnni:
            return "avx2_vnni";
        case dnnl_cpu_isa_avx512_core:
            return "avx512_core";
        case dnnl_cpu_isa_avx512_core_vnni:
            return "avx512_core_vnni";
        case dnnl_cpu_isa_avx512_core_bf16:
            return "avx512_core_bf16";
        case dnnl_cpu_isa_avx512_core_amx:
            return "avx512_core_amx";
        case dnnl_cpu_isa_all:
            return "no vector extension";
        default:
            return "isa 0x" + [isa] {
                char hex[16];
                std::snprintf(hex, sizeof hex, "%x", isa);
                return std::string(hex);
            }();
    }
}

std::optional<std::string> onednnIsaWarning(const std::vector<std::string>& flags,
                                            unsigned effectiveIsa, const char* maxIsaEnv) {
    const unsigned expected = onednnIsaFor(flags);
    if ((effectiveIsa & expected) == expected)
        return std::nullopt;
    std::string warning = "oneDNN runs " + onednnIsaName(effectiveIsa) +
                          " kernels on a CPU that supports " + onednnIsaName(expected);
    if (maxIsaEnv && *maxIsaEnv)
        warning += " (capped by ONEDNN_MAX_CPU_ISA=" + std::string(maxIsaEnv) + ")";
    else
        warning += " (this oneDNN does not know the CPU's newest instructions)";
    return warning;
}

}  // namespace costscope
