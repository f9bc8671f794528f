// Lines of JSON pointers, from nlohmann's SAX events and an iterator that counts characters.
#include "profiler/suite/JsonLocator.h"

#include <iterator>
#include <unordered_set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "profiler/suite/SuiteError.h"

namespace costscope {
namespace {

// Position of the lexer in the text. The lexer reads at most one character past a token (after
// a number, to see where it ends), and that character is whitespace or a structural character
// of the same line, so the line of the last non-whitespace character consumed is the line of
// the token just reported.
struct Cursor {
    int line = 1;
    int column = 0;
    int lastLine = 1;    // of the last character consumed, for syntax errors
    int lastColumn = 0;  // 1-based
    int tokenLine = 1;   // of the last non-whitespace character consumed

    void consume(char c) {
        ++column;
        lastLine = line;
        lastColumn = column;
        if (c == '\n') {
            ++line;
            column = 0;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            tokenLine = lastLine;
        }
    }
};

// nlohmann copies the iterator into its input adapter, so the count lives behind a pointer.
class CountingIterator {
  public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    CountingIterator() = default;
    CountingIterator(const char* position, Cursor* cursor) : position_(position), cursor_(cursor) {}

    reference operator*() const { return *position_; }
    CountingIterator& operator++() {
        cursor_->consume(*position_);
        ++position_;
        return *this;
    }
    CountingIterator operator++(int) {
        CountingIterator before = *this;
        ++*this;
        return before;
    }
    bool operator==(const CountingIterator& other) const { return position_ == other.position_; }

  private:
    const char* position_ = nullptr;
    Cursor* cursor_ = nullptr;
};

// The SAX handler: keeps the pointer of the value being parsed and records lines. Its member
// names are nlohmann's SAX interface, hence the exemption from our naming rule.
// NOLINTBEGIN(readability-identifier-naming)
class LineRecorder {
  public:
    using json = nlohmann::json;

    LineRecorder(const Cursor& cursor, const std::string& fileName,
                 std::unordered_map<std::string, int>& lines)
        : cursor_(cursor), fileName_(fileName), lines_(lines) {}

    bool null() { return value(); }
    bool boolean(bool /*value*/) { return value(); }
    bool number_integer(json::number_integer_t /*value*/) { return value(); }
    bool number_unsigned(json::number_unsigned_t /*value*/) { return value(); }
    bool number_float(json::number_float_t /*value*/, const json::string_t& /*text*/) {
        return value();
    }
    bool string(json::string_t& /*value*/) { return value(); }
    bool binary(json::binary_t& /*value*/) { return value(); }

    bool start_object(std::size_t /*elements*/) { return open(false); }
    bool start_array(std::size_t /*elements*/) { return open(true); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(json::string_t& name) {
        Frame& frame = stack_.back();
        std::string pointer = JsonLocator::child(frame.pointer, name);
        if (!frame.keys.insert(name).second) {
            throw SuiteError(fileName_, cursor_.tokenLine, pointer,
                             "duplicate key \"" + name + "\" (first on line " +
                                 std::to_string(lines_[pointer]) + ")");
        }
        // An object member is reported at its key: that is where a reader looks for it.
        lines_[pointer] = cursor_.tokenLine;
        frame.member = std::move(pointer);
        return true;
    }

    bool parse_error(std::size_t /*position*/, const std::string& /*lastToken*/,
                     const json::exception& error) {
        // nlohmann's text starts "[json.exception.parse_error.101] parse error at line 3,
        // column 17: " and our own prefix says the same, so keep only what follows.
        std::string message = error.what();
        if (message.starts_with('[') && message.find("] ") != std::string::npos)
            message.erase(0, message.find("] ") + 2);
        if (message.starts_with("parse error") && message.find(": ") != std::string::npos)
            message.erase(0, message.find(": ") + 2);
        throw SuiteError(fileName_, cursor_.lastLine, "", message, cursor_.lastColumn);
    }

  private:
    struct Frame {
        std::string pointer;
        bool array = false;
        std::size_t nextIndex = 0;
        std::string member;  // pointer of the member whose key was just read
        std::unordered_set<std::string> keys;
    };

    // The pointer of the value that starts now; array elements and the root are recorded at
    // the value, object members already were at their key.
    std::string enter() {
        if (stack_.empty()) {
            lines_.emplace("", cursor_.tokenLine);
            return "";
        }
        Frame& frame = stack_.back();
        if (!frame.array)
            return frame.member;
        std::string pointer = JsonLocator::child(frame.pointer, frame.nextIndex++);
        lines_[pointer] = cursor_.tokenLine;
        return pointer;
    }

    bool value() {
        enter();
        return true;
    }

    bool open(bool array) {
        std::string pointer = enter();
        Frame& frame = stack_.emplace_back();
        frame.pointer = std::move(pointer);
        frame.array = array;
        return true;
    }

    bool close() {
        stack_.pop_back();
        return true;
    }

    const Cursor& cursor_;
    const std::string& fileName_;
    std::unordered_map<std::string, int>& lines_;
    std::vector<Frame> stack_;
};
// NOLINTEND(readability-identifier-naming)

std::string escape(std::string_view key) {
    std::string escaped;
    escaped.reserve(key.size());
    for (const char c : key) {
        if (c == '~') {
            escaped += "~0";
        } else if (c == '/') {
            escaped += "~1";
        } else {
            escaped += c;
        }
    }
    return escaped;
}

}  // namespace

JsonLocator::JsonLocator(std::string_view text, const std::string& fileName) {
    Cursor cursor;
    LineRecorder recorder(cursor, fileName, lines_);
    const CountingIterator first(text.data(), &cursor);
    const CountingIterator last(text.data() + text.size(), &cursor);
    // Strict: trailing text after the root value is an error. Comments are not JSON and would
    // make a suite file unreadable to other tools, so they are errors too.
    nlohmann::json::sax_parse(first, last, &recorder, nlohmann::json::input_format_t::json,
                              /*strict=*/true, /*ignore_comments=*/false);
}

int JsonLocator::line(const std::string& pointer) const {
    const auto found = lines_.find(pointer);
    return found == lines_.end() ? 0 : found->second;
}

std::string JsonLocator::child(const std::string& parent, std::string_view key) {
    return parent + '/' + escape(key);
}

std::string JsonLocator::child(const std::string& parent, std::size_t index) {
    return parent + '/' + std::to_string(index);
}

}  // namespace costscope
