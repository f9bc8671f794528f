// CPU energy from Linux powercap's RAPL zones (/sys/class/powercap; AMD Zen exposes the same
// tree): every package zone (intel-rapl:N, "package-N") and its DRAM sub-zone (intel-rapl:N:M,
// "dram"), summed. Core and uncore lie within their package and psys covers the whole platform:
// they are left out, so that nothing counts twice.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "profiler/energy/EnergyCounter.h"

namespace costscope {

class RaplCounter : public EnergyCounter {
  public:
    // Opens and reads every zone once. Throws EnergyUnavailable, with the reason and the fix,
    // when there is no zone (most virtual machines) or a zone cannot be read (root only since
    // Linux restricted RAPL after the 2020 PLATYPUS attack).
    explicit RaplCounter(const std::filesystem::path& root = "/sys/class/powercap");

    const std::string& source() const override { return source_; }
    const std::string& what() const override { return what_; }
    // The zones' energy since construction, each zone's wrap-around at max_energy_range_uj
    // counted; a zone that cannot be read or went backwards sets the fault.
    EnergyRead read() override;

  private:
    struct Zone {
        std::filesystem::path energyFile;  // energy_uj, µJ
        uint64_t modulus = 0;              // max_energy_range_uj + 1
        uint64_t last = 0;                 // the previous value read
        uint64_t total = 0;                // µJ since construction
    };
    std::string source_ = "rapl";
    std::string what_;
    std::vector<Zone> zones_;
};

}  // namespace costscope
