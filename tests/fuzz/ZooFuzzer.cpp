// Fuzzes the model-zoo cache reader. Half the inputs are whole files as they are; the other half
// are payloads wrapped in a header with the right magic, version, size and checksum, so the
// parser behind the checksum meets them too, read with the settings key the payload names. A bad
// file gives nothing and a reason (the models are then trained anew); nothing may crash or
// allocate what a layer size only claims.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>

#include "kernels/mlp/ZooCache.h"
#include "tests/fuzz/FuzzSupport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    costscope::fuzz::Bytes in(data, size);
    const bool wrap = (in.take<uint8_t>() & 1) != 0;
    const std::string_view body = in.rest();
    std::string file;
    std::string key = "fuzz";
    if (wrap) {
        const auto* bytes = reinterpret_cast<const unsigned char*>(body.data());
        file.append("CSMLPZOO", 8);
        const uint32_t version = costscope::mlp::kZooFormatVersion, zero = 0;
        const uint64_t payloadBytes = body.size();
        const uint64_t checksum = costscope::mlp::fnv1a64(std::span(bytes, body.size()));
        file.append(reinterpret_cast<const char*>(&version), 4);
        file.append(reinterpret_cast<const char*>(&zero), 4);
        file.append(reinterpret_cast<const char*>(&payloadBytes), 8);
        file.append(reinterpret_cast<const char*>(&checksum), 8);
        file.append(body);
        // The payload starts with its settings key (uint64 length, bytes): ask for that one.
        uint64_t length = 0;
        if (body.size() >= 8) {
            std::memcpy(&length, body.data(), 8);
            if (length <= body.size() - 8)
                key.assign(body.data() + 8, size_t(length));
        }
    } else {
        file.assign(body);
    }
    const auto path = costscope::fuzz::writeScratch("zoo.bin", file);
    std::string why;
    const auto models = costscope::mlp::readZooFile(path.string(), key, &why);
    volatile size_t sink = models ? models->size() : why.size();
    (void)sink;
    return 0;
}
