// The byte layouts of costscope's caches (timeline lanes, kernel summaries, an export's variants
// and streams): values as this machine holds them (little-endian x86-64 and AArch64), texts as a
// 64-bit length and their bytes. Reading checks every length against what is left, so damaged
// bytes are refused rather than read past.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace costscope {

class ByteWriter {
  public:
    template <class T>
    void put(T value) {
        static_assert(std::is_trivially_copyable_v<T>);
        out_.append(reinterpret_cast<const char*>(&value), sizeof value);
    }
    template <class T>
    void putAll(const std::vector<T>& values) {
        static_assert(std::is_trivially_copyable_v<T>);
        if (!values.empty()) {
            out_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
        }
    }
    void putText(std::string_view text) {
        put(uint64_t(text.size()));
        out_.append(text);
    }
    std::string take() { return std::move(out_); }

  private:
    std::string out_;
};

class ByteReader {
  public:
    explicit ByteReader(std::string_view in) : in_(in) {}

    template <class T>
    bool get(T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        if (in_.size() < sizeof value) {
            return false;
        }
        std::memcpy(&value, in_.data(), sizeof value);
        in_.remove_prefix(sizeof value);
        return true;
    }
    // `count` values; false, reserving nothing, when fewer bytes are left.
    template <class T>
    bool getAll(std::vector<T>& values, uint64_t count) {
        static_assert(std::is_trivially_copyable_v<T>);
        if (count > in_.size() / sizeof(T)) {
            return false;
        }
        values.resize(size_t(count));
        if (count > 0) {  // an empty vector's data() may be null, which memcpy may not take
            std::memcpy(values.data(), in_.data(), size_t(count) * sizeof(T));
        }
        in_.remove_prefix(size_t(count) * sizeof(T));
        return true;
    }
    bool getText(std::string& text) {
        uint64_t length = 0;
        if (!get(length) || length > in_.size()) {
            return false;
        }
        text.assign(in_.substr(0, size_t(length)));
        in_.remove_prefix(size_t(length));
        return true;
    }
    // Whether `count` items of at least `bytesEach` bytes could still follow: a count read from
    // damaged bytes is refused before anything is reserved for it.
    bool couldHold(uint64_t count, uint64_t bytesEach) const {
        return count <= in_.size() / bytesEach;
    }
    bool done() const { return in_.empty(); }

  private:
    std::string_view in_;
};

}  // namespace costscope
