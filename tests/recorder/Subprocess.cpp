// fork/exec with two pipes, read through poll() so neither pipe can fill and stall the child.
#include "tests/recorder/Subprocess.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

namespace costscope::test {

Subprocess::Subprocess(const std::vector<std::string>& argv) {
    int out[2];
    int err[2];
    if (pipe(out) != 0 || pipe(err) != 0)
        throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0)
        throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        dup2(out[1], STDOUT_FILENO);
        dup2(err[1], STDERR_FILENO);
        close(out[0]);
        close(out[1]);
        close(err[0]);
        close(err[1]);
        std::vector<char*> args;
        for (const auto& arg : argv)
            args.push_back(const_cast<char*>(arg.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    close(out[1]);
    close(err[1]);
    outFd_ = out[0];
    errFd_ = err[0];
}

Subprocess::~Subprocess() {
    if (pid_ > 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    if (outFd_ >= 0)
        close(outFd_);
    if (errFd_ >= 0)
        close(errFd_);
}

void Subprocess::pump(int timeoutMs) {
    pollfd fds[2] = {{outFd_, POLLIN, 0}, {errFd_, POLLIN, 0}};
    if (poll(fds, 2, timeoutMs) <= 0)
        return;
    char buffer[4096];
    for (int i = 0; i < 2; ++i) {
        if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP)))
            continue;
        const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
        int& fd = i == 0 ? outFd_ : errFd_;
        if (n <= 0) {
            close(fd);
            fd = -1;
        } else {
            (i == 0 ? result_.out : result_.err).append(buffer, size_t(n));
        }
    }
}

bool Subprocess::waitForErrLine(const std::string& needle, double timeoutS) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::duration<double>(timeoutS);
    while (std::chrono::steady_clock::now() < deadline) {
        size_t lineStart = 0;
        for (size_t end; (end = result_.err.find('\n', lineStart)) != std::string::npos;
             lineStart = end + 1) {
            if (result_.err.substr(lineStart, end - lineStart).find(needle) != std::string::npos)
                return true;
        }
        if (outFd_ < 0 && errFd_ < 0)
            return false;
        pump(50);
    }
    return false;
}

void Subprocess::signal(int signalNumber) const {
    kill(pid_, signalNumber);
}

ProcessResult Subprocess::finish() {
    while (outFd_ >= 0 || errFd_ >= 0)
        pump(1000);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    result_.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result_;
}

ProcessResult runProcess(const std::vector<std::string>& argv) {
    Subprocess process(argv);
    return process.finish();
}

}  // namespace costscope::test
