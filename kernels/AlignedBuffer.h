// A heap array aligned to 64 bytes (one cache line, one AVX-512 vector) for kernel operands.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <span>
#include <type_traits>

namespace costscope {

template <class T>
class AlignedBuffer {
    static_assert(std::is_trivially_copyable_v<T>, "AlignedBuffer holds plain numbers only");

  public:
    static constexpr std::size_t kAlignment = 64;

    AlignedBuffer() = default;
    // Zero-filled, so a buffer is never read uninitialised; operands are filled with random
    // values afterwards (timing on zeros is never intended). Throws std::bad_alloc when the
    // memory cannot be had, also when count * sizeof(T) does not fit size_t.
    explicit AlignedBuffer(std::size_t count) : size_(count) {
        if (count == 0)
            return;
        // count * sizeof(T), rounded up below, must not wrap around to a small allocation.
        if (count > (std::numeric_limits<std::size_t>::max() - kAlignment) / sizeof(T))
            throw std::bad_alloc();
        // aligned_alloc wants a size that is a multiple of the alignment.
        const std::size_t bytes = (count * sizeof(T) + kAlignment - 1) / kAlignment * kAlignment;
        data_.reset(static_cast<T*>(std::aligned_alloc(kAlignment, bytes)));
        if (!data_)
            throw std::bad_alloc();
        std::memset(data_.get(), 0, bytes);
    }

    T* data() { return data_.get(); }
    const T* data() const { return data_.get(); }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    T& operator[](std::size_t i) { return data_[i]; }
    const T& operator[](std::size_t i) const { return data_[i]; }
    T* begin() { return data(); }
    T* end() { return data() + size_; }
    const T* begin() const { return data(); }
    const T* end() const { return data() + size_; }
    std::span<T> span() { return {data(), size_}; }
    std::span<const T> span() const { return {data(), size_}; }

    AlignedBuffer copy() const {
        AlignedBuffer result(size_);
        if (size_ != 0)
            std::memcpy(result.data(), data(), size_ * sizeof(T));
        return result;
    }

  private:
    struct Free {
        // The one place memory from std::aligned_alloc is released: this deleter is the RAII.
        void operator()(T* p) const {
            // NOLINTNEXTLINE(cppcoreguidelines-no-malloc,cppcoreguidelines-owning-memory)
            std::free(p);
        }
    };
    std::unique_ptr<T[], Free> data_;
    std::size_t size_ = 0;
};

}  // namespace costscope
