// The model workload: a batch of test images through a zoo model in one backend's format.
#include "kernels/mlp/MlpVariant.h"

#include <stdexcept>
#include <vector>

#include "kernels/IdleThreads.h"
#include "kernels/Reference.h"
#include "kernels/mlp/ModelZoo.h"

namespace costscope::mlp {
namespace {

// ||logits - reference||_F / ||reference||_F with logits classes x stride (one image per column)
// and the reference n x classes (mlp::forward's layout).
double logitsError(const float* logits, int64_t stride, const std::vector<float>& reference,
                   int64_t n, int64_t classes) {
    std::vector<float> ours(size_t(n * classes));
    std::vector<double> exact(reference.begin(), reference.end());
    for (int64_t j = 0; j < n; ++j)
        for (int64_t c = 0; c < classes; ++c)
            ours[size_t(j * classes + c)] = logits[c * stride + j];
    return relativeFrobeniusError(ours, exact);
}

}  // namespace

ModelInputs zooModel(const std::string& modelName) {
    const std::shared_ptr<const ModelZoo> zoo = ModelZoo::shared();
    // Aliasing pointers: each keeps the whole zoo alive while the variant holds it.
    return ModelInputs{.model = std::shared_ptr<const Mlp>(zoo, &zoo->model(modelName)),
                       .teacher = std::shared_ptr<const Mlp>(zoo, &zoo->model("dense")),
                       .test = std::shared_ptr<const Dataset>(zoo, &zoo->test())};
}

void checkMlpSpec(const VariantSpec& spec) {
    if (spec.model.empty())
        throw std::invalid_argument(spec.name() + ": an mlp variant needs a model");
    if (spec.n <= 0 || spec.batch != 1)
        throw std::invalid_argument(spec.name() + ": the batch of images must be positive (in n)");
}

void checkModelFits(const VariantSpec& spec, const ModelInputs& inputs) {
    const Mlp& model = *inputs.model;
    if (model.layers.empty() || model.layers.front().in != spec.k ||
        model.layers.back().out != spec.m)
        throw std::invalid_argument(spec.name() + ": the model is " + model.shape() +
                                    ", the spec expects " + std::to_string(spec.k) +
                                    " inputs and " + std::to_string(spec.m) + " classes");
    if (spec.n > inputs.test->count)
        throw std::invalid_argument(spec.name() + ": a batch of " + std::to_string(spec.n) +
                                    " images, but the test set has " +
                                    std::to_string(inputs.test->count));
}

Quality logitsQuality(const ModelInputs& inputs, const float* logits, int64_t stride, int64_t n) {
    const int64_t classes = inputs.model->layers.back().out;
    const float* images = inputs.test->images.data();
    std::vector<float> reference;
    Quality quality;
    mlp::forward(*inputs.model, images, n, reference);
    quality.kernelError = logitsError(logits, stride, reference, n, classes);
    mlp::forward(*inputs.teacher, images, n, reference);
    quality.approxError = logitsError(logits, stride, reference, n, classes);
    return quality;
}

Backend backendOf(const VariantSpec& spec) {
    // A neuron-pruned model (structure "struct") is a smaller dense model: a dense backend's.
    const std::string structure = spec.structure == "struct" ? "dense" : spec.structure;
    const auto is = [&](const char* precision, const char* wanted, const char* backend) {
        return spec.precision == precision && structure == wanted && spec.backend == backend;
    };
    if (is("fp32", "dense", "openblas"))
        return Backend::Openblas;
    if (is("fp32", "dense", "onednn"))
        return Backend::Onednn;
    if (is("fp32", "csr", "costscope"))
        return Backend::Csr;
    if (is("fp32", "csr", "libxsmm"))
        return Backend::Libxsmm;
    if (is("fp32", "2:4", "costscope"))
        return Backend::TwoFour;
    if (is("int8", "dense", "onednn"))
        return Backend::OnednnInt8;
    throw std::invalid_argument(spec.name() + ": no CPU backend of the mlp workload runs " +
                                spec.precision + " " + spec.structure + " on " + spec.backend);
}

MlpVariant::MlpVariant(VariantSpec spec, ModelSource source, SimdPath path)
    : Variant(std::move(spec)), source_(std::move(source)), path_(path) {
    const VariantSpec& s = this->spec();
    backend_ = backendOf(s);
    checkMlpSpec(s);
    if ((backend_ == Backend::Csr || backend_ == Backend::TwoFour) && !simdPathSupported(path_))
        throw Unsupported("this CPU cannot run the " + simdPathName(path_) + " path");
}

MlpVariant::~MlpVariant() = default;

void MlpVariant::setUp() {
    inputs_ = source_(spec().model);
    checkModelFits(spec(), inputs_);
    forward_ = std::make_unique<MlpForward>(*inputs_.model, backend_, spec().n, path_);
    forward_->setImages(inputs_.test->images.data(), spec().n);
    waitForIdleThreads();
}

void MlpVariant::run() {
    forward_->run();
}

Quality MlpVariant::check() {
    const Dataset& test = *inputs_.test;
    Quality quality = logitsQuality(inputs_, forward_->logits(), spec().n, spec().n);
    // The whole test set through a second instance of the same backend (peak memory is
    // measured before check(), so it does not count).
    MlpForward evaluation(*inputs_.model, backend_, std::min(kEvaluationBatch, test.count), path_);
    quality.accuracy = accuracyOf(evaluation.logitsOf(test), test.labels, int(forward_->classes()));
    return quality;
}

int64_t MlpVariant::weightBytes() const {
    return forward_ ? forward_->weightBytes() : 0;
}

std::string MlpVariant::implementation() const {
    return forward_ ? forward_->implementation() : std::string();
}

int MlpVariant::threads() const {
    return forward_ ? forward_->threads() : 1;
}

}  // namespace costscope::mlp
