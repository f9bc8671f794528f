// Nsight Systems-shaped SQLite exports written from nsys's documented schema (the tables, columns
// and enums of `nsys export --type sqlite`, schema 3.16), for the tests, the benchmarks and the
// fuzzer's seeds: no nsys and no GPU needed.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>

namespace costscope::test {

class NsysFixture {
  public:
    struct Options {
        std::string schemaVersion = "3.16.1";
        std::string productVersion = "2024.6.2.225";
        bool legacyMetadata = false;  // EXPORT_META_DATA, as older exports name the table
        bool withGpu = true;          // TARGET_INFO_GPU with one H200
    };

    // nsys's serialized ids: process in bits 24-47, thread in bits 0-23.
    static constexpr uint64_t globalPid(int64_t pid) { return uint64_t(pid) << 24; }
    static constexpr uint64_t globalTid(int64_t pid, int64_t tid) {
        return globalPid(pid) | uint64_t(tid);
    }

    struct Kernel {
        int64_t start = 0;
        int64_t end = 0;
        int64_t correlationId = 0;
        uint64_t globalPid = NsysFixture::globalPid(100);
        std::string name = "gemm_kernel(float*, float const*, int)";
        std::string shortName = "gemm_kernel";
        int deviceId = 0;
        int streamId = 7;
        int gridX = 128, blockX = 256;
        int registers = 32;
    };

    NsysFixture(const std::filesystem::path& path, Options options);
    explicit NsysFixture(const std::filesystem::path& path) : NsysFixture(path, Options{}) {}
    ~NsysFixture();
    NsysFixture(const NsysFixture&) = delete;
    NsysFixture& operator=(const NsysFixture&) = delete;

    // The StringIds id of `value`, added once.
    int64_t string(const std::string& value);

    void kernel(const Kernel& kernel);
    // A CUDA runtime call (cudaLaunchKernel) on a thread.
    void runtimeCall(uint64_t globalTid, int64_t start, int64_t end, int64_t correlationId);
    void copy(int64_t start, int64_t end, int64_t bytes, int copyKind, int streamId = 7,
              uint64_t globalPid = NsysFixture::globalPid(100));
    void memset(int64_t start, int64_t end, int64_t bytes, int streamId = 7,
                uint64_t globalPid = NsysFixture::globalPid(100));
    // nsys's enums: memKind 2 is device memory, operation 0 allocation, 1 deallocation.
    void memoryEvent(int64_t start, int64_t bytes, int operation, int memKind = 2);
    // An NVTX push/pop range (`text` inline) or start/end range; `registered` stores the name in
    // StringIds (textId) instead of `text`. An end of -1 is NULL: a range that never ended.
    void pushPop(uint64_t globalTid, int64_t start, int64_t end, const std::string& name,
                 bool registered = false, int64_t domainId = 0);
    void startEnd(uint64_t globalTid, int64_t start, int64_t end, const std::string& name);
    void domain(uint64_t globalTid, int64_t domainId, const std::string& name);
    // PROCESSES and ThreadNames rows: the names nsys gives a process and a thread.
    void processName(int64_t pid, const std::string& name);
    void threadName(uint64_t globalTid, const std::string& name);

    // Runs SQL on the file (tests that damage an export).
    void exec(const std::string& sql);
    // Commits and closes: the file is a complete export.
    void finish();

  private:
    void range(int type, uint64_t globalTid, int64_t start, int64_t end, const std::string& name,
               bool registered, int64_t domainId);

    sqlite3* db_ = nullptr;
    sqlite3_stmt* kernel_ = nullptr;
    sqlite3_stmt* runtime_ = nullptr;
    std::unordered_map<std::string, int64_t> strings_;
};

}  // namespace costscope::test
