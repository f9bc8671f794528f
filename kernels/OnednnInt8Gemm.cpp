// INT8 GEMM through oneDNN matmul (OnednnInt8Product), checked against the codes that ran.
#include "kernels/OnednnInt8Gemm.h"

#include <omp.h>

#include <cstring>
#include <stdexcept>
#include <vector>

#include "kernels/IdleThreads.h"
#include "kernels/Reference.h"

namespace costscope {

OnednnInt8Gemm::OnednnInt8Gemm(VariantSpec spec) : CpuVariant(std::move(spec)) {}

void OnednnInt8Gemm::setUp() {
    generateOperands();
    engine_ = dnnl::engine(dnnl::engine::kind::cpu, 0);
    stream_ = dnnl::stream(engine_);
    // The plain codes in w8 go at the end of setUp(): the product holds them packed.
    const Int8Matrix w8 = Int8Matrix::quantizePerRow(operands_.w.data(), spec().m, spec().k);
    const float xScale = Int8Matrix::symmetricScale(operands_.x.span());
    product_ =
        OnednnInt8Product(engine_, stream_, w8, spec().n, xScale, operands_.x.data(), c_.data());
    releaseOriginals(/*keepActivations=*/true);  // run() quantizes the FP32 activations
    waitForIdleThreads();
}

void OnednnInt8Gemm::run() {
    product_.execute(stream_);
    stream_.wait();
}

Quality OnednnInt8Gemm::check() {
    const int64_t m = spec().m, n = spec().n, k = spec().k;
    // The weight the kernel was given: W is regenerated (Operands::generate is deterministic
    // per shape) and quantized again. Packed again and compared byte for byte with what ran, so
    // kernelError can never be measured against other codes than the kernel multiplied.
    operands_.w = Operands::generate(m, n, k).w;
    const Int8Matrix w8 = Int8Matrix::quantizePerRow(operands_.w.data(), m, k);
    const dnnl::memory repacked = product_.pack(w8, stream_);
    const dnnl::memory& packed = product_.packedWeights();
    if (w8.scales() != product_.weightScales() ||
        std::memcmp(repacked.get_data_handle(), packed.get_data_handle(),
                    packed.get_desc().get_size()) != 0)
        throw std::logic_error(
            "OnednnInt8Gemm: the re-quantized weight differs from the packed one");
    // The activations the kernel was given: oneDNN's own int8 codes of X^T, dequantized.
    const int8_t* codes = product_.activationCodes();
    const double xScale = product_.activationScale();
    std::vector<double> x(size_t(k * n));
    for (int64_t j = 0; j < n; ++j)
        for (int64_t p = 0; p < k; ++p)
            x[size_t(p * n + j)] = double(codes[j * k + p]) * xScale;
    const std::vector<double> w = w8.dequantize();
    return compare(fp64Product(w.data(), x.data(), m, n, k));
}

int64_t OnednnInt8Gemm::weightBytes() const {
    return product_.weightBytes();
}

std::string OnednnInt8Gemm::implementation() const {
    return product_.implementation();
}

int OnednnInt8Gemm::threads() const {
    return omp_get_max_threads();
}

}  // namespace costscope
