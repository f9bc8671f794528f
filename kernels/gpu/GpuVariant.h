// The common part of the GPU variants: device, stream, operands, transfers and the FP64 checks.
#pragma once

#include <cuda_runtime_api.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernels/Operands.h"
#include "kernels/Variant.h"
#include "kernels/gpu/DeviceBuffer.h"

namespace costscope {

// The contract every GPU variant keeps, so that its numbers compare with the CPU variants':
//  - setUp() generates the same operands as the CPU variants (Operands::generate), converts or
//    compresses the weight on the host exactly like the CPU counterpart, uploads it once (it
//    stays resident, like a deployed model's) and allocates everything a call needs: buffers,
//    workspaces, library handles and plans, a stream of its own. Nothing is allocated later.
//  - run() is one end-to-end call from FP32 activations on the host to the FP32 result on the
//    host: copy X in (from pinned memory), launch() (activation conversion or quantization
//    included), copy C out, synchronize the stream. Errors are checked, kernel launches too.
//  - launch() is the kernels alone on device-resident data, enqueued on stream() without
//    copies or synchronization: what the ceilings time with CUDA events.
//  - check() compares the copied-back C with the FP64 product of the operands the kernel was
//    given (kernelError) and of the dense FP32 originals (approxError).
// Failures throw GpuError (kernels/gpu/Checked.h); a setUp() that throws first frees the device
// memory it had allocated, so a failed variant does not starve the next one.
class GpuVariant : public Variant {
  public:
    ~GpuVariant() override;

    void setUp() final;
    void run() final;
    Quality check() final;
    int threads() const final { return 1; }  // one host thread drives the device

    // The kernels of one call on device-resident data, on stream(); no copies, no sync.
    virtual void launch() = 0;
    cudaStream_t stream() const { return stream_.get(); }

    // Multiplies these operands instead of generating the spec's (the ceilings bring their own
    // quickly made random data). Must be called before setUp(); the shape must match the spec.
    void useOperands(std::shared_ptr<const Operands> operands);

  protected:
    explicit GpuVariant(VariantSpec spec);

    // The variant's own part of setUp(): runs once operands(), stream(), deviceX() and deviceC()
    // exist. Throws Unsupported for what this device or library cannot do.
    virtual void prepare() = 0;
    // Frees what prepare() allocated (called when setUp() fails): reset every member it set.
    virtual void release() noexcept = 0;
    // The FP64 product of the operands the kernel was actually given (rounded, pruned,
    // quantized), m x n row-major; nullopt when the kernel multiplies the FP32 originals.
    virtual std::optional<std::vector<double>> kernelReference() = 0;

    // The operands the kernel multiplies: a structured spec's keep only the rows of W that
    // survive its pruning (operandsFor()), so operands().m is the rows of C the kernel computes.
    const Operands& operands() const { return *operands_; }
    // X (k x n, row-major FP32) as run() copies it in; C (operands().m x n, row-major FP32) as
    // the kernels must leave it.
    const float* deviceX() const { return deviceX_.data(); }
    float* deviceC() { return deviceC_.data(); }
    const cudaDeviceProp& deviceProperties() const { return properties_; }
    // "8.9" style, for messages.
    std::string computeCapability() const;

  private:
    struct StreamDeleter {
        void operator()(cudaStream_t stream) const noexcept;
    };
    void allocate();
    void freeBuffers() noexcept;

    std::shared_ptr<const Operands> operands_;
    bool givenOperands_ = false;
    std::vector<int64_t> kept_;  // the rows of W kept: all m unless structured
    cudaDeviceProp properties_{};
    std::unique_ptr<CUstream_st, StreamDeleter> stream_;
    PinnedBuffer<float> hostX_;
    PinnedBuffer<float> hostC_;
    DeviceBuffer<float> deviceX_;
    DeviceBuffer<float> deviceC_;
};

}  // namespace costscope
