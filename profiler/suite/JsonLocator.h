// Where each value of a JSON text sits: the line and column of every JSON pointer, for messages.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

namespace costscope {

// nlohmann::json keeps no positions in its DOM, so the text is read once more through its SAX
// interface with an input iterator that counts what the lexer consumed. Validation then works on
// the DOM and looks positions up here by pointer.
class JsonLocator {
  public:
    // 1-based; a column counts bytes, as nlohmann's own syntax errors do.
    struct Position {
        int line = 0;
        int column = 0;
    };

    // Throws SuiteError naming fileName, line and column when the text is not valid JSON, and
    // when an object repeats a key: nlohmann would keep the last one silently.
    JsonLocator(std::string_view text, const std::string& fileName);

    // The position of the key (its opening quote) for an object member, of the value (or its
    // opening bracket) for an array element and for the root; {0, 0} for a pointer that does not
    // exist in the text.
    Position position(const std::string& pointer) const;
    int line(const std::string& pointer) const { return position(pointer).line; }

    // RFC 6901 pointers: "/workloads" + "sizes" -> "/workloads/sizes", with '~' and '/' escaped.
    static std::string child(const std::string& parent, std::string_view key);
    static std::string child(const std::string& parent, std::size_t index);

  private:
    std::unordered_map<std::string, Position> positions_;
};

}  // namespace costscope
