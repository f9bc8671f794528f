// What the harnesses share: a scratch file per process for loaders that read paths, and a reader
// that hands out the fuzzer's bytes as numbers and pieces.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace costscope::fuzz {

// `name` in a directory of this process under $TMPDIR (or /tmp), created once and removed when
// the process ends: the loaders read files, so every input is written to one first.
inline std::filesystem::path scratchPath(const std::string& name) {
    struct Dir {
        std::filesystem::path path;
        Dir() {
            const char* tmp = std::getenv("TMPDIR");
            path = std::filesystem::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") /
                   ("costscope-fuzz-" + std::to_string(::getpid()));
            std::filesystem::create_directories(path);
        }
        ~Dir() {
            std::error_code ignored;
            std::filesystem::remove_all(path, ignored);
        }
    };
    static const Dir dir;
    return dir.path / name;
}

inline std::filesystem::path writeScratch(const std::string& name, std::string_view bytes) {
    const auto path = scratchPath(name);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    return path;
}

// Consumes the input from the front: numbers (zero once the bytes run out) and byte strings.
class Bytes {
  public:
    Bytes(const uint8_t* data, size_t size) : data_(data), size_(size) {}

    bool empty() const { return at_ >= size_; }
    size_t left() const { return size_ - at_; }

    template <class T>
    T take() {
        T value{};
        const size_t n = std::min(sizeof(T), left());
        if (n > 0) {
            std::memcpy(&value, data_ + at_, n);
            at_ += n;
        }
        return value;
    }
    // Up to `count` bytes, fewer at the end.
    std::string_view bytes(size_t count) {
        const size_t n = std::min(count, left());
        const std::string_view piece(reinterpret_cast<const char*>(data_ + at_), n);
        at_ += n;
        return piece;
    }
    std::string_view rest() { return bytes(left()); }

  private:
    const uint8_t* data_;
    size_t size_;
    size_t at_ = 0;
};

}  // namespace costscope::fuzz
