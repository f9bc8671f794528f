// Fashion-MNIST from its IDX files (Debian's dataset-fashion-mnist), with clear errors.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace costscope::mlp {

// A missing, truncated or malformed dataset file: what() names the file and what is wrong.
class DatasetError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct Dataset {
    static constexpr int64_t kPixels = 28 * 28;
    static constexpr int kClasses = 10;
    int64_t count = 0;
    std::vector<float> images;    // count x kPixels, row-major, pixel / 255 (0..1)
    std::vector<uint8_t> labels;  // count, 0..9
};

// $COSTSCOPE_FASHION_MNIST when set; else /usr/share/datasets/fashion-mnist, or, where that is
// missing, data/fashion-mnist beside the running program (the recorder bundle's copy).
std::string datasetDir();

// The most images loadIdx accepts in one file (its memory is taken before they are read).
constexpr uint32_t kMaxImages = 100'000;

// Reads an IDX3 images file and its IDX1 labels file, gzip-compressed or not. Throws
// DatasetError on a missing file, a wrong magic number, a truncated file, more than kMaxImages
// images, image dimensions other than 28x28, a label above 9, or image and label counts that
// differ.
Dataset loadIdx(const std::string& imagesPath, const std::string& labelsPath);

// The images and labels files of the training or test split in `dir`: the .gz files Debian
// ships, or uncompressed ones when only those are there.
std::pair<std::string, std::string> fashionMnistFiles(bool train, const std::string& dir);

// The training (60,000 images) or test (10,000 images) split from `dir`.
Dataset loadFashionMnist(bool train, const std::string& dir = datasetDir());

}  // namespace costscope::mlp
