// Formats suite errors the way compilers do, so the location comes first.
#include "profiler/suite/SuiteError.h"

#include <utility>

namespace costscope {
namespace {

std::string format(const std::string& file, int line, int column, const std::string& key,
                   const std::string& message) {
    std::string text;
    if (!file.empty()) {
        text = file;
        if (line > 0) {
            text += ':' + std::to_string(line);
            if (column > 0)
                text += ':' + std::to_string(column);
        }
        text += ": ";
    }
    if (!key.empty())
        text += key + ": ";
    return text + message;
}

}  // namespace

SuiteError::SuiteError(std::string file, int line, std::string key, std::string message, int column)
    : std::runtime_error(format(file, line, column, key, message)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      key_(std::move(key)),
      message_(std::move(message)) {}

SuiteErrors::SuiteErrors(std::vector<SuiteError> errors)
    : SuiteError(errors.front()), errors_(std::move(errors)) {
    for (const SuiteError& error : errors_) {
        if (!text_.empty())
            text_ += '\n';
        text_ += error.what();
    }
}

}  // namespace costscope
