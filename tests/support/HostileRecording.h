// Recordings made hostile as anyone could make them with the sqlite3 shell: views, triggers and
// stand-ins for tables whose SQL would hang a reader, load a shared library or write to the file
// if costscope ran it. The store and GUI tests check that it runs none of it.
#pragma once

#include <filesystem>

namespace costscope::test {

// The environment variable that names the file hostileExtension() creates when it is loaded.
inline constexpr const char* kMarkerVariable = "COSTSCOPE_TEST_MARKER";

// The shared library the hostile SQL loads with load_extension() (built with the tests).
std::filesystem::path hostileExtension();

// Points kMarkerVariable at a file in `dir` (for this process and the children it starts) and
// returns it: the file exists only once something loaded hostileExtension().
std::filesystem::path armMarker(const std::filesystem::path& dir);

enum class Hostility {
    // Every view the file holds replaced by one with the same columns whose SQL never ends
    // (variant_summary, pruning_crossover), gives every row twice (CUPTI_ACTIVITY_KIND_KERNEL)
    // or calls load_extension() on hostileExtension() (kernel_summary, which SQLite itself
    // refuses in a view: the reader would fail), each with an INSTEAD OF trigger, and triggers
    // on the core tables: all of them write to the file (table hostile_writes) on any INSERT,
    // UPDATE or DELETE.
    Views,
    // The table run_warnings replaced by a view of that name that never ends.
    ViewForTable,
};

// Makes the recording `file` (of any format) hostile, through a plain sqlite3 connection as an
// attacker's shell would. Throws std::runtime_error with SQLite's message when it cannot.
void makeHostile(const std::filesystem::path& file, Hostility hostility);

}  // namespace costscope::test
