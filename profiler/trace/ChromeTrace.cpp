// The Chrome trace event format, streamed: a buffer of text flushed as it fills, numbers written
// with to_chars, one pass over each kind of row.
#include "profiler/trace/ChromeTrace.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <system_error>
#include <tuple>
#include <unordered_map>

#include "profiler/store/MemoryInUse.h"
#include "profiler/store/StoreError.h"

namespace costscope {

namespace {

constexpr int64_t kLatestNs = int64_t(1) << 60;  // as the timeline holds times
constexpr int kHostPid = 1;
constexpr int kFirstGpuPid = 100;
constexpr int kVariantTid = 1;
constexpr int kFirstRangeTid = 10;

int64_t clampTime(int64_t ns) {
    return std::clamp<int64_t>(ns, 0, kLatestNs);
}

// Text accumulated and handed to the stream in large writes.
class Writer {
  public:
    explicit Writer(std::ostream& out) : out_(out) { buffer_.reserve(kFlushAt + 4096); }

    void raw(std::string_view text) {
        buffer_.append(text);
        if (buffer_.size() >= kFlushAt) {
            flush();
        }
    }
    void integer(int64_t value) {
        std::array<char, 24> digits;
        const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), value).ptr;
        buffer_.append(digits.data(), end);
    }
    // ns as microseconds with three decimals: 1234567 -> 1234.567.
    void micros(int64_t ns) {
        integer(ns / 1000);
        const int64_t rest = ns % 1000;
        const char fraction[5] = {'.', char('0' + rest / 100), char('0' + rest / 10 % 10),
                                  char('0' + rest % 10), '\0'};
        buffer_.append(fraction, 4);
    }
    // A JSON string: quotes, escapes, and U+FFFD for bytes that are not UTF-8.
    void string(std::string_view text) {
        buffer_.push_back('"');
        const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
        for (size_t i = 0; i < text.size();) {
            const unsigned char c = bytes[i];
            if (c == '"' || c == '\\') {
                buffer_.push_back('\\');
                buffer_.push_back(char(c));
                ++i;
            } else if (c < 0x20) {
                static constexpr char kHex[] = "0123456789abcdef";
                const char escaped[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
                buffer_.append(escaped, 6);
                ++i;
            } else if (c < 0x80) {
                buffer_.push_back(char(c));
                ++i;
            } else {
                const size_t length = validSequence(bytes + i, text.size() - i);
                if (length == 0) {
                    buffer_.append("\xEF\xBF\xBD");  // U+FFFD
                    ++i;
                } else {
                    buffer_.append(text.data() + i, length);
                    i += length;
                }
            }
        }
        buffer_.push_back('"');
    }
    void flush() {
        out_.write(buffer_.data(), std::streamsize(buffer_.size()));
        buffer_.clear();
        if (!out_) {
            throw std::system_error(errno != 0 ? errno : EIO, std::generic_category());
        }
    }

  private:
    static constexpr size_t kFlushAt = 1 << 20;

    // The length of the well-formed UTF-8 sequence at `s` (RFC 3629: no overlongs, no
    // surrogates, nothing past U+10FFFF), or 0.
    static size_t validSequence(const unsigned char* s, size_t left) {
        const unsigned char c = s[0];
        size_t length = 0;
        unsigned char low = 0x80, high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            low = c == 0xE0 ? 0xA0 : 0x80;
            high = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            low = c == 0xF0 ? 0x90 : 0x80;
            high = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return 0;
        }
        if (left < length || s[1] < low || s[1] > high) {
            return 0;
        }
        for (size_t k = 2; k < length; ++k) {
            if (s[k] < 0x80 || s[k] > 0xBF) {
                return 0;
            }
        }
        return length;
    }

    std::ostream& out_;
    std::string buffer_;
};

enum class Kind { Kernel, Copy, Memset };

const char* kindName(Kind kind) {
    return kind == Kind::Kernel ? "kernels" : kind == Kind::Copy ? "copies" : "memsets";
}

const char* copyName(uint8_t kind) {
    switch (kind) {  // CUpti_ActivityMemcpyKind
        case 1:
            return "Memcpy HtoD";
        case 2:
            return "Memcpy DtoH";
        case 8:
            return "Memcpy DtoD";
        case 10:
            return "Memcpy PtoP";
        default:
            return "Memcpy";
    }
}

// The GPU tracks: one per device, stream and kind, numbered in the GUI's lane order.
struct Tracks {
    struct Key {
        uint32_t device;
        uint32_t stream;
        Kind kind;
        auto operator<=>(const Key&) const = default;
    };
    std::map<Key, int> tid;

    void collect(const TimelineRows::Spans& spans, Kind kind) {
        const Key none{UINT32_MAX, UINT32_MAX, kind};
        Key last = none;
        for (size_t row = 0; row < spans.size(); ++row) {
            const Key key{spans.deviceId[row], spans.streamId[row], kind};
            if (key != last) {
                tid.emplace(key, 0);
                last = key;
            }
        }
    }
    void number() {
        uint32_t device = UINT32_MAX;
        int next = 0;
        for (auto& [key, value] : tid) {
            next = key.device == device ? next + 1 : 1;
            device = key.device;
            value = next;
        }
    }
    int of(uint32_t device, uint32_t stream, Kind kind) const {
        return tid.at(Key{device, stream, kind});
    }
};

int gpuPid(uint32_t device) {
    return kFirstGpuPid + int(std::min<uint32_t>(device, 1u << 20));
}

}  // namespace

void writeChromeTrace(std::ostream& out, const ChromeTraceInput& input) {
    static const TimelineRows kNoRows;
    const TimelineRows& rows = input.rows != nullptr ? *input.rows : kNoRows;
    Writer w(out);
    bool first = true;
    const auto open = [&](std::string_view ph) {
        w.raw(first ? "\n{\"ph\":\"" : ",\n{\"ph\":\"");
        first = false;
        w.raw(ph);
        w.raw("\"");
    };
    const auto ids = [&](int pid, int tid) {
        w.raw(",\"pid\":");
        w.integer(pid);
        w.raw(",\"tid\":");
        w.integer(tid);
    };
    const auto metadata = [&](const char* what, int pid, int tid, std::string_view name,
                              int sortIndex) {
        open("M");
        w.raw(",\"name\":\"");
        w.raw(what);
        w.raw("_name\"");
        ids(pid, tid);
        w.raw(",\"args\":{\"name\":");
        w.string(name);
        w.raw("}}");
        open("M");
        w.raw(",\"name\":\"");
        w.raw(what);
        w.raw("_sort_index\"");
        ids(pid, tid);
        w.raw(",\"args\":{\"sort_index\":");
        w.integer(sortIndex);
        w.raw("}}");
    };
    const auto span = [&](const char* category, std::string_view name, int pid, int tid,
                          int64_t start, int64_t end) {
        start = clampTime(start);
        end = std::max(start, clampTime(end));
        open("X");
        w.raw(",\"cat\":\"");
        w.raw(category);
        w.raw("\",\"name\":");
        w.string(name);
        ids(pid, tid);
        w.raw(",\"ts\":");
        w.micros(start);
        w.raw(",\"dur\":");
        w.micros(end - start);
    };

    w.raw("{\"displayTimeUnit\":\"ns\",\"otherData\":{\"source\":");
    w.string(input.source);
    w.raw("},\"traceEvents\":[");

    // The host: its variants, then each NVTX lane, as the GUI stacks them.
    metadata("process", kHostPid, 0, input.hostName, 0);
    std::unordered_map<int64_t, const std::string*> variantName;
    if (!input.hostSpans.empty()) {
        metadata("thread", kHostPid, kVariantTid, "variants", kVariantTid);
    }
    for (const ChromeTraceInput::HostSpan& host : input.hostSpans) {
        variantName[host.variantId] = &host.name;
        span("variant", host.name, kHostPid, kVariantTid, host.startNs, host.endNs);
        w.raw(",\"args\":{\"device\":");
        w.string(host.device);
        w.raw("}}");
    }
    for (size_t lane = 0; lane < rows.rangeLanes.size(); ++lane) {
        metadata("thread", kHostPid, kFirstRangeTid + int(lane), rows.rangeLanes[lane],
                 kFirstRangeTid + int(lane));
    }
    for (size_t i = 0; i < rows.ranges.size(); ++i) {
        if (rows.ranges.lane[i] >= rows.rangeLanes.size() ||
            rows.ranges.name[i] >= rows.strings.size()) {
            continue;  // nothing to place it in: a reader never makes such a row
        }
        span("nvtx", rows.strings[rows.ranges.name[i]], kHostPid,
             kFirstRangeTid + int(rows.ranges.lane[i]), rows.ranges.start[i], rows.ranges.end[i]);
        w.raw("}");
    }

    // The GPUs: a process each, a track per stream and kind.
    Tracks tracks;
    tracks.collect(rows.kernels, Kind::Kernel);
    tracks.collect(rows.copies, Kind::Copy);
    tracks.collect(rows.memsets, Kind::Memset);
    tracks.number();
    std::map<uint32_t, bool> devices;
    for (const auto& [key, tid] : tracks.tid) {
        devices[key.device] = true;
    }
    for (const uint32_t device : rows.memory.deviceId) {
        devices[device] = true;
    }
    for (const auto& [device, present] : devices) {
        const auto name = input.gpuNames.find(device);
        metadata("process", gpuPid(device), 0,
                 "GPU " + std::to_string(device) +
                     (name != input.gpuNames.end() && !name->second.empty() ? " · " + name->second
                                                                            : std::string()),
                 gpuPid(device));
    }
    for (const auto& [key, tid] : tracks.tid) {
        const auto label = rows.streamLabels.find(uint64_t(key.device) << 32 | key.stream);
        metadata("thread", gpuPid(key.device), tid,
                 (label != rows.streamLabels.end() ? label->second
                                                   : "stream " + std::to_string(key.stream)) +
                     " · " + kindName(key.kind),
                 tid);
    }
    const auto variantArg = [&](int64_t variantId) {
        if (const auto found = variantName.find(variantId); found != variantName.end()) {
            w.raw(",\"variant\":");
            w.string(*found->second);
        }
    };

    static const TimelineRows::KernelConfig kUnknownConfig;
    for (size_t i = 0; i < rows.kernels.size(); ++i) {
        const uint32_t c = i < rows.kernelConfig.size() ? rows.kernelConfig[i] : UINT32_MAX;
        const TimelineRows::KernelConfig& config =
            c < rows.configs.size() ? rows.configs[c] : kUnknownConfig;
        const std::string& name =
            config.name < rows.strings.size() ? rows.strings[config.name] : rows.strings[0];
        const uint32_t device = rows.kernels.deviceId[i];
        span("kernel", name.empty() ? std::string_view("(unnamed kernel)") : name, gpuPid(device),
             tracks.of(device, rows.kernels.streamId[i], Kind::Kernel), rows.kernels.start[i],
             rows.kernels.end[i]);
        w.raw(",\"args\":{\"grid\":[");
        w.integer(config.gridX);
        w.raw(",");
        w.integer(config.gridY);
        w.raw(",");
        w.integer(config.gridZ);
        w.raw("],\"block\":[");
        w.integer(config.blockX);
        w.raw(",");
        w.integer(config.blockY);
        w.raw(",");
        w.integer(config.blockZ);
        w.raw("],\"registers per thread\":");
        w.integer(config.registersPerThread);
        w.raw(",\"static shared memory (B)\":");
        w.integer(config.staticSharedMemory);
        w.raw(",\"dynamic shared memory (B)\":");
        w.integer(config.dynamicSharedMemory);
        variantArg(rows.kernels.variantId[i]);
        w.raw("}}");
    }
    for (size_t i = 0; i < rows.copies.size(); ++i) {
        const uint32_t device = rows.copies.deviceId[i];
        span("copy", copyName(rows.copyKind[i]), gpuPid(device),
             tracks.of(device, rows.copies.streamId[i], Kind::Copy), rows.copies.start[i],
             rows.copies.end[i]);
        w.raw(",\"args\":{\"bytes\":");
        w.integer(rows.copyBytes[i]);
        variantArg(rows.copies.variantId[i]);
        w.raw("}}");
    }
    for (size_t i = 0; i < rows.memsets.size(); ++i) {
        const uint32_t device = rows.memsets.deviceId[i];
        span("memset", "Memset", gpuPid(device),
             tracks.of(device, rows.memsets.streamId[i], Kind::Memset), rows.memsets.start[i],
             rows.memsets.end[i]);
        w.raw(",\"args\":{\"bytes\":");
        w.integer(rows.memsetBytes[i]);
        variantArg(rows.memsets.variantId[i]);
        w.raw("}}");
    }

    // Device memory in use, a counter per GPU, held to the last span's end.
    int64_t finish = 0;
    for (const TimelineRows::Spans* spans : {&rows.kernels, &rows.copies, &rows.memsets}) {
        for (const int64_t end : spans->end) {
            finish = std::max(finish, clampTime(end));
        }
    }
    TimelineRows::Memory memory = rows.memory;
    for (int64_t& start : memory.start) {
        start = clampTime(start);
    }
    for (const MemoryInUse& line : memoryInUse(memory, finish)) {
        for (size_t i = 0; i < line.time.size(); ++i) {
            open("C");
            w.raw(",\"name\":\"device memory in use\"");
            ids(gpuPid(line.deviceId), 0);
            w.raw(",\"ts\":");
            w.micros(line.time[i]);
            w.raw(",\"args\":{\"bytes\":");
            w.integer(line.bytes[i]);
            w.raw("}}");
        }
    }
    w.raw("\n]}\n");
    w.flush();
}

void exportChromeTrace(const std::filesystem::path& path, const ChromeTraceInput& input) {
    namespace fs = std::filesystem;
    const fs::path partial = path.string() + ".partial";
    const auto fail = [&](const std::string& why) {
        std::error_code ignored;
        fs::remove(partial, ignored);
        throw StoreError("cannot write the trace '" + path.string() + "': " + why +
                         ". Nothing was written; free space or choose another place.");
    };
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        if (!out) {
            fail(std::strerror(errno));
        }
        try {
            writeChromeTrace(out, input);
            out.close();
        } catch (const std::system_error& error) {
            fail(error.code().message());
        }
        if (!out) {
            fail(std::strerror(errno != 0 ? errno : EIO));
        }
    }
    std::error_code error;
    fs::rename(partial, path, error);
    if (error) {
        fail(error.message());
    }
}

}  // namespace costscope
