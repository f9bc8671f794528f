// Runs a program with its stdout and stderr piped, for tests that drive costscope-record.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace costscope::test {

struct ProcessResult {
    int exitCode = -1;  // 128 + signal number when killed by a signal, like a shell
    std::string out;
    std::string err;
};

class Subprocess {
  public:
    explicit Subprocess(const std::vector<std::string>& argv);
    ~Subprocess();
    Subprocess(const Subprocess&) = delete;
    Subprocess& operator=(const Subprocess&) = delete;

    // Reads stderr until a line containing `needle` arrives (true) or the pipe closes (false),
    // waiting at most `timeoutS` seconds.
    bool waitForErrLine(const std::string& needle, double timeoutS);
    void signal(int signalNumber) const;
    // Drains both pipes and waits for the exit.
    ProcessResult finish();

  private:
    void pump(int timeoutMs);

    pid_t pid_ = -1;
    int outFd_ = -1;
    int errFd_ = -1;
    ProcessResult result_;
};

ProcessResult runProcess(const std::vector<std::string>& argv);

}  // namespace costscope::test
