// A shared library as a hostile recording's SQL would load it (load_extension()): loading it
// creates the file that COSTSCOPE_TEST_MARKER names, so a test can tell whether anything ran it.
#include <cstdio>
#include <cstdlib>

namespace {

// Runs as the library loads, before SQLite would look for its entry point.
[[gnu::constructor]] void leaveMarker() {
    const char* path = std::getenv("COSTSCOPE_TEST_MARKER");
    if (path == nullptr) {
        return;
    }
    if (std::FILE* marker = std::fopen(path, "w")) {
        std::fputs("the hostile extension was loaded\n", marker);
        std::fclose(marker);
    }
}

}  // namespace

// SQLite's default entry point, so that a load SQLite allowed would also succeed.
extern "C" int sqlite3_extension_init(void* /*db*/, char** /*error*/, const void* /*api*/) {
    return 0;
}
