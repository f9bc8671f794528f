// Finding the RAPL zones to sum, reading energy_uj, and saying why it cannot be read.
#include "profiler/energy/RaplCounter.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>

namespace costscope {

namespace {

namespace fs = std::filesystem;

// How to let a user read the counters, for the reasons below.
constexpr const char* kGrantRead =
    "grant read access until the next boot with: sudo chmod o+r "
    "/sys/class/powercap/intel-rapl:*/energy_uj /sys/class/powercap/intel-rapl:*:*/energy_uj, "
    "or for good with a udev rule (/etc/udev/rules.d/50-rapl.rules): "
    "SUBSYSTEM==\"powercap\", ACTION==\"add\", RUN+=\"/bin/chmod o+r /sys%p/energy_uj\"";

// A small sysfs file's text, or errno.
struct Text {
    std::string text;
    int error = 0;
};

Text readText(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return {{}, errno};
    }
    char buffer[128];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    const int error = n < 0 ? errno : 0;
    ::close(fd);
    if (n < 0) {
        return {{}, error};
    }
    std::string text(buffer, size_t(n));
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.pop_back();
    }
    return {text, 0};
}

std::optional<uint64_t> parseNumber(const std::string& text) {
    uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() && !text.empty()
               ? std::optional(value)
               : std::nullopt;
}

// energy_uj's value, or the reason it has none.
std::optional<uint64_t> readEnergy(const fs::path& file, std::string& why) {
    const Text text = readText(file);
    if (text.error != 0) {
        why = file.string() + ": " + std::strerror(text.error);
        return std::nullopt;
    }
    const auto value = parseNumber(text.text);
    if (!value) {
        why = file.string() + " holds '" + text.text + "', not a count of microjoules";
    }
    return value;
}

// "intel-rapl:0" -> 1 colon-separated index, "intel-rapl:0:1" -> 2; 0 for anything else
// (intel-rapl-mmio zones repeat the package's counter through another interface).
int depthOf(const std::string& name) {
    constexpr std::string_view prefix = "intel-rapl:";
    if (name.rfind(prefix, 0) != 0) {
        return 0;
    }
    const std::string rest = name.substr(prefix.size());
    if (rest.empty() || rest.find_first_not_of("0123456789:") != std::string::npos) {
        return 0;
    }
    return 1 + int(std::count(rest.begin(), rest.end(), ':'));
}

}  // namespace

RaplCounter::RaplCounter(const fs::path& root) {
    const std::string notMeasured = "CPU energy not measured: ";
    // The zones appear both at the top of the class folder (as links) and nested in their
    // package: the top level alone lists each once.
    std::vector<std::pair<std::string, fs::path>> found;  // zone name, folder
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(root, error)) {
        const std::string name = entry.path().filename().string();
        const int depth = depthOf(name);
        if (depth == 0) {
            continue;
        }
        const std::string zone = readText(entry.path() / "name").text;
        const bool package = depth == 1 && zone.rfind("package", 0) == 0;
        const bool dram = depth == 2 && zone == "dram";
        if (package || dram) {
            found.emplace_back(zone, entry.path());
        }
    }
    if (found.empty()) {
        throw EnergyUnavailable(
            notMeasured + "no RAPL package zone in " + root.string() +
            " (virtual machines rarely expose one; on a physical machine load the driver with: "
            "sudo modprobe intel_rapl_msr, which AMD Zen processors use as well)");
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
        return a.second.filename() < b.second.filename();
    });
    for (const auto& [zone, folder] : found) {
        Zone z;
        z.energyFile = folder / "energy_uj";
        const Text text = readText(z.energyFile);
        if (text.error == EACCES || text.error == EPERM) {
            throw EnergyUnavailable(notMeasured + z.energyFile.string() +
                                    " is readable by root only (Linux restricts RAPL since the "
                                    "2020 PLATYPUS attack, CVE-2020-8694); " +
                                    kGrantRead);
        }
        std::string why;
        const auto value = readEnergy(z.energyFile, why);
        if (!value) {
            throw EnergyUnavailable(notMeasured + why);
        }
        z.last = *value;
        const auto range = parseNumber(readText(folder / "max_energy_range_uj").text);
        z.modulus = range && *range < UINT64_MAX ? *range + 1 : 0;
        zones_.push_back(z);
        what_ += (what_.empty() ? "" : " + ") + zone;
    }
}

EnergyRead RaplCounter::read() {
    EnergyRead result;
    uint64_t total = 0;
    for (Zone& zone : zones_) {
        std::string why;
        const auto value = readEnergy(zone.energyFile, why);
        if (!value) {
            result.fault = why;
        } else if (const auto advance = counterAdvance(zone.last, *value, zone.modulus)) {
            zone.total += *advance;
            zone.last = *value;
        } else {
            result.fault = zone.energyFile.string() + " went back from " +
                           std::to_string(zone.last) + " to " + std::to_string(*value) +
                           " µJ, more than its wrap-around at " + std::to_string(zone.modulus) +
                           " explains";
            zone.last = *value;
        }
        total += zone.total;
    }
    result.joules = double(total) * 1e-6;
    return result;
}

}  // namespace costscope
