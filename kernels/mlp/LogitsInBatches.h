// Runs a whole dataset through a forward pass a batch at a time: shared by the CPU and GPU passes.
#pragma once

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/mlp/FashionMnist.h"

namespace costscope::mlp {

// The logits (count x classes, row-major) of every image of `data`. `Forward` has inputs(),
// classes(), setImages(images, count), run() and logits(), which lays the logits out as
// classes x `stride` (one column per image of the batch, `batch` columns used at most).
template <typename Forward>
std::vector<float> logitsInBatches(Forward& forward, const Dataset& data, int64_t batch,
                                   int64_t stride) {
    if (int64_t(data.images.size()) != data.count * forward.inputs())
        throw std::invalid_argument("logits of a dataset: the images are not " +
                                    std::to_string(forward.inputs()) + " pixels each");
    const int64_t classes = forward.classes();
    std::vector<float> result(size_t(data.count * classes));
    for (int64_t start = 0; start < data.count; start += batch) {
        const int64_t count = std::min(batch, data.count - start);
        forward.setImages(data.images.data() + start * forward.inputs(), count);
        forward.run();
        const float* out = forward.logits();
        for (int64_t j = 0; j < count; ++j)
            for (int64_t c = 0; c < classes; ++c)
                result[size_t((start + j) * classes + c)] = out[c * stride + j];
    }
    return result;
}

}  // namespace costscope::mlp
