// Reads VmRSS/VmHWM from /proc/self/status; resets VmHWM through /proc/self/clear_refs.
#include "profiler/PeakMemory.h"

#include <malloc.h>

#include <algorithm>
#include <fstream>
#include <string>

namespace costscope {
namespace {

std::optional<int64_t> statusKiB(const std::string& field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(field + ':', 0) == 0)
            return std::stoll(line.substr(field.size() + 1));
    }
    return std::nullopt;
}

bool resetHighWaterMark() {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    clear.flush();
    return bool(clear);
}

}  // namespace

PeakMemory::PeakMemory() {
    // Hand freed heap memory back first, so that memory an earlier variant freed but glibc
    // kept is not silently reused here and hidden from the growth.
    malloc_trim(0);
    if (!resetHighWaterMark())
        return;
    if (const auto rss = statusKiB("VmRSS"))
        baselineBytes_ = *rss * 1024;
}

void PeakMemory::restartPeak() const {
    if (baselineBytes_)
        resetHighWaterMark();
}

std::optional<int64_t> PeakMemory::peakGrowthBytes() const {
    if (!baselineBytes_)
        return std::nullopt;
    const auto hwm = statusKiB("VmHWM");
    if (!hwm)
        return std::nullopt;
    return std::max<int64_t>(0, *hwm * 1024 - *baselineBytes_);
}

}  // namespace costscope
