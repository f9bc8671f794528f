// Device checks, operands, transfers and FP64 checks shared by the GPU variants.
#include "kernels/gpu/GpuVariant.h"

#include <climits>
#include <cstring>

#include "kernels/DenseReferenceCache.h"
#include "kernels/Reference.h"
#include "kernels/StructuredPruning.h"
#include "kernels/gpu/Checked.h"
#include "kernels/gpu/UsableDevice.h"

namespace costscope {

GpuVariant::GpuVariant(VariantSpec spec) : Variant(std::move(spec)) {
    const VariantSpec& s = this->spec();
    if (s.batch != 1)
        throw Unsupported("batch > 1 is not implemented for " + s.family + " on the GPU");
    if (s.m <= 0 || s.n <= 0 || s.k <= 0)
        throw std::invalid_argument(s.name() + ": every extent must be positive");
    if (s.m > INT_MAX || s.n > INT_MAX || s.k > INT_MAX)
        throw Unsupported(s.name() + ": extents beyond 2^31 - 1 do not fit the libraries' int");
}

GpuVariant::~GpuVariant() = default;

void GpuVariant::StreamDeleter::operator()(cudaStream_t stream) const noexcept {
    cudaStreamDestroy(stream);
}

void GpuVariant::useOperands(std::shared_ptr<const Operands> operands) {
    if (!operands || operands->m != spec().m || operands->n != spec().n || operands->k != spec().k)
        throw std::invalid_argument(spec().name() + ": given operands have another shape");
    operands_ = std::move(operands);
    givenOperands_ = true;
}

std::string GpuVariant::computeCapability() const {
    return std::to_string(properties_.major) + "." + std::to_string(properties_.minor);
}

void GpuVariant::setUp() {
    // Without a usable driver or device this is a skip with CUDA's own reason, not a failure.
    properties_ = usableDevice();
    try {
        allocate();
        prepare();
        COSTSCOPE_CHECK(cudaStreamSynchronize(stream()));
    } catch (...) {
        release();
        freeBuffers();
        throw;
    }
}

void GpuVariant::allocate() {
    const VariantSpec& s = spec();
    if (!operands_)
        operands_ = std::make_shared<const Operands>(operandsFor(s, &kept_));
    cudaStream_t stream = nullptr;
    COSTSCOPE_CHECK(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking));
    stream_.reset(stream);
    hostX_ = PinnedBuffer<float>(size_t(s.k * s.n));
    std::memcpy(hostX_.data(), operands_->x.data(), hostX_.bytes());
    hostC_ = PinnedBuffer<float>(size_t(operands_->m * s.n));
    deviceX_ = DeviceBuffer<float>(size_t(s.k * s.n));
    deviceC_ = DeviceBuffer<float>(size_t(operands_->m * s.n));
    // launch() works on device-resident data right after setUp(), before any run().
    COSTSCOPE_CHECK(cudaMemcpyAsync(deviceX_.data(), hostX_.data(), hostX_.bytes(),
                                    cudaMemcpyHostToDevice, stream));
}

void GpuVariant::freeBuffers() noexcept {
    deviceC_ = {};
    deviceX_ = {};
    hostC_ = {};
    hostX_ = {};
    stream_.reset();
}

void GpuVariant::run() {
    COSTSCOPE_CHECK(cudaMemcpyAsync(deviceX_.data(), hostX_.data(), hostX_.bytes(),
                                    cudaMemcpyHostToDevice, stream()));
    launch();
    COSTSCOPE_CHECK(cudaMemcpyAsync(hostC_.data(), deviceC_.data(), hostC_.bytes(),
                                    cudaMemcpyDeviceToHost, stream()));
    COSTSCOPE_CHECK(cudaStreamSynchronize(stream()));
}

Quality GpuVariant::check() {
    const std::span<const float> c(hostC_.data(), hostC_.size());
    // The cache keys on the shape, which identifies generated operands only.
    std::shared_ptr<const std::vector<double>> dense;
    if (givenOperands_)
        dense = std::make_shared<const std::vector<double>>(
            fp64Product(operands_->w.data(), operands_->x.data(), spec().m, spec().n, spec().k));
    else if (operands_->m == spec().m)
        dense = DenseReferenceCache::product(*operands_);
    else  // structured: the cache takes the generated originals only
        dense = DenseReferenceCache::product(Operands::generate(spec().m, spec().n, spec().k));
    Quality quality;
    if (operands_->m == spec().m) {
        quality.approxError = relativeFrobeniusError(c, *dense);
    } else {
        // The removed output features as zeros, so the error compares with CSR's.
        quality.approxError =
            relativeFrobeniusError(scatterRows(c, kept_, spec().m, spec().n), *dense);
    }
    auto reference = kernelReference();
    if (!reference && operands_->m != spec().m)
        reference =
            fp64Product(operands_->w.data(), operands_->x.data(), operands_->m, spec().n, spec().k);
    quality.kernelError = reference ? relativeFrobeniusError(c, *reference) : quality.approxError;
    return quality;
}

}  // namespace costscope
