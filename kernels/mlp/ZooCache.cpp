// Serializes the zoo's models with a magic number, a format version and a checksum.
#include "kernels/mlp/ZooCache.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace costscope::mlp {
namespace {

constexpr char kMagic[8] = {'C', 'S', 'M', 'L', 'P', 'Z', 'O', 'O'};
constexpr size_t kHeaderBytes = 32;

class Writer {
  public:
    template <typename T>
    void put(const T& value) {
        const auto* bytes = reinterpret_cast<const unsigned char*>(&value);
        data_.insert(data_.end(), bytes, bytes + sizeof(T));
    }
    template <typename T>
    void putArray(const std::vector<T>& values) {
        const auto* bytes = reinterpret_cast<const unsigned char*>(values.data());
        data_.insert(data_.end(), bytes, bytes + values.size() * sizeof(T));
    }
    void putString(const std::string& text) {
        put(uint64_t(text.size()));
        data_.insert(data_.end(), text.begin(), text.end());
    }
    std::vector<unsigned char>& data() { return data_; }

  private:
    std::vector<unsigned char> data_;
};

// Reads the payload with bounds checks; any shortfall is a truncated or corrupt file.
class Reader {
  public:
    explicit Reader(std::span<const unsigned char> data) : data_(data) {}

    template <typename T>
    bool get(T& value) {
        if (data_.size() - position_ < sizeof(T))
            return false;
        std::memcpy(&value, data_.data() + position_, sizeof(T));
        position_ += sizeof(T);
        return true;
    }
    template <typename T>
    bool getArray(std::vector<T>& values, uint64_t count) {
        if (count > (data_.size() - position_) / sizeof(T))
            return false;
        values.resize(size_t(count));
        if (count == 0)
            return true;  // an empty vector's data() may be null, which memcpy must not get
        std::memcpy(values.data(), data_.data() + position_, size_t(count) * sizeof(T));
        position_ += size_t(count) * sizeof(T);
        return true;
    }
    bool getString(std::string& text) {
        uint64_t size = 0;
        if (!get(size) || size > data_.size() - position_)
            return false;
        text.assign(reinterpret_cast<const char*>(data_.data() + position_), size_t(size));
        position_ += size_t(size);
        return true;
    }
    bool atEnd() const { return position_ == data_.size(); }

  private:
    std::span<const unsigned char> data_;
    size_t position_ = 0;
};

std::optional<NamedModels> parsePayload(std::span<const unsigned char> payload,
                                        const std::string& key, std::string& why) {
    Reader reader(payload);
    std::string storedKey;
    uint64_t modelCount = 0;
    if (!reader.getString(storedKey) || !reader.get(modelCount)) {
        why = "truncated payload";
        return std::nullopt;
    }
    if (storedKey != key) {
        why = "trained with other settings (key " + storedKey + ")";
        return std::nullopt;
    }
    NamedModels models;
    for (uint64_t m = 0; m < modelCount; ++m) {
        std::string name;
        uint64_t layerCount = 0;
        if (!reader.getString(name) || !reader.get(layerCount) || layerCount == 0) {
            why = "truncated or corrupt model entry";
            return std::nullopt;
        }
        Mlp model;
        for (uint64_t l = 0; l < layerCount; ++l) {
            Layer layer;
            uint64_t maskBytes = 0;
            const bool ok = reader.get(layer.out) && reader.get(layer.in) && layer.out > 0 &&
                            layer.in > 0 && layer.out <= (int64_t(1) << 24) &&
                            layer.in <= (int64_t(1) << 24) && reader.get(layer.inputAbsMax) &&
                            reader.getArray(layer.w, uint64_t(layer.out * layer.in)) &&
                            reader.getArray(layer.b, uint64_t(layer.out)) &&
                            reader.get(maskBytes) &&
                            (maskBytes == 0 || maskBytes == uint64_t(layer.out * layer.in)) &&
                            reader.getArray(layer.mask, maskBytes);
            const bool chained = model.layers.empty() || model.layers.back().out == layer.in;
            if (!ok || !chained) {
                why = "corrupt layer " + std::to_string(l) + " of model " + name;
                return std::nullopt;
            }
            model.layers.push_back(std::move(layer));
        }
        models.emplace_back(std::move(name), std::move(model));
    }
    if (!reader.atEnd()) {
        why = "trailing bytes after the last model";
        return std::nullopt;
    }
    return models;
}

}  // namespace

uint64_t fnv1a64(std::span<const unsigned char> bytes, uint64_t hash) {
    for (const unsigned char byte : bytes) {
        hash ^= byte;
        hash *= 0x100000001b3ull;
    }
    return hash;
}

void writeZooFile(const std::string& path, const std::string& key, const NamedModels& models) {
    Writer payload;
    payload.putString(key);
    payload.put(uint64_t(models.size()));
    for (const auto& [name, model] : models) {
        payload.putString(name);
        payload.put(uint64_t(model.layers.size()));
        for (const Layer& layer : model.layers) {
            payload.put(layer.out);
            payload.put(layer.in);
            payload.put(layer.inputAbsMax);
            payload.putArray(layer.w);
            payload.putArray(layer.b);
            payload.put(uint64_t(layer.mask.size()));
            payload.putArray(layer.mask);
        }
    }
    Writer header;
    for (const char c : kMagic)
        header.put(c);
    header.put(kZooFormatVersion);
    header.put(uint32_t(0));
    header.put(uint64_t(payload.data().size()));
    header.put(fnv1a64(payload.data()));

    const auto fail = [&](const std::string& what) {
        throw std::runtime_error("cannot write the model cache " + path + ": " + what);
    };
    std::error_code error;
    const std::filesystem::path target(path);
    if (target.has_parent_path()) {
        std::filesystem::create_directories(target.parent_path(), error);
        if (error)
            fail("cannot create its directory: " + error.message());
    }
    // The process id keeps two recorders training at once from sharing a temporary file.
    const std::string temporary = path + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out)
            fail(std::string("cannot create ") + temporary + ": " + std::strerror(errno));
        out.write(reinterpret_cast<const char*>(header.data().data()),
                  std::streamsize(header.data().size()));
        out.write(reinterpret_cast<const char*>(payload.data().data()),
                  std::streamsize(payload.data().size()));
        out.close();
        if (!out) {
            std::filesystem::remove(temporary, error);
            fail("write failed (disk full?)");
        }
    }
    std::filesystem::rename(temporary, target, error);
    if (error) {
        std::filesystem::remove(temporary, error);
        fail("cannot rename the temporary file into place: " + error.message());
    }
}

std::optional<NamedModels> readZooFile(const std::string& path, const std::string& key,
                                       std::string* why) {
    std::string reason;
    const auto result = [&]() -> std::optional<NamedModels> {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            reason = "no cache file";
            return std::nullopt;
        }
        const std::vector<unsigned char> data{std::istreambuf_iterator<char>(in),
                                              std::istreambuf_iterator<char>()};
        if (data.size() < kHeaderBytes || std::memcmp(data.data(), kMagic, sizeof kMagic) != 0) {
            reason = "not a costscope model cache (bad magic or too short)";
            return std::nullopt;
        }
        uint32_t version = 0;
        uint64_t payloadBytes = 0, checksum = 0;
        std::memcpy(&version, data.data() + 8, sizeof version);
        std::memcpy(&payloadBytes, data.data() + 16, sizeof payloadBytes);
        std::memcpy(&checksum, data.data() + 24, sizeof checksum);
        if (version != kZooFormatVersion) {
            reason = "format version " + std::to_string(version) + ", this build reads " +
                     std::to_string(kZooFormatVersion);
            return std::nullopt;
        }
        const std::span<const unsigned char> payload(data.data() + kHeaderBytes,
                                                     data.size() - kHeaderBytes);
        if (payloadBytes != payload.size()) {
            reason = "truncated (" + std::to_string(payload.size()) + " of " +
                     std::to_string(payloadBytes) + " payload bytes)";
            return std::nullopt;
        }
        if (fnv1a64(payload) != checksum) {
            reason = "checksum mismatch (corrupt)";
            return std::nullopt;
        }
        return parsePayload(payload, key, reason);
    }();
    if (why)
        *why = reason;
    return result;
}

}  // namespace costscope::mlp
