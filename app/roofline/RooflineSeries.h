// The roofline's data, shaped without drawing: each device's measured roofs (memory and one per
// precision), their ridge points, and one point per variant at its arithmetic intensity.
#pragma once

#include <QString>
#include <QStringList>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/charts/ChartStyle.h"
#include "app/core/RunData.h"

namespace costscope {

// One compute roof: the precisions measured at this rate (equal rates share a line and a label).
struct RoofCeiling {
    QStringList precisions;  // "fp32", or "peak" when only the FP32 peak was measured
    double gflops = 0;       // GFLOP/s (integer precisions: GOP/s)
    // FLOP/byte where the memory roof meets this one; absent without a measured bandwidth.
    std::optional<double> ridgeIntensity;
    QString label;  // "fp32 190 GFLOP/s", "fp16, bf16 700 TFLOP/s", "fp8 1300 TFLOP/s · int8 1300
                    // TOP/s"
};

struct RoofDevice {
    std::string kind;  // "cpu", "gpu"
    QString name;
    std::optional<double> bandwidthGBs;  // the memory roof's slope
    std::vector<RoofCeiling> compute;    // highest first
    // Where the memory roof ends: the ridge of the highest compute roof.
    std::optional<double> topRidge() const;
};

// The bytes a call moves at least once, as the roofline counts them.
struct BytesMoved {
    double weights = 0;             // the stored weight operand (weight_bytes), in its own format
    double input = 0;               // X: k*n*batch elements of the variant's precision
    double output = 0;              // C: m*n*batch FP32 values
    bool weightsEstimated = false;  // weight_bytes not stored: m*k elements assumed
    double total() const { return weights + input + output; }
};

struct RoofPoint {
    QString name;
    std::string device;
    std::string backend;
    std::string precision;
    std::string structure;
    CompressionKind kind = CompressionKind::Dense;
    double flops = 0;  // the work a call does (actualFlops(): non-zeros only for sparse weights)
    BytesMoved bytes;
    double intensity = 0;     // FLOP/byte
    double gflops = 0;        // that work per second: GFLOP/s (GOP/s for integer precisions)
    bool deviceRate = false;  // GPU: at the kernel-time median, as the ceilings were measured
    // The roof above the point: min(compute roof of its precision, bandwidth * intensity).
    std::optional<double> roofGflops;
    QString roofName;        // which compute roof: "fp32", "peak" ...
    bool aboveRoof = false;  // faster than measured: drawn anyway, flagged in the tooltip
    // Where energy was measured: the work of a call per joule it drew (GFLOP/J, which is GFLOP/s
    // per watt), in all and above the device's idle power.
    std::optional<double> gflopsPerWatt;
    std::optional<double> gflopsPerWattAboveIdle;
};

class RooflineSeries {
  public:
    RooflineSeries() = default;
    // Shapes `run` (and `baseline` when two runs are compared).
    RooflineSeries(const RunData& run, const RunData* baseline);

    // Bytes of one element of X in that precision (tf32 is stored as fp32): 4, 2 or 1.
    static double bytesPerElement(const std::string& precision);
    static BytesMoved bytesMoved(const VariantSummaryRow& variant);
    // flops / bytes moved, FLOP/byte; absent when either is not positive.
    static std::optional<double> arithmeticIntensity(const VariantSummaryRow& variant);
    // GFLOP/s to plot: a GPU variant's device rate when measured (the ceilings are kernel-only
    // rates), else the end-to-end rate. Absent when not measured.
    static std::optional<double> performance(const VariantSummaryRow& variant,
                                             bool* deviceRate = nullptr);
    // Compute / bandwidth: GFLOP/s over GB/s is FLOP/byte.
    static double ridgeIntensity(double computeGflops, double bandwidthGBs);
    // The attainable rate at `intensity`: min(compute, bandwidth * intensity).
    static double attainable(double intensity, double computeGflops,
                             std::optional<double> bandwidthGBs);
    static RoofDevice roofOf(const DeviceRow& device);
    // A variant's point, or nothing: not Ok, or no rate or intensity to place it by. `device`
    // (may be null) gives the roof it is checked against.
    static std::optional<RoofPoint> pointOf(const VariantSummaryRow& variant,
                                            const RoofDevice* device);

    const std::vector<RoofDevice>& devices() const { return devices_; }
    // Baseline roofs that differ from the candidate's (another machine); the same roofs are
    // not drawn twice.
    const std::vector<RoofDevice>& baselineDevices() const { return baselineDevices_; }
    const std::vector<RoofPoint>& points() const { return points_; }
    const std::vector<RoofPoint>& baselinePoints() const { return baselinePoints_; }
    // For each baseline point, the index of the candidate point of the same name, if plotted.
    const std::vector<std::optional<size_t>>& baselinePartner() const { return partner_; }
    // Devices (points or roofs) and compression kinds present, for the legend.
    const std::vector<std::string>& deviceKinds() const { return deviceKinds_; }
    const std::vector<CompressionKind>& kinds() const { return kinds_; }
    // The axes' extent: every point and every ridge with room around; (0, 0) when empty.
    std::pair<double, double> intensityRange() const { return intensityRange_; }
    std::pair<double, double> performanceRange() const { return performanceRange_; }
    bool empty() const { return points_.empty() && baselinePoints_.empty(); }

  private:
    std::vector<RoofDevice> devices_;
    std::vector<RoofDevice> baselineDevices_;
    std::vector<RoofPoint> points_;
    std::vector<RoofPoint> baselinePoints_;
    std::vector<std::optional<size_t>> partner_;
    std::vector<std::string> deviceKinds_;
    std::vector<CompressionKind> kinds_;
    std::pair<double, double> intensityRange_{0, 0};
    std::pair<double, double> performanceRange_{0, 0};
};

}  // namespace costscope
