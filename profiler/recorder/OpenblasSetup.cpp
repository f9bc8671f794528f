// Re-executing the recorder with OPENBLAS_CORETYPE, and reading back what was done.
#include "profiler/recorder/OpenblasSetup.h"

#include <cblas.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>
#include <vector>

#include "profiler/CpuProbe.h"
#include "profiler/KernelChoice.h"

namespace costscope {
namespace {

constexpr const char* kOverrideVariable = "COSTSCOPE_OPENBLAS_OVERRIDE";
constexpr const char* kTestCoreVariable = "COSTSCOPE_TEST_OPENBLAS_CORE";

// What the first process handed over: "<library's choice>:<candidate>,<candidate>...:<index>".
struct Handover {
    std::string firstChoice;
    std::vector<std::string> candidates;
    size_t tried = 0;  // index of the candidate now in OPENBLAS_CORETYPE
};

std::optional<Handover> readHandover() {
    const char* text = std::getenv(kOverrideVariable);
    if (!text || !*text)
        return std::nullopt;
    std::istringstream parts(text);
    Handover handover;
    std::string candidates, index;
    if (!std::getline(parts, handover.firstChoice, ':') || !std::getline(parts, candidates, ':') ||
        !std::getline(parts, index))
        return std::nullopt;
    std::istringstream names(candidates);
    for (std::string name; std::getline(names, name, ',');)
        handover.candidates.push_back(name);
    handover.tried = size_t(std::strtoul(index.c_str(), nullptr, 10));
    if (handover.tried >= handover.candidates.size())
        return std::nullopt;
    return handover;
}

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const std::string& name : names)
        text += (text.empty() ? "" : ",") + name;
    return text;
}

bool sameCore(const std::string& a, const std::string& b) {
    return strcasecmp(a.c_str(), b.c_str()) == 0;
}

// Replaces this process with argv[0..] run with candidate `index`; returns only if exec failed.
void execWith(char** argv, const Handover& handover, size_t index) {
    const std::string value =
        handover.firstChoice + ':' + joined(handover.candidates) + ':' + std::to_string(index);
    setenv(kOverrideVariable, value.c_str(), 1);
    setenv("OPENBLAS_CORETYPE", handover.candidates[index].c_str(), 1);
    execv("/proc/self/exe", argv);
    const int error = errno;
    // Back to the library's own choice, which this process runs.
    unsetenv("OPENBLAS_CORETYPE");
    unsetenv(kOverrideVariable);
    std::cerr << "costscope-record: could not restart with OPENBLAS_CORETYPE="
              << handover.candidates[index] << ": " << std::strerror(error)
              << "; measuring with OpenBLAS's own choice " << handover.firstChoice << '\n';
}

// The library's own choice, or the test seam's stand-in for it.
std::string libraryChoice() {
    if (const char* pretend = std::getenv(kTestCoreVariable); pretend && *pretend)
        return pretend;
    return openblas_get_corename();
}

}  // namespace

void reexecForOpenblas(char** argv, bool keepChoice) {
    if (const auto handover = readHandover()) {
        // A re-executed process: did the library take the family asked for? If not (it does
        // not know the name), try the next one the CPU supports.
        if (!sameCore(openblas_get_corename(), handover->candidates[handover->tried]) &&
            handover->tried + 1 < handover->candidates.size())
            execWith(argv, *handover, handover->tried + 1);
        return;
    }
    const OpenblasDecision decision = decideOpenblasCore(
        cpuFlags(), libraryChoice(), std::getenv("OPENBLAS_CORETYPE"), keepChoice);
    if (decision.action != OpenblasDecision::Action::Override)
        return;
    execWith(argv, Handover{libraryChoice(), decision.candidates, 0}, 0);
}

OpenblasSetup currentOpenblasSetup(bool keepChoice) {
    OpenblasSetup setup;
    setup.core = openblas_get_corename();
    if (const char* coretype = std::getenv("OPENBLAS_CORETYPE"))
        setup.coretype = coretype;
    if (const auto handover = readHandover()) {
        setup.source = "costscope";
        setup.firstChoice = handover->firstChoice;
        const std::string& asked = handover->candidates[handover->tried];
        const OpenblasDecision why =
            decideOpenblasCore(cpuFlags(), handover->firstChoice, nullptr, false);
        if (sameCore(setup.core, asked)) {
            setup.note = why.reason + "; costscope re-ran itself with OPENBLAS_CORETYPE=" + asked +
                         " before measuring anything";
        } else {
            setup.warning = true;
            setup.note = why.reason + "; costscope re-ran itself with OPENBLAS_CORETYPE set to " +
                         joined(handover->candidates) + " in turn, and the library still runs " +
                         setup.core + ": speedups over OpenBLAS are against slower kernels";
        }
        return setup;
    }
    const OpenblasDecision decision = decideOpenblasCore(
        cpuFlags(), libraryChoice(), std::getenv("OPENBLAS_CORETYPE"), keepChoice);
    setup.source = decision.action == OpenblasDecision::Action::UserSet ? "user" : "library";
    setup.note = decision.reason;
    // Override here means the re-execution did not happen (exec failed): measured as chosen.
    setup.warning = decision.action == OpenblasDecision::Action::KeptOnRequest ||
                    decision.action == OpenblasDecision::Action::Override;
    return setup;
}

}  // namespace costscope
