// Validates a suite text and expands its workloads; internal to costscope_suite (use parseSuite).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernels/Catalog.h"
#include "profiler/MeasureOptions.h"
#include "profiler/suite/JsonLocator.h"
#include "profiler/suite/Suite.h"

namespace costscope {

// Checks keys before types before values, so a typo is reported as a typo and not as the
// missing key it causes; every error names the file, the line and the JSON pointer.
class SuiteParser {
  public:
    SuiteParser(std::string_view text, std::string_view fileName);

    Suite parse() const;

  private:
    // ordered_json keeps the file's member order, so the first problem in the file is the one
    // reported.
    using Json = nlohmann::ordered_json;

    [[noreturn]] void fail(const std::string& pointer, const std::string& message) const;
    // A required member is missing: reported at the line of the object that lacks it.
    [[noreturn]] void failMissing(const std::string& objectPointer, std::string_view key,
                                  const std::string& message) const;
    void checkKeys(const Json& object, const std::string& pointer,
                   const std::vector<std::string_view>& known) const;
    void checkObject(const Json& value, const std::string& pointer, const char* what) const;

    std::string readString(const Json& value, const std::string& pointer) const;
    std::vector<std::string> readStrings(const Json& value, const std::string& pointer) const;
    std::vector<double> readSparsities(const Json& value, const std::string& pointer) const;
    std::vector<std::array<int64_t, 3>> readSizes(const Json& value,
                                                  const std::string& pointer) const;
    std::vector<int64_t> readBatches(const Json& value, const std::string& pointer) const;
    MeasureOptions readMeasure(const Json& value, const std::string& pointer) const;
    WorkloadRequest readWorkload(const Json& value, const std::string& pointer) const;
    std::vector<VariantSpec> expand(const WorkloadRequest& request, const Json& workload,
                                    const std::string& pointer) const;

    std::string text_;
    std::string fileName_;
    JsonLocator locator_;
};

}  // namespace costscope
