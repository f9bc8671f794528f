// The model workload on the GPU: a batch of test images through a zoo model in one library.
#include "kernels/mlp/MlpGpuVariant.h"

#include <algorithm>

#include "kernels/gpu/UsableDevice.h"

namespace costscope::mlp {

MlpGpuVariant::MlpGpuVariant(VariantSpec spec, ModelSource source)
    : Variant(std::move(spec)), source_(std::move(source)) {
    backend_ = gpuBackendOf(this->spec());
    checkMlpSpec(this->spec());
}

MlpGpuVariant::~MlpGpuVariant() = default;

void MlpGpuVariant::setUp() {
    // Before the model: without a device, training or loading the zoo would be wasted.
    usableDevice();
    forward_.reset();
    inputs_ = source_(spec().model);
    checkModelFits(spec(), inputs_);
    forward_ = std::make_unique<MlpGpuForward>(*inputs_.model, backend_, spec().n);
    forward_->setImages(inputs_.test->images.data(), spec().n);
}

void MlpGpuVariant::run() {
    forward_->run();
}

Quality MlpGpuVariant::check() {
    const Dataset& test = *inputs_.test;
    Quality quality = logitsQuality(inputs_, forward_->logits(), forward_->columns(), spec().n);
    // A second instance at the evaluation batch; its device memory is freed on return (peak
    // memory is measured before check(), so it does not count).
    MlpGpuForward evaluation(*inputs_.model, backend_, std::min(kEvaluationBatch, test.count));
    quality.accuracy = accuracyOf(evaluation.logitsOf(test), test.labels, int(forward_->classes()));
    return quality;
}

int64_t MlpGpuVariant::weightBytes() const {
    return forward_ ? forward_->weightBytes() : 0;
}

std::string MlpGpuVariant::implementation() const {
    return forward_ ? forward_->implementation() : std::string();
}

}  // namespace costscope::mlp
