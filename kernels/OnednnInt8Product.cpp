// One INT8 product through oneDNN matmul, computed transposed for per-channel output scales.
#include "kernels/OnednnInt8Product.h"

#include <cstring>

#include "kernels/OnednnSupport.h"
#include "kernels/Variant.h"

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

OnednnInt8Product::OnednnInt8Product(const dnnl::engine& engine, dnnl::stream& stream,
                                     const Int8Matrix& w8, int64_t n, float xScale, const float* x,
                                     float* c)
    : engine_(engine), m_(w8.rows()), k_(w8.cols()), wScales_(w8.scales()), xScale_(xScale) {
    const dnnl::memory::dim m = m_, k = k_;
    // The matmul: src X^T (n x k, s8), weights W^T (k x m, s8, oneDNN's packed layout),
    // dst C^T (n x m, f32), output scale per column of C^T = per output channel.
    const dnnl::memory::desc srcDesc({n, k}, dt::s8, tag::ab);
    const dnnl::memory::desc weightsAny({k, m}, dt::s8, tag::any);
    const dnnl::memory::desc dstDesc({n, m}, dt::f32, tag::ab);
    std::vector<float> outputScales(static_cast<size_t>(m));
    for (int64_t i = 0; i < m; ++i)
        outputScales[size_t(i)] = w8.scaleOfRow(i) * xScale_;
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

    // Packed once, as stored int8 weights would be.
    weightsDesc_ = pd.weights_desc();
    wPacked_ = pack(w8, stream);

    // Quantizing X: x / scale, rounded to nearest even and saturated by the reorder; reading X
    // (k x n row-major) as X^T in "ba" makes the same pass transpose it.
    x32_ = dnnl::memory({{n, k}, dt::f32, tag::ba}, engine_, const_cast<float*>(x));
    x8_ = dnnl::memory(srcDesc, engine_);
    dnnl::primitive_attr quantizeAttr;
    quantizeAttr.set_output_scales(0, {1.0f / xScale_});
    const auto quantizePd = reorderDesc(engine_, x32_.get_desc(), srcDesc, quantizeAttr);
    quantizeX_ = dnnl::reorder(quantizePd);

    // C^T (n x m row-major) into C (m x n row-major) = C^T in "ba".
    cT_ = dnnl::memory(dstDesc, engine_);
    cUser_ = dnnl::memory({{n, m}, dt::f32, tag::ba}, engine_, c);
    const auto transposePd = reorderDesc(engine_, dstDesc, cUser_.get_desc());
    transposeC_ = dnnl::reorder(transposePd);

    matmulArgs_ = {{DNNL_ARG_SRC, x8_}, {DNNL_ARG_WEIGHTS, wPacked_}, {DNNL_ARG_DST, cT_}};
    implementation_ = std::string("oneDNN ") + pd.impl_info_str() +
                      " (quantize X: " + quantizePd.impl_info_str() +
                      ", transpose C: " + transposePd.impl_info_str() + ")";
}

void OnednnInt8Product::execute(dnnl::stream& stream) {
    quantizeX_.execute(stream, x32_, x8_);
    matmul_.execute(stream, matmulArgs_);
    transposeC_.execute(stream, cT_, cUser_);
}

dnnl::memory OnednnInt8Product::pack(const Int8Matrix& w8, dnnl::stream& stream) const {
    // W (m x k row-major) is W^T in "ba".
    const dnnl::memory::dim m = w8.rows(), k = w8.cols();
    const dnnl::memory::desc& packed = weightsDesc_;
    dnnl::memory wUser({{k, m}, dt::s8, tag::ba}, engine_, const_cast<int8_t*>(w8.codes()));
    dnnl::memory wPacked(packed, engine_);
    // The reorder leaves parts of the padding after the compensation unwritten: zero them, so
    // that two packings compare byte for byte.
    std::memset(wPacked.get_data_handle(), 0, packed.get_size());
    dnnl::reorder(reorderDesc(engine_, wUser.get_desc(), packed)).execute(stream, wUser, wPacked);
    stream.wait();
    return wPacked;
}

const int8_t* OnednnInt8Product::activationCodes() const {
    return static_cast<const int8_t*>(x8_.get_data_handle());
}

}  // namespace costscope
