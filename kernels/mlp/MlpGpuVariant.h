// The model workload (family "mlp") on the GPU: a batch of test images through a zoo model.
#pragma once

#include <memory>
#include <string>

#include "kernels/Variant.h"
#include "kernels/mlp/MlpGpuForward.h"
#include "kernels/mlp/MlpVariant.h"

namespace costscope::mlp {

// The GPU counterpart of MlpVariant, with the same model source, images and checks, so that the
// two compare row for row:
//  - setUp() first makes sure a CUDA device is usable (Unsupported with CUDA's words if not, before
//    the model is even asked for), then takes the model and uploads it (MlpGpuForward);
//  - run() is one end-to-end call from the FP32 pixels in pinned host memory to the FP32 logits
//    back in pinned host memory: copy in, every layer, copy out, synchronize;
//  - check(): kernelError against mlp::forward (FP32) of the same weights on the same images,
//    approxError against the dense teacher, accuracy over the whole test set through this GPU
//    backend, kEvaluationBatch images at a time, as the CPU variant measures it.
class MlpGpuVariant : public Variant {
  public:
    // Throws std::invalid_argument for a spec no GPU backend runs. Touches no device.
    explicit MlpGpuVariant(VariantSpec spec, ModelSource source = zooModel);
    ~MlpGpuVariant() override;

    void setUp() override;
    void run() override;
    Quality check() override;
    int64_t weightBytes() const override;
    std::string implementation() const override;
    int threads() const override { return 1; }  // one host thread drives the device

  private:
    ModelSource source_;
    GpuBackend backend_;
    ModelInputs inputs_;
    std::unique_ptr<MlpGpuForward> forward_;
};

}  // namespace costscope::mlp
