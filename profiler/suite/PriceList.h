// A price list (costscope-record --prices FILE.json, docs/costs.md): what an hour of each device
// costs, and optionally a kWh, so that a run's figures can say what a million calls cost. No
// prices ship with costscope (they go stale); a user writes the file for their machines.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace costscope {

struct DevicePrice {
    std::string kind;  // "cpu" or "gpu"
    std::string name;  // a part of the device's name, any case; empty: any device of the kind
    std::string host;  // the host name, exactly; empty: any host
    double perHour = 0.0;
    int line = 0;         // where the entry is, for messages
    std::string pointer;  // "/devices/1"

    // How specific the entry is: host and name count, so that the narrowest match wins.
    int specificity() const { return (host.empty() ? 0 : 2) + (name.empty() ? 0 : 1); }
    bool matches(std::string_view deviceKind, std::string_view deviceName,
                 std::string_view deviceHost) const;
};

struct PriceList {
    std::string file;
    std::string currency = "USD";  // a code or symbol, written beside every figure
    std::vector<DevicePrice> devices;
    std::optional<double> perKwh;  // the electricity's price, for energy's share

    // The most specific entry for a device, or nullptr when none matches.
    const DevicePrice* priceOf(std::string_view kind, std::string_view name,
                               std::string_view host) const;
};

// Parses a price list. Throws SuiteErrors (file:line:column: /pointer: what to write instead)
// listing every problem: not JSON, an unknown key, a kind that is not cpu or gpu, a price that is
// not a number of 0 or more.
PriceList parsePriceList(std::string_view text, const std::string& fileName);
// Reads and parses a file; a file that cannot be read throws SuiteError naming it.
PriceList loadPriceList(const std::filesystem::path& path);

// One of this machine's devices, as the recorder knows it, for checkPriceList().
struct PricedDevice {
    std::string kind;
    std::string name;
};

// Every entry must name a device of this machine (its kind, name and host), and no device may
// match two entries equally specific: throws SuiteErrors at the entries' lines, listing this
// machine's devices, before anything is measured.
void checkPriceList(const PriceList& prices, const std::vector<PricedDevice>& devices,
                    const std::string& host);

}  // namespace costscope
