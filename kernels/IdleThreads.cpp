// Polls /proc/self/task for runnable threads other than the caller.
#include "kernels/IdleThreads.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace costscope {
namespace {

// Whether a thread other than self is running or runnable ('R' in /proc/self/task/N/stat).
bool othersRunnable(const std::string& self) {
    std::error_code error;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", error)) {
        if (task.path().filename() == self)
            continue;
        std::ifstream stat(task.path() / "stat");
        std::string line;
        if (!std::getline(stat, line))
            continue;  // the thread ended meanwhile
        // The state follows the command name, which is in parentheses and may contain spaces.
        const auto close = line.rfind(')');
        if (close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'R')
            return true;
    }
    return false;
}

}  // namespace

bool waitForIdleThreads(std::chrono::milliseconds limit) {
    if (!std::filesystem::exists("/proc/self/task"))
        return true;
    const std::string self = std::to_string(::syscall(SYS_gettid));
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (othersRunnable(self)) {
        if (std::chrono::steady_clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

}  // namespace costscope
