// The exceptions suite loading throws: where in which file, and what is wrong there.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace costscope {

// One problem. what() reads like a compiler message so that editors and terminals can jump to it:
//   "my.json:14:17: /workloads/1/sizes/0: expected ..., got \"big\""
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

// Every problem found in one suite text, in file order (by line, then column). As a SuiteError
// it is the first of them, so a caller that shows one problem still can; what() lists them all,
// one per line.
class SuiteErrors : public SuiteError {
  public:
    // `errors` must not be empty.
    explicit SuiteErrors(std::vector<SuiteError> errors);

    const std::vector<SuiteError>& errors() const { return errors_; }
    const char* what() const noexcept override { return text_.c_str(); }

  private:
    std::vector<SuiteError> errors_;
    std::string text_;
};

}  // namespace costscope
