// costscope-record: the headless recorder. Signals and argv here; everything else in Recorder.
#include <malloc.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <iostream>

#include "profiler/recorder/OpenblasSetup.h"
#include "profiler/recorder/Recorder.h"

namespace {

// Set by the first SIGINT/SIGTERM; the runner stops at the next iteration boundary, keeps every
// finished variant and marks the run interrupted. A second signal kills the process the usual
// way (the recording then reads as incomplete; committed variants survive).
std::atomic<bool> stopRequested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the flag is written from a signal handler");

extern "C" void onStopSignal(int signal) {
    if (stopRequested.exchange(true)) {
        std::signal(signal, SIG_DFL);
        std::raise(signal);
        return;
    }
    // A set-up or an FP64 check can take seconds on large sizes: say at once that the signal
    // was heard. write() is async-signal-safe; iostreams are not.
    constexpr char kMessage[] =
        "\ncostscope-record: stopping after the current step; finished variants are kept "
        "(signal again to quit at once)\n";
    [[maybe_unused]] const auto written = write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
}

void installStopHandlers() {
    struct sigaction action {};
    action.sa_handler = onStopSignal;
    // Restart interrupted system calls: a signal landing in a write to stderr must not put
    // std::cerr into a failed state and silence every later message.
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace costscope;
    RecorderOptions options;
    try {
        options = RecorderOptions::parse({argv + 1, size_t(argc - 1)});
    } catch (const UsageError& e) {
        std::cerr << "costscope-record: " << e.what() << "\nTry 'costscope-record --help'.\n";
        return kExitUsage;
    }
    // Before anything is measured or written: a process whose OpenBLAS runs kernels older than
    // the CPU supports is replaced by one that runs the newest (returns when nothing is to do).
    if (!options.help && !options.version && !options.list)
        reexecForOpenblas(argv, options.keepBlasChoice);
    installStopHandlers();
    // Memory is handed out the same way whatever ran before: pinning the mmap threshold turns
    // off glibc's dynamic adjustment. It is pinned at glibc's own upper bound (32 MiB), and the
    // heap is not trimmed on free, because libraries allocate per call: OpenBLAS takes about
    // 0.5 MiB for every sgemm, and at a low threshold each call mapped it, faulted its pages in
    // and unmapped it again (a TLB shootdown on the other core), 5 % of a 512^3 product
    // (docs/benchmarks.md). What a variant frees stays in the heap until the next variant
    // starts: PeakMemory gives it back (malloc_trim) before measuring, so a variant's memory is
    // never hidden in memory an earlier one left resident.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
    return runRecorder(options, std::cout, std::cerr, stopRequested, isatty(STDERR_FILENO) != 0);
}
