// Dense GEMM through oneDNN matmul, FP32 or BF16.
#include "kernels/OnednnGemm.h"

#include <omp.h>

#include "kernels/IdleThreads.h"
#include "kernels/OnednnSupport.h"
#include "kernels/Reference.h"

namespace costscope {
namespace {

using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;

// Converts between data types with a oneDNN reorder (round to nearest even for f32 -> bf16).
void convert(dnnl::memory& from, dnnl::memory& to, dnnl::engine& engine, dnnl::stream& stream) {
    dnnl::reorder(dnnl::reorder::primitive_desc(engine, from.get_desc(), engine, to.get_desc()))
        .execute(stream, from, to);
    stream.wait();
}

}  // namespace

OnednnGemm::OnednnGemm(VariantSpec spec) : CpuVariant(std::move(spec)) {
    if (this->spec().precision != "fp32" && this->spec().precision != "bf16")
        throw std::invalid_argument("OnednnGemm: precision must be fp32 or bf16");
}

void OnednnGemm::setUp() {
    generateOperands();
    const dnnl::memory::dim m = rows(), n = spec().n, k = spec().k;
    engine_ = dnnl::engine(dnnl::engine::kind::cpu, 0);
    stream_ = dnnl::stream(engine_);

    const dt in = bf16() ? dt::bf16 : dt::f32;
    const dnnl::matmul::primitive_desc pd = rowMajorMatmul(engine_, m, n, k, in, spec().precision);
    implementation_ = pd.impl_info_str();
    const dnnl::memory::desc wDesc = pd.src_desc();
    const dnnl::memory::desc xDesc = pd.weights_desc();
    matmul_ = dnnl::matmul(pd);

    dnnl::memory w32({{m, k}, dt::f32, tag::ab}, engine_, operands_.w.data());
    x32_ = dnnl::memory({{k, n}, dt::f32, tag::ab}, engine_, operands_.x.data());
    dnnl::memory c({{m, n}, dt::f32, tag::ab}, engine_, c_.data());
    if (bf16()) {
        // The weight is stored in BF16, converted once as a deployed model's would be. The
        // activations arrive in FP32 every call (the output of the previous FP32 layer), so
        // their conversion is part of run(), into a buffer allocated here; INT8 quantizes its
        // activations inside run() too, so both compressed precisions are timed from FP32
        // activations to FP32 output.
        w16_ = dnnl::memory(wDesc, engine_);
        convert(w32, w16_, engine_, stream_);
        x16_ = dnnl::memory(xDesc, engine_);
        const dnnl::reorder::primitive_desc convertPd(engine_, x32_.get_desc(), engine_, xDesc);
        convertX_ = dnnl::reorder(convertPd);
        implementation_ += std::string(" (convert X: ") + convertPd.impl_info_str() + ")";
        args_ = {{DNNL_ARG_SRC, w16_}, {DNNL_ARG_WEIGHTS, x16_}, {DNNL_ARG_DST, c}};
        releaseOriginals(/*keepActivations=*/true);  // run() converts the FP32 activations
    } else {
        args_ = {{DNNL_ARG_SRC, w32}, {DNNL_ARG_WEIGHTS, x32_}, {DNNL_ARG_DST, c}};
    }
    waitForIdleThreads();
}

void OnednnGemm::run() {
    if (bf16())
        convertX_.execute(stream_, x32_, x16_);
    matmul_.execute(stream_, args_);
    stream_.wait();
}

Quality OnednnGemm::check() {
    if (!bf16())
        return compareWithDense();
    // The kernel's own operands are the BF16-rounded ones (W from setUp, X from the last run):
    // widen them back to FP32 (exact).
    const int64_t m = rows(), n = spec().n, k = spec().k;
    AlignedBuffer<float> w(size_t(m * k)), x(size_t(k * n));
    dnnl::memory w32({{m, k}, dt::f32, tag::ab}, engine_, w.data());
    dnnl::memory x32({{k, n}, dt::f32, tag::ab}, engine_, x.data());
    convert(w16_, w32, engine_, stream_);
    convert(x16_, x32, engine_, stream_);
    return compare(fp64Product(w.data(), x.data(), m, n, k));
}

int64_t OnednnGemm::weightBytes() const {
    return rows() * spec().k * int64_t(bf16() ? 2 : 4);
}

std::string OnednnGemm::implementation() const {
    return "oneDNN " + implementation_;
}

int OnednnGemm::threads() const {
    return omp_get_max_threads();
}

}  // namespace costscope
