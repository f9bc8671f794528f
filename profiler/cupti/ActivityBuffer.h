// One CUPTI activity buffer: owned memory that CUPTI fills while it is lent out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace costscope {

class ActivityBuffer {
  public:
    // Zero-filled: the collector tells CUPTI (CUPTI_ACTIVITY_ATTR_ZEROED_OUT_ACTIVITY_BUFFER)
    // that buffers come zeroed, so CUPTI need not clear them on the application's thread. calloc
    // rather than new[](): fresh pages from the kernel are zero already, so a new 8 MiB buffer
    // costs no memset inside CUPTI's buffer request. malloc's alignment (16) covers CUPTI's 8.
    // data() is null when the memory could not be had.
    explicit ActivityBuffer(size_t bytes)
        : data_(static_cast<uint8_t*>(std::calloc(bytes, 1))), size_(data_ ? bytes : 0) {}

    uint8_t* data() { return data_.get(); }
    const uint8_t* data() const { return data_.get(); }
    size_t size() const { return size_; }

    // Bytes of records CUPTI wrote, set when it hands the buffer back.
    size_t validBytes() const { return validBytes_; }
    void setValidBytes(size_t bytes) { validBytes_ = bytes < size_ ? bytes : size_; }

    // Back to all zeros before it is lent again. The whole buffer, not only validBytes: CUPTI
    // may have started a record past the valid part.
    void clear() {
        if (data_)
            std::memset(data_.get(), 0, size_);
        validBytes_ = 0;
    }

    // Gives up ownership without freeing: for a buffer CUPTI may still write to. free() it.
    uint8_t* release() { return data_.release(); }

  private:
    struct Free {
        void operator()(uint8_t* p) const { std::free(p); }
    };
    std::unique_ptr<uint8_t, Free> data_;
    size_t size_ = 0;
    size_t validBytes_ = 0;
};

}  // namespace costscope
