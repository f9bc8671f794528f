// How fast the GUI's Timeline opens a big recording and redraws when zoomed: a recording of
// 1,000,000 kernel launches (written once through the store's own writer and cached in the file
// named), then, offscreen at 1600x900, the time from setInput() to the first frame grabbed, and
// the time of each zoom or pan step (set the x range, replot at once). Medians after a warm-up.
// With --nsys, the file is an Nsight Systems export of as many kernels instead (written from nsys's
// documented schema), each launched by a CUDA runtime call, with an NVTX range per 100 kernels.
// Not a test: numbers depend on the machine. See docs/benchmarks.md, "GUI timeline".
#include <qcustomplot.h>
#include <sqlite3.h>

#include <QApplication>
#include <QPixmap>
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "app/core/RunLoader.h"
#include "app/core/VariantSelection.h"
#include "app/timeline/TimelineLoader.h"
#include "app/timeline/TimelineView.h"
#include "profiler/SampleStats.h"
#include "profiler/nsys/NsysCache.h"
#include "profiler/nsys/NsysExport.h"
#include "profiler/store/Recording.h"
#include "profiler/store/SqliteConnection.h"
#include "profiler/store/SqliteStore.h"
#include "tests/support/NsysFixture.h"

namespace {

using namespace costscope;
using Clock = std::chrono::steady_clock;

struct Options {
    std::filesystem::path file;
    int64_t kernels = 1'000'000;
    int variants = 100;
    int repeats = 5;
    int zoomSteps = 50;
    std::string png;    // where to save the first frame, if anywhere
    bool nsys = false;  // an Nsight Systems export rather than a costscope recording
    // Time one open of the recording without its timeline cache (dropped first): every row
    // read, summarised and the cache written, as the first open of a new recording does.
    bool firstOpen = false;
};

void usage(const char* program) {
    std::fprintf(stderr,
                 "usage: %s --file FILE.sqlite [--kernels N] [--variants N] [--repeats N]\n"
                 "          [--zoom-steps N] [--png FRAME.png] [--nsys] [--first-open]\n"
                 "  Writes FILE (when it does not exist yet) with N kernel launches spread over\n"
                 "  the variants, then times opening its timeline and zooming it, offscreen.\n"
                 "  --png saves the first frame there, and one zoomed to 300 us beside it.\n"
                 "  --nsys writes (and opens) an Nsight Systems SQLite export instead.\n"
                 "  --first-open drops the timeline's cache (the recording's, or the export's in\n"
                 "  the user's cache directory) and times the one open\n"
                 "  that builds it again (run it alone for its peak memory).\n",
                 program);
}

double since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n == 0 ? 0 : n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[size_t(p * double(values.size() - 1) + 0.5)];
}

// A GPU run as the recorder would store it: variants one after another, each launching its
// share of the kernels round-robin on four streams (back to back per stream, 2 to 200 us each,
// a few us apart), a host-to-device and a device-to-host copy every 100 kernels, and its
// workspace allocated at its start and released at its end.
void writeRecording(const Options& options) {
    const std::filesystem::path partial = options.file.string() + ".partial";
    std::filesystem::remove(partial);
    {
        SqliteStore store(partial);
        RunInfo run;
        run.suite = "timeline_open";
        run.commandLine =
            "timeline_open (synthetic: " + std::to_string(options.kernels) + " kernel launches)";
        run.host = "benchmark";
        store.beginRun(run);
        DeviceInfo cpu;
        cpu.kind = "cpu";
        cpu.name = "benchmark CPU";
        store.addDevice(cpu);
        DeviceInfo gpu;
        gpu.kind = "gpu";
        gpu.name = "benchmark GPU (synthetic)";
        store.addDevice(gpu);

        const std::vector<std::string> names = {
            "sm90_xmma_gemm_f32f32_f32f32_f32_nn_n_tilesize128x128x8_stage3_warpsize2x2x1_ffma",
            "sm90_xmma_gemm_f16f16_f16f32_f32_nn_n_tilesize128x256x64_warpgroupsize1x1x1",
            "sm90_xmma_gemm_bf16bf16_bf16f32_f32_nn_n_tilesize128x256x64_warpgroupsize1x1x1",
            "sm90_xmma_gemm_s8s8_s8s32_s32_nt_n_tilesize128x128x128_stage4_warpgroupsize1x1x1",
            "void cusparse::csrmm_alg2_kernel<float, int>(cusparse::KernelCoeffs<float>, int)",
            "void costscope::tiledSgemm<64, 64, 8>(int, int, int, float const*, float*)",
            "void at::native::vectorized_elementwise_kernel<4, at::native::FillFunctor<float>>",
            "void cublasLt::splitKreduce_kernel<32, 16, int, float, float, float, float>",
        };
        std::mt19937_64 random(42);
        std::uniform_int_distribution<int64_t> duration(2'000, 200'000);
        std::uniform_int_distribution<int64_t> gap(500, 5'000);
        int64_t clock = 50'000'000'000;  // CLOCK_MONOTONIC ns
        uint32_t correlation = 1;
        const int64_t perVariant = options.kernels / options.variants;
        for (int v = 0; v < options.variants; ++v) {
            VariantRecord variant;
            variant.spec = {.family = "gemm",
                            .device = "gpu",
                            .backend = "cublas",
                            .precision = "fp32",
                            .structure = "dense",
                            .m = 1024 + 16 * v,
                            .n = 1024,
                            .k = 1024};
            variant.startedNs = clock;
            ActivityBatch& batch = variant.activity;
            for (const std::string& name : names) {
                batch.strings.push_back(name);
                batch.strings.push_back(name.substr(0, 32));
            }
            const int64_t kernels =
                v == options.variants - 1 ? options.kernels - perVariant * v : perVariant;
            std::array<int64_t, 4> streams;
            streams.fill(clock + 10'000);
            batch.memory.push_back(MemoryRow{.start = clock,
                                             .deviceId = 0,
                                             .bytes = int64_t(64 + v % 7 * 32) << 20,
                                             .memKind = 3,
                                             .operationType = 1});
            for (int64_t i = 0; i < kernels; ++i) {
                const size_t s = size_t(i % 4);
                if (i % 100 == 0 && s == 0) {
                    for (uint8_t kind : {uint8_t(1), uint8_t(2)}) {
                        MemcpyRow copy{.start = streams[s],
                                       .end = streams[s] + 40'000,
                                       .deviceId = 0,
                                       .contextId = 1,
                                       .streamId = 7,
                                       .correlationId = correlation++,
                                       .bytes = 4 << 20,
                                       .copyKind = kind};
                        streams[s] = copy.end + gap(random);
                        batch.memcpys.push_back(copy);
                    }
                }
                const auto name = uint32_t((i * 7 + v) % int64_t(names.size()));
                KernelRow k{.start = streams[s],
                            .end = streams[s] + duration(random),
                            .deviceId = 0,
                            .contextId = 1,
                            .streamId = 7 + uint32_t(s),
                            .correlationId = correlation++,
                            .demangledName = 1 + 2 * name,
                            .shortName = 2 + 2 * name,
                            .gridX = 8 << (name % 4),
                            .gridY = 8,
                            .gridZ = 1,
                            .blockX = 128 << (name % 2),
                            .blockY = 1,
                            .blockZ = 1,
                            .registersPerThread = 64 + 8 * int32_t(name),
                            .dynamicSharedMemory = 49'152,
                            .gridId = int64_t(correlation)};
                streams[s] = k.end + gap(random);
                batch.kernels.push_back(k);
            }
            clock = *std::max_element(streams.begin(), streams.end()) + 10'000;
            batch.memory.push_back(MemoryRow{.start = clock,
                                             .deviceId = 0,
                                             .bytes = batch.memory.front().bytes,
                                             .memKind = 3,
                                             .operationType = 2});
            // Twenty samples spread over the variant's time, for its summary.
            std::vector<int64_t> durations;
            const int64_t sample = (clock - variant.startedNs) / 20;
            for (int i = 0; i < 20; ++i) {
                variant.samples.push_back(
                    Sample{variant.startedNs + i * sample, sample, sample * 9 / 10});
                durations.push_back(sample);
            }
            variant.stats = SampleStats::from(durations);
            variant.gpu = GpuMeasures{.deviceStats = SampleStats::from(durations),
                                      .kernelsPerCall = double(kernels) / 20,
                                      .copiedBytesPerCall = 0};
            variant.endedNs = clock;
            clock += 1'000'000;
            store.addVariant(variant);
        }
        store.setCollectorInfo(CollectorInfo{true, "synthetic benchmark rows", 0});
        store.endRun(RunStatus::Complete, "");
    }
    std::filesystem::rename(partial, options.file);
}

// The same kernels as an nsys export would hold them: each launched by a cudaLaunchKernel on
// one thread of one process, an NVTX "step" range around every 100 launches, on four streams.
void writeExport(const Options& options) {
    const std::filesystem::path partial = options.file.string() + ".partial";
    {
        test::NsysFixture fixture(partial);
        const std::vector<std::string> names = {
            "sm90_xmma_gemm_f32f32_f32f32_f32_nn_n_tilesize128x128x8_stage3_warpsize2x2x1_ffma",
            "sm90_xmma_gemm_bf16bf16_bf16f32_f32_nn_n_tilesize128x256x64_warpgroupsize1x1x1",
            "void at::native::vectorized_elementwise_kernel<4, at::native::FillFunctor<float>>",
            "void cublasLt::splitKreduce_kernel<32, 16, int, float, float, float, float>",
        };
        std::mt19937_64 random(42);
        std::uniform_int_distribution<int64_t> duration(2'000, 200'000);
        std::uniform_int_distribution<int64_t> gap(500, 5'000);
        const uint64_t thread = test::NsysFixture::globalTid(4242, 4243);
        std::array<int64_t, 4> streams;
        streams.fill(50'000'000'000);
        int64_t host = streams[0] - 10'000;
        int64_t stepStart = host;
        for (int64_t i = 0; i < options.kernels; ++i) {
            const size_t s = size_t(i % 4);
            const size_t name = size_t(i * 7 % int64_t(names.size()));
            fixture.runtimeCall(thread, host, host + 3'000, i + 1);
            const int64_t start = std::max(streams[s], host + 5'000);
            const int64_t end = start + duration(random);
            fixture.kernel({.start = start,
                            .end = end,
                            .correlationId = i + 1,
                            .globalPid = test::NsysFixture::globalPid(4242),
                            .name = names[name],
                            .shortName = names[name].substr(0, 32),
                            .streamId = 7 + int(s),
                            .gridX = 8 << (name % 4),
                            .blockX = 128 << (name % 2),
                            .registers = 64 + 8 * int(name)});
            streams[s] = end + gap(random);
            host += 4'000 + gap(random) / 10;
            if (i % 100 == 99) {
                const int64_t stepEnd = *std::max_element(streams.begin(), streams.end());
                fixture.pushPop(thread, stepStart, stepEnd, "step");
                host = stepStart = stepEnd + 1'000;
            }
        }
        fixture.finish();
    }
    std::filesystem::rename(partial, options.file);
}

struct OpenTimes {
    double runData = 0;     // loadFile + loadRun: what the window reads before any view
    double model = 0;       // TimelineLoader::read: the summary (or the rows) into lanes
    double view = 0;        // setInput -> the model read off the GUI thread -> first frame
    double firstPaint = 0;  // of which the first replot and grab
};

// Whether the recording holds a timeline cache for its newest run.
bool hasCache(const std::filesystem::path& file, int64_t runId, bool nsys) {
    return nsys ? NsysExport(file).timelineSummary(runId).has_value()
                : Recording(file).timelineSummary(runId).has_value();
}

// Drops the timeline's cache: the recording's tables, or the export's file in the user's cache.
void dropCache(const std::filesystem::path& file, bool nsys) {
    if (nsys) {
        std::filesystem::remove(NsysCache(file).file());
        return;
    }
    SqliteConnection db(file.string(), SQLITE_OPEN_READWRITE);
    db.exec("DELETE FROM timeline_cache");
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                usage(argv[0]);
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--file") {
            options.file = value();
        } else if (arg == "--kernels") {
            options.kernels = std::stoll(value());
        } else if (arg == "--variants") {
            options.variants = std::stoi(value());
        } else if (arg == "--repeats") {
            options.repeats = std::stoi(value());
        } else if (arg == "--zoom-steps") {
            options.zoomSteps = std::stoi(value());
        } else if (arg == "--png") {
            options.png = value();
        } else if (arg == "--nsys") {
            options.nsys = true;
        } else if (arg == "--first-open") {
            options.firstOpen = true;
        } else {
            usage(argv[0]);
            return 2;
        }
    }
    if (options.file.empty() || options.variants < 1 || options.kernels < options.variants ||
        options.repeats < 1) {
        usage(argv[0]);
        return 2;
    }
    QApplication app(argc, argv);

    try {
        if (!std::filesystem::exists(options.file)) {
            std::printf("writing %lld kernel launches into %s ...\n",
                        static_cast<long long>(options.kernels), options.file.c_str());
            std::fflush(stdout);
            const auto start = Clock::now();
            options.nsys ? writeExport(options) : writeRecording(options);
            std::printf("written in %.1f s\n", since(start) / 1000);
        }
        const FileData file = loadFile(options.file);
        const int64_t runId = newestRunId(file);
        std::printf("timeline_open file=%s kernels=%lld file_mib=%.0f\n", options.file.c_str(),
                    static_cast<long long>(options.kernels),
                    double(std::filesystem::file_size(options.file)) / (1 << 20));
        if (options.firstOpen) {
            dropCache(options.file, options.nsys);
            VariantSelection selection;
            TimelineView view(&selection);
            view.resize(1600, 900);
            view.show();
            QApplication::processEvents();
            // The run data as the GUI reads it: for an export, its variants and kernel summary
            // computed from the rows and kept in the user's cache on this first open.
            auto start = Clock::now();
            const RunDataPtr run =
                std::make_shared<const RunData>(loadRun(options.file, runId, /*keepCache=*/true));
            std::printf("first run data (loadRun, its cache written where it has one): %.1f ms\n",
                        since(start));
            start = Clock::now();
            view.setInput({.run = run});
            view.waitForLoaded();
            const QPixmap frame = view.grab();
            const double first = since(start);
            std::printf(
                "first open without a cache (rows read, summarised, cache written): "
                "%.1f ms; cache written: %s\n",
                first, hasCache(options.file, runId, options.nsys) ? "yes" : "NO");
            return view.message().isEmpty() && !frame.isNull() ? 0 : 1;
        }
        if (!hasCache(options.file, runId, options.nsys)) {
            std::printf(
                "the timeline has no cache yet: the warm-up open writes it "
                "(run --first-open first for a peak memory of cached opens only)\n");
        }

        // Open: one warm-up (the file into the page cache), then the repeats.
        std::vector<OpenTimes> opens;
        std::unique_ptr<TimelineView> shown;
        VariantSelection selection;
        for (int repeat = 0; repeat <= options.repeats; ++repeat) {
            OpenTimes times;
            auto start = Clock::now();
            const RunDataPtr run = std::make_shared<const RunData>(
                loadRun(options.file, newestRunId(loadFile(options.file)), /*keepCache=*/true));
            times.runData = since(start);

            start = Clock::now();
            {
                const TimelineModel model = TimelineLoader::read(*run);
                times.model = since(start);
            }

            auto view = std::make_unique<TimelineView>(&selection);
            view->resize(1600, 900);
            view->show();
            QApplication::processEvents();
            start = Clock::now();
            view->setInput({.run = run});
            view->waitForLoaded();  // delivers on this thread: the model shown, first replot
            const auto paint = Clock::now();
            const QPixmap frame = view->grab();
            times.firstPaint = since(paint);
            times.view = since(start);
            if (!view->message().isEmpty() || frame.isNull()) {
                std::fprintf(stderr, "the timeline did not show: %s\n",
                             view->message().toStdString().c_str());
                return 1;
            }
            if (repeat == 0 && !options.png.empty()) {
                frame.save(QString::fromStdString(options.png));
            }
            if (repeat > 0) {
                opens.push_back(times);
            }
            shown = std::move(view);
        }

        // Zoom and pan on the last view: in from the whole run around a point in steps of x0.6
        // (never below 20 us of view), then panning by a fifth of the view, then out again.
        QCustomPlot* plot = shown->plot();
        const QCPRange full = plot->xAxis->range();
        const double centre = full.lower + full.size() * 0.537;
        std::vector<QCPRange> ranges;
        double size = full.size();
        for (int step = 0; int(ranges.size()) < options.zoomSteps; ++step) {
            const int phase = step % 60;
            if (phase < 25) {
                size = std::max(size * 0.6, 0.02);  // ms
            } else if (phase < 35) {
                ranges.push_back(
                    QCPRange(ranges.back().lower + size / 5, ranges.back().upper + size / 5));
                continue;
            } else {
                size = std::min(size / 0.6, full.size());
            }
            ranges.push_back(QCPRange(centre - size / 2, centre + size / 2));
        }
        for (int warm = 0; warm < 3; ++warm) {
            plot->xAxis->setRange(ranges[size_t(warm)]);
            plot->replot(QCustomPlot::rpImmediateRefresh);
        }
        std::vector<double> zooms;
        size_t mostDrawn = 0;
        for (const QCPRange& range : ranges) {
            const auto start = Clock::now();
            plot->xAxis->setRange(range);
            plot->replot(QCustomPlot::rpImmediateRefresh);
            zooms.push_back(since(start));
            mostDrawn = std::max(mostDrawn, shown->drawnItems() + shown->drawnBoxes());
        }
        if (!options.png.empty()) {
            // 300 us around the centre: single kernels, named where wide enough.
            plot->xAxis->setRange(QCPRange(centre - 0.15, centre + 0.15));
            plot->replot(QCustomPlot::rpImmediateRefresh);
            QString zoomed = QString::fromStdString(options.png);
            zoomed.insert(zoomed.lastIndexOf(u'.') < 0 ? zoomed.size() : zoomed.lastIndexOf(u'.'),
                          QStringLiteral("-zoomed"));
            shown->grab().save(zoomed);
        }
        // The whole run in view once more, to report what a zoomed-out frame hands QCustomPlot.
        shown->resetZoom();
        const size_t outItems = shown->drawnItems();
        const size_t outBoxes = shown->drawnBoxes();

        auto column = [&](auto field) {
            std::vector<double> values;
            for (const OpenTimes& times : opens) {
                values.push_back(times.*field);
            }
            return values;
        };
        const auto view = column(&OpenTimes::view);
        const auto runData = column(&OpenTimes::runData);
        std::vector<double> total;
        for (const OpenTimes& times : opens) {
            total.push_back(times.runData + times.view);
        }
        std::printf("\n%-58s %9s %9s %9s\n", "step (ms; offscreen, 1600x900)", "median", "min",
                    "max");
        auto row = [](const char* name, const std::vector<double>& values) {
            std::printf("%-58s %9.1f %9.1f %9.1f\n", name, median(values),
                        *std::min_element(values.begin(), values.end()),
                        *std::max_element(values.begin(), values.end()));
        };
        row("run data: loadFile + loadRun (summaries, samples)", runData);
        row("timeline model: the cached summary read, lanes (TimelineLoader)",
            column(&OpenTimes::model));
        row("timeline view: setInput -> first frame grabbed", view);
        row("  of which the first frame (replot + grab)", column(&OpenTimes::firstPaint));
        row("open as a user sees it: run data + timeline view", total);
        std::printf("%-58s %9.2f %9.2f %9.2f   (p90 %.2f, %zu steps)\n",
                    "zoom/pan step: setRange + replot (immediate)", median(zooms),
                    *std::min_element(zooms.begin(), zooms.end()),
                    *std::max_element(zooms.begin(), zooms.end()), percentile(zooms, 0.9),
                    zooms.size());
        std::printf(
            "\nzoomed out: %zu spans drawn alone + %zu merged boxes handed to QCustomPlot "
            "(%d px wide lanes); at most %zu in any zoom step\n",
            outItems, outBoxes, int(plot->axisRect()->width()), mostDrawn);
        // Issue 17: 10 M kernels shown in 2 s (an export's rows are read whole on every open).
        const double target = 2000;
        std::printf(
            "targets: open < %.0f ms (timeline view %s, with run data %s); zoom < 50 ms "
            "(%s)\n",
            target, median(view) < target ? "met" : "NOT met",
            median(total) < target ? "met" : "NOT met",
            percentile(zooms, 0.9) < 50 ? "met" : "NOT met");
    } catch (const std::exception& error) {
        std::fprintf(stderr, "timeline_open: %s\n", error.what());
        return 1;
    }
    return 0;
}
