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
// Seconds; a larger value is most likely milliseconds written as seconds.
constexpr double kMaxMinTimeS = 3600.0;
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

std::size_t editDistance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string quotedList(const std::vector<std::string_view>& names) {
    std::string text;
    for (const auto name : names)
        text += (text.empty() ? "\"" : ", \"") + std::string(name) + '"';
    return text;
}

}  // namespace

SuiteParser::SuiteParser(std::string_view text, std::string_view fileName)
    : text_(text), fileName_(fileName), locator_(text_, fileName_) {}

void SuiteParser::fail(const std::string& pointer, const std::string& message) const {
    throw SuiteError(fileName_, locator_.line(pointer), pointer, message);
}

void SuiteParser::failMissing(const std::string& objectPointer, std::string_view key,
                              const std::string& message) const {
    throw SuiteError(fileName_, locator_.line(objectPointer),
                     JsonLocator::child(objectPointer, key), message);
}

void SuiteParser::checkKeys(const Json& object, const std::string& pointer,
                            const std::vector<std::string_view>& known) const {
    for (const auto& [key, value] : object.items()) {
        if (std::find(known.begin(), known.end(), key) != known.end())
            continue;
        std::string message = "unknown key \"" + key + '"';
        // Suggest a key only when it is plausibly the one meant: at most two edits away.
        std::size_t best = 3;
        for (const auto candidate : known) {
            const std::size_t distance = editDistance(key, candidate);
            if (distance < best) {
                best = distance;
                message =
                    "unknown key \"" + key + "\"; did you mean \"" + std::string(candidate) + "\"?";
            }
        }
        fail(JsonLocator::child(pointer, key), message + " (known: " + quotedList(known) + ")");
    }
}

void SuiteParser::checkObject(const Json& value, const std::string& pointer,
                              const char* what) const {
    if (!value.is_object())
        fail(pointer, std::string("expected ") + what + got(value));
}

std::string SuiteParser::readString(const Json& value, const std::string& pointer) const {
    if (!value.is_string())
        fail(pointer, "expected a string" + got(value));
    return value.get<std::string>();
}

std::vector<std::string> SuiteParser::readStrings(const Json& value,
                                                  const std::string& pointer) const {
    // An empty list would mean "all" in a WorkloadRequest, which reads like "none" in a file;
    // leaving the key out is the one way to say "all".
    if (!value.is_array() || value.empty())
        fail(pointer,
             "expected a non-empty array of strings (leave the key out for all)" + got(value));
    std::vector<std::string> strings;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string element = JsonLocator::child(pointer, i);
        if (!value[i].is_string() || value[i].get<std::string>().empty())
            fail(element, "expected a non-empty string" + got(value[i]));
        auto text = value[i].get<std::string>();
        const auto previous = std::find(strings.begin(), strings.end(), text);
        if (previous != strings.end()) {
            const std::string first = JsonLocator::child(pointer, previous - strings.begin());
            fail(element, "duplicate of " + first + " (line " +
                              std::to_string(locator_.line(first)) + ")" + got(value[i]));
        }
        strings.push_back(std::move(text));
    }
    return strings;
}

std::vector<double> SuiteParser::readSparsities(const Json& value,
                                                const std::string& pointer) const {
    if (!value.is_array() || value.empty())
        fail(pointer,
             "expected a non-empty array of numbers (leave the key out for the default "
             "sparsities)" +
                 got(value));
    std::vector<double> sparsities;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string element = JsonLocator::child(pointer, i);
        const double sparsity = value[i].is_number() ? value[i].get<double>() : NAN;
        // 0 is the dense variant and 1 an all-zero weight: neither is a pruning level.
        if (!(sparsity > 0.0 && sparsity < 1.0))
            fail(element,
                 "expected a number strictly between 0 and 1 (the fraction of weights that are "
                 "zero)" +
                     got(value[i]));
        const auto previous = std::find(sparsities.begin(), sparsities.end(), sparsity);
        if (previous != sparsities.end()) {
            const std::string first = JsonLocator::child(pointer, previous - sparsities.begin());
            fail(element, "duplicate of " + first + " (line " +
                              std::to_string(locator_.line(first)) + ")" + got(value[i]));
        }
        sparsities.push_back(sparsity);
    }
    return sparsities;
}

std::vector<std::array<int64_t, 3>> SuiteParser::readSizes(const Json& value,
                                                           const std::string& pointer) const {
    if (!value.is_array() || value.empty())
        fail(pointer,
             "expected a non-empty array of sizes, each [m, n, k] or one integer for a "
             "square product" +
                 got(value));
    std::vector<std::array<int64_t, 3>> sizes;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string element = JsonLocator::child(pointer, i);
        const Json& size = value[i];
        const auto extent = [&](const Json& number) {
            const auto integer = asInteger(number);
            if (!integer || *integer <= 0)
                fail(element, std::string(kSizeExpected) + got(size));
            if (*integer > kMaxExtent)
                fail(element,
                     "every extent must be at most " + std::to_string(kMaxExtent) + got(size));
            return *integer;
        };
        std::array<int64_t, 3> shape{};
        if (size.is_array()) {
            if (size.size() != 3)
                fail(element, std::string(kSizeExpected) + got(size));
            shape = {extent(size[0]), extent(size[1]), extent(size[2])};
        } else {
            const int64_t square = extent(size);
            shape = {square, square, square};
        }
        const auto previous = std::find(sizes.begin(), sizes.end(), shape);
        if (previous != sizes.end()) {
            const std::string first = JsonLocator::child(pointer, previous - sizes.begin());
            fail(element, "duplicate of " + first + " (line " +
                              std::to_string(locator_.line(first)) + ")" + got(size));
        }
        sizes.push_back(shape);
    }
    return sizes;
}

std::vector<int64_t> SuiteParser::readBatches(const Json& value, const std::string& pointer) const {
    if (!value.is_array() || value.empty())
        fail(pointer,
             "expected a non-empty array of batch sizes (leave the key out for 1, 64 and 1024)" +
                 got(value));
    std::vector<int64_t> batches;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string element = JsonLocator::child(pointer, i);
        const auto batch = asInteger(value[i]);
        if (!batch || *batch <= 0 || *batch > kMaxMlpBatch)
            fail(element, "expected an integer from 1 to " + std::to_string(kMaxMlpBatch) +
                              " (images per forward pass, at most the test set)" + got(value[i]));
        const auto previous = std::find(batches.begin(), batches.end(), *batch);
        if (previous != batches.end()) {
            const std::string first = JsonLocator::child(pointer, previous - batches.begin());
            fail(element, "duplicate of " + first + " (line " +
                              std::to_string(locator_.line(first)) + ")" + got(value[i]));
        }
        batches.push_back(*batch);
    }
    return batches;
}

MeasureOptions SuiteParser::readMeasure(const Json& value, const std::string& pointer) const {
    checkObject(value, pointer, "an object with warmup, min_iterations, min_time and rounds");
    checkKeys(value, pointer, {"warmup", "min_iterations", "min_time", "rounds"});
    MeasureOptions measure;
    measure.rounds = kDefaultRounds;
    const auto count = [&](const char* key, int64_t minimum, const char* meaning) {
        const std::string member = JsonLocator::child(pointer, key);
        const auto integer = asInteger(value[key]);
        if (!integer || *integer < minimum || *integer > kMaxCount)
            fail(member, "expected an integer from " + std::to_string(minimum) + " to " +
                             std::to_string(kMaxCount) + " (" + meaning + ")" + got(value[key]));
        return *integer;
    };
    if (value.contains("warmup"))
        measure.warmup = count("warmup", 0, "untimed iterations first");
    if (value.contains("min_iterations"))
        measure.minIterations = count("min_iterations", 1, "timed iterations at least");
    if (value.contains("rounds")) {
        measure.rounds = count("rounds", 1, "interleaved rounds per variant");
        if (measure.rounds > kMaxRounds)
            fail(JsonLocator::child(pointer, "rounds"),
                 "expected an integer from 1 to " + std::to_string(kMaxRounds) +
                     " (interleaved rounds per variant)" + got(value["rounds"]));
    }
    if (value.contains("min_time")) {
        const Json& minTime = value["min_time"];
        const double seconds = minTime.is_number() ? minTime.get<double>() : NAN;
        if (!(seconds >= 0.0 && seconds <= kMaxMinTimeS))
            fail(JsonLocator::child(pointer, "min_time"),
                 "expected a number of seconds from 0 to " + std::to_string(int(kMaxMinTimeS)) +
                     " (timed wall time at least)" + got(minTime));
        measure.minTimeS = seconds;
    }
    return measure;
}

WorkloadRequest SuiteParser::readWorkload(const Json& value, const std::string& pointer) const {
    checkObject(value, pointer, "a workload object");
    checkKeys(value, pointer, kWorkloadKeys);
    const auto member = [&](const char* key) { return JsonLocator::child(pointer, key); };

    WorkloadRequest request;
    if (!value.contains("family")) {
        std::string families;
        for (const auto& family : knownFamilies())
            families += (families.empty() ? "'" : ", '") + family + "'";
        failMissing(pointer, "family", "missing; every workload needs one of " + families);
    }
    request.family = readString(value["family"], member("family"));
    if (value.contains("devices"))
        request.devices = readStrings(value["devices"], member("devices"));
    if (value.contains("precisions"))
        request.precisions = readStrings(value["precisions"], member("precisions"));
    if (value.contains("structures"))
        request.structures = readStrings(value["structures"], member("structures"));
    if (value.contains("backends"))
        request.backends = readStrings(value["backends"], member("backends"));
    if (value.contains("sparsities"))
        request.sparsities = readSparsities(value["sparsities"], member("sparsities"));
    if (value.contains("models"))
        request.models = readStrings(value["models"], member("models"));
    if (value.contains("batches"))
        request.batches = readBatches(value["batches"], member("batches"));
    // The mlp workload's products are fixed by its models (the catalog rejects sizes for it).
    if (!value.contains("sizes") && request.family != "mlp")
        failMissing(pointer, "sizes", "missing; every workload needs at least one size");
    if (value.contains("sizes"))
        request.shapes = readSizes(value["sizes"], member("sizes"));
    return request;
}

std::vector<VariantSpec> SuiteParser::expand(const WorkloadRequest& request, const Json& workload,
                                             const std::string& pointer) const {
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
    // Sparsities only shape CSR variants; given for a workload without any, they would be
    // ignored without a word.
    if (!request.sparsities.empty() &&
        std::none_of(specs.begin(), specs.end(),
                     [](const VariantSpec& spec) { return spec.structure == "csr"; }))
        fail(JsonLocator::child(pointer, "sparsities"),
             "this workload has no csr variant, so sparsities would be ignored; remove the key "
             "or include \"csr\" in structures");
    return specs;
}

Suite SuiteParser::parse() const {
    const Json root = Json::parse(text_);  // cannot fail: the locator has read the same text
    checkObject(root, "", "a JSON object with \"workloads\"");
    checkKeys(root, "", {"name", "description", "measure", "workloads"});

    Suite suite;
    suite.measure.rounds = kDefaultRounds;
    suite.source = fileName_;
    suite.json = text_;
    suite.name = std::filesystem::path(fileName_).stem().string();
    if (root.contains("name")) {
        const std::string name = readString(root["name"], "/name");
        // A recording names its suite; a copy of quick.json edited under another file name
        // must not pass for "quick".
        if (!suite.name.empty() && name != suite.name)
            fail("/name", "\"" + name + "\" differs from the file name \"" + suite.name +
                              "\"; a suite is named after its file, so write \"" + suite.name +
                              "\" or remove the key");
        suite.name = name;
    }
    if (root.contains("description"))
        suite.description = readString(root["description"], "/description");
    if (root.contains("measure"))
        suite.measure = readMeasure(root["measure"], "/measure");

    if (!root.contains("workloads"))
        failMissing("", "workloads", "missing; a suite needs a non-empty array of workloads");
    const Json& workloads = root["workloads"];
    if (!workloads.is_array() || workloads.empty())
        fail("/workloads", "expected a non-empty array of workload objects" + got(workloads));

    // Variant name -> index of the workload that first produced it.
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < workloads.size(); ++i) {
        const std::string pointer = JsonLocator::child("/workloads", i);
        const WorkloadRequest request = readWorkload(workloads[i], pointer);
        for (auto& spec : expand(request, workloads[i], pointer)) {
            const std::string name = spec.name();
            const auto [previous, inserted] = seen.emplace(name, i);
            if (!inserted && previous->second == i)
                fail(pointer, "variant \"" + name +
                                  "\" appears twice in this workload; two of its sizes or "
                                  "sparsities name the same variant");
            if (!inserted) {
                const std::string first = JsonLocator::child("/workloads", previous->second);
                fail(pointer, "variant \"" + name + "\" is also in " + first + " (line " +
                                  std::to_string(locator_.line(first)) +
                                  "); each variant may appear only once in a suite");
            }
            suite.variants.push_back(std::move(spec));
        }
    }
    return suite;
}

}  // namespace costscope
