// An A/A comparison: two recordings of the same suite on the same machine, minutes apart, with
// nothing changed in between. The verdicts must say so: "same" or "inconclusive" for nearly every
// variant, "faster" or "slower" only by chance or where the machine changed between them (the
// repeated-pairs rate is in docs/benchmarks.md, "A/A verdicts"). Runs the real recorder twice;
// slow, and alone (RUN_SERIAL), since another test loading the machine during one recording and
// not the other is exactly a change.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

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
// INT8. Three rounds (the suites' default), a quarter second of samples per variant.
constexpr const char* kSuite = R"({
  "name": "aa",
  "measure": { "warmup": 2, "min_iterations": 9, "min_time": 0.25, "rounds": 3 },
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

TEST(AaComparison, TwoRecordingsOfTheSameSuiteComeOutSameOrInconclusive) {
    const fs::path dir = fs::temp_directory_path() / ("costscope-aa-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "aa.json") << kSuite;
    for (const char* name : {"a.sqlite", "b.sqlite"}) {
        ASSERT_EQ(run({COSTSCOPE_RECORD_EXE, "--suite", (dir / "aa.json").string(), "--out",
                       (dir / name).string(), "--quiet"}),
                  0);
    }
    const auto a = std::make_shared<const RunData>(loadRun(dir / "a.sqlite", 1));
    const auto b = std::make_shared<const RunData>(loadRun(dir / "b.sqlite", 1));
    const RunComparison comparison = compareRuns(a, b);
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
        EXPECT_EQ(diff.time.interval ? diff.time.interval->units : "rounds", "rounds") << diff.name;
    }
    std::cout << "[ A/A     ] " << comparison.summary().toStdString() << '\n';
    ASSERT_GE(judged, 12);
    // At most one variant in four may come out changed between two recordings of the same thing.
    // Not fewer: on a 2-vCPU VM our own SpMM kernels on two threads run in one of two modes
    // (csr50 at 512: about 0.97 or 1.3 ms) that holds for seconds, so for a whole recording of
    // this size; CI once saw csr50 and 2:4 "faster" this way (2 of 12). With one thread the modes
    // are gone (docs/benchmarks.md, "A/A verdicts"). Comparing samples instead of rounds, the
    // mistake this test guards against, called 21 of 27 changed.
    EXPECT_LE(changed * 4, judged) << comparison.summary().toStdString();
    fs::remove_all(dir);
}

}  // namespace
}  // namespace costscope
