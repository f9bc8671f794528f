// The Chrome trace written from hand-made timeline rows, parsed back: every kernel, copy, memset,
// variant and range present once on its track, tracks properly nested, the memory counter's
// values, timestamps to the nanosecond, names escaped; and a failed write leaves nothing.
#include "profiler/trace/ChromeTrace.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "profiler/store/MemoryInUse.h"
#include "profiler/store/StoreError.h"

namespace costscope {
namespace {

using nlohmann::json;

// Two streams of kernels (a third on a second GPU), copies, a memset, memory events, two nested
// NVTX lanes, and a variant span.
TimelineRows sampleRows() {
    TimelineRows rows;
    rows.strings.push_back("gemm_kernel<\"tile\", 128>");  // 1: a quote to escape
    rows.strings.push_back("gemm");
    rows.strings.push_back(std::string("bad \xff utf-8"));  // 3: not UTF-8
    rows.strings.push_back("step");
    rows.configs.push_back({.deviceId = 0,
                            .name = 1,
                            .shortName = 2,
                            .gridX = 128,
                            .gridY = 2,
                            .gridZ = 1,
                            .blockX = 256,
                            .blockY = 1,
                            .blockZ = 1,
                            .registersPerThread = 64,
                            .staticSharedMemory = 1024,
                            .dynamicSharedMemory = 49152});
    rows.configs.push_back({.deviceId = 1, .name = 3, .shortName = 3});
    int64_t t = 1'000'000'123;
    for (int i = 0; i < 50; ++i) {
        rows.kernels.push(t, t + 5'001, 0, uint32_t(7 + i % 2), i < 25 ? 1 : 0);
        rows.kernelConfig.push_back(0);
        t += 3'000;
    }
    rows.kernels.push(t, t + 10, 1, 7, 0);
    rows.kernelConfig.push_back(1);
    rows.copies.push(999'000'000, 999'100'000, 0, 7, 1);
    rows.copyBytes.push_back(4 << 20);
    rows.copyKind.push_back(1);
    rows.copies.push(t + 20'000, t + 30'000, 0, 7, 0);
    rows.copyBytes.push_back(4096);
    rows.copyKind.push_back(2);
    rows.memsets.push(999'200'000, 999'200'500, 0, 9, 1);
    rows.memsetBytes.push_back(512);
    for (const auto& [start, bytes, operation] :
         {std::tuple{int64_t(998'000'000), int64_t(1) << 30, uint8_t(1)},
          {int64_t(999'000'000), int64_t(1) << 20, uint8_t(1)},
          {int64_t(1'500'000'000), int64_t(1) << 30, uint8_t(2)}}) {
        rows.memory.start.push_back(start);
        rows.memory.deviceId.push_back(0);
        rows.memory.bytes.push_back(bytes);
        rows.memory.memKind.push_back(3);
        rows.memory.operationType.push_back(operation);
    }
    rows.rangeLanes = {"NVTX · pid 1 · thread 2", "NVTX · pid 1 · thread 2 · level 2"};
    for (const auto& [start, end, lane] :
         {std::tuple{int64_t(999'000'000), int64_t(1'200'000'000), uint32_t(0)},
          {int64_t(1'000'000'000), int64_t(1'100'000'000), 1u}}) {
        rows.ranges.start.push_back(start);
        rows.ranges.end.push_back(end);
        rows.ranges.name.push_back(4);
        rows.ranges.lane.push_back(lane);
    }
    return rows;
}

json writeAndParse(const ChromeTraceInput& input, std::string* text = nullptr) {
    std::ostringstream out;
    writeChromeTrace(out, input);
    if (text) {
        *text = out.str();
    }
    return json::parse(out.str());  // throws on invalid JSON, invalid UTF-8 included
}

ChromeTraceInput inputOf(const TimelineRows& rows) {
    return ChromeTraceInput{.rows = &rows,
                            .hostSpans = {{.variantId = 1,
                                           .name = "gemm/fp32/cublas/gpu/1024",
                                           .device = "gpu",
                                           .startNs = 998'000'000,
                                           .endNs = 1'400'000'000}},
                            .hostName = "costscope-record · node",
                            .gpuNames = {{0, "NVIDIA H200"}},
                            .source = "test"};
}

TEST(ChromeTrace, EveryRowIsOneEventOnItsTrack) {
    const TimelineRows rows = sampleRows();
    const json trace = writeAndParse(inputOf(rows));
    std::map<std::string, int> byCategory;
    std::map<std::pair<int, int>, std::string> threadNames;
    std::map<int, std::string> processNames;
    std::multiset<std::tuple<int, int, double, double>> kernels;
    for (const json& event : trace["traceEvents"]) {
        if (event["ph"] == "M" && event["name"] == "thread_name") {
            threadNames[{event["pid"].get<int>(), event["tid"].get<int>()}] =
                event["args"]["name"].get<std::string>();
        } else if (event["ph"] == "M" && event["name"] == "process_name") {
            processNames[event["pid"].get<int>()] = event["args"]["name"].get<std::string>();
        } else if (event["ph"] == "X") {
            ++byCategory[event["cat"].get<std::string>()];
            if (event["cat"] == "kernel") {
                kernels.insert({event["pid"].get<int>(), event["tid"].get<int>(),
                                event["ts"].get<double>(), event["dur"].get<double>()});
            }
        }
    }
    EXPECT_EQ(byCategory["kernel"], 51);
    EXPECT_EQ(byCategory["copy"], 2);
    EXPECT_EQ(byCategory["memset"], 1);
    EXPECT_EQ(byCategory["variant"], 1);
    EXPECT_EQ(byCategory["nvtx"], 2);
    // Every kernel once, at its time, on its device's process and its stream's track.
    for (size_t i = 0; i < rows.kernels.size(); ++i) {
        const int pid = 100 + int(rows.kernels.deviceId[i]);
        int tid = -1;
        for (const auto& [key, name] : threadNames) {
            if (key.first == pid &&
                name == "stream " + std::to_string(rows.kernels.streamId[i]) + " · kernels") {
                tid = key.second;
            }
        }
        ASSERT_NE(tid, -1) << i;
        const auto found =
            kernels.find({pid, tid, double(rows.kernels.start[i]) / 1000,
                          double(rows.kernels.end[i] - rows.kernels.start[i]) / 1000});
        ASSERT_NE(found, kernels.end()) << i;
        kernels.erase(found);
    }
    EXPECT_TRUE(kernels.empty());
    EXPECT_EQ(processNames[1], "costscope-record · node");
    EXPECT_EQ(processNames[100], "GPU 0 · NVIDIA H200");
    EXPECT_EQ(processNames[101], "GPU 1");
    EXPECT_EQ(threadNames[std::pair(1, 10)], "NVTX · pid 1 · thread 2");
    EXPECT_EQ(trace["otherData"]["source"], "test");
}

TEST(ChromeTrace, SlicesOfEachTrackNest) {
    const TimelineRows rows = sampleRows();
    const json trace = writeAndParse(inputOf(rows));
    std::map<std::pair<int, int>, std::vector<std::pair<double, double>>> tracks;
    for (const json& event : trace["traceEvents"]) {
        if (event["ph"] == "X") {
            const double ts = event["ts"];
            tracks[{event["pid"].get<int>(), event["tid"].get<int>()}].push_back(
                {ts, ts + event["dur"].get<double>()});
        }
    }
    EXPECT_GE(tracks.size(), 7u);  // variants, 2 NVTX levels, streams 7, 8, 9 and GPU 1's
    for (auto& [track, slices] : tracks) {
        std::sort(slices.begin(), slices.end());
        std::vector<double> open;  // ends of the slices enclosing the current one
        for (const auto& [start, end] : slices) {
            while (!open.empty() && open.back() <= start) {
                open.pop_back();
            }
            ASSERT_TRUE(open.empty() || end <= open.back())
                << "track " << track.first << "/" << track.second << " overlaps at " << start;
            open.push_back(end);
        }
    }
}

TEST(ChromeTrace, TimesKeepTheirNanosecondsAndArgsTheirLaunch) {
    const TimelineRows rows = sampleRows();
    std::string text;
    writeAndParse(inputOf(rows), &text);
    EXPECT_NE(text.find("\"ts\":1000000.123,\"dur\":5.001"), std::string::npos);
    EXPECT_NE(text.find("\"grid\":[128,2,1],\"block\":[256,1,1],\"registers per thread\":64"),
              std::string::npos);
    EXPECT_NE(text.find("\"name\":\"gemm_kernel<\\\"tile\\\", 128>\""), std::string::npos);
    EXPECT_NE(text.find("\"name\":\"bad \xEF\xBF\xBD utf-8\""), std::string::npos);
    EXPECT_NE(text.find("\"variant\":\"gemm/fp32/cublas/gpu/1024\""), std::string::npos);
    EXPECT_NE(text.find("{\"bytes\":4194304"), std::string::npos);
}

TEST(ChromeTrace, TheMemoryCounterFollowsAllocationsAndReleases) {
    const TimelineRows rows = sampleRows();
    const json trace = writeAndParse(inputOf(rows));
    std::vector<std::pair<double, int64_t>> counter;
    for (const json& event : trace["traceEvents"]) {
        if (event["ph"] == "C") {
            EXPECT_EQ(event["pid"], 100);
            counter.push_back({event["ts"].get<double>(), event["args"]["bytes"].get<int64_t>()});
        }
    }
    int64_t finish = 0;
    for (const TimelineRows::Spans* spans : {&rows.kernels, &rows.copies, &rows.memsets}) {
        for (const int64_t end : spans->end) {
            finish = std::max(finish, end);
        }
    }
    const std::vector<MemoryInUse> lines = memoryInUse(rows.memory, finish);
    ASSERT_EQ(lines.size(), 1u);
    ASSERT_EQ(counter.size(), lines[0].time.size());
    const int64_t gib = int64_t(1) << 30, mib = int64_t(1) << 20;
    EXPECT_EQ(counter[0].second, gib);
    EXPECT_EQ(counter[1].second, gib + mib);
    EXPECT_EQ(counter[2].second, mib);
    for (size_t i = 0; i < counter.size(); ++i) {
        EXPECT_DOUBLE_EQ(counter[i].first, double(lines[0].time[i]) / 1000);
        EXPECT_EQ(counter[i].second, lines[0].bytes[i]);
    }
}

TEST(ChromeTrace, AnEmptyRunIsAValidTrace) {
    const TimelineRows rows;
    const json trace = writeAndParse(ChromeTraceInput{.rows = &rows, .hostName = "host"});
    EXPECT_EQ(trace["traceEvents"].size(), 2u);  // the host process's name and order
}

TEST(ChromeTrace, AFailedWriteLeavesNothing) {
    const TimelineRows rows = sampleRows();
    std::string pattern =
        (std::filesystem::temp_directory_path() / "costscope-trace-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    const std::filesystem::path dir = pattern;
    try {
        exportChromeTrace(dir / "missing" / "trace.json", inputOf(rows));
        ADD_FAILURE() << "a trace was written into a folder that does not exist";
    } catch (const StoreError& error) {
        EXPECT_NE(std::string(error.what()).find("missing/trace.json"), std::string::npos);
    }
    // A full disk: /dev/full fails every write with ENOSPC.
    std::ofstream full("/dev/full", std::ios::binary);
    if (full) {
        EXPECT_THROW(writeChromeTrace(full, inputOf(rows)), std::system_error);
    }
    exportChromeTrace(dir / "trace.json", inputOf(rows));
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        names.push_back(entry.path().filename().string());
    }
    EXPECT_EQ(names, std::vector<std::string>{"trace.json"});  // no .partial left beside it
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace costscope
