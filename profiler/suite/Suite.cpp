// Finds a suite by built-in name or path and reads it; the validation is SuiteParser's.
#include "profiler/suite/Suite.h"

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>

#include "costscope_suites.h"
#include "profiler/suite/ClosestMatch.h"
#include "profiler/suite/SuiteParser.h"

namespace costscope {
namespace {

constexpr std::string_view kSuiteDirectory = "resources/suites/";
constexpr std::string_view kSuiteExtension = ".json";

// The built-in suite's name when the resource is one, else empty.
std::string_view suiteName(std::string_view resourcePath) {
    if (!resourcePath.starts_with(kSuiteDirectory) || !resourcePath.ends_with(kSuiteExtension))
        return {};
    resourcePath.remove_prefix(kSuiteDirectory.size());
    resourcePath.remove_suffix(kSuiteExtension.size());
    return resourcePath;
}

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& name : names)
        text += (text.empty() ? "" : ", ") + name;
    return text;
}

// Reads the whole file with stdio because it reports why it failed in errno (ENOENT, EACCES,
// EISDIR on the first read of a directory), which is what the user needs to hear.
std::string readFile(const std::string& path) {
    const auto fail = [&](int error) {
        throw SuiteError(path, 0, "",
                         "cannot read the suite file: " + std::generic_category().message(error));
    };
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                               &std::fclose);
    if (!file)
        fail(errno);
    std::string text;
    char buffer[1 << 16];
    while (true) {
        const std::size_t count = std::fread(buffer, 1, sizeof buffer, file.get());
        text.append(buffer, count);
        if (count < sizeof buffer)
            break;
    }
    if (std::ferror(file.get()))
        fail(errno);
    return text;
}

}  // namespace

std::vector<std::string> builtinSuiteNames() {
    std::vector<std::string> names;
    for (const auto& resource : embedded::kResources) {
        const auto name = suiteName(resource.path);
        if (!name.empty())
            names.emplace_back(name);
    }
    return names;
}

Suite loadSuite(std::string_view nameOrPath, const SuiteOptions& options) {
    for (const auto& resource : embedded::kResources) {
        if (!suiteName(resource.path).empty() && suiteName(resource.path) == nameOrPath)
            return parseSuite(resource.text, resource.path, options);
    }
    const std::string path(nameOrPath);
    std::error_code ignored;  // a path we cannot even stat is reported by the read below
    if (!path.ends_with(kSuiteExtension) && !std::filesystem::exists(path, ignored)) {
        const std::vector<std::string> names = builtinSuiteNames();
        const std::vector<std::string_view> known(names.begin(), names.end());
        std::string message = "no such suite: the built-in suites are ";
        if (const auto meant = closestMatch(path, known))
            message = "no such suite; did you mean '" + std::string(*meant) +
                      "'? The built-in suites are ";
        throw SuiteError(path, 0, "",
                         message + joined(names) +
                             ", and a suite file's path must end in .json or name a file that "
                             "exists");
    }
    return parseSuite(readFile(path), path, options);
}

std::string longMinTimeRefusal(std::string_view what, std::string_view written, double seconds) {
    char milliseconds[32];
    std::snprintf(milliseconds, sizeof milliseconds, "%g", seconds / 1000.0);
    const std::string value(written);
    return std::string(what) + " is in seconds: " + value + " means at least " + value +
           " s of timing per variant, for every variant; write " + milliseconds + " if " + value +
           " ms was meant, or pass --allow-long to allow more than " +
           std::to_string(int(kLongMinTimeS)) + " s";
}

Suite parseSuite(std::string_view text, std::string_view fileName, const SuiteOptions& options) {
    return SuiteParser(text, fileName, options).parse();
}

}  // namespace costscope
