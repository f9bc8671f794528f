// The model workload (family "mlp"): a batch of Fashion-MNIST test images through a zoo model.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "kernels/SimdPath.h"
#include "kernels/Variant.h"
#include "kernels/mlp/FashionMnist.h"
#include "kernels/mlp/Mlp.h"
#include "kernels/mlp/MlpForward.h"

namespace costscope::mlp {

// What an mlp variant runs: its model, the dense teacher the model was compressed or distilled
// from (approxError is measured against it), and the test set.
struct ModelInputs {
    std::shared_ptr<const Mlp> model;
    std::shared_ptr<const Mlp> teacher;
    std::shared_ptr<const Dataset> test;
};
using ModelSource = std::function<ModelInputs(const std::string& modelName)>;

// The model from ModelZoo::shared() (trained or loaded on first use), the zoo's "dense" as the
// teacher and its test set. Throws DatasetError when the data is missing.
ModelInputs zooModel(const std::string& modelName);

// Throws std::invalid_argument for a spec no mlp variant can run: no model, a batch of images
// (n) that is not positive, or batch != 1.
void checkMlpSpec(const VariantSpec& spec);
// Throws std::invalid_argument when the model does not take the spec's k inputs to its m classes,
// or when the test set has fewer than n images: the checks every mlp variant's setUp() makes.
void checkModelFits(const VariantSpec& spec, const ModelInputs& inputs);

// Images per pass when check() runs the whole test set: the same for every batch, so that a
// backend's accuracy does not depend on the batch it was timed at.
inline constexpr int64_t kEvaluationBatch = 1000;

// kernelError and approxError (see MlpVariant) of `logits`, the output for the first n test
// images as classes x stride row-major (image j in column j, columns beyond n ignored), against
// mlp::forward of the model and of the teacher. Accuracy is left to the caller.
Quality logitsQuality(const ModelInputs& inputs, const float* logits, int64_t stride, int64_t n);

// The backend a catalog spec of family mlp names (backend, precision, structure). Throws
// std::invalid_argument for a combination no CPU backend implements.
Backend backendOf(const VariantSpec& spec);

// run() is the forward pass of the first n test images (n = spec.n) through every layer of the
// model, from FP32 pixels to FP32 logits, in the backend's weight format (MlpForward). check():
//  - kernelError: relative Frobenius error of the logits against mlp::forward (FP32, OpenBLAS)
//    of the same weights on the same images: proves the backend right;
//  - approxError: the same against the dense teacher's logits: what the compression changed;
//  - accuracy: top-1 over the whole test set, computed through this backend.
class MlpVariant : public Variant {
  public:
    explicit MlpVariant(VariantSpec spec, ModelSource source = zooModel,
                        SimdPath path = bestSimdPath());
    ~MlpVariant() override;

    void setUp() override;
    void run() override;
    Quality check() override;
    int64_t weightBytes() const override;
    std::string implementation() const override;
    int threads() const override;

  private:
    ModelSource source_;
    SimdPath path_;
    Backend backend_;
    ModelInputs inputs_;
    std::unique_ptr<MlpForward> forward_;
};

}  // namespace costscope::mlp
