// The trade-off map's shaping on known data: the Pareto frontier in both directions and with
// ties, which variants are plotted, marker sizes, and a fixture run shaped end to end.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "app/core/RunLoader.h"
#include "app/tradeoff/TradeOffSeries.h"
#include "tests/gui/support/FixtureRecording.h"

using namespace Qt::StringLiterals;

namespace costscope {
namespace {

using Indices = std::vector<size_t>;

Indices frontier(std::vector<double> latency, std::vector<double> quality, bool higherIsBetter) {
    return TradeOffSeries::paretoFrontier(latency, quality, higherIsBetter);
}

TEST(ParetoFrontierTest, AccuracyKeepsWhatNothingFasterBeats) {
    // 2 is slower than 1 and less accurate: off. 3 is the slowest but the most accurate: on.
    EXPECT_EQ(frontier({1, 2, 3, 4}, {80, 85, 83, 90}, true), (Indices{0, 1, 3}));
}

TEST(ParetoFrontierTest, ErrorDirectionIsTheOpposite) {
    // Lower error is better: 1 beats 2 (faster and lower), 0 is the fastest.
    EXPECT_EQ(frontier({1, 2, 3}, {0.5, 0.1, 0.2}, false), (Indices{0, 1}));
    // The same numbers read as accuracy: 0 is fastest and highest, it beats both.
    EXPECT_EQ(frontier({1, 2, 3}, {0.5, 0.1, 0.2}, true), (Indices{0}));
}

TEST(ParetoFrontierTest, TiesInOneAxisAreDecidedByTheOther) {
    // Equally fast: the more accurate wins.
    EXPECT_EQ(frontier({1, 1}, {80, 85}, true), (Indices{1}));
    // Equally accurate: the faster wins.
    EXPECT_EQ(frontier({1, 2}, {80, 80}, true), (Indices{0}));
    // Equally fast, error: the lower error wins.
    EXPECT_EQ(frontier({1, 1}, {0.2, 0.1}, false), (Indices{1}));
}

TEST(ParetoFrontierTest, IdenticalPointsAreBothOnIt) {
    EXPECT_EQ(frontier({1, 1, 2}, {80, 80, 70}, true), (Indices{0, 1}));
}

TEST(ParetoFrontierTest, OnePointAndNone) {
    EXPECT_EQ(frontier({3.5}, {0.9}, true), (Indices{0}));
    EXPECT_EQ(frontier({3.5}, {0.9}, false), (Indices{0}));
    EXPECT_TRUE(frontier({}, {}, true).empty());
}

TEST(ParetoFrontierTest, AllOnItComeOutByLatency) {
    EXPECT_EQ(frontier({1, 2, 3, 4}, {1, 2, 3, 4}, true), (Indices{0, 1, 2, 3}));
    // Given in any order, returned fastest first (the order the step line is drawn in).
    EXPECT_EQ(frontier({3, 1, 2}, {90, 70, 80}, true), (Indices{1, 2, 0}));
    EXPECT_EQ(frontier({3, 1, 2}, {0.01, 0.3, 0.1}, false), (Indices{1, 2, 0}));
}

TEST(TradeOffSeriesTest, MarkerAreaGrowsWithWeightBytesAndIsClamped) {
    EXPECT_DOUBLE_EQ(TradeOffSeries::markerSize(4'000'000, 4'000'000), TradeOffSeries::kMaxMarker);
    // A quarter of the bytes: half the diameter (a quarter of the area).
    EXPECT_DOUBLE_EQ(TradeOffSeries::markerSize(1'000'000, 4'000'000),
                     TradeOffSeries::kMaxMarker / 2);
    EXPECT_DOUBLE_EQ(TradeOffSeries::markerSize(400, 4'000'000), TradeOffSeries::kMinMarker);
    EXPECT_DOUBLE_EQ(TradeOffSeries::markerSize(std::nullopt, 4'000'000),
                     TradeOffSeries::kMinMarker);
}

VariantSummaryRow variant(const std::string& family, const std::string& device) {
    VariantSummaryRow row;
    row.family = family;
    row.device = device;
    row.name = family + "/x/" + device;
    row.precision = "fp32";
    row.structure = "dense";
    row.medianMs = 2.0;
    row.p5Ms = 1.9;
    row.p95Ms = 2.2;
    row.weightBytes = 1000;
    if (family == "mlp") {
        row.accuracy = 0.875;
    } else {
        row.approxError = 1e-3;
    }
    return row;
}

TEST(TradeOffSeriesTest, PlotsOnlyOkVariantsWithATimeAndTheWorkloadsQuality) {
    const auto models = TradeOffWorkload::Models;
    const auto gemms = TradeOffWorkload::Gemms;
    auto point = TradeOffSeries::pointOf(variant("mlp", "cpu"), models, GpuTime::EndToEnd);
    ASSERT_TRUE(point);
    EXPECT_DOUBLE_EQ(point->quality, 87.5);  // accuracy in %
    EXPECT_DOUBLE_EQ(point->latencyMs, 2.0);
    point = TradeOffSeries::pointOf(variant("gemm", "cpu"), gemms, GpuTime::EndToEnd);
    ASSERT_TRUE(point);
    EXPECT_DOUBLE_EQ(point->quality, 1e-3);

    // The other workload's variants, skipped ones, ones without a median or a quality: none.
    EXPECT_FALSE(TradeOffSeries::pointOf(variant("mlp", "cpu"), gemms, GpuTime::EndToEnd));
    EXPECT_FALSE(TradeOffSeries::pointOf(variant("pruned", "cpu"), models, GpuTime::EndToEnd));
    VariantSummaryRow skipped = variant("gemm", "gpu");
    skipped.status = VariantStatus::Skipped;
    EXPECT_FALSE(TradeOffSeries::pointOf(skipped, gemms, GpuTime::EndToEnd));
    VariantSummaryRow untimed = variant("gemm", "cpu");
    untimed.medianMs.reset();
    EXPECT_FALSE(TradeOffSeries::pointOf(untimed, gemms, GpuTime::EndToEnd));
    VariantSummaryRow noAccuracy = variant("mlp", "cpu");
    noAccuracy.accuracy.reset();
    noAccuracy.approxError = 0.1;  // a model is judged by accuracy only
    EXPECT_FALSE(TradeOffSeries::pointOf(noAccuracy, models, GpuTime::EndToEnd));
    // An exact zero error has no place on a log axis.
    VariantSummaryRow exact = variant("gemm", "cpu");
    exact.approxError = 0.0;
    EXPECT_FALSE(TradeOffSeries::pointOf(exact, gemms, GpuTime::EndToEnd));
}

TEST(TradeOffSeriesTest, GpuTimeTogglePicksTheDeviceMedian) {
    VariantSummaryRow gpu = variant("gemm", "gpu");
    gpu.deviceMedianMs = 1.5;
    gpu.deviceP5Ms = 1.4;
    gpu.deviceP95Ms = 1.6;
    auto point = TradeOffSeries::pointOf(gpu, TradeOffWorkload::Gemms, GpuTime::Device);
    ASSERT_TRUE(point);
    EXPECT_DOUBLE_EQ(point->latencyMs, 1.5);
    EXPECT_DOUBLE_EQ(*point->p95Ms, 1.6);
    EXPECT_TRUE(point->deviceTime);
    point = TradeOffSeries::pointOf(gpu, TradeOffWorkload::Gemms, GpuTime::EndToEnd);
    EXPECT_DOUBLE_EQ(point->latencyMs, 2.0);
    // No kernel time measured: stays end to end, and says so.
    gpu.deviceMedianMs.reset();
    point = TradeOffSeries::pointOf(gpu, TradeOffWorkload::Gemms, GpuTime::Device);
    EXPECT_DOUBLE_EQ(point->latencyMs, 2.0);
    EXPECT_TRUE(point->deviceTimeMissing);
    // CPU variants have one time only.
    point =
        TradeOffSeries::pointOf(variant("gemm", "cpu"), TradeOffWorkload::Gemms, GpuTime::Device);
    EXPECT_FALSE(point->deviceTime || point->deviceTimeMissing);
}

TEST(TradeOffSeriesTest, ColourPerBackendShadedPerBatch) {
    // Two backends on the CPU and one on the GPU, each at batches 1, 64 and 1024.
    RunData run;
    for (const auto& [device, backend] : std::vector<std::pair<std::string, std::string>>{
             {"gpu", "cublas"}, {"cpu", "openblas"}, {"cpu", "onednn"}}) {
        for (const int64_t batch : {1024, 1, 64}) {
            VariantSummaryRow row = variant("mlp", device);
            row.backend = backend;
            row.n = batch;
            row.name = "mlp/dense/" + backend + "/" + device + "/b" + std::to_string(batch);
            run.variants.push_back(row);
        }
    }
    const TradeOffSeries series(run, nullptr, TradeOffWorkload::Models, GpuTime::EndToEnd);
    ASSERT_EQ(series.points().size(), 9u);
    EXPECT_EQ(series.batches(), (std::vector<int64_t>{1, 64, 1024}));
    std::vector<QString> keys;
    for (const ColourKey& key : series.colourKeys()) {
        keys.push_back(key.name);
    }
    EXPECT_EQ(keys,
              (std::vector<QString>{u"CPU · onednn"_s, u"CPU · openblas"_s, u"GPU · cublas"_s}));
    std::vector<QString> shades;
    for (const ColourKey& key : series.shadeKeys()) {
        shades.push_back(key.name);
    }
    EXPECT_EQ(shades, (std::vector<QString>{u"batch 1 (lightest)"_s, u"batch 64"_s,
                                            u"batch 1024 (darkest)"_s}));

    // Nine points, nine colours: the hue tells the backend, the lightness the batch.
    std::set<QRgb> colours;
    for (const TradeOffPoint& point : series.points()) {
        colours.insert(series.colorOf(point).rgb());
    }
    EXPECT_EQ(colours.size(), 9u);
    auto colourOf = [&](const std::string& backend, int64_t batch) {
        for (const TradeOffPoint& point : series.points()) {
            if (point.backend == backend && point.items == batch) {
                return series.colorOf(point);
            }
        }
        return QColor();
    };
    for (const std::string backend : {"openblas", "onednn", "cublas"}) {
        EXPECT_GT(colourOf(backend, 1).lightness(), colourOf(backend, 64).lightness());
        EXPECT_GT(colourOf(backend, 64).lightness(), colourOf(backend, 1024).lightness());
        // The legend's swatch is the backend's hue, which every batch keeps.
        EXPECT_EQ(colourOf(backend, 1).hue(), colourOf(backend, 1024).hue());
    }
    // One batch size: no shades, and the hue as it is.
    RunData single;
    single.variants.push_back(run.variants[1]);
    const TradeOffSeries one(single, nullptr, TradeOffWorkload::Models, GpuTime::EndToEnd);
    EXPECT_TRUE(one.shadeKeys().empty());
    EXPECT_EQ(one.colorOf(one.points().front()), seriesColor(0));
}

QStringList names(const TradeOffSeries& series, const std::vector<size_t>& indices) {
    QStringList list;
    for (size_t index : indices) {
        list << series.points()[index].name;
    }
    return list;
}

TEST(TradeOffSeriesTest, FixtureRunWithGpu) {
    test::ScratchDir dir;
    const auto path = dir.file("run.sqlite");
    const RunData run = loadRun(path, test::writeFixtureRun(path, {.withGpu = true}));
    EXPECT_EQ(TradeOffSeries::defaultWorkload(run), TradeOffWorkload::Models);
    EXPECT_TRUE(TradeOffSeries::hasDeviceTimes(run));

    const TradeOffSeries models(run, nullptr, TradeOffWorkload::Models, GpuTime::EndToEnd);
    EXPECT_EQ(models.points().size(), 7u);  // 5 CPU models, 2 GPU
    EXPECT_EQ(models.devices(), (std::vector<std::string>{"cpu", "gpu"}));
    // The GPU INT8 model is the fastest and the most accurate: it alone is on the frontier.
    EXPECT_EQ(names(models, models.frontier()), QStringList{u"mlp/int8/cublaslt/gpu/b1024"_s});
    for (const TradeOffPoint& point : models.points()) {
        EXPECT_GT(point.quality, 85.0);
        EXPECT_LE(point.quality, 100.0);
    }

    const TradeOffSeries gemms(run, nullptr, TradeOffWorkload::Gemms, GpuTime::EndToEnd);
    EXPECT_EQ(gemms.points().size(), 22u);  // the skipped and the failed variant are left out
    EXPECT_FALSE(gemms.higherIsBetter());
    EXPECT_FALSE(gemms.frontier().empty());

    // Device time moves GPU points left, CPU points stay.
    const TradeOffSeries device(run, nullptr, TradeOffWorkload::Gemms, GpuTime::Device);
    for (size_t i = 0; i < gemms.points().size(); ++i) {
        const TradeOffPoint& host = gemms.points()[i];
        const TradeOffPoint& kernel = device.points()[i];
        ASSERT_EQ(host.name, kernel.name);
        if (host.device == "gpu") {
            EXPECT_LT(kernel.latencyMs, host.latencyMs) << host.name.toStdString();
            EXPECT_DOUBLE_EQ(kernel.latencyMs,
                             *run.variantByName(host.name.toStdString())->deviceMedianMs);
        } else {
            EXPECT_DOUBLE_EQ(kernel.latencyMs, host.latencyMs);
        }
    }
}

TEST(TradeOffSeriesTest, EnergyAndMoneyAxesPlaceEachPointByItsCostPerItem) {
    test::ScratchDir dir;
    const auto path = dir.file("costs.sqlite");
    const RunData run =
        loadRun(path, test::writeFixtureRun(path, {.withGpu = true, .withCosts = true}));
    EXPECT_TRUE(TradeOffSeries::hasCost(run, TradeOffWorkload::Gemms, CostAxis::Energy));
    EXPECT_TRUE(TradeOffSeries::hasCost(run, TradeOffWorkload::Gemms, CostAxis::Money));

    const TradeOffSeries latency(run, nullptr, TradeOffWorkload::Models, GpuTime::EndToEnd);
    const TradeOffSeries energy(run, nullptr, TradeOffWorkload::Models, GpuTime::EndToEnd,
                                CostAxis::Energy);
    const TradeOffSeries money(run, nullptr, TradeOffWorkload::Models, GpuTime::EndToEnd,
                               CostAxis::Money);
    ASSERT_EQ(energy.points().size(), latency.points().size());
    ASSERT_EQ(money.points().size(), latency.points().size());
    EXPECT_EQ(energy.leftOut(), 0);
    EXPECT_EQ(money.currency(), "USD");
    for (size_t i = 0; i < latency.points().size(); ++i) {
        const TradeOffPoint& point = latency.points()[i];
        SCOPED_TRACE(point.name.toStdString());
        const VariantSummaryRow& variant = *run.variantByName(point.name.toStdString());
        const double perItem = 1.0 / double(point.items);
        EXPECT_DOUBLE_EQ(point.cost, point.latencyMs);
        // The fixture's device power over its median call, per image.
        const double watts = point.device == "gpu" ? 300.0 : 65.0;
        EXPECT_NEAR(energy.points()[i].cost, watts * *variant.medianMs * 1e-3 * perItem,
                    1e-9 * energy.points()[i].cost);
        // The device's hourly price over the median call, a million times, per image.
        const double perHour = point.device == "gpu" ? 3.6 : 0.48;
        EXPECT_NEAR(money.points()[i].cost, *variant.medianMs / 3.6e6 * perHour * 1e6 * perItem,
                    1e-9 * money.points()[i].cost);
    }
    // The Pareto frontier is taken along the cost shown.
    EXPECT_FALSE(energy.frontier().empty());

    // A run recorded without energy or prices: every point is left out, with the reason.
    const auto plainPath = dir.file("plain.sqlite");
    const RunData plain = loadRun(plainPath, test::writeFixtureRun(plainPath, {}));
    EXPECT_FALSE(TradeOffSeries::hasCost(plain, TradeOffWorkload::Models, CostAxis::Energy));
    const TradeOffSeries none(plain, nullptr, TradeOffWorkload::Models, GpuTime::EndToEnd,
                              CostAxis::Money);
    EXPECT_TRUE(none.points().empty());
    EXPECT_EQ(none.leftOut(), 7);
    ASSERT_EQ(none.leftOutReasons().size(), 1u);
    EXPECT_NE(none.leftOutReasons().front().find("--prices"), std::string::npos);
}

TEST(TradeOffSeriesTest, FixtureCpuOnlyRunAndABaseline) {
    test::ScratchDir dir;
    const auto path = dir.file("cpu.sqlite");
    const RunData old = loadRun(path, test::writeFixtureRun(path, {.withGpu = false, .seed = 1}));
    const RunData now =
        loadRun(path, test::writeFixtureRun(path, {.timeScale = 0.8, .withGpu = false, .seed = 2}));
    EXPECT_FALSE(TradeOffSeries::hasDeviceTimes(now));

    const TradeOffSeries series(now, &old, TradeOffWorkload::Models, GpuTime::EndToEnd);
    EXPECT_EQ(series.points().size(), 5u);
    EXPECT_EQ(series.devices(), std::vector<std::string>{"cpu"});
    // The student is fastest, INT8 the most accurate; the rest are beaten by one of them.
    EXPECT_EQ(
        names(series, series.frontier()),
        (QStringList{u"mlp/student-kd/costscope/cpu/b1024"_s, u"mlp/int8/onednn/cpu/b1024"_s}));
    EXPECT_EQ(series.kinds(),
              (std::vector<CompressionKind>{CompressionKind::Dense, CompressionKind::Int8,
                                            CompressionKind::Pruned, CompressionKind::Structured24,
                                            CompressionKind::Distilled}));
    // Every baseline point finds its candidate by name, and is slower (timeScale 1 vs 0.8).
    ASSERT_EQ(series.baselinePoints().size(), 5u);
    for (size_t i = 0; i < series.baselinePoints().size(); ++i) {
        const auto partner = series.baselinePartner()[i];
        ASSERT_TRUE(partner);
        EXPECT_EQ(series.points()[*partner].name, series.baselinePoints()[i].name);
        EXPECT_GT(series.baselinePoints()[i].latencyMs, series.points()[*partner].latencyMs);
    }
    // One size scale for both runs: the largest weights of either get the largest marker.
    double largest = 0;
    for (const auto* list : {&series.points(), &series.baselinePoints()}) {
        for (const TradeOffPoint& point : *list) {
            largest = std::max(largest, point.markerSize);
            EXPECT_GE(point.markerSize, TradeOffSeries::kMinMarker);
        }
    }
    EXPECT_DOUBLE_EQ(largest, TradeOffSeries::kMaxMarker);

    EXPECT_EQ(
        TradeOffSeries(now, nullptr, TradeOffWorkload::Gemms, GpuTime::EndToEnd).points().size(),
        11u);
}

}  // namespace
}  // namespace costscope
