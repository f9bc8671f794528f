// The trade-off map's data, shaped without drawing: which variants are plotted at which latency
// and quality, their colour, marker and size, the baseline pairs and the Pareto frontier; or the
// points of several machines' runs at once, coloured by machine.
#pragma once

#include <QString>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/charts/ChartStyle.h"
#include "app/core/RunData.h"

namespace costscope {

// Models and GEMMs cannot share a quality axis (accuracy against relative error): one at a time.
enum class TradeOffWorkload { Models, Gemms };
// Which latency a GPU variant is placed at: host end to end (copies, launches) or kernels only.
enum class GpuTime { EndToEnd, Device };
// What a point costs along the x axis, per item: time, energy from the device's counter, or money
// by the run's price list.
enum class CostAxis { Latency, Energy, Money };

struct TradeOffPoint {
    QString name;
    std::string device;  // "cpu", "gpu"
    std::string backend;
    CompressionKind kind = CompressionKind::Dense;
    // Per item: per image for the models, per GEMM for a batched GEMM (a batch of 1024 images
    // and one of 1 compare per image, not per call).
    double latencyMs = 0;  // median
    std::optional<double> p5Ms;
    std::optional<double> p95Ms;
    int64_t items = 1;  // what a call's time was divided by: its batch of images or products
    // Drawn beside the point, so points tell apart without hovering (reports cannot hover):
    // "b64 onednn" for a model, the backend for a GEMM.
    QString tag;
    // GPU variants asked for device time that have none measured sit at their end-to-end time;
    // the tooltip says so.
    bool deviceTime = false;
    bool deviceTimeMissing = false;
    double quality = 0;  // accuracy in % (models) or relative error (GEMMs)
    // Where the point sits along x: latencyMs, joulesPerItem or moneyPerMillionItems, by the
    // series' CostAxis.
    double cost = 0;
    std::optional<double> joulesPerItem;  // all the device drew, per item
    std::optional<double> joulesAboveIdlePerItem;
    std::optional<double> moneyPerMillionItems;  // median time x the device's hourly price
    std::string currency;
    std::optional<int64_t> weightBytes;
    double markerSize = 0;  // px
    // The machine's index among the runs shaped together (machines compared); absent otherwise.
    std::optional<size_t> machine;
};

class TradeOffSeries {
  public:
    // Marker diameters in px: the area grows with weight bytes (the diameter with their square
    // root), clamped so that a 100x smaller model stays visible and a big one covers no others.
    static constexpr double kMinMarker = 6;
    static constexpr double kMaxMarker = 22;

    TradeOffSeries() = default;
    // Shapes `run` (and `baseline` when two runs are compared) for one workload.
    TradeOffSeries(const RunData& run, const RunData* baseline, TradeOffWorkload workload,
                   GpuTime gpuTime, CostAxis axis = CostAxis::Latency);
    // Shapes the runs of several machines together, named `machines` (fleetRunsOf()), one each
    // in order: every machine's points in points(), a colour per machine (the markers still by
    // compression kind), and the frontier over them all: the best any machine offers.
    TradeOffSeries(const std::vector<RunDataPtr>& runs, std::vector<QString> machines,
                   TradeOffWorkload workload, GpuTime gpuTime, CostAxis axis = CostAxis::Latency);

    // Models when the run has an mlp variant to plot, else GEMMs.
    static TradeOffWorkload defaultWorkload(const RunData& run);
    // Models when any of the runs has an mlp variant to plot, else GEMMs.
    static TradeOffWorkload defaultWorkload(const std::vector<RunDataPtr>& runs);
    // True when a plottable variant of that workload exists in `run`.
    static bool hasPoints(const RunData& run, TradeOffWorkload workload);
    // True when some variant of the run has a GPU device time (the toggle means something).
    static bool hasDeviceTimes(const RunData& run);
    // True when some variant of the workload has that cost (energy measured, a price).
    static bool hasCost(const RunData& run, TradeOffWorkload workload, CostAxis axis);
    static bool belongsTo(const VariantSummaryRow& variant, TradeOffWorkload workload);
    // The point of a variant, or nothing when it is not plotted: not Ok, no median, no quality
    // of the workload's kind, or a value a log axis cannot show (<= 0).
    // With an energy or money axis, also when that cost is missing.
    static std::optional<TradeOffPoint> pointOf(const VariantSummaryRow& variant,
                                                TradeOffWorkload workload, GpuTime gpuTime,
                                                CostAxis axis = CostAxis::Latency);

    // Indices of the points on the Pareto frontier, by latency ascending (ties by index). A
    // point is off the frontier when another is no slower and no worse, and strictly better in
    // one of the two; identical points are both on it.
    static std::vector<size_t> paretoFrontier(const std::vector<double>& latency,
                                              const std::vector<double>& quality,
                                              bool higherIsBetter);
    // Diameter for `bytes` when the largest point has `largestBytes` (sqrt scale, clamped).
    static double markerSize(std::optional<int64_t> bytes, int64_t largestBytes);

    TradeOffWorkload workload() const { return workload_; }
    CostAxis axis() const { return axis_; }
    // The currency of the money axis ("" when none).
    const std::string& currency() const { return currency_; }
    // The variants of the workload left off for want of the axis's cost, and why (each distinct
    // energy note once); empty on the latency axis.
    int leftOut() const { return leftOut_; }
    const std::vector<std::string>& leftOutReasons() const { return leftOutReasons_; }
    GpuTime gpuTime() const { return gpuTime_; }
    // Accuracy: higher is better; relative error: lower is better.
    bool higherIsBetter() const { return workload_ == TradeOffWorkload::Models; }

    const std::vector<TradeOffPoint>& points() const { return points_; }
    const std::vector<TradeOffPoint>& baselinePoints() const { return baselinePoints_; }
    const std::vector<size_t>& frontier() const { return frontier_; }  // into points()
    // For each baseline point, the index of the candidate point of the same name, if plotted.
    const std::vector<std::optional<size_t>>& baselinePartner() const { return partner_; }
    // The devices and compression kinds present (candidate or baseline), for the legend.
    const std::vector<std::string>& devices() const { return devices_; }
    const std::vector<CompressionKind>& kinds() const { return kinds_; }
    // The (device, backend) pairs present, CPU first, and the batch sizes, ascending.
    const std::vector<std::pair<std::string, std::string>>& backends() const { return backends_; }
    const std::vector<int64_t>& batches() const { return batches_; }

    // The machines' names when several machines are shaped together; empty otherwise.
    const std::vector<QString>& machines() const { return machines_; }

    // A point's colour: a hue per device and backend (per machine when machines are shaped
    // together), lighter for smaller batches and darker for larger ones when the points have
    // several batch sizes; so points tell apart without their tags, which make way for each
    // other where points crowd.
    QColor colorOf(const TradeOffPoint& point) const;
    // The legend of those colours: "CPU · openblas" (or the machine) per hue, "batch 64" per
    // shade (in grey).
    std::vector<ColourKey> colourKeys() const;
    std::vector<ColourKey> shadeKeys() const;

  private:
    // What both constructors do once the points are in: sizes, the legend's lists, the
    // baseline's partners and the frontier. `runs`: the variants the axis may leave out.
    void shape(const std::vector<const RunData*>& runs);

    TradeOffWorkload workload_ = TradeOffWorkload::Models;
    GpuTime gpuTime_ = GpuTime::EndToEnd;
    CostAxis axis_ = CostAxis::Latency;
    std::string currency_;
    int leftOut_ = 0;
    std::vector<std::string> leftOutReasons_;
    std::vector<TradeOffPoint> points_;
    std::vector<TradeOffPoint> baselinePoints_;
    std::vector<size_t> frontier_;
    std::vector<std::optional<size_t>> partner_;
    std::vector<std::string> devices_;
    std::vector<CompressionKind> kinds_;
    std::vector<std::pair<std::string, std::string>> backends_;
    std::vector<int64_t> batches_;
    std::vector<QString> machines_;
};

}  // namespace costscope
