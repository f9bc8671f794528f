// A suite: which variants a recording measures and how long, read from a built-in or user file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kernels/VariantSpec.h"
#include "profiler/MeasureOptions.h"
#include "profiler/suite/SuiteError.h"

namespace costscope {

struct Suite {
    std::string name;         // "quick", or the file's stem for a user suite
    std::string source;       // "resources/suites/quick.json" (built-in) or the path given
    std::string description;  // one line for people, may be empty
    std::string json;         // the text as read, stored in the recording so it explains itself
    MeasureOptions measure;   // from the suite's "measure" object, defaults where absent
    std::vector<VariantSpec> variants;  // expanded, in file order, no duplicates
};

// A built-in name (see builtinSuiteNames()) or a path to a suite file. Built-in names win, so a
// file called "quick" in the working directory is reached as "./quick". Throws SuiteError when
// the name is neither, when the file cannot be read, or when its content is not a valid suite.
Suite loadSuite(std::string_view nameOrPath);

// Parses and validates a suite text; fileName is used in messages, as Suite::source, and its
// stem as Suite::name. Throws SuiteError with file, line and JSON pointer of the first problem.
Suite parseSuite(std::string_view text, std::string_view fileName);

// The suites built into the binary, in the order of their resource files ("full", "quick",
// "standard").
std::vector<std::string> builtinSuiteNames();

}  // namespace costscope
