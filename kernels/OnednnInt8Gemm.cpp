// INT8 GEMM through oneDNN matmul (OnednnInt8Product), checked against the codes that ran.
#include "kernels/OnednnInt8Gemm.h"

#include <omp.h>

#include <cstring>
#include <stdexcept>
#include <vector>

#include "kernels/IdleThreads.h"
#include "kernels/Reference.h"
#include "kernels/StructuredPruning.h"

namespace costscope {

OnednnInt8Gemm::OnednnInt8Gemm(VariantSpec spec) : CpuVariant(std::move(spec)) {}

void OnednnInt8Gemm::setUp() {
    generateOperands();
    engine_ = dnnl::engine(dnnl::engine::kind::cpu, 0);
    stream_ = dnnl::stream(engine_);
    // The codes in w8 go at the end of setUp(): the product holds its own copy.
    const Int8Matrix w8 = Int8Matrix::quantizePerRow(operands_.w.data(), rows(), spec().k);
    const float xScale = Int8Matrix::symmetricScale(operands_.x.span());
    product_ = OnednnInt8Product(engine_, w8, spec().n, xScale, operands_.x.data(), c_.data());
    releaseOriginals(/*keepActivations=*/true);  // run() quantizes the FP32 activations
    waitForIdleThreads();
}

void OnednnInt8Gemm::run() {
    product_.execute(stream_);
    stream_.wait();
}

Quality OnednnInt8Gemm::check() {
    const int64_t m = rows(), n = spec().n, k = spec().k;
    // The weight the kernel was given: W is regenerated (operandsFor() is deterministic per
    // spec) and quantized again, and its codes and scales are compared with those the
    // product holds, so kernelError can never be measured against other codes than the kernel
    // multiplied.
    operands_.w = operandsFor(spec()).w;
    const Int8Matrix w8 = Int8Matrix::quantizePerRow(operands_.w.data(), m, k);
    const std::vector<int8_t> held = product_.weightCodes();
    if (w8.scales() != product_.weightScales() || held.size() != size_t(m * k) ||
        std::memcmp(held.data(), w8.codes(), held.size()) != 0)
        throw std::logic_error("OnednnInt8Gemm: the re-quantized weight differs from the held one");
    // The activations the kernel was given: the int8 codes of X it packed, dequantized.
    const std::vector<int8_t> codes = product_.activationCodes(stream_);
    const double xScale = product_.activationScale();
    std::vector<double> x(codes.size());
    for (size_t i = 0; i < codes.size(); ++i)
        x[i] = double(codes[i]) * xScale;
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
