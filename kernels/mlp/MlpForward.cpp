// A model's forward pass through one CPU backend: per-layer products in the backend's format.
#include "kernels/mlp/MlpForward.h"

#include <cblas.h>
#include <omp.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include "kernels/CsrMatrix.h"
#include "kernels/CsrSpmm.h"
#include "kernels/Int8Matrix.h"
#include "kernels/LibxsmmProduct.h"
#include "kernels/OnednnInt8Product.h"
#include "kernels/OnednnSupport.h"
#include "kernels/TwoFourMatrix.h"
#include "kernels/TwoFourSpmm.h"
#include "kernels/Variant.h"
#include "kernels/mlp/LogitsInBatches.h"

namespace costscope::mlp {

// One layer's product C(out x n) = W X, from the input buffer to the output buffer it was
// built with.
class MlpForward::Layer {
  public:
    virtual ~Layer() = default;
    virtual void multiply() = 0;
    virtual int64_t weightBytes() const = 0;
    virtual std::string implementation() const = 0;
};

namespace {

using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;

// The extents and buffers of one product.
struct Product {
    int64_t m = 0;  // outputs
    int64_t k = 0;  // inputs
    int64_t n = 0;  // images
    const float* x = nullptr;
    float* c = nullptr;
};

class OpenblasLayer final : public MlpForward::Layer {
  public:
    OpenblasLayer(const mlp::Layer& layer, const Product& p, std::string note)
        : p_(p), w_(layer.w.size()), note_(std::move(note)) {
        std::copy(layer.w.begin(), layer.w.end(), w_.data());
    }
    void multiply() override {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(p_.m), int(p_.n), int(p_.k),
                    1.0f, w_.data(), int(p_.k), p_.x, int(p_.n), 0.0f, p_.c, int(p_.n));
    }
    int64_t weightBytes() const override { return int64_t(w_.size() * sizeof(float)); }
    std::string implementation() const override {
        return std::string("OpenBLAS ") + openblas_get_corename() + " sgemm" + note_;
    }

  private:
    Product p_;
    AlignedBuffer<float> w_;
    std::string note_;
};

class OnednnLayer final : public MlpForward::Layer {
  public:
    OnednnLayer(const mlp::Layer& layer, const Product& p, const dnnl::engine& engine,
                const dnnl::stream& stream)
        : stream_(stream), w_(layer.w.size()) {
        std::copy(layer.w.begin(), layer.w.end(), w_.data());
        const auto pd = rowMajorMatmul(engine, p.m, p.n, p.k, dt::f32, "fp32");
        implementation_ = pd.impl_info_str();
        matmul_ = dnnl::matmul(pd);
        args_ = {
            {DNNL_ARG_SRC, dnnl::memory(pd.src_desc(), engine, w_.data())},
            {DNNL_ARG_WEIGHTS, dnnl::memory(pd.weights_desc(), engine, const_cast<float*>(p.x))},
            {DNNL_ARG_DST, dnnl::memory(pd.dst_desc(), engine, p.c)}};
    }
    void multiply() override {
        matmul_.execute(stream_, args_);
        stream_.wait();
    }
    int64_t weightBytes() const override { return int64_t(w_.size() * sizeof(float)); }
    std::string implementation() const override { return "oneDNN " + implementation_; }

  private:
    dnnl::stream stream_;
    AlignedBuffer<float> w_;
    dnnl::matmul matmul_;
    std::unordered_map<int, dnnl::memory> args_;
    std::string implementation_;
};

class CsrLayer final : public MlpForward::Layer {
  public:
    CsrLayer(const mlp::Layer& layer, const Product& p, SpmmWorkspace& workspace, SimdPath path)
        : p_(p),
          product_(CsrMatrix::fromDense(layer.w.data(), layer.out, layer.in), p.n, path),
          workspace_(workspace) {}
    void multiply() override { product_.multiply(p_.x, p_.c, workspace_); }
    int64_t weightBytes() const override { return product_.bytes(); }
    std::string implementation() const override { return product_.implementation(); }

  private:
    Product p_;
    CsrSpmm product_;
    SpmmWorkspace& workspace_;
};

class LibxsmmLayer final : public MlpForward::Layer {
  public:
    LibxsmmLayer(const mlp::Layer& layer, const Product& p)
        : p_(p), product_(layer.w.data(), layer.out, layer.in, p.n, omp_get_max_threads()) {}
    void multiply() override { product_.multiply(p_.x, p_.c); }
    int64_t weightBytes() const override { return product_.weightBytes(); }
    std::string implementation() const override { return product_.implementation(); }

  private:
    Product p_;
    LibxsmmProduct product_;
};

class TwoFourLayer final : public MlpForward::Layer {
  public:
    TwoFourLayer(TwoFourMatrix w, const Product& p, SpmmWorkspace& workspace, SimdPath path)
        : p_(p), w_(std::move(w)), workspace_(workspace), path_(path) {}
    void multiply() override { twoFourSpmm(w_, p_.x, p_.c, p_.n, workspace_, path_); }
    int64_t weightBytes() const override { return w_.bytes(); }
    std::string implementation() const override {
        return "costscope 2:4 SpMM, " + simdPathName(path_) + ", OpenMP";
    }

  private:
    Product p_;
    TwoFourMatrix w_;
    SpmmWorkspace& workspace_;
    SimdPath path_;
};

class OnednnInt8Layer final : public MlpForward::Layer {
  public:
    OnednnInt8Layer(const mlp::Layer& layer, const Product& p, const dnnl::engine& engine,
                    dnnl::stream& stream)
        : stream_(stream),
          product_(engine, Int8Matrix::quantizePerRow(layer.w.data(), layer.out, layer.in), p.n,
                   layer.inputAbsMax / 127.0f, p.x, p.c) {}
    void multiply() override { product_.execute(stream_); }  // returns with C complete
    int64_t weightBytes() const override { return product_.weightBytes(); }
    std::string implementation() const override { return product_.implementation(); }

  private:
    dnnl::stream stream_;
    OnednnInt8Product product_;
};

// The layer as 2:4 when its weights already are (every group of four holds at most two
// non-zeros), else nothing: pruning it here would change the model.
std::optional<TwoFourMatrix> asTwoFour(const mlp::Layer& layer) {
    if (layer.in % 4 != 0)
        return std::nullopt;
    TwoFourMatrix w = TwoFourMatrix::fromDense(layer.w.data(), layer.out, layer.in);
    std::vector<float> back(layer.w.size());
    w.toDense(back.data());
    if (std::memcmp(back.data(), layer.w.data(), back.size() * sizeof(float)) != 0)
        return std::nullopt;
    return w;
}

}  // namespace

MlpForward::MlpForward(const Mlp& model, Backend backend, int64_t n, SimdPath path) : n_(n) {
    if (model.layers.empty())
        throw std::invalid_argument("MlpForward: the model has no layers");
    if (n <= 0)
        throw std::invalid_argument("MlpForward: the batch must be positive");
    widths_.push_back(model.layers.front().in);
    for (size_t i = 0; i < model.layers.size(); ++i) {
        const mlp::Layer& layer = model.layers[i];
        if (layer.in != widths_.back() || layer.out <= 0 ||
            layer.w.size() != size_t(layer.out * layer.in) || layer.b.size() != size_t(layer.out))
            throw std::invalid_argument("MlpForward: layer " + std::to_string(i) + " of the " +
                                        model.shape() + " model does not fit its neighbours");
        if (backend == Backend::OnednnInt8 && !(layer.inputAbsMax > 0.0f))
            throw std::invalid_argument("MlpForward: layer " + std::to_string(i) + " of the " +
                                        model.shape() +
                                        " model is not calibrated for INT8 (inputAbsMax is 0)");
        widths_.push_back(layer.out);
    }
    if ((backend == Backend::Csr || backend == Backend::TwoFour) && !simdPathSupported(path))
        throw Unsupported("this CPU cannot run the " + simdPathName(path) + " path");

    for (const int64_t width : widths_) {
        activations_.emplace_back(size_t(width * n));
        std::fill_n(activations_.back().data(), width * n, 0.0f);  // pages resident now
    }
    if (backend == Backend::Onednn || backend == Backend::OnednnInt8) {
        engine_ = dnnl::engine(dnnl::engine::kind::cpu, 0);
        stream_ = dnnl::stream(engine_);
    }
    if (backend == Backend::Csr || backend == Backend::TwoFour)
        workspace_ = SpmmWorkspace(*std::max_element(widths_.begin(), widths_.end() - 1), n);

    for (size_t i = 0; i < model.layers.size(); ++i) {
        const mlp::Layer& layer = model.layers[i];
        const Product p{.m = layer.out,
                        .k = layer.in,
                        .n = n,
                        .x = activations_[i].data(),
                        .c = activations_[i + 1].data()};
        biases_.push_back(layer.b);
        switch (backend) {
            case Backend::Openblas:
                layers_.push_back(std::make_unique<OpenblasLayer>(layer, p, ""));
                break;
            case Backend::Onednn:
                layers_.push_back(std::make_unique<OnednnLayer>(layer, p, engine_, stream_));
                break;
            case Backend::Csr:
                layers_.push_back(std::make_unique<CsrLayer>(layer, p, workspace_, path));
                break;
            case Backend::Libxsmm:
                layers_.push_back(std::make_unique<LibxsmmLayer>(layer, p));
                break;
            case Backend::TwoFour:
                if (auto w = asTwoFour(layer))
                    layers_.push_back(
                        std::make_unique<TwoFourLayer>(std::move(*w), p, workspace_, path));
                else
                    layers_.push_back(
                        std::make_unique<OpenblasLayer>(layer, p, " (the layer is not 2:4)"));
                break;
            case Backend::OnednnInt8:
                layers_.push_back(std::make_unique<OnednnInt8Layer>(layer, p, engine_, stream_));
                break;
        }
    }
}

MlpForward::~MlpForward() = default;

void MlpForward::setImages(const float* images, int64_t count) {
    if (count < 0 || count > n_)
        throw std::invalid_argument("MlpForward::setImages: " + std::to_string(count) +
                                    " images do not fit a batch of " + std::to_string(n_));
    const int64_t pixels = inputs();
    float* x = input();
    for (int64_t p = 0; p < pixels; ++p) {
        float* row = x + p * n_;
        for (int64_t j = 0; j < count; ++j)
            row[j] = images[j * pixels + p];
        std::fill(row + count, row + n_, 0.0f);
    }
}

void MlpForward::run() {
    for (size_t i = 0; i < layers_.size(); ++i) {
        layers_[i]->multiply();
        // Bias per output feature (a row of C), then ReLU on every layer but the last.
        const bool relu = i + 1 < layers_.size();
        const int64_t out = widths_[i + 1];
        float* c = activations_[i + 1].data();
        const float* bias = biases_[i].data();
        for (int64_t row = 0; row < out; ++row) {
            float* values = c + row * n_;
            const float b = bias[row];
            if (relu)
                for (int64_t j = 0; j < n_; ++j)
                    values[j] = std::max(values[j] + b, 0.0f);
            else
                for (int64_t j = 0; j < n_; ++j)
                    values[j] += b;
        }
    }
}

std::vector<float> MlpForward::logitsOf(const Dataset& data) {
    return logitsInBatches(*this, data, n_, n_);
}

int64_t MlpForward::weightBytes() const {
    int64_t bytes = 0;
    for (size_t i = 0; i < layers_.size(); ++i)
        bytes += layers_[i]->weightBytes() + int64_t(biases_[i].size() * sizeof(float));
    return bytes;
}

std::string MlpForward::implementation() const {
    std::vector<std::string> parts;
    for (const auto& layer : layers_)
        parts.push_back(layer->implementation());
    if (std::all_of(parts.begin(), parts.end(), [&](const auto& p) { return p == parts.front(); }))
        return parts.front();
    std::string text;
    for (size_t i = 0; i < parts.size(); ++i)
        text += (i ? "; layer " : "layer ") + std::to_string(i + 1) + ": " + parts[i];
    return text;
}

int MlpForward::threads() const {
    // OpenBLAS has its own pool; everything else here runs on OpenMP.
    const bool blas = layers_.front()->implementation().rfind("OpenBLAS", 0) == 0;
    return blas ? openblas_get_num_threads() : omp_get_max_threads();
}

}  // namespace costscope::mlp
