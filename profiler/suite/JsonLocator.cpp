// Positions of JSON pointers, from nlohmann's SAX events and an iterator that counts characters.
#include "profiler/suite/JsonLocator.h"

#include <iterator>
#include <unordered_set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "profiler/suite/SuiteError.h"

namespace costscope {
namespace {

// Position of the lexer in the text. Values are located at their first character: the lexer
// reads one character past a number (to see where it ends), which may be a ',' or a newline, so
// the position of the last character consumed is not the number's. The cursor therefore follows
// the tokens itself: a string starts at an unescaped '"' outside a string, a number or literal
// at the first character that is neither whitespace nor structural.
struct Cursor {
    int line = 1;
    int column = 0;
    JsonLocator::Position last{1, 0};   // of the last character consumed: a bracket, a syntax error
    JsonLocator::Position token{1, 0};  // where the last string, number or literal started
    bool inString = false;
    bool escaped = false;  // the previous character in a string was an unescaped backslash
    bool inBareToken = false;

    void consume(char c) {
        ++column;
        last = {line, column};
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
            inBareToken = false;
            token = last;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '{' || c == '}' ||
                   c == '[' || c == ']' || c == ',' || c == ':') {
            inBareToken = false;
        } else if (!inBareToken) {
            inBareToken = true;
            token = last;
        }
        if (c == '\n') {
            ++line;
            column = 0;
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

// The SAX handler: keeps the pointer of the value being parsed and records positions. Its
// member names are nlohmann's SAX interface, hence the exemption from our naming rule.
// NOLINTBEGIN(readability-identifier-naming)
class PositionRecorder {
  public:
    using json = nlohmann::json;
    using Positions = std::unordered_map<std::string, JsonLocator::Position>;

    PositionRecorder(const Cursor& cursor, const std::string& fileName, Positions& positions)
        : cursor_(cursor), fileName_(fileName), positions_(positions) {}

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
            throw SuiteError(fileName_, cursor_.token.line, pointer,
                             "duplicate key '" + name + "' (first on line " +
                                 std::to_string(positions_[pointer].line) + ")",
                             cursor_.token.column);
        }
        // An object member is reported at its key: that is where a reader looks for it.
        positions_[pointer] = cursor_.token;
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
        throw SuiteError(fileName_, cursor_.last.line, "", message, cursor_.last.column);
    }

  private:
    struct Frame {
        std::string pointer;
        bool array = false;
        std::size_t nextIndex = 0;
        std::string member;  // pointer of the member whose key was just read
        std::unordered_set<std::string> keys;
    };

    // The pointer of the value that starts now, at `at`; array elements and the root are
    // recorded at the value, object members already were at their key.
    std::string enter(JsonLocator::Position at) {
        if (stack_.empty()) {
            positions_.emplace("", at);
            return "";
        }
        Frame& frame = stack_.back();
        if (!frame.array)
            return frame.member;
        std::string pointer = JsonLocator::child(frame.pointer, frame.nextIndex++);
        positions_[pointer] = at;
        return pointer;
    }

    // A string, number or literal has just been read: it started at the cursor's token.
    bool value() {
        enter(cursor_.token);
        return true;
    }

    // An object or array starts at the bracket the lexer has just consumed.
    bool open(bool array) {
        std::string pointer = enter(cursor_.last);
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
    Positions& positions_;
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
    PositionRecorder recorder(cursor, fileName, positions_);
    const CountingIterator first(text.data(), &cursor);
    const CountingIterator last(text.data() + text.size(), &cursor);
    // Strict: trailing text after the root value is an error. Comments are not JSON and would
    // make a suite file unreadable to other tools, so they are errors too.
    nlohmann::json::sax_parse(first, last, &recorder, nlohmann::json::input_format_t::json,
                              /*strict=*/true, /*ignore_comments=*/false);
}

JsonLocator::Position JsonLocator::position(const std::string& pointer) const {
    const auto found = positions_.find(pointer);
    return found == positions_.end() ? Position{} : found->second;
}

std::string JsonLocator::child(const std::string& parent, std::string_view key) {
    return parent + '/' + escape(key);
}

std::string JsonLocator::child(const std::string& parent, std::size_t index) {
    return parent + '/' + std::to_string(index);
}

}  // namespace costscope
