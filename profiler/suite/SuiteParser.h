// Validates a suite text and expands its workloads; internal to costscope_suite (use parseSuite).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernels/Catalog.h"
#include "profiler/MeasureOptions.h"
#include "profiler/suite/JsonLocator.h"
#include "profiler/suite/Suite.h"

namespace costscope {

// Reports every problem of a suite in one go: a value that is wrong is recorded and checking
// goes on with the next one; only what is built from a bad value (a workload with a bad key is
// not expanded) is left unchecked, so that one mistake is not reported again as the problems it
// causes. Checks keys before types before values, so a typo is reported as a typo and not also
// as the missing key it causes. Every problem names the file, the line, the column and the JSON
// pointer.
class SuiteParser {
  public:
    // Throws SuiteError when the text is not JSON (see JsonLocator).
    SuiteParser(std::string_view text, std::string_view fileName, const SuiteOptions& options);

    // Throws SuiteErrors with every problem found.
    Suite parse();

  private:
    // ordered_json keeps the file's member order, so problems are found in file order.
    using Json = nlohmann::ordered_json;
    // Thrown once a problem is recorded, to abandon the value being read (and whatever is built
    // from it); keep() catches it.
    struct Abandoned {};

    void report(const std::string& pointer, const std::string& message);
    // A required member is missing: reported at the object that lacks it.
    void reportMissing(const std::string& objectPointer, std::string_view key,
                       const std::string& message);
    // report(), then abandon.
    [[noreturn]] void fail(const std::string& pointer, const std::string& message);
    // Runs `read`; false when it was abandoned (its problems are recorded).
    template <typename Read>
    bool keep(Read&& read);

    // Reports every unknown key; returns the known keys that an unknown one was taken for ("did
    // you mean"), whose absence is then that typo rather than a problem of its own.
    std::vector<std::string_view> checkKeys(const Json& object, const std::string& pointer,
                                            const std::vector<std::string_view>& known);
    void checkObject(const Json& value, const std::string& pointer, const char* what);

    // Every element of an array through `readElement`, each bad element and each repeat
    // reported; abandoned when any was.
    template <typename T, typename ReadElement>
    std::vector<T> readDistinct(const Json& array, const std::string& pointer,
                                ReadElement&& readElement);
    std::string readString(const Json& value, const std::string& pointer);
    std::vector<std::string> readStrings(const Json& value, const std::string& pointer);
    std::vector<double> readSparsities(const Json& value, const std::string& pointer);
    std::vector<std::array<int64_t, 3>> readSizes(const Json& value, const std::string& pointer);
    std::vector<int64_t> readBatches(const Json& value, const std::string& pointer);
    MeasureOptions readMeasure(const Json& value, const std::string& pointer);
    // Abandoned when a member could not be read: expanding the rest would report problems that
    // are not there.
    WorkloadRequest readWorkload(const Json& value, const std::string& pointer);
    std::vector<VariantSpec> expand(const WorkloadRequest& request, const Json& workload,
                                    const std::string& pointer);
    void readWorkloads(const Json& workloads, Suite& suite);

    std::string text_;
    std::string fileName_;
    SuiteOptions options_;
    JsonLocator locator_;
    std::vector<SuiteError> errors_;
};

}  // namespace costscope
