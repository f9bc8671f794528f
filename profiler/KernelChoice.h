// Whether the CPU math libraries run the newest kernels this CPU supports, and what to do when
// they do not. OpenBLAS picks its kernel family once, when it is loaded, from a table of CPU
// models: a model newer than the library falls back to its oldest kernels (Debian 12's 0.3.21
// runs Prescott, SSE3, on AVX-512 Xeons), which makes every speedup over it wrong. The only fix
// from outside is OPENBLAS_CORETYPE in the environment of a new process. oneDNN dispatches per
// primitive; it can only be reported.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace costscope {

// How new an instruction set a kernel family uses: comparable across vendors.
enum class IsaLevel : int {
    Unknown = -1,
    Sse = 0,         // Prescott, Core2, Nehalem, Opteron ...: no AVX
    Avx = 1,         // Sandybridge, Bulldozer ... Excavator
    Avx2 = 2,        // Haswell, Zen
    Avx512 = 3,      // SkylakeX
    Avx512Bf16 = 4,  // Cooperlake
    Amx = 5,         // SapphireRapids (OpenBLAS 0.3.22 and later)
};

// The level of an OpenBLAS kernel family, as openblas_get_corename() names it (any case).
IsaLevel openblasCoreLevel(std::string_view core);

// The OpenBLAS kernel families this CPU's /proc/cpuinfo flags can run, newest first: what to try
// in OPENBLAS_CORETYPE (a library that does not know a name falls back to its own choice, so
// the next one is tried). Empty when nothing beyond SSE is supported.
std::vector<std::string> openblasCoresFor(const std::vector<std::string>& flags);

// What to do about OpenBLAS's choice, decided before anything is measured.
struct OpenblasDecision {
    enum class Action {
        Keep,      // the library runs the newest family the flags support (or one we do not know)
        Override,  // re-execute with OPENBLAS_CORETYPE = candidates[0], then the next ones
        UserSet,   // OPENBLAS_CORETYPE was set by the user: respected, recorded
        KeptOnRequest,  // would override, but --keep-blas-choice: measured as chosen, a warning
    };
    Action action = Action::Keep;
    std::vector<std::string> candidates;  // Override: the families to try, newest first
    std::string reason;                   // in words, for the run's record
};

// `chosen` is the family OpenBLAS loaded with; `userCoretype` OPENBLAS_CORETYPE as the user set
// it (null or empty: not set).
OpenblasDecision decideOpenblasCore(const std::vector<std::string>& flags, std::string_view chosen,
                                    const char* userCoretype, bool keepChoice);

// oneDNN's best ISA for these flags and the one it reports it will use, as oneDNN's
// dnnl_cpu_isa_t bit masks (each ISA's mask holds every older one's). A warning in words when
// the effective ISA lacks what the CPU has; `maxIsaEnv` is ONEDNN_MAX_CPU_ISA (or
// DNNL_MAX_CPU_ISA) when set, named in the warning as the likely cause.
unsigned onednnIsaFor(const std::vector<std::string>& flags);
std::optional<std::string> onednnIsaWarning(const std::vector<std::string>& flags,
                                            unsigned effectiveIsa, const char* maxIsaEnv);
// "avx512_core_bf16" for a dnnl_cpu_isa_t mask.
std::string onednnIsaName(unsigned isa);

}  // namespace costscope
