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

// What a suite may ask for beyond the usual.
struct SuiteOptions {
    // A min_time above kLongMinTimeS (60 s) is refused unless this is set (--allow-long).
    bool allowLong = false;
};

// A built-in name (see builtinSuiteNames()) or a path to a suite file. Built-in names win, so a
// file called "quick" in the working directory is reached as "./quick". Throws SuiteError when
// the name is neither (suggesting the nearest built-in name) or when the file cannot be read,
// and SuiteErrors when its content is not a valid suite.
Suite loadSuite(std::string_view nameOrPath, const SuiteOptions& options = {});

// Parses and validates a suite text; fileName is used in messages, as Suite::source, and its
// stem as Suite::name. Throws SuiteError with file, line and column when the text is not JSON
// or an object repeats a key, and else SuiteErrors with every problem found, each with its file,
// line, column and JSON pointer.
Suite parseSuite(std::string_view text, std::string_view fileName,
                 const SuiteOptions& options = {});

// Why a min_time above kLongMinTimeS is refused without --allow-long, for the suite's min_time
// and costscope-record's --min-time alike: `what` names it ("min_time"), `written` is the value
// as the user wrote it ("600").
std::string longMinTimeRefusal(std::string_view what, std::string_view written, double seconds);

// The suites built into the binary, in the order of their resource files ("full", "quick",
// "standard").
std::vector<std::string> builtinSuiteNames();

}  // namespace costscope
