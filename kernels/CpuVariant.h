// The common part of the CPU variants: operands, result buffer and the check against FP64.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

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

    // Builds the operands of spec's shape and a result buffer C (rows() x n). A structured spec
    // (structure "struct") keeps only the rows of W that survive its pruning (operandsFor()):
    // the dense backends then multiply a smaller dense product.
    void generateOperands();
    // The rows of W the kernel multiplies and of C it computes: m, or the kept output features.
    int64_t rows() const { return int64_t(kept_.size()); }
    // kernelError against kernelReference (the FP64 product of the operands the kernel was
    // given, rows() x n), approxError against the FP64 product of the original operands (cached
    // per shape), with the removed rows of a structured product as zeros.
    Quality compare(std::span<const double> kernelReference) const;
    // For variants that multiply the operands unchanged: both errors against the cached product
    // (kernelError against the FP64 product of the kept rows for a structured spec).
    Quality compareWithDense() const;
    // For variants whose kernel works on its own copy of the weight (pruned, quantized,
    // rounded): frees the original FP32 weight, and the activations too unless the kernel reads
    // them, so that the peak memory recorded for the variant is what it needs to run, not what
    // the checks need. compare() regenerates the originals (they depend on the shape only).
    void releaseOriginals(bool keepActivations);

    Operands operands_;
    AlignedBuffer<float> c_;

  private:
    std::vector<int64_t> kept_;  // the rows of W kept, in order: all m unless structured
};

}  // namespace costscope
