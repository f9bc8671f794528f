// Our own FP32 GEMM kernels, shown beside cuBLAS: one thread per output, and a tiled SGEMM.
#pragma once

#include "kernels/gpu/GpuVariant.h"

namespace costscope {

// backend "naive": one thread per element of C, reading W and X from global memory (the
// textbook first kernel). backend "tiled": 64 x 64 tiles of C per block of 256 threads staged
// through shared memory 8 columns of k at a time, each thread accumulating a 4 x 4 block in
// registers (a plain, good kernel, without vector loads, double buffering or tensor cores).
// Both FP32 with FP32 accumulation, correct for any m, n, k.
class OwnSgemm : public GpuVariant {
  public:
    explicit OwnSgemm(VariantSpec spec);

    void launch() override;
    int64_t weightBytes() const override;
    std::string implementation() const override;

  private:
    void prepare() override;
    void release() noexcept override;
    std::optional<std::vector<double>> kernelReference() override;

    bool tiled_ = false;
    DeviceBuffer<float> w_;
};

}  // namespace costscope
