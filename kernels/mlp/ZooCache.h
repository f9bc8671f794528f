// The model zoo's cache file: trained weights on disk, checked before they are trusted.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "kernels/mlp/Mlp.h"

namespace costscope::mlp {

using NamedModels = std::vector<std::pair<std::string, Mlp>>;

// The format, in the host's byte order (the file is a cache of this machine's training, never
// exchanged):
//   header   char[8] "CSMLPZOO", uint32 format version, uint32 0, uint64 payload bytes,
//            uint64 FNV-1a 64 of the payload
//   payload  string settings key, uint64 model count, then per model: string name, uint64
//            layer count, per layer: int64 out, int64 in, float inputAbsMax, float w[out * in],
//            float b[out], uint64 mask bytes (0 or out * in), uint8 mask[]
//   string   uint64 length, then the bytes
constexpr uint32_t kZooFormatVersion = 1;

// FNV-1a, 64 bits: the payload checksum, and the hash behind the settings key.
uint64_t fnv1a64(std::span<const unsigned char> bytes, uint64_t hash = 0xcbf29ce484222325ull);

// Writes the models atomically (a temporary file in the same directory, then rename), so a
// reader never sees half a file. Throws std::runtime_error naming the file and the reason.
void writeZooFile(const std::string& path, const std::string& key, const NamedModels& models);

// The models stored in `path` for `key`, or nothing when the file is missing, truncated,
// corrupt, of another format version or for another key; `why` then says which.
std::optional<NamedModels> readZooFile(const std::string& path, const std::string& key,
                                       std::string* why = nullptr);

}  // namespace costscope::mlp
