// INT8 GEMM through oneDNN matmul, computed transposed for per-channel output scales.
#include "kernels/OnednnInt8Gemm.h"

#include <omp.h>

#include <cstring>
#include <stdexcept>
#include <vector>

#include "kernels/IdleThreads.h"
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

    const Int8Matrix w8 = Int8Matrix::quantizePerRow(operands_.w.data(), m, k);
    wScales_ = w8.scales();
    xScale_ = Int8Matrix::symmetricScale(operands_.x.span());

    // The matmul: src X^T (n x k, s8), weights W^T (k x m, s8, oneDNN's packed layout),
    // dst C^T (n x m, f32), output scale per column of C^T = per output channel.
    const dnnl::memory::desc srcDesc({n, k}, dt::s8, tag::ab);
    const dnnl::memory::desc weightsAny({k, m}, dt::s8, tag::any);
    const dnnl::memory::desc dstDesc({n, m}, dt::f32, tag::ab);
    std::vector<float> outputScales(static_cast<size_t>(m));
    for (int64_t i = 0; i < m; ++i)
        outputScales[size_t(i)] = wScales_[size_t(i)] * xScale_;
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

    // Packed once, as stored int8 weights would be; the plain codes in w8 go at the end of
    // setUp().
    wPacked_ = packWeights(w8, pd.weights_desc());

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
    waitForIdleThreads();
}

void OnednnInt8Gemm::run() {
    quantizeX_.execute(stream_, x32_, x8_);
    matmul_.execute(stream_, matmulArgs_);
    transposeC_.execute(stream_, cT_, cUser_);
    stream_.wait();
}

dnnl::memory OnednnInt8Gemm::packWeights(const Int8Matrix& w8, const dnnl::memory::desc& packed) {
    // W (m x k row-major) is W^T in "ba".
    const dnnl::memory::dim m = w8.rows(), k = w8.cols();
    dnnl::memory wUser({{k, m}, dt::s8, tag::ba}, engine_, const_cast<int8_t*>(w8.codes()));
    dnnl::memory wPacked(packed, engine_);
    // The reorder leaves parts of the padding after the compensation unwritten: zero them, so
    // that check() can compare two packings byte for byte.
    std::memset(wPacked.get_data_handle(), 0, packed.get_size());
    dnnl::reorder(reorderDesc(engine_, wUser.get_desc(), packed)).execute(stream_, wUser, wPacked);
    stream_.wait();
    return wPacked;
}

Quality OnednnInt8Gemm::check() {
    const int64_t m = spec().m, n = spec().n, k = spec().k;
    // The weight the kernel was given: W is regenerated (Operands::generate is deterministic
    // per shape) and quantized again. Packed again and compared byte for byte with what ran, so
    // kernelError can never be measured against other codes than the kernel multiplied.
    operands_.w = Operands::generate(m, n, k).w;
    const Int8Matrix w8 = Int8Matrix::quantizePerRow(operands_.w.data(), m, k);
    const dnnl::memory repacked = packWeights(w8, wPacked_.get_desc());
    const size_t packedBytes = wPacked_.get_desc().get_size();
    if (w8.scales() != wScales_ ||
        std::memcmp(repacked.get_data_handle(), wPacked_.get_data_handle(), packedBytes) != 0)
        throw std::logic_error(
            "OnednnInt8Gemm: the re-quantized weight differs from the packed one");
    // The activations the kernel was given: oneDNN's own int8 codes of X^T, dequantized.
    const auto* codes = static_cast<const int8_t*>(x8_.get_data_handle());
    std::vector<double> x(size_t(k * n));
    for (int64_t j = 0; j < n; ++j)
        for (int64_t p = 0; p < k; ++p)
            x[size_t(p * n + j)] = double(codes[j * k + p]) * double(xScale_);
    const std::vector<double> w = w8.dequantize();
    return compare(fp64Product(w.data(), x.data(), m, n, k));
}

int64_t OnednnInt8Gemm::weightBytes() const {
    // The int8 codes and the FP32 scales, as Int8Matrix::bytes() counts them.
    return spec().m * spec().k + int64_t(wScales_.size() * sizeof(float));
}

std::string OnednnInt8Gemm::implementation() const {
    return implementation_;
}

int OnednnInt8Gemm::threads() const {
    return omp_get_max_threads();
}

}  // namespace costscope
