// The Compare chart's data: one group of bars per workload, one bar per variant, for one metric;
// a run alone, over its baseline, or the runs of several machines side by side.
#pragma once

#include <QString>
#include <QStringList>
#include <optional>
#include <string>
#include <vector>

#include "app/core/RunData.h"

namespace costscope {

// What the bars measure. GPU variants get a second, device-side bar for latency, GFLOP/s and
// speedup (CUPTI's kernel time beside the end-to-end time) and for peak memory (device memory
// beside host memory); every variant gets a second bar for energy (the part above idle) and money
// (the energy's part).
enum class CompareMetric {
    Latency,     // median ms per call, with p5..p95
    Gflops,      // dense-equivalent GFLOP/s at the median
    WeightMiB,   // the stored weight in its format
    PeakMemory,  // host peak_mem_bytes; GPU variants also peak_device_mem_bytes
    Speedup,     // reference median / variant median
    Energy,      // joules per call, all the device drew; second bar: above its idle power
    Money,       // the price list's currency per million calls, the machine busy; second bar:
                 // the energy alone at the price of a kWh (the legend names the second bars)
    Count
};

// One figure of a bar with its spread, in the metric's unit.
struct CompareValue {
    double value = 0;
    std::optional<double> low;   // p5 side (latency: p5; GFLOP/s: at p95)
    std::optional<double> high;  // p95 side
};

// One machine's figures of a variant, when machines are compared.
struct CompareMachineFigures {
    std::optional<CompareValue> value;        // end to end / host
    std::optional<CompareValue> deviceValue;  // GPU device time / device memory
};

// One variant of a group: its end-to-end (host) figure and, for GPU variants, its device figure;
// the same variant's figures in the baseline run when two runs are compared.
struct CompareBar {
    std::string variant;  // the recording's name, for the selection
    QString label;        // "fp32 openblas cpu", "csr90 librsb cpu", "int8 cublaslt gpu"
    std::string device;
    std::optional<CompareValue> value;        // end to end / host
    std::optional<CompareValue> deviceValue;  // GPU device time / device memory
    std::optional<CompareValue> baselineValue;
    std::optional<CompareValue> baselineDeviceValue;
    bool isReference = false;  // Speedup: this variant is its own reference (on every machine)
    std::string reference;     // Speedup: the variant its speedup divides by (the first run's)
    // Machines compared: one entry per machine, in order (value and deviceValue then unset).
    std::vector<CompareMachineFigures> machines;
};

// A variant not drawn, and why: skipped, failed, or the metric was not measured.
struct CompareMissing {
    std::string variant;
    QString why;
};

// What variants of one workload share apart from how they compute it: the GEMM shape
// (all of gemm, pruned and quantized), or the mlp batch.
struct CompareGroup {
    QString title;  // "GEMM 1024×1024×1024", "mlp b1024"
    std::vector<CompareBar> bars;
    std::vector<CompareMissing> missing;
    // Speedup: the variant the user chose to divide by; empty when each bar divides by the
    // fastest dense FP32 variant of the workload on its own device (speedupReference()).
    std::string reference;
};

class CompareSeries {
  public:
    // Shapes `run` (and `baseline`, when given) for `metric`. `reference` names the variant the
    // speedup divides by in its own group; other groups, and an empty or unknown name, divide
    // each bar by speedupReference() (profiler/analysis/Workload.h), the reference every view,
    // report and the recorder use.
    CompareSeries(const RunData& run, const RunData* baseline, CompareMetric metric,
                  const std::string& reference = {});
    // Shapes the runs of several machines, named `machines` (fleetRunsOf()), one each in order:
    // a row per variant any of them has, with every machine's figures in CompareBar::machines.
    // Each machine's speedups divide by its own run's reference; money in another currency
    // than the first run's is left out, said so.
    CompareSeries(const std::vector<RunDataPtr>& runs, std::vector<QString> machines,
                  CompareMetric metric, const std::string& reference = {});

    CompareMetric metric() const { return metric_; }
    // Groups in the order their first variant was recorded; bars CPU first, then GPU, each in
    // recording order.
    const std::vector<CompareGroup>& groups() const { return groups_; }
    // Keeps only the groups titled in `titles` (a report splits a long chart into several).
    void keepGroups(const QStringList& titles);
    // Bars drawn in all groups (a bar with a device figure counts once).
    int barCount() const;
    // The machines' names when machines are compared; empty otherwise.
    const std::vector<QString>& machines() const { return machines_; }
    // Whether any bar has a device figure, and any a baseline figure.
    bool hasDeviceValues() const;
    bool hasBaselineValues() const;

    // The workload a variant belongs to, as the group's title.
    static QString workloadOf(const VariantSummaryRow& variant);
    // How a bar is labelled: what the variant does, its backend and device.
    static QString shortLabel(const VariantSummaryRow& variant);
    // "Latency", "GFLOP/s", ... for the selector; the value axis with its unit.
    static QString metricName(CompareMetric metric);
    // Money's label names the currency: `currency` is the run's (currency()).
    static QString axisLabel(CompareMetric metric, const QString& currency = {});
    // What the two bars mean where a variant has two, and whether CPU variants have them too.
    static QString hostPartName(CompareMetric metric);    // "end to end", "host"
    static QString devicePartName(CompareMetric metric);  // "device time", "device memory"
    static bool secondBarOnEveryDevice(CompareMetric metric);

    // The run's price list currency ("USD"), empty without prices.
    const QString& currency() const { return currency_; }
    // Why the first timed variant without a figure for the metric has none; empty when all
    // have one.
    const QString& firstNotMeasured() const { return firstNotMeasured_; }

  private:
    CompareMetric metric_;
    QString currency_;
    QString firstNotMeasured_;
    std::vector<CompareGroup> groups_;
    std::vector<QString> machines_;
};

}  // namespace costscope
