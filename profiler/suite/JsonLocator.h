// Where each value of a JSON text sits: the line of every JSON pointer, for error messages.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

namespace costscope {

// nlohmann::json keeps no positions in its DOM, so the text is read once more through its SAX
// interface with an input iterator that counts what the lexer consumed. Validation then works on
// the DOM and looks lines up here by pointer.
class JsonLocator {
  public:
    // Throws SuiteError naming fileName, line and column when the text is not valid JSON, and
    // when an object repeats a key: nlohmann would keep the last one silently.
    JsonLocator(std::string_view text, const std::string& fileName);

    // The line of the key for an object member, of the value (or its opening bracket) for an
    // array element and for the root; 0 for a pointer that does not exist in the text.
    int line(const std::string& pointer) const;

    // RFC 6901 pointers: "/workloads" + "sizes" -> "/workloads/sizes", with '~' and '/' escaped.
    static std::string child(const std::string& parent, std::string_view key);
    static std::string child(const std::string& parent, std::size_t index);

  private:
    std::unordered_map<std::string, int> lines_;
};

}  // namespace costscope
