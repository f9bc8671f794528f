// The interface every workload implements: set up once, run many times, check against FP64.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "kernels/VariantSpec.h"

namespace costscope {

// Thrown by setUp() when this machine or build cannot run the variant (no BF16 on this CPU,
// no GPU implementation, ...). The runner stores the variant as skipped with what() as reason.
class Unsupported : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct Quality {
    // Relative Frobenius error against the exact FP64 product of the operands the kernel was
    // given (pruned, rounded or quantized): proves the kernel is right.
    double kernelError = NAN;
    // Relative Frobenius error against the FP64 product of the original dense FP32 operands:
    // what the compression cost.
    double approxError = NAN;
    // Test-set accuracy in 0..1, for model variants only.
    std::optional<double> accuracy;
};

class Variant {
  public:
    explicit Variant(VariantSpec spec) : spec_(std::move(spec)) {}
    virtual ~Variant() = default;
    Variant(const Variant&) = delete;
    Variant& operator=(const Variant&) = delete;

    const VariantSpec& spec() const { return spec_; }

    // Builds operands (random, never all-zero, fixed seed) and the compressed weight.
    // Throws Unsupported when the variant cannot run here; anything else is a failure.
    virtual void setUp() = 0;
    // One timed iteration. Must leave the result where check() finds it.
    virtual void run() = 0;
    // Called after the timed iterations; compares the last result against FP64 references.
    virtual Quality check() = 0;
    // Bytes of the stored weight operand in its format (dense, CSR, 2:4 values+metadata,
    // int8+scales).
    virtual int64_t weightBytes() const = 0;
    // What the library chose, so users can see why two machines differ: oneDNN's
    // implementation string, OpenBLAS's core type, our own kernel's ISA path.
    virtual std::string implementation() const = 0;
    // Threads the kernel used.
    virtual int threads() const = 0;

  private:
    VariantSpec spec_;
};

}  // namespace costscope
