// Reads Fashion-MNIST's IDX files through zlib, which reads gzip and plain files alike.
#include "kernels/mlp/FashionMnist.h"

#include <zlib.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>

namespace costscope::mlp {
namespace {

constexpr uint32_t kImagesMagic = 2051;  // 0x00000803: unsigned bytes, three dimensions
constexpr uint32_t kLabelsMagic = 2049;  // 0x00000801: unsigned bytes, one dimension

const char* const kInstallHint =
    "install Debian's dataset-fashion-mnist package (scripts/setup.sh does) or set "
    "COSTSCOPE_FASHION_MNIST to a directory holding the four IDX files";

struct GzCloser {
    void operator()(gzFile_s* file) const { gzclose(file); }
};
using GzFile = std::unique_ptr<gzFile_s, GzCloser>;

class IdxReader {
  public:
    explicit IdxReader(std::string path) : path_(std::move(path)) {
        if (!std::filesystem::exists(path_))
            fail(std::string("no such file; ") + kInstallHint);
        file_.reset(gzopen(path_.c_str(), "rb"));
        if (!file_)
            fail(std::string("cannot open: ") + std::strerror(errno));
    }

    // Reads exactly `size` bytes; a short read is a truncated file.
    void read(void* data, size_t size, const char* what) {
        auto* bytes = static_cast<unsigned char*>(data);
        while (size > 0) {
            // gzread takes an unsigned int: read large payloads in chunks.
            const unsigned chunk = unsigned(std::min<size_t>(size, size_t(1) << 30));
            const int got = gzread(file_.get(), bytes, chunk);
            if (got < 0) {
                int code = 0;
                const char* message = gzerror(file_.get(), &code);
                fail(std::string("corrupt compressed data while reading the ") + what + ": " +
                     message);
            }
            if (got == 0)
                fail(std::string("truncated: the file ends inside the ") + what);
            bytes += got;
            size -= size_t(got);
        }
    }

    uint32_t readBigEndian(const char* what) {
        std::array<unsigned char, 4> b{};
        read(b.data(), b.size(), what);
        return uint32_t(b[0]) << 24 | uint32_t(b[1]) << 16 | uint32_t(b[2]) << 8 | uint32_t(b[3]);
    }

    [[noreturn]] void fail(const std::string& problem) const {
        throw DatasetError("Fashion-MNIST file " + path_ + ": " + problem);
    }

  private:
    std::string path_;
    GzFile file_;
};

void checkMagic(IdxReader& reader, uint32_t expected, const char* kind) {
    const uint32_t magic = reader.readBigEndian("header");
    if (magic != expected)
        reader.fail("wrong magic number " + std::to_string(magic) + " (an IDX " + kind +
                    " file starts with " + std::to_string(expected) +
                    "); is this the right file, or the images and labels swapped?");
}

}  // namespace

std::string datasetDir() {
    if (const char* given = std::getenv("COSTSCOPE_FASHION_MNIST"); given && *given)
        return given;
    const std::filesystem::path installed = "/usr/share/datasets/fashion-mnist";
    // The recorder bundle for GPU servers (scripts/bundle-recorder.sh) carries the dataset
    // beside the binary, since such a server has no Debian package to install it from.
    std::error_code error;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error && !std::filesystem::exists(installed, error)) {
        const auto bundled = exe.parent_path() / "data" / "fashion-mnist";
        if (std::filesystem::exists(bundled, error))
            return bundled.string();
    }
    return installed.string();
}

Dataset loadIdx(const std::string& imagesPath, const std::string& labelsPath) {
    Dataset data;

    IdxReader images(imagesPath);
    checkMagic(images, kImagesMagic, "images");
    const uint32_t imageCount = images.readBigEndian("header");
    // The count is only claimed: memory for it is taken before the pixels are read, so a damaged
    // header must not ask for gigabytes. Fashion-MNIST's larger split holds 60,000 images.
    if (imageCount > kMaxImages)
        images.fail("claims " + std::to_string(imageCount) + " images, more than the " +
                    std::to_string(kMaxImages) +
                    " this loader accepts (Fashion-MNIST's training split holds 60,000): the "
                    "file is damaged or not Fashion-MNIST");
    const uint32_t rows = images.readBigEndian("header");
    const uint32_t cols = images.readBigEndian("header");
    if (rows != 28 || cols != 28)
        images.fail("images are " + std::to_string(rows) + "x" + std::to_string(cols) +
                    ", expected 28x28");

    IdxReader labels(labelsPath);
    checkMagic(labels, kLabelsMagic, "labels");
    const uint32_t labelCount = labels.readBigEndian("header");
    if (labelCount != imageCount)
        labels.fail("holds " + std::to_string(labelCount) + " labels but " + imagesPath +
                    " holds " + std::to_string(imageCount) + " images");

    data.count = int64_t(imageCount);
    std::vector<uint8_t> pixels(size_t(data.count * Dataset::kPixels));
    images.read(pixels.data(), pixels.size(), "pixels");
    data.images.resize(pixels.size());
    for (size_t i = 0; i < pixels.size(); ++i)
        data.images[i] = float(pixels[i]) / 255.0f;

    data.labels.resize(size_t(data.count));
    labels.read(data.labels.data(), data.labels.size(), "labels");
    for (size_t i = 0; i < data.labels.size(); ++i) {
        if (data.labels[i] >= Dataset::kClasses)
            labels.fail("label " + std::to_string(data.labels[i]) + " of item " +
                        std::to_string(i) + " is not a class 0..9");
    }
    return data;
}

std::pair<std::string, std::string> fashionMnistFiles(bool train, const std::string& dir) {
    const auto pick = [](const std::string& path) {
        if (!std::filesystem::exists(path + ".gz") && std::filesystem::exists(path))
            return path;
        return path + ".gz";
    };
    const std::string prefix = dir + (train ? "/train" : "/t10k");
    return {pick(prefix + "-images-idx3-ubyte"), pick(prefix + "-labels-idx1-ubyte")};
}

Dataset loadFashionMnist(bool train, const std::string& dir) {
    const auto [images, labels] = fashionMnistFiles(train, dir);
    return loadIdx(images, labels);
}

}  // namespace costscope::mlp
