// The price list's format: keys, kinds, prices, and the match of entries to this machine.
#include "profiler/suite/PriceList.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "profiler/suite/ClosestMatch.h"
#include "profiler/suite/JsonLocator.h"
#include "profiler/suite/SuiteError.h"

namespace costscope {

namespace {

using Json = nlohmann::json;

const std::vector<std::string_view> kTopKeys = {"currency", "devices", "per_kwh"};
const std::vector<std::string_view> kDeviceKeys = {"kind", "name", "host", "per_hour"};

std::string lower(std::string_view text) {
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return result;
}

std::string shown(const Json& value) {
    std::string text = value.dump();
    return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

class Reader {
  public:
    Reader(std::string_view text, const std::string& fileName)
        : fileName_(fileName), locator_(text, fileName) {}

    void report(const std::string& pointer, const std::string& message) {
        const JsonLocator::Position at = locator_.position(pointer);
        errors_.emplace_back(fileName_, at.line, pointer, message, at.column);
    }
    int line(const std::string& pointer) const { return locator_.line(pointer); }

    void checkKeys(const Json& object, const std::string& pointer,
                   const std::vector<std::string_view>& known) {
        for (const auto& [key, value] : object.items()) {
            if (std::find(known.begin(), known.end(), key) != known.end()) {
                continue;
            }
            std::string message = "unknown key '" + key + "'";
            if (const auto meant = closestMatch(key, known)) {
                message += "; did you mean '" + std::string(*meant) + "'?";
            }
            std::string list;
            for (const auto name : known) {
                list += (list.empty() ? "'" : ", '") + std::string(name) + "'";
            }
            report(JsonLocator::child(pointer, key), message + " (known: " + list + ")");
        }
    }

    // A price: a number, 0 or more, finite.
    std::optional<double> price(const Json& value, const std::string& pointer, const char* unit) {
        if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < 0) {
            report(pointer, std::string("expected the price of ") + unit +
                                " as a number of 0 or more (e.g. 2.5), got " + shown(value));
            return std::nullopt;
        }
        return value.get<double>();
    }

    std::vector<SuiteError>& errors() { return errors_; }

  private:
    std::string fileName_;
    JsonLocator locator_;
    std::vector<SuiteError> errors_;
};

}  // namespace

bool DevicePrice::matches(std::string_view deviceKind, std::string_view deviceName,
                          std::string_view deviceHost) const {
    return kind == deviceKind && (host.empty() || host == deviceHost) &&
           (name.empty() || lower(deviceName).find(lower(name)) != std::string::npos);
}

const DevicePrice* PriceList::priceOf(std::string_view kind, std::string_view name,
                                      std::string_view host) const {
    const DevicePrice* best = nullptr;
    for (const DevicePrice& entry : devices) {
        if (entry.matches(kind, name, host) &&
            (best == nullptr || entry.specificity() > best->specificity())) {
            best = &entry;
        }
    }
    return best;
}

PriceList parsePriceList(std::string_view text, const std::string& fileName) {
    Reader reader(text, fileName);  // throws SuiteError when the text is not JSON
    const Json root = Json::parse(text);
    PriceList prices;
    prices.file = fileName;
    if (!root.is_object()) {
        reader.report("",
                      "expected an object with \"devices\": [{\"kind\": \"gpu\", "
                      "\"per_hour\": 2.5}, ...], got " +
                          shown(root));
        throw SuiteErrors(std::move(reader.errors()));
    }
    reader.checkKeys(root, "", kTopKeys);
    if (const auto found = root.find("currency"); found != root.end()) {
        if (!found->is_string() || found->get<std::string>().empty() ||
            found->get<std::string>().size() > 8) {
            reader.report(
                "/currency",
                "expected a currency's code or symbol (\"USD\", \"€\"), got " + shown(*found));
        } else {
            prices.currency = found->get<std::string>();
        }
    }
    if (const auto found = root.find("per_kwh"); found != root.end()) {
        prices.perKwh = reader.price(*found, "/per_kwh", "a kWh");
    }
    const auto devices = root.find("devices");
    if (devices == root.end() || !devices->is_array() || devices->empty()) {
        reader.report(devices == root.end() ? "" : "/devices",
                      "expected \"devices\": a list of one or more {\"kind\": \"cpu\" or "
                      "\"gpu\", \"name\" (optional), \"host\" (optional), \"per_hour\"}" +
                          (devices == root.end() ? std::string() : ", got " + shown(*devices)));
        throw SuiteErrors(std::move(reader.errors()));
    }
    for (std::size_t i = 0; i < devices->size(); ++i) {
        const Json& entry = (*devices)[i];
        const std::string pointer = JsonLocator::child("/devices", i);
        if (!entry.is_object()) {
            reader.report(pointer,
                          "expected a device's price {\"kind\": \"gpu\", \"per_hour\": "
                          "2.5}, got " +
                              shown(entry));
            continue;
        }
        reader.checkKeys(entry, pointer, kDeviceKeys);
        DevicePrice price;
        price.pointer = pointer;
        price.line = reader.line(pointer);
        const auto kind = entry.find("kind");
        if (kind == entry.end() || !kind->is_string() || (*kind != "cpu" && *kind != "gpu")) {
            reader.report(kind == entry.end() ? pointer : JsonLocator::child(pointer, "kind"),
                          "expected \"kind\": \"cpu\" or \"gpu\"" +
                              (kind == entry.end() ? std::string() : ", got " + shown(*kind)));
        } else {
            price.kind = kind->get<std::string>();
        }
        for (const char* key : {"name", "host"}) {
            if (const auto found = entry.find(key); found != entry.end()) {
                if (!found->is_string() || found->get<std::string>().empty()) {
                    reader.report(JsonLocator::child(pointer, key),
                                  std::string("expected the device's ") + key +
                                      " as a non-empty string, got " + shown(*found));
                } else {
                    (std::string_view(key) == "name" ? price.name : price.host) =
                        found->get<std::string>();
                }
            }
        }
        const auto perHour = entry.find("per_hour");
        if (perHour == entry.end()) {
            reader.report(pointer, "expected \"per_hour\": what an hour of this device costs");
        } else if (const auto value =
                       reader.price(*perHour, JsonLocator::child(pointer, "per_hour"), "an hour")) {
            price.perHour = *value;
        }
        prices.devices.push_back(std::move(price));
    }
    if (!reader.errors().empty()) {
        throw SuiteErrors(std::move(reader.errors()));
    }
    return prices;
}

PriceList loadPriceList(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw SuiteError(path.string(), 0, "",
                         "cannot read the price list; check the path (docs/costs.md shows how "
                         "to write one)");
    }
    const std::string text(std::istreambuf_iterator<char>(in), {});
    return parsePriceList(text, path.string());
}

void checkPriceList(const PriceList& prices, const std::vector<PricedDevice>& devices,
                    const std::string& host) {
    std::string known;
    for (const PricedDevice& device : devices) {
        known += (known.empty() ? "" : ", ") + device.kind + " '" + device.name + "'";
    }
    known = "this machine (" + host + ") has " + (known.empty() ? "no device" : known);
    std::vector<SuiteError> errors;
    for (const DevicePrice& entry : prices.devices) {
        const bool named = std::any_of(devices.begin(), devices.end(), [&](const auto& device) {
            return entry.matches(device.kind, device.name, host);
        });
        if (!named) {
            errors.emplace_back(prices.file, entry.line, entry.pointer,
                                "names no device of this machine: " + known +
                                    "; give a \"kind\" and a part of one of these names");
        }
    }
    for (const PricedDevice& device : devices) {
        const DevicePrice* best = prices.priceOf(device.kind, device.name, host);
        for (const DevicePrice& entry : prices.devices) {
            if (best != nullptr && &entry != best &&
                entry.matches(device.kind, device.name, host) &&
                entry.specificity() == best->specificity()) {
                errors.emplace_back(prices.file, entry.line, entry.pointer,
                                    "prices " + device.kind + " '" + device.name +
                                        "' as the entry at line " + std::to_string(best->line) +
                                        " does; keep one, or tell them apart with \"name\" or "
                                        "\"host\"");
            }
        }
    }
    if (!errors.empty()) {
        std::sort(errors.begin(), errors.end(),
                  [](const SuiteError& a, const SuiteError& b) { return a.line() < b.line(); });
        throw SuiteErrors(std::move(errors));
    }
}

}  // namespace costscope
