// INT8 GEMM through oneDNN matmul, computed transposed for per-channel output scales.
#include "kernels/OnednnInt8Gemm.h"

#include <omp.h>

#include <vector>

#include "kernels/OnednnSupport.h"
#include "kernels/Reference.h"

namespace costscope {
namespace {

using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;

dnnl::reorder::primitive_desc reorderDesc(const dnnl::engine& engine,
                                          const dnnl::memory::desc& from,
                                          const dnnl::memory::desc& to,
                                          const dnnl::primitive_attr& attr = {}) {
    return dnnl::reorder::primitive_desc(engine, from, engine, to, attr);
}

}  // namespace

OnednnInt8Gemm::OnednnInt8Gemm(VariantSpec spec) : CpuVariant(std::move(spec)) {}

void OnednnInt8Gemm::setUp() {
    generateOperands();
    const dnnl::memory::dim m = spec().m, n = spec().n, k = spec().k;
    engine_ = dnnl::engine(dnnl::engine::kind::cpu, 0);
    stream_ = dnnl::stream(engine_);

    w8_ = Int8Matrix::quantizePerRow(operands_.w.data(), m, k);
    xScale_ = Int8Matrix::symmetricScale(operands_.x.span());

    // The matmul: src X^T (n x k, s8), weights W^T (k x m, s8, oneDNN's packed layout),
    // dst C^T (n x m, f32), output scale per column of C^T = per output channel.
    const dnnl::memory::desc srcDesc({n, k}, dt::s8, tag::ab);
    const dnnl::memory::desc weightsAny({k, m}, dt::s8, tag::any);
    const dnnl::memory::desc dstDesc({n, m}, dt::f32, tag::ab);
    std::vector<float> outputScales(static_cast<size_t>(m));
    for (int64_t i = 0; i < m; ++i)
        outputScales[size_t(i)] = w8_.scaleOfRow(i) * xScale_;
    dnnl::primitive_attr matmulAttr;
    matmulAttr.set_output_scales(1 << 1, outputScales);
    dnnl::matmul::primitive_desc pd;
    try {
        pd = dnnl::matmul::primitive_desc(dnnl::matmul::desc(srcDesc, weightsAny, dstDesc),
                                          matmulAttr, engine_);
    } catch (const dnnl::error& e) {
        throw Unsupported(
            std::string("oneDNN cannot create an int8 matmul on this CPU (oneDNN ISA: ") +
            onednnCpuIsa() + "): " + e.what());
    }
    requireOptimised(pd.impl_info_str(), "the int8 matmul");
    matmul_ = dnnl::matmul(pd);

    // W (m x k row-major) is W^T in "ba": pack it once, as stored int8 weights would be.
    dnnl::memory wUser({{k, m}, dt::s8, tag::ba}, engine_, const_cast<int8_t*>(w8_.codes()));
    wPacked_ = dnnl::memory(pd.weights_desc(), engine_);
    dnnl::reorder(reorderDesc(engine_, wUser.get_desc(), wPacked_.get_desc()))
        .execute(stream_, wUser, wPacked_);
    stream_.wait();

    // Quantizing X: x / scale, rounded to nearest even and saturated by the reorder; reading X
    // (k x n row-major) as X^T in "ba" makes the same pass transpose it.
    x32_ = dnnl::memory({{n, k}, dt::f32, tag::ba}, engine_, operands_.x.data());
    x8_ = dnnl::memory(srcDesc, engine_);
    dnnl::primitive_attr quantizeAttr;
    quantizeAttr.set_output_scales(0, {1.0f / xScale_});
    const auto quantizePd = reorderDesc(engine_, x32_.get_desc(), srcDesc, quantizeAttr);
    quantizeX_ = dnnl::reorder(quantizePd);

    // C^T (n x m row-major) into C (m x n row-major) = C^T in "ba".
    cT_ = dnnl::memory(dstDesc, engine_);
    cUser_ = dnnl::memory({{n, m}, dt::f32, tag::ba}, engine_, c_.data());
    const auto transposePd = reorderDesc(engine_, dstDesc, cUser_.get_desc());
    transposeC_ = dnnl::reorder(transposePd);

    matmulArgs_ = {{DNNL_ARG_SRC, x8_}, {DNNL_ARG_WEIGHTS, wPacked_}, {DNNL_ARG_DST, cT_}};
    implementation_ = std::string("oneDNN ") + pd.impl_info_str() +
                      " (quantize X: " + quantizePd.impl_info_str() +
                      ", transpose C: " + transposePd.impl_info_str() + ")";
    releaseOriginals(/*keepActivations=*/true);  // run() quantizes the FP32 activations
    settleThreads();
}

void OnednnInt8Gemm::run() {
    quantizeX_.execute(stream_, x32_, x8_);
    matmul_.execute(stream_, matmulArgs_);
    transposeC_.execute(stream_, cT_, cUser_);
    stream_.wait();
}

Quality OnednnInt8Gemm::check() {
    const int64_t m = spec().m, n = spec().n, k = spec().k;
    // The activations the kernel was given: oneDNN's own int8 codes of X^T, dequantized.
    const auto* codes = static_cast<const int8_t*>(x8_.get_data_handle());
    std::vector<double> x(size_t(k * n));
    for (int64_t j = 0; j < n; ++j)
        for (int64_t p = 0; p < k; ++p)
            x[size_t(p * n + j)] = double(codes[j * k + p]) * double(xScale_);
    const std::vector<double> w = w8_.dequantize();
    return compare(fp64Product(w.data(), x.data(), m, n, k));
}

int64_t OnednnInt8Gemm::weightBytes() const {
    return w8_.bytes();
}

std::string OnednnInt8Gemm::implementation() const {
    return implementation_;
}

int OnednnInt8Gemm::threads() const {
    return omp_get_max_threads();
}

}  // namespace costscope
