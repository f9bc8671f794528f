// What won, said first: per workload the fastest variant on each device with its speedup over
// the reference, what it costs in accuracy or error and what it weighs; where pruning pays; the
// fastest model within an accuracy loss the reader sets; for two runs, how many variants got
// faster or slower and the largest changes; and every warning the runs carry, once each, counted.
// The reports' first section and the trade-off tab's banner both read it.
#pragma once

#include <QString>
#include <QStringList>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/core/RunData.h"

namespace costscope {

struct RunComparison;

// The accuracy loss, in percentage points, within which the headline looks for the fastest model.
inline constexpr double kDefaultAccuracyLoss = 1.0;

// One variant put forward by the headline, against its speedup reference.
struct HeadlineEntry {
    const VariantSummaryRow* variant = nullptr;    // points into the run's rows
    const VariantSummaryRow* reference = nullptr;  // speedupReference(); null: none measured
    std::optional<double> speedup;                 // reference median / variant median
    // The model's accuracy change in points (negative: lost), or the GEMM's relative error.
    std::optional<double> accuracyPoints;
    std::optional<double> approxError;
};

struct HeadlineWorkload {
    QString workload;                       // "GEMM 1024×1024×1024", "mlp b64"
    std::vector<HeadlineEntry> fastest;     // one per device, in the order devices first appear
    std::vector<HeadlineEntry> withinLoss;  // mlp: per device, the fastest within the loss
    QStringList pruning;                    // "cpu · openblas: pays from 90 % (…)"
};

// A group of variants left out for one reason, the reason written once.
struct ReasonGroup {
    VariantStatus status = VariantStatus::Skipped;
    QString reason;
    QStringList variants;  // in recording order
};

struct Headline {
    double accuracyLoss = kDefaultAccuracyLoss;  // points
    std::vector<HeadlineWorkload> workloads;     // in the order their first variant was recorded
    QStringList comparison;  // two runs: the verdict counts, then the largest changes
    QStringList warnings;    // each kind once, in words, with its count
};

// The headline of `run`; with `comparison` (whose candidate is `run`), the comparison's lines and
// the baseline's warnings too.
Headline makeHeadline(const RunData& run, const RunComparison* comparison = nullptr,
                      double accuracyLoss = kDefaultAccuracyLoss);

// The skipped and failed variants of a run, grouped by status and reason, in recording order.
std::vector<ReasonGroup> reasonGroups(const RunData& run);

// An accuracy change in percentage points, signed: "+0.42 points", "−1.89 points".
QString formatPointsChange(double points);

// One entry as a sentence: "gemm/int8/onednn/cpu/1024: 2.61× the fastest dense FP32
// (gemm/fp32/onednn/cpu/1024), relative error 3.1e-03, weights 1.00 MiB against 4.00 MiB".
QString describe(const HeadlineEntry& entry);

// A device's details (a JSON object: cores, ISA flags, library versions ...) as key -> value,
// arrays joined with spaces; nullopt when the text is not a JSON object.
std::optional<std::map<QString, QString>> deviceDetails(const std::string& details);

// What the run's settings were when they differ between two runs, as "omp_threads 1 vs 2".
struct SettingDiff {
    QString setting;   // "CPU · omp_threads", "suite", "GPU · peak FP32 (GFLOP/s)"
    QString baseline;  // as recorded; "—" when absent
    QString candidate;
    std::optional<double> ratio;  // candidate / baseline, for numbers
};

// Everything in the two runs' machine and environment records that differs: the run's settings
// (suite, rounds, timing, recorder version, host), and per device kind its name, details (threads,
// library versions, kernel families chosen ...) and measured ceilings.
std::vector<SettingDiff> settingDiffs(const RunData& baseline, const RunData& candidate);

// Titles that tell two runs apart: their labels, with the first settings that differ added when
// the labels alone would read alike ("quick #1 · vm · 2026-12-02 10:05 · omp_threads 1").
std::pair<QString, QString> distinctLabels(const RunData& baseline, const RunData& candidate);

}  // namespace costscope
