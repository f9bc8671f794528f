// Fuzzes the Fashion-MNIST IDX loader: the input is split into an images file and a labels file,
// each written plain or gzip-compressed (the loader reads both through zlib). A damaged file is
// refused with DatasetError naming it; nothing may crash or allocate what the file only claims.
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "kernels/mlp/FashionMnist.h"
#include "tests/fuzz/FuzzSupport.h"

namespace {

// `bytes` as `name`, gzip-compressed when `compress`.
std::string write(const std::string& name, std::string_view bytes, bool compress) {
    const auto path = costscope::fuzz::scratchPath(name).string();
    if (!compress) {
        costscope::fuzz::writeScratch(name, bytes);
        return path;
    }
    gzFile file = gzopen(path.c_str(), "wb1");
    if (file != nullptr) {
        if (!bytes.empty())
            gzwrite(file, bytes.data(), unsigned(bytes.size()));
        gzclose(file);
    }
    return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    costscope::fuzz::Bytes in(data, size);
    const auto flags = in.take<uint8_t>();
    const auto split = in.take<uint16_t>();
    const std::string_view rest = in.rest();
    const size_t at = rest.empty() ? 0 : split % (rest.size() + 1);
    const std::string images = write("images.idx", rest.substr(0, at), (flags & 1) != 0);
    const std::string labels = write("labels.idx", rest.substr(at), (flags & 2) != 0);
    try {
        const costscope::mlp::Dataset dataset = costscope::mlp::loadIdx(images, labels);
        volatile size_t sink = dataset.images.size() + dataset.labels.size();
        (void)sink;
    } catch (const costscope::mlp::DatasetError&) {
    }
    return 0;
}
