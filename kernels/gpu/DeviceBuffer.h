// Owned device memory (cudaMalloc) and pinned host memory (cudaMallocHost), typed and movable.
#pragma once

#include <cstddef>
#include <memory>
#include <type_traits>

namespace costscope {

namespace detail {
// Throw GpuError (outOfMemory() set when the memory is not there), naming the size asked for.
void* deviceAllocate(std::size_t bytes);
void deviceFree(void* pointer) noexcept;
void* pinnedAllocate(std::size_t bytes);
void pinnedFree(void* pointer) noexcept;
}  // namespace detail

// Uninitialised: every user fills a buffer (upload or kernel) before it reads it.
template <class T, void* (*Allocate)(std::size_t), void (*Free)(void*) noexcept>
class GpuMemory {
    static_assert(std::is_trivially_copyable_v<T>, "GPU buffers hold plain numbers only");

  public:
    GpuMemory() = default;
    explicit GpuMemory(std::size_t count) : size_(count) {
        if (count != 0)
            data_.reset(static_cast<T*>(Allocate(count * sizeof(T))));
    }

    T* data() { return data_.get(); }
    const T* data() const { return data_.get(); }
    std::size_t size() const { return size_; }
    std::size_t bytes() const { return size_ * sizeof(T); }
    bool empty() const { return size_ == 0; }

  private:
    struct Deleter {
        void operator()(T* pointer) const { Free(pointer); }
    };
    std::unique_ptr<T, Deleter> data_;
    std::size_t size_ = 0;
};

template <class T>
using DeviceBuffer = GpuMemory<T, detail::deviceAllocate, detail::deviceFree>;
// Page-locked host memory: copies from it run at full PCIe/NVLink speed and truly async.
template <class T>
using PinnedBuffer = GpuMemory<T, detail::pinnedAllocate, detail::pinnedFree>;

}  // namespace costscope
