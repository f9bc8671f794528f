// An A/A comparison: the same suite measured twice, nothing changed in between. The verdicts
// must say so: "same" or "inconclusive" for nearly every variant, "faster" or "slower" only by
// chance.
//
// The two sides are the even and the odd rounds of one real recording (six rounds, each of every
// variant, interleaved), not two recordings. On the machines CI runs on (2 vCPUs), the machine
// itself changes over tens of seconds to minutes: every two-thread kernel can run 15-30 % slower
// for a while. Two recordings made back to back then differ, and the comparison rightly calls
// that a change: the machine did change (docs/benchmarks.md, "A/A verdicts", has the rate over
// repeated pairs of recordings, and the pairs that came out changed). Alternate rounds see the
// same machine, so what this test holds the comparison to is its own statistics: the rounds as
// units, their spread, the interval and the band. Comparing samples instead of rounds, the
// mistake it exists to catch, called 21 of 27 changed. Runs the real recorder; slow, and alone
// (RUN_SERIAL).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "app/comparison/RunComparison.h"
#include "app/core/RunLoader.h"

namespace costscope {
namespace {

namespace fs = std::filesystem;

// Every CPU family at two sizes: dense FP32 through both libraries, CSR through both, 2:4 and
// INT8. Six rounds, half a second of samples per variant.
constexpr const char* kSuite = R"({
  "name": "aa",
  "measure": { "warmup": 2, "min_iterations": 12, "min_time": 0.5, "rounds": 6 },
  "workloads": [
    { "family": "gemm", "precisions": ["fp32", "bf16"], "devices": ["cpu"], "sizes": [256, 512] },
    { "family": "pruned", "structures": ["csr", "2:4"], "sparsities": [0.5, 0.9], "devices": ["cpu"], "sizes": [512] },
    { "family": "quantized", "precisions": ["int8"], "devices": ["cpu"], "sizes": [512] }
  ]
}
)";

int run(const std::vector<std::string>& argv) {
    const pid_t pid = fork();
    if (pid == 0) {
        std::vector<char*> args;
        for (const std::string& arg : argv)
            args.push_back(const_cast<char*>(arg.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The run with only the samples of its even (parity 0) or odd (1) rounds.
RunDataPtr roundsOf(const RunData& run, int parity) {
    auto half = std::make_shared<RunData>(run);
    for (auto& [id, samples] : half->samples) {
        std::erase_if(samples, [parity](const Sample& s) { return s.round % 2 != parity; });
    }
    return half;
}

TEST(AaComparison, AlternateRoundsOfOneRecordingComeOutSameOrInconclusive) {
    const fs::path dir = fs::temp_directory_path() / ("costscope-aa-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "aa.json") << kSuite;
    ASSERT_EQ(run({COSTSCOPE_RECORD_EXE, "--suite", (dir / "aa.json").string(), "--out",
                   (dir / "aa.sqlite").string(), "--quiet"}),
              0);
    const RunData recorded = loadRun(dir / "aa.sqlite", 1);
    const RunComparison comparison = compareRuns(roundsOf(recorded, 0), roundsOf(recorded, 1));
    int judged = 0, changed = 0;
    for (const VariantDiff& diff : comparison.diffs) {
        const DiffVerdict verdict = diff.time.verdict;
        if (verdict == DiffVerdict::Faster || verdict == DiffVerdict::Slower) {
            ++changed;
            std::cout << "[ A/A     ] " << diff.name << ": " << toString(verdict).toStdString()
                      << ", ratio " << diff.time.interval->ratio << " in ["
                      << diff.time.interval->low << ", " << diff.time.interval->high << "]\n";
        }
        judged += verdict <= DiffVerdict::Inconclusive ? 1 : 0;
        // Three rounds a side: the interval is on rounds, not on blocks of samples.
        EXPECT_EQ(diff.time.interval ? diff.time.interval->units : "rounds", "rounds") << diff.name;
    }
    std::cout << "[ A/A     ] " << comparison.summary().toStdString() << '\n';
    ASSERT_GE(judged, 12);
    // At most one variant in eight may come out changed.
    EXPECT_LE(changed * 8, judged) << comparison.summary().toStdString();
    fs::remove_all(dir);
}

}  // namespace
}  // namespace costscope
