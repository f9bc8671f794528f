// The factory for GPU specs, compiled only in builds with CUDA.
#pragma once

#include <memory>

#include "kernels/Variant.h"

namespace costscope {

// Builds the GPU variant of a catalog spec; throws std::invalid_argument for a combination no
// GPU variant implements. Touches no device: setUp() does.
std::unique_ptr<Variant> createGpuVariant(const VariantSpec& spec);

}  // namespace costscope
