// The kernel-family checks against scripted CPU flags and library choices: no re-execution here
// (the end-to-end test records one through COSTSCOPE_TEST_OPENBLAS_CORE).
#include "profiler/KernelChoice.h"

#include <gtest/gtest.h>
#include <oneapi/dnnl/dnnl_types.h>

#include <string>
#include <vector>

namespace costscope {
namespace {

using Flags = std::vector<std::string>;

// /proc/cpuinfo flags of the machines the decisions are about (abridged to what matters).
const Flags kSse = {"sse3", "sse4_1"};
const Flags kAvx2 = {"sse4_1", "avx", "avx2", "fma"};
const Flags kAvx512 = {"sse4_1",   "avx",      "avx2",     "fma",      "avx512f",
                       "avx512bw", "avx512vl", "avx512dq", "avx512cd", "avx512_vnni"};
// Intel family 6 model 207 (Emerald Rapids) as a VM shows it: AVX-512 with BF16 and FP16.
const Flags kModel207 = {"sse4_1",   "avx",         "avx2",        "fma",
                         "avx512f",  "avx512bw",    "avx512vl",    "avx512dq",
                         "avx512cd", "avx512_vnni", "avx512_bf16", "avx512_fp16"};
const Flags kSapphireRapids = {"sse4_1",      "avx",         "avx2",     "fma",      "avx512f",
                               "avx512bw",    "avx512vl",    "avx512dq", "avx512cd", "avx512_vnni",
                               "avx512_bf16", "avx512_fp16", "amx_tile", "amx_int8", "amx_bf16"};

TEST(OpenblasCore, FamiliesAreRankedByTheirInstructionSet) {
    EXPECT_EQ(openblasCoreLevel("Prescott"), IsaLevel::Sse);
    EXPECT_EQ(openblasCoreLevel("PRESCOTT"), IsaLevel::Sse);
    EXPECT_EQ(openblasCoreLevel("Sandybridge"), IsaLevel::Avx);
    EXPECT_EQ(openblasCoreLevel("Zen"), IsaLevel::Avx2);
    EXPECT_EQ(openblasCoreLevel("Haswell"), IsaLevel::Avx2);
    EXPECT_EQ(openblasCoreLevel("SkylakeX"), IsaLevel::Avx512);
    EXPECT_EQ(openblasCoreLevel("Cooperlake"), IsaLevel::Avx512Bf16);
    EXPECT_EQ(openblasCoreLevel("SapphireRapids"), IsaLevel::Amx);
    EXPECT_EQ(openblasCoreLevel("Neoverse"), IsaLevel::Unknown);
}

TEST(OpenblasCore, TheFlagsNameTheFamiliesToTryNewestFirst) {
    EXPECT_TRUE(openblasCoresFor(kSse).empty());
    EXPECT_EQ(openblasCoresFor(kAvx2), (Flags{"Haswell", "Sandybridge"}));
    EXPECT_EQ(openblasCoresFor(kAvx512), (Flags{"SkylakeX", "Haswell", "Sandybridge"}));
    EXPECT_EQ(openblasCoresFor(kModel207),
              (Flags{"Cooperlake", "SkylakeX", "Haswell", "Sandybridge"}));
    EXPECT_EQ(openblasCoresFor(kSapphireRapids).front(), "SapphireRapids");
    // AVX-512F alone is not what OpenBLAS's SkylakeX kernels need.
    EXPECT_EQ(openblasCoresFor({"avx", "avx2", "fma", "avx512f"}).front(), "Haswell");
}

TEST(OpenblasCore, SseKernelsOnAnAvx512CpuAreOverridden) {
    // Debian 12's OpenBLAS 0.3.21 on model 207: Prescott.
    const auto decision = decideOpenblasCore(kModel207, "Prescott", nullptr, false);
    EXPECT_EQ(decision.action, OpenblasDecision::Action::Override);
    EXPECT_EQ(decision.candidates, (Flags{"Cooperlake", "SkylakeX", "Haswell", "Sandybridge"}));
    EXPECT_NE(decision.reason.find("OpenBLAS chose Prescott (SSE kernels)"), std::string::npos)
        << decision.reason;
    EXPECT_NE(decision.reason.find("Cooperlake (AVX-512 BF16)"), std::string::npos);
    // Only families newer than the choice are tried.
    EXPECT_EQ(decideOpenblasCore(kModel207, "Haswell", nullptr, false).candidates,
              (Flags{"Cooperlake", "SkylakeX"}));
}

TEST(OpenblasCore, TheNewestSupportedFamilyIsKept) {
    EXPECT_EQ(decideOpenblasCore(kModel207, "Cooperlake", nullptr, false).action,
              OpenblasDecision::Action::Keep);
    EXPECT_EQ(decideOpenblasCore(kAvx2, "Zen", nullptr, false).action,
              OpenblasDecision::Action::Keep);
    EXPECT_EQ(decideOpenblasCore(kSse, "Prescott", nullptr, false).action,
              OpenblasDecision::Action::Keep);
    // A family we do not know (a newer library's) is left alone.
    const auto unknown = decideOpenblasCore(kModel207, "GraniteRapids", nullptr, false);
    EXPECT_EQ(unknown.action, OpenblasDecision::Action::Keep);
    EXPECT_NE(unknown.reason.find("does not know"), std::string::npos);
}

TEST(OpenblasCore, TheUsersCoretypeIsRespectedAndNamed) {
    const auto decision = decideOpenblasCore(kModel207, "Prescott", "PRESCOTT", false);
    EXPECT_EQ(decision.action, OpenblasDecision::Action::UserSet);
    EXPECT_TRUE(decision.candidates.empty());
    EXPECT_NE(decision.reason.find("OPENBLAS_CORETYPE=PRESCOTT was set by the user"),
              std::string::npos);
    // An empty variable is not a choice.
    EXPECT_EQ(decideOpenblasCore(kModel207, "Prescott", "", false).action,
              OpenblasDecision::Action::Override);
}

TEST(OpenblasCore, KeepingTheChoiceOnRequestSaysWhatItCosts) {
    const auto decision = decideOpenblasCore(kModel207, "Prescott", nullptr, true);
    EXPECT_EQ(decision.action, OpenblasDecision::Action::KeptOnRequest);
    EXPECT_NE(decision.reason.find("--keep-blas-choice"), std::string::npos);
}

TEST(OnednnIsa, TheFlagsGiveTheIsaOneDnnShouldRun) {
    EXPECT_EQ(onednnIsaFor(kSse), unsigned(dnnl_cpu_isa_sse41));
    EXPECT_EQ(onednnIsaFor(kAvx2), unsigned(dnnl_cpu_isa_avx2));
    EXPECT_EQ(onednnIsaFor(kAvx512), unsigned(dnnl_cpu_isa_avx512_core_vnni));
    EXPECT_EQ(onednnIsaFor(kModel207), unsigned(dnnl_cpu_isa_avx512_core_bf16));
    EXPECT_EQ(onednnIsaFor(kSapphireRapids), unsigned(dnnl_cpu_isa_avx512_core_amx));
}

TEST(OnednnIsa, BelowWhatTheCpuSupportsIsAWarningNamingTheCap) {
    EXPECT_FALSE(onednnIsaWarning(kModel207, dnnl_cpu_isa_avx512_core_bf16, nullptr));
    // More than the flags ask for (an AMX machine) is not a warning either.
    EXPECT_FALSE(onednnIsaWarning(kModel207, dnnl_cpu_isa_avx512_core_amx, nullptr));
    const auto capped = onednnIsaWarning(kModel207, dnnl_cpu_isa_avx2, "AVX2");
    ASSERT_TRUE(capped);
    EXPECT_EQ(*capped,
              "oneDNN runs avx2 kernels on a CPU that supports avx512_core_bf16 (capped by "
              "ONEDNN_MAX_CPU_ISA=AVX2)");
    const auto unknown = onednnIsaWarning(kSapphireRapids, dnnl_cpu_isa_avx512_core_bf16, nullptr);
    ASSERT_TRUE(unknown);
    EXPECT_NE(unknown->find("does not know"), std::string::npos);
}

}  // namespace
}  // namespace costscope
