// The suite format's rules: keys, types, ranges, and catalog errors mapped back to their key.
#include "profiler/suite/SuiteParser.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "profiler/suite/ClosestMatch.h"

namespace costscope {
namespace {

constexpr std::string_view kSizeExpected =
    "expected an array of three positive integers [m, n, k] or one positive integer";
// Larger extents are typos: a square FP32 matrix of 2^20 is already 4 TiB, and the cap keeps
// m * n * k far from int64 overflow in every later computation.
constexpr int64_t kMaxExtent = int64_t{1} << 20;
// Counts above this are typos too (a run of a billion iterations would not end).
constexpr int64_t kMaxCount = 1'000'000'000;
// The keys of a workload object; models and batches are the mlp family's.
const std::vector<std::string_view> kWorkloadKeys = {"family",     "devices",  "precisions",
                                                     "structures", "backends", "sparsities",
                                                     "sizes",      "models",   "batches"};
// Interleaved rounds per variant when a suite does not say (MeasureOptions::rounds); more than
// a hundred would leave each round too little time to mean anything.
constexpr int64_t kDefaultRounds = 3;
constexpr int64_t kMaxRounds = 100;

// The value as it appears in JSON, shortened so a long array does not drown the message.
template <typename Json>
std::string got(const Json& value) {
    std::string text = value.dump();
    constexpr std::size_t kLimit = 60;
    if (text.size() > kLimit)
        text = text.substr(0, kLimit - 3) + "...";
    return ", got " + text;
}

template <typename Json>
std::optional<int64_t> asInteger(const Json& value) {
    if (value.is_number_unsigned()) {
        const auto number = value.template get<uint64_t>();
        if (number > uint64_t(std::numeric_limits<int64_t>::max()))
            return std::nullopt;
        return int64_t(number);
    }
    if (value.is_number_integer())
        return value.template get<int64_t>();
    return std::nullopt;
}

std::string quotedList(const std::vector<std::string_view>& names) {
    std::string text;
    for (const auto name : names)
        text += (text.empty() ? "'" : ", '") + std::string(name) + '\'';
    return text;
}

bool contains(const std::vector<std::string_view>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

SuiteParser::SuiteParser(std::string_view text, std::string_view fileName,
                         const SuiteOptions& options)
    : text_(text), fileName_(fileName), options_(options), locator_(text_, fileName_) {}

void SuiteParser::report(const std::string& pointer, const std::string& message) {
    const JsonLocator::Position at = locator_.position(pointer);
    errors_.emplace_back(fileName_, at.line, pointer, message, at.column);
}

void SuiteParser::reportMissing(const std::string& objectPointer, std::string_view key,
                                const std::string& message) {
    const JsonLocator::Position at = locator_.position(objectPointer);
    errors_.emplace_back(fileName_, at.line, JsonLocator::child(objectPointer, key), message,
                         at.column);
}

void SuiteParser::fail(const std::string& pointer, const std::string& message) {
    report(pointer, message);
    throw Abandoned{};
}

template <typename Read>
bool SuiteParser::keep(Read&& read) {
    try {
        read();
        return true;
    } catch (const Abandoned&) {
        return false;
    }
}

std::vector<std::string_view> SuiteParser::checkKeys(const Json& object, const std::string& pointer,
                                                     const std::vector<std::string_view>& known) {
    std::vector<std::string_view> meant;
    for (const auto& [key, value] : object.items()) {
        if (contains(known, key))
            continue;
        std::string message = "unknown key '" + key + '\'';
        if (const auto candidate = closestMatch(key, known)) {
            message += "; did you mean '" + std::string(*candidate) + "'?";
            meant.push_back(*candidate);
        }
        report(JsonLocator::child(pointer, key), message + " (known: " + quotedList(known) + ")");
    }
    return meant;
}

void SuiteParser::checkObject(const Json& value, const std::string& pointer, const char* what) {
    if (!value.is_object())
        fail(pointer, std::string("expected ") + what + got(value));
}

template <typename T, typename ReadElement>
std::vector<T> SuiteParser::readDistinct(const Json& array, const std::string& pointer,
                                         ReadElement&& readElement) {
    std::vector<T> values;
    std::vector<std::size_t> indices;  // where each of values sits in the array, for messages
    bool complete = true;
    for (std::size_t i = 0; i < array.size(); ++i) {
        const std::string element = JsonLocator::child(pointer, i);
        complete =
            keep([&] {
                T value = readElement(array[i], element);
                const auto previous = std::find(values.begin(), values.end(), value);
                if (previous != values.end()) {
                    const std::string first = JsonLocator::child(
                        pointer, indices[std::size_t(previous - values.begin())]);
                    fail(element, "duplicate of " + first + " (line " +
                                      std::to_string(locator_.line(first)) + ")" + got(array[i]));
                }
                values.push_back(std::move(value));
                indices.push_back(i);
            }) &&
            complete;
    }
    if (!complete)
        throw Abandoned{};
    return values;
}

std::string SuiteParser::readString(const Json& value, const std::string& pointer) {
    if (!value.is_string())
        fail(pointer, "expected a string" + got(value));
    return value.get<std::string>();
}

std::vector<std::string> SuiteParser::readStrings(const Json& value, const std::string& pointer) {
    // An empty list would mean "all" in a WorkloadRequest, which reads like "none" in a file;
    // leaving the key out is the one way to say "all".
    if (!value.is_array() || value.empty())
        fail(pointer,
             "expected a non-empty array of strings (leave the key out for all)" + got(value));
    return readDistinct<std::string>(
        value, pointer, [&](const Json& element, const std::string& at) {
            if (!element.is_string() || element.get<std::string>().empty())
                fail(at, "expected a non-empty string" + got(element));
            return element.get<std::string>();
        });
}

std::vector<double> SuiteParser::readSparsities(const Json& value, const std::string& pointer) {
    if (!value.is_array() || value.empty())
        fail(pointer,
             "expected a non-empty array of numbers (leave the key out for the default "
             "sparsities)" +
                 got(value));
    return readDistinct<double>(value, pointer, [&](const Json& element, const std::string& at) {
        const double sparsity = element.is_number() ? element.get<double>() : NAN;
        // 1 is an all-zero weight, never a pruning level; 0 is one for structured pruning only
        // (the start of its curve), which the catalog checks per structure.
        if (!(sparsity >= 0.0 && sparsity < 1.0))
            fail(at,
                 "expected a number in [0, 1) (the fraction of weights pruned; 0 for structured "
                 "pruning only)" +
                     got(element));
        return sparsity;
    });
}

std::vector<std::array<int64_t, 3>> SuiteParser::readSizes(const Json& value,
                                                           const std::string& pointer) {
    if (!value.is_array() || value.empty())
        fail(pointer,
             "expected a non-empty array of sizes, each [m, n, k] or one integer for a "
             "square product" +
                 got(value));
    return readDistinct<std::array<int64_t, 3>>(
        value, pointer, [&](const Json& size, const std::string& at) {
            const auto extent = [&](const Json& number) {
                const auto integer = asInteger(number);
                if (!integer || *integer <= 0)
                    fail(at, std::string(kSizeExpected) + got(size));
                if (*integer > kMaxExtent)
                    fail(at,
                         "every extent must be at most " + std::to_string(kMaxExtent) + got(size));
                return *integer;
            };
            if (size.is_array()) {
                if (size.size() != 3)
                    fail(at, std::string(kSizeExpected) + got(size));
                return std::array<int64_t, 3>{extent(size[0]), extent(size[1]), extent(size[2])};
            }
            const int64_t square = extent(size);
            return std::array<int64_t, 3>{square, square, square};
        });
}

std::vector<int64_t> SuiteParser::readBatches(const Json& value, const std::string& pointer) {
    if (!value.is_array() || value.empty())
        fail(pointer,
             "expected a non-empty array of batch sizes (leave the key out for 1, 64 and 1024)" +
                 got(value));
    return readDistinct<int64_t>(value, pointer, [&](const Json& element, const std::string& at) {
        const auto batch = asInteger(element);
        if (!batch || *batch <= 0 || *batch > kMaxMlpBatch)
            fail(at, "expected an integer from 1 to " + std::to_string(kMaxMlpBatch) +
                         " (images per forward pass, at most the test set)" + got(element));
        return *batch;
    });
}

MeasureOptions SuiteParser::readMeasure(const Json& value, const std::string& pointer) {
    checkObject(value, pointer, "an object with warmup, min_iterations, min_time and rounds");
    checkKeys(value, pointer, {"warmup", "min_iterations", "min_time", "rounds"});
    MeasureOptions measure;
    measure.rounds = kDefaultRounds;
    const auto count = [&](const char* key, int64_t minimum, int64_t maximum, const char* meaning) {
        const std::string member = JsonLocator::child(pointer, key);
        const auto integer = asInteger(value[key]);
        if (!integer || *integer < minimum || *integer > maximum)
            fail(member, "expected an integer from " + std::to_string(minimum) + " to " +
                             std::to_string(maximum) + " (" + meaning + ")" + got(value[key]));
        return *integer;
    };
    // Each member on its own: a bad warmup does not hide a bad min_time.
    if (value.contains("warmup"))
        keep([&] { measure.warmup = count("warmup", 0, kMaxCount, "untimed iterations first"); });
    if (value.contains("min_iterations"))
        keep([&] {
            measure.minIterations =
                count("min_iterations", 1, kMaxCount, "timed iterations at least");
        });
    if (value.contains("rounds"))
        keep([&] {
            measure.rounds = count("rounds", 1, kMaxRounds, "interleaved rounds per variant");
        });
    if (value.contains("min_time"))
        keep([&] {
            const std::string member = JsonLocator::child(pointer, "min_time");
            const Json& minTime = value["min_time"];
            const double seconds = minTime.is_number() ? minTime.get<double>() : NAN;
            if (!(seconds >= 0.0 && seconds <= kMaxMinTimeS))
                fail(member, "expected a number of seconds from 0 to " +
                                 std::to_string(int(kMaxMinTimeS)) + " (timed wall time at least)" +
                                 got(minTime));
            // Paid by every variant of the suite, and most often milliseconds meant.
            if (seconds > kLongMinTimeS && !options_.allowLong)
                fail(member, longMinTimeRefusal("min_time", minTime.dump(), seconds));
            measure.minTimeS = seconds;
        });
    return measure;
}

WorkloadRequest SuiteParser::readWorkload(const Json& value, const std::string& pointer) {
    checkObject(value, pointer, "a workload object");
    const std::vector<std::string_view> meant = checkKeys(value, pointer, kWorkloadKeys);
    const auto member = [&](const char* key) { return JsonLocator::child(pointer, key); };
    // A key the user meant but misspelt is absent: what the workload expands to is not known.
    bool complete = std::all_of(meant.begin(), meant.end(),
                                [&](std::string_view key) { return value.contains(key); });
    const auto read = [&](const char* key, auto&& assign) {
        if (value.contains(key) && !keep([&] { assign(value[key], member(key)); }))
            complete = false;
    };

    WorkloadRequest request;
    if (!value.contains("family")) {
        complete = false;
        if (!contains(meant, "family")) {
            std::string families;
            for (const auto& family : knownFamilies())
                families += (families.empty() ? "'" : ", '") + family + "'";
            reportMissing(pointer, "family", "missing; every workload needs one of " + families);
        }
    }
    read("family",
         [&](const Json& v, const std::string& at) { request.family = readString(v, at); });
    read("devices",
         [&](const Json& v, const std::string& at) { request.devices = readStrings(v, at); });
    read("precisions",
         [&](const Json& v, const std::string& at) { request.precisions = readStrings(v, at); });
    read("structures",
         [&](const Json& v, const std::string& at) { request.structures = readStrings(v, at); });
    read("backends",
         [&](const Json& v, const std::string& at) { request.backends = readStrings(v, at); });
    read("sparsities",
         [&](const Json& v, const std::string& at) { request.sparsities = readSparsities(v, at); });
    read("models",
         [&](const Json& v, const std::string& at) { request.models = readStrings(v, at); });
    read("batches",
         [&](const Json& v, const std::string& at) { request.batches = readBatches(v, at); });
    // The mlp workload's products are fixed by its models (the catalog rejects sizes for it);
    // without a family that could be read, whether sizes are needed is not known.
    if (!value.contains("sizes") && !request.family.empty() && request.family != "mlp") {
        complete = false;
        if (!contains(meant, "sizes"))
            reportMissing(pointer, "sizes", "missing; every workload needs at least one size");
    }
    read("sizes", [&](const Json& v, const std::string& at) { request.shapes = readSizes(v, at); });
    if (!complete)
        throw Abandoned{};
    return request;
}

std::vector<VariantSpec> SuiteParser::expand(const WorkloadRequest& request, const Json& workload,
                                             const std::string& pointer) {
    std::vector<VariantSpec> specs;
    try {
        specs = expandWorkload(request);
    } catch (const std::invalid_argument& error) {
        // The catalog names the field at the start of its message ("precisions: 'fp64' is not
        // ..."); report it at that key, and anything else at the workload.
        const std::string message = error.what();
        for (const std::string_view key : kWorkloadKeys) {
            const std::string prefix = std::string(key) + ": ";
            if (message.starts_with(prefix) && workload.contains(key))
                fail(JsonLocator::child(pointer, key), message.substr(prefix.size()));
        }
        fail(pointer, message);
    }
    // Sparsities only shape CSR and structured variants; given for a workload without any,
    // they would be ignored without a word.
    if (!request.sparsities.empty() &&
        std::none_of(specs.begin(), specs.end(), [](const VariantSpec& spec) {
            return spec.structure == "csr" || spec.structure == "struct";
        }))
        fail(JsonLocator::child(pointer, "sparsities"),
             "this workload has no csr or struct variant, so sparsities would be ignored; remove "
             "the key or include 'csr' or 'struct' in structures");
    return specs;
}

void SuiteParser::readWorkloads(const Json& workloads, Suite& suite) {
    // Variant name -> index of the workload that first produced it.
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < workloads.size(); ++i) {
        const std::string pointer = JsonLocator::child("/workloads", i);
        std::vector<VariantSpec> specs;
        if (!keep([&] {
                specs = expand(readWorkload(workloads[i], pointer), workloads[i], pointer);
            }))
            continue;
        // One repeat per workload is reported: a workload that repeats another whole would
        // otherwise give a line per variant.
        bool repeatReported = false;
        for (auto& spec : specs) {
            const std::string name = spec.name();
            const auto [previous, inserted] = seen.emplace(name, i);
            if (!inserted && !repeatReported) {
                repeatReported = true;
                if (previous->second == i) {
                    report(pointer, "variant '" + name +
                                        "' appears twice in this workload; two of its sizes or "
                                        "sparsities name the same variant");
                } else {
                    const std::string first = JsonLocator::child("/workloads", previous->second);
                    report(pointer, "variant '" + name + "' is also in " + first + " (line " +
                                        std::to_string(locator_.line(first)) +
                                        "); each variant may appear only once in a suite");
                }
            }
            if (inserted)
                suite.variants.push_back(std::move(spec));
        }
    }
}

Suite SuiteParser::parse() {
    const Json root = Json::parse(text_);  // cannot fail: the locator has read the same text
    Suite suite;
    suite.measure.rounds = kDefaultRounds;
    suite.source = fileName_;
    suite.json = text_;
    suite.name = std::filesystem::path(fileName_).stem().string();

    if (keep([&] { checkObject(root, "", "a JSON object with 'workloads'"); })) {
        const std::vector<std::string_view> meant =
            checkKeys(root, "", {"name", "description", "measure", "workloads"});
        if (root.contains("name"))
            keep([&] {
                const std::string name = readString(root["name"], "/name");
                // A recording names its suite; a copy of quick.json edited under another file
                // name must not pass for "quick".
                if (!suite.name.empty() && name != suite.name)
                    fail("/name", "'" + name + "' differs from the file name '" + suite.name +
                                      "'; a suite is named after its file, so write '" +
                                      suite.name + "' or remove the key");
                suite.name = name;
            });
        if (root.contains("description"))
            keep([&] { suite.description = readString(root["description"], "/description"); });
        if (root.contains("measure"))
            keep([&] { suite.measure = readMeasure(root["measure"], "/measure"); });

        if (!root.contains("workloads")) {
            if (!contains(meant, "workloads"))
                reportMissing("", "workloads",
                              "missing; a suite needs a non-empty array of workloads");
        } else if (const Json& workloads = root["workloads"];
                   !workloads.is_array() || workloads.empty()) {
            report("/workloads", "expected a non-empty array of workload objects" + got(workloads));
        } else {
            readWorkloads(workloads, suite);
        }
    }
    if (!errors_.empty()) {
        std::stable_sort(
            errors_.begin(), errors_.end(), [](const SuiteError& a, const SuiteError& b) {
                return std::pair(a.line(), a.column()) < std::pair(b.line(), b.column());
            });
        throw SuiteErrors(std::move(errors_));
    }
    return suite;
}

}  // namespace costscope
