// The one exception suite loading throws: where in which file, and what is wrong there.
#pragma once

#include <stdexcept>
#include <string>

namespace costscope {

// what() reads like a compiler message so that editors and terminals can jump to it:
//   "my.json:14: /workloads/1/sizes/0: expected ..., got \"big\""
//   "my.json:3:17: syntax error while parsing object key - unexpected '}'; expected string literal"
class SuiteError : public std::runtime_error {
  public:
    // line and column are 1-based, 0 when unknown (a file that cannot be read has no line).
    // key is the JSON pointer of the offending value ("/workloads/2/sparsities/1"), or empty
    // when the error is about the file as a whole.
    SuiteError(std::string file, int line, std::string key, std::string message, int column = 0);

    const std::string& file() const { return file_; }
    int line() const { return line_; }
    int column() const { return column_; }
    const std::string& key() const { return key_; }
    // The message without the "file:line: key: " prefix, for a GUI that shows those apart.
    const std::string& message() const { return message_; }

  private:
    std::string file_;
    int line_;
    int column_;
    std::string key_;
    std::string message_;
};

}  // namespace costscope
