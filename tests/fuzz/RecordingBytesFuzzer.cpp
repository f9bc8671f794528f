// Fuzzes opening a recording from arbitrary bytes: the bytes as a .sqlite file, then every query
// the GUI and the reports make through Recording, on every run and variant the file lists. Most
// inputs are refused (not SQLite, another program's database, damaged); none may crash or hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "profiler/store/StoreError.h"
#include "tests/fuzz/FuzzSupport.h"
#include "tests/fuzz/ReadRecording.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto path = costscope::fuzz::writeScratch(
        "bytes.sqlite", std::string_view(reinterpret_cast<const char*>(data), size));
    costscope::fuzz::readWholeRecording(path);
    return 0;
}
