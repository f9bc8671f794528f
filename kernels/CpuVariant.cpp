// Operands, result buffer and FP64 checks shared by the CPU variants.
#include "kernels/CpuVariant.h"

#include <climits>

#include "kernels/DenseReferenceCache.h"
#include "kernels/Reference.h"
#include "kernels/StructuredPruning.h"

namespace costscope {

CpuVariant::CpuVariant(VariantSpec spec) : Variant(std::move(spec)) {
    const VariantSpec& s = this->spec();
    if (s.batch != 1)
        throw Unsupported("batch > 1 is not implemented for " + s.family + " on the CPU");
    if (s.m <= 0 || s.n <= 0 || s.k <= 0)
        throw std::invalid_argument(s.name() + ": every extent must be positive");
    if (s.m > INT_MAX || s.n > INT_MAX || s.k > INT_MAX)
        throw Unsupported(s.name() + ": extents beyond 2^31 - 1 do not fit the libraries' int");
}

void CpuVariant::generateOperands() {
    operands_ = operandsFor(spec(), &kept_);
    c_ = AlignedBuffer<float>(size_t(rows() * spec().n));
}

void CpuVariant::releaseOriginals(bool keepActivations) {
    operands_.w = {};
    if (!keepActivations)
        operands_.x = {};
}

Quality CpuVariant::compare(std::span<const double> kernelReference) const {
    const bool structured = rows() != spec().m;
    // The cache keys on the shape: only the generated originals may be handed to it.
    Operands regenerated;
    if (structured || operands_.w.empty() || operands_.x.empty())
        regenerated = Operands::generate(spec().m, spec().n, spec().k);
    const auto dense =
        DenseReferenceCache::product(regenerated.w.empty() ? operands_ : regenerated);
    Quality quality;
    quality.kernelError = relativeFrobeniusError(c_.span(), kernelReference);
    quality.approxError =
        structured
            ? relativeFrobeniusError(scatterRows(c_.span(), kept_, spec().m, spec().n), *dense)
            : relativeFrobeniusError(c_.span(), *dense);
    return quality;
}

Quality CpuVariant::compareWithDense() const {
    if (rows() != spec().m)
        return compare(
            fp64Product(operands_.w.data(), operands_.x.data(), rows(), spec().n, spec().k));
    const auto dense = DenseReferenceCache::product(operands_);
    Quality quality;
    quality.kernelError = relativeFrobeniusError(c_.span(), *dense);
    quality.approxError = quality.kernelError;
    return quality;
}

}  // namespace costscope
