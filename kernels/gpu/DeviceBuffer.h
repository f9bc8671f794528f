// Owned device memory (cudaMalloc) and pinned host memory (cudaMallocHost), typed and movable.
#pragma once

#include <cuda_runtime_api.h>

#include <algorithm>
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
// cudaMemcpyAsync on `stream`, then waits for the stream (see copyToDevice()).
void copyToDevice(void* device, const void* host, std::size_t bytes, cudaStream_t stream);
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

// Copies `count` values from host memory, pageable or pinned, to the start of `buffer`, ordered
// on `stream`, and returns once they are on the device. Set-up copies go through here: a plain
// cudaMemcpy from pageable memory may return before its DMA has finished, and runs on the legacy
// stream, which a non-blocking stream (every variant's) does not wait for.
template <class T>
void copyToDevice(DeviceBuffer<T>& buffer, const T* values, std::size_t count,
                  cudaStream_t stream) {
    detail::copyToDevice(buffer.data(), values, std::min(count, buffer.size()) * sizeof(T), stream);
}

// A new device buffer holding `count` values (at least one element, so that an empty array still
// has a valid pointer), copied as copyToDevice() does.
template <class T>
DeviceBuffer<T> upload(const T* values, std::size_t count, cudaStream_t stream) {
    DeviceBuffer<T> buffer(std::max<std::size_t>(count, 1));
    copyToDevice(buffer, values, count, stream);
    return buffer;
}

}  // namespace costscope
