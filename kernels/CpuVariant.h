// The common part of the CPU variants: operands, result buffer and the check against FP64.
#pragma once

#include <span>

#include "kernels/AlignedBuffer.h"
#include "kernels/Operands.h"
#include "kernels/Variant.h"

namespace costscope {

// Every CPU variant's setUp() ends with waitForIdleThreads() (kernels/IdleThreads.h): thread
// pools that setUp() or the previous variant left spinning (OpenBLAS, which also computes the
// references) must go idle before the first timed run, or they compete with it for the cores.
class CpuVariant : public Variant {
  protected:
    // Rejects what no CPU variant implements (batch > 1, extents beyond BLAS int) with
    // Unsupported, before any allocation.
    explicit CpuVariant(VariantSpec spec);

    // Builds the operands of spec's shape and a result buffer C (m x n).
    void generateOperands();
    // kernelError against kernelReference (the FP64 product of the operands the kernel was
    // given), approxError against the FP64 product of the original operands (cached per shape).
    Quality compare(std::span<const double> kernelReference) const;
    // For variants that multiply the original operands: both errors against the cached product.
    Quality compareWithDense() const;
    // For variants whose kernel works on its own copy of the weight (pruned, quantized,
    // rounded): frees the original FP32 weight, and the activations too unless the kernel reads
    // them, so that the peak memory recorded for the variant is what it needs to run, not what
    // the checks need. compare() regenerates the originals (they depend on the shape only).
    void releaseOriginals(bool keepActivations);

    Operands operands_;
    AlignedBuffer<float> c_;
};

}  // namespace costscope
