// makeReportDocument(): runs, devices, summaries, the comparison and the charts, as text cells.
#include "app/report/ReportDocument.h"

#include <QDateTime>
#include <QFileInfo>
#include <QLayout>
#include <QLocale>
#include <algorithm>
#include <cmath>

#include "app/ChartViews.h"
#include "app/comparison/RunComparison.h"
#include "app/core/Format.h"
#include "app/core/VariantSelection.h"
#include "app/headline/Headline.h"
#include "app/report/FleetReport.h"
#include "profiler/analysis/Workload.h"

using namespace Qt::StringLiterals;

namespace costscope {

void ReportTable::addRow(const std::vector<ReportCell>& cells, RowTone tone) {
    QStringList text;
    QStringList csv;
    for (const ReportCell& cell : cells) {
        text << cell.text;
        csv << cell.csv;
    }
    rows.push_back(std::move(text));
    csvRows.push_back(std::move(csv));
    tones.push_back(tone);
}

namespace {

// Kernels listed per run; the rest are counted in a sentence.
constexpr size_t kTopKernels = 15;

QString text(const std::string& value) {
    return QString::fromStdString(value);
}

QString decimal(const std::optional<double>& value) {
    return value ? formatDecimal(*value) : QString();
}

// A number shown with four significant digits, written to CSV exactly.
ReportCell number(const std::optional<double>& value, double scale = 1.0) {
    if (!value) {
        return ReportCell(QString());
    }
    return ReportCell(formatDecimal(*value * scale), formatExact(*value * scale));
}

// An error: three significant digits shown, an exponent when tiny; exact in CSV.
ReportCell small(const std::optional<double>& value) {
    if (!value) {
        return ReportCell(QString());
    }
    return ReportCell(formatNumber(*value), formatExact(*value));
}

// Bytes in MiB: two decimals shown, exact in CSV.
ReportCell mebibytes(const std::optional<int64_t>& bytes) {
    if (!bytes) {
        return ReportCell(QString());
    }
    const double mib = double(*bytes) / (1024.0 * 1024.0);
    return ReportCell(QString::number(mib, 'f', 2), formatExact(mib));
}

// A ratio: three decimals shown, exact in CSV.
ReportCell ratio(const std::optional<double>& value) {
    if (!value) {
        return ReportCell(QString());
    }
    return ReportCell(formatRatio(*value), formatExact(*value));
}

QString dateOf(int64_t unixNs) {
    return QDateTime::fromMSecsSinceEpoch(unixNs / 1'000'000).toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

std::vector<ReportFact> factsOf(const RunData& data) {
    const RunRow& run = data.run;
    int ok = 0;
    int skipped = 0;
    int failed = 0;
    for (const VariantSummaryRow& variant : data.variants) {
        (variant.status == VariantStatus::Ok        ? ok
         : variant.status == VariantStatus::Skipped ? skipped
                                                    : failed)++;
    }
    std::vector<ReportFact> facts = {
        {u"File"_s, QFileInfo(text(data.path)).absoluteFilePath()},
        {u"Run"_s, QString::number(run.id)},
        {u"Suite"_s, text(run.info.suite)},
        {u"Status"_s, QString::fromLatin1(toString(run.state)) +
                          (run.note.empty() ? QString() : u" — "_s + text(run.note))},
        {u"Host"_s, text(run.info.host)},
        {u"Started"_s, dateOf(run.info.startedUnixNs)},
        {u"Ended"_s, run.endedUnixNs ? dateOf(*run.endedUnixNs) : u"—"_s},
        {u"Variants"_s, QString::number(ok) + u" measured, "_s + QString::number(skipped) +
                            u" skipped, "_s + QString::number(failed) + u" failed"_s},
        {u"Timing"_s,
         data.imported
             ? u"as profiled: each instance of an NVTX range (or, without any, of a kernel) is "
               u"one sample"_s
             : u"warm-up "_s + QString::number(run.info.warmup) + u", at least "_s +
                   QString::number(run.info.minIterations) + u" iterations and "_s +
                   QString::number(run.info.minTimeS, 'g', 4) + u" s per variant"_s},
        {u"Recorder"_s, data.imported
                            ? text(data.format)
                            : u"costscope "_s + text(run.info.version) + u", file format "_s +
                                  QString::number(data.schemaVersion)},
        {u"Command"_s, text(run.info.commandLine)},
    };
    if (run.collector) {
        facts.push_back(
            {u"GPU activity"_s,
             (run.collector->enabled ? u"collected with CUPTI"_s : u"not collected"_s) +
                 (run.collector->note.empty() ? QString() : u": "_s + text(run.collector->note))});
    }
    return facts;
}

// A device's details (a JSON object: cores, ISA flags, library versions) as "key: value" pairs;
// the text as stored when it is not an object.
QString readableDetails(const std::string& details) {
    const auto fields = deviceDetails(details);
    if (!fields) {
        return text(details);
    }
    QStringList pairs;
    for (const auto& [key, value] : *fields) {
        pairs << key + u": "_s + value;
    }
    return pairs.join(u"; "_s);
}

ReportTable devicesOf(const RunData& data, const QString& role) {
    ReportTable table;
    table.key = u"devices"_s;
    table.run = role;
    table.headers = {u"Kind"_s,
                     u"Name"_s,
                     u"Peak FP32 (GFLOP/s)"_s,
                     u"Memory bandwidth (GB/s)"_s,
                     u"Ceilings per precision (GFLOP/s or GOP/s)"_s,
                     u"Properties"_s,
                     u"Ceilings measured by"_s};
    table.numeric = {false, false, true, true, false, false, false};
    for (const DeviceRow& device : data.devices) {
        const DeviceInfo& info = device.info;
        QStringList ceilings;
        for (const PrecisionCeiling& ceiling : info.precisionCeilings) {
            ceilings << text(ceiling.precision) + u" "_s + decimal(ceiling.gflops);
        }
        QString properties = readableDetails(info.details);
        if (info.gpuTarget) {
            const GpuTarget& gpu = *info.gpuTarget;
            properties =
                QString::number(gpu.smCount) + u" SMs, "_s +
                QString::number(double(gpu.totalMemory) / double(int64_t(1) << 30), 'f', 1) +
                u" GiB, compute capability "_s + QString::number(gpu.computeMajor) + u"."_s +
                QString::number(gpu.computeMinor) + u", "_s +
                QString::number(double(gpu.clockRate) / 1e9, 'f', 2) + u" GHz"_s;
        }
        table.addRow({text(info.kind), text(info.name), decimal(info.peakGflops),
                      decimal(info.memBandwidthGBs), ceilings.join(u", "_s), properties,
                      text(info.ceilingsMethod)});
    }
    return table;
}

// The measured variants with every figure the README promises. The GPU columns and device
// memory only when some variant has them, so a CPU-only run's table stays narrow enough to print.
ReportTable summaryOf(const RunData& data, const QString& role) {
    bool gpu = false;
    bool accuracy = false;
    bool energy = false;  // the run measured energy (for some variant, or said why not)
    bool cost = false;
    QStringList energyNotes;  // why energy is missing or doubtful, each reason once
    for (const VariantSummaryRow& variant : data.variants) {
        gpu = gpu || variant.deviceMedianMs || variant.peakDeviceMemBytes;
        accuracy = accuracy || variant.accuracy;
        if (variant.status != VariantStatus::Ok) {
            continue;
        }
        energy = energy || variant.joulesPerCall || !variant.energyNote.empty();
        cost = cost || variant.costPerMillionCalls;
        const QString note = text(variant.energyNote);
        if (!note.isEmpty() && !energyNotes.contains(note)) {
            energyNotes << note;
        }
    }
    ReportTable table;
    table.key = u"summary"_s;
    table.run = role;
    table.caption =
        u"GFLOP/s are dense-equivalent: the operations the same product costs dense, "
        u"over the median time."_s;
    table.headers = {u"Variant"_s,      u"Device"_s,        u"Median (ms)"_s,
                     u"p5 (ms)"_s,      u"p95 (ms)"_s,      u"CV (%)"_s,
                     u"Samples"_s,      u"Rounds"_s,        u"Noise"_s,
                     u"GFLOP/s"_s,      u"Weights (MiB)"_s, u"Peak memory (MiB)"_s,
                     u"Kernel error"_s, u"Approx. error"_s};
    table.numeric = {false, false, true, true, true, true, true,
                     true,  false, true, true, true, true, true};
    if (accuracy) {
        table.headers << u"Accuracy (%)"_s;
        table.numeric.push_back(true);
    }
    if (gpu) {
        table.headers << u"GPU time (ms)"_s << u"Peak device memory (MiB)"_s;
        table.numeric.insert(table.numeric.end(), {true, true});
    }
    if (energy) {
        table.headers << u"Energy (J/call)"_s << u"Above idle (J/call)"_s << u"Power (W)"_s;
        table.numeric.insert(table.numeric.end(), {true, true, true});
        table.caption +=
            u" Energy is what the device drew over a window of a second or more, "
            u"from its own counter (RAPL, NVML); above idle, less its idle power."_s;
        if (!energyNotes.isEmpty()) {
            table.caption +=
                u" Not measured, or to be read with care: "_s + energyNotes.join(u"; "_s) + u'.';
        }
    }
    if (cost) {
        table.headers << data.currency() + u" per 1M calls"_s;
        table.numeric.push_back(true);
        table.caption +=
            u" The price of a million calls is the median call's share of the "
            u"device's hourly price, with the machine busy all the time it is paid "
            u"for."_s;
    }
    for (const VariantSummaryRow& variant : data.variants) {
        if (variant.status != VariantStatus::Ok) {
            continue;
        }
        QStringList noise;
        if (variant.noisy.value_or(false)) {
            noise << u"noisy"_s;
        }
        if (variant.roundsDisagree.value_or(false)) {
            noise << (variant.roundSpread
                          ? u"rounds "_s + formatPercent(*variant.roundSpread, 0) + u" apart"_s
                          : u"rounds disagree"_s);
        }
        std::vector<ReportCell> cells = {
            text(variant.name),
            text(variant.device),
            number(variant.medianMs),
            number(variant.p5Ms),
            number(variant.p95Ms),
            number(variant.cv, 100.0),
            ReportCell(QString::number(variant.iterations)),
            ReportCell(QString::number(variant.rounds)),
            ReportCell(noise.join(u", "_s)),
            number(variant.gflops),
            mebibytes(variant.weightBytes),
            mebibytes(variant.peakMemBytes),
            small(variant.kernelError),
            variant.family == "mlp" ? ReportCell(QString()) : small(variant.approxError)};
        if (accuracy) {
            cells.push_back(number(variant.accuracy, 100.0));
        }
        if (gpu) {
            cells.push_back(number(variant.deviceMedianMs));
            cells.push_back(mebibytes(variant.peakDeviceMemBytes));
        }
        if (energy) {
            cells.push_back(number(variant.joulesPerCall));
            cells.push_back(number(variant.joulesAboveIdle));
            cells.push_back(number(variant.watts));
        }
        if (cost) {
            cells.push_back(number(variant.costPerMillionCalls));
        }
        table.addRow(cells, noise.isEmpty() ? RowTone::Neutral : RowTone::Muted);
    }
    return table;
}

// The skipped and failed variants: each distinct reason once, with the variants it applies to.
ReportTable leftOutOf(const RunData& data, const QString& role) {
    ReportTable table;
    table.key = u"left out"_s;
    table.run = role;
    table.headers = {u"Status"_s, u"Reason"_s, u"Variants"_s};
    table.numeric = {false, false, false};
    for (const ReasonGroup& group : reasonGroups(data)) {
        table.addRow({QString::fromLatin1(toString(group.status)), group.reason,
                      QString(QString::number(group.variants.size()) + u": "_s +
                              group.variants.join(u", "_s))},
                     group.status == VariantStatus::Failed ? RowTone::Worse : RowTone::Muted);
    }
    return table;
}

// What differs between the two runs' machines and settings.
ReportTable differencesOf(const RunData& baseline, const RunData& candidate) {
    ReportTable table;
    table.key = u"differences"_s;
    table.headers = {u"Setting"_s, u"Baseline"_s, u"Candidate"_s, u"Candidate / baseline"_s};
    table.numeric = {false, false, false, true};
    for (const SettingDiff& diff : settingDiffs(baseline, candidate)) {
        table.addRow({diff.setting, diff.baseline, diff.candidate, ratio(diff.ratio)});
    }
    return table;
}

ReportHeadline headlineOf(const Headline& headline) {
    ReportHeadline out;
    out.comparison = headline.comparison;
    out.accuracyLoss = formatNumber(headline.accuracyLoss) +
                       (headline.accuracyLoss == 1.0 ? u" point"_s : u" points"_s);
    ReportTable& table = out.winners;
    table.key = u"headline"_s;
    table.caption = u"The fastest variant of each workload on each device. Speedup: over "_s +
                    QString::fromLatin1(kSpeedupReferenceText) + u"."_s;
    table.headers = {u"Workload"_s,      u"Device"_s,        u"Fastest"_s,
                     u"Median (ms)"_s,   u"Speedup"_s,       u"Accuracy change (points)"_s,
                     u"Approx. error"_s, u"Weights (MiB)"_s, u"Peak memory (MiB)"_s};
    table.numeric = {false, false, false, true, true, true, true, true, true};
    for (const HeadlineWorkload& workload : headline.workloads) {
        for (const HeadlineEntry& entry : workload.fastest) {
            const VariantSummaryRow& variant = *entry.variant;
            const std::optional<int64_t> peak =
                variant.peakDeviceMemBytes ? variant.peakDeviceMemBytes : variant.peakMemBytes;
            table.addRow({workload.workload, text(variant.device), text(variant.name),
                          number(variant.medianMs),
                          entry.speedup
                              ? ReportCell(formatTimes(*entry.speedup), formatExact(*entry.speedup))
                              : ReportCell(u"no reference"_s, QString()),
                          number(entry.accuracyPoints), small(entry.approxError),
                          mebibytes(variant.weightBytes), mebibytes(peak)});
        }
        for (const HeadlineEntry& entry : workload.withinLoss) {
            out.withinLoss << workload.workload + u" on "_s + text(entry.variant->device) +
                                  u": "_s + describe(entry);
        }
        for (const QString& line : workload.pruning) {
            out.pruning << workload.workload + u" · "_s + line;
        }
    }
    return out;
}

ReportTable kernelsOf(const RunData& data, const QString& role, QString& note) {
    ReportTable table;
    table.key = u"kernels"_s;
    table.run = role;
    table.headers = {u"Kernel"_s,       u"Instances"_s,   u"Total (ms)"_s,
                     u"Average (µs)"_s, u"Median (µs)"_s, u"Min (µs)"_s,
                     u"Max (µs)"_s,     u"StdDev (µs)"_s, u"GPU time (%)"_s};
    table.numeric = {false, true, true, true, true, true, true, true, true};
    for (size_t i = 0; i < data.kernels.size() && i < kTopKernels; ++i) {
        const KernelSummaryRow& kernel = data.kernels[i];
        table.addRow({text(kernel.name), QString::number(kernel.instances),
                      decimal(double(kernel.totalNs) / 1e6), decimal(kernel.avgNs / 1e3),
                      decimal(kernel.medianNs / 1e3), decimal(double(kernel.minNs) / 1e3),
                      decimal(double(kernel.maxNs) / 1e3), decimal(kernel.stddevNs / 1e3),
                      decimal(kernel.percent)});
    }
    if (data.kernels.empty()) {
        note =
            u"No GPU kernels were recorded in this run (no GPU variant ran, or GPU activity "
            u"was not collected)."_s;
    } else if (data.kernels.size() > kTopKernels) {
        note = u"The "_s + QString::number(kTopKernels) + u" kernels with the most GPU time of "_s +
               QString::number(data.kernels.size()) + u"."_s;
    }
    return table;
}

ReportTable copiesOf(const RunData& data, const QString& role) {
    ReportTable table;
    table.key = u"copies"_s;
    table.run = role;
    table.caption =
        u"Copies by direction, and memsets, on the GPU (as nsys stats' "
        u"cuda_gpu_mem_time_sum and cuda_gpu_mem_size_sum)."_s;
    table.headers = {u"Operation"_s,   u"Count"_s,    u"Total (MB)"_s,      u"Average (MB)"_s,
                     u"Median (MB)"_s, u"Max (MB)"_s, u"Total time (ms)"_s, u"Time (%)"_s};
    table.numeric = {false, true, true, true, true, true, true, true};
    for (const CopySummaryRow& copy : data.copies) {
        table.addRow({text(copy.operation), QString::number(copy.count),
                      decimal(double(copy.totalBytes) / 1e6), decimal(copy.avgBytes / 1e6),
                      decimal(copy.medianBytes / 1e6), decimal(double(copy.maxBytes) / 1e6),
                      decimal(double(copy.totalNs) / 1e6), decimal(copy.percent)});
    }
    return table;
}

}  // namespace

ReportRun makeReportRun(const RunData& data, const QString& role, const QString& label) {
    ReportRun run;
    run.role = role;
    run.label = label;
    run.facts = factsOf(data);
    run.suiteJson = text(data.run.info.suiteJson);
    const QString key = role.toLower();
    run.devices = devicesOf(data, key);
    run.summary = summaryOf(data, key);
    run.leftOut = leftOutOf(data, key);
    run.kernels = kernelsOf(data, key, run.kernelsNote);
    run.copies = copiesOf(data, key);
    return run;
}

namespace {

RowTone toneOf(DiffVerdict verdict) {
    switch (verdict) {
        case DiffVerdict::Faster:
            return RowTone::Better;
        case DiffVerdict::Slower:
            return RowTone::Worse;
        case DiffVerdict::Same:
        case DiffVerdict::Inconclusive:
            return RowTone::Neutral;
        default:
            return RowTone::Muted;
    }
}

// A time's ratio, its interval, p-value and verdict: the comparison table's cells for it.
std::vector<ReportCell> timeCells(const TimeDiff& time) {
    const auto end = [&](double RatioInterval::*field) -> std::optional<double> {
        return time.interval ? std::optional<double>((*time.interval).*field) : std::nullopt;
    };
    return {ratio(time.ratio()), ratio(end(&RatioInterval::low)), ratio(end(&RatioInterval::high)),
            time.pValue ? ReportCell(formatPValue(*time.pValue)) : ReportCell(u"—"_s),
            toString(time.verdict)};
}

void addComparison(ReportDocument& document, const RunComparison& comparison) {
    const bool device = comparison.hasDeviceTimes();
    ReportTable& table = document.comparison;
    table.key = u"comparison"_s;
    table.headers = {u"Variant"_s,   u"Baseline (ms)"_s, u"Candidate (ms)"_s, u"Ratio"_s,
                     u"95 % from"_s, u"95 % to"_s,       u"p-value"_s,        u"Verdict"_s};
    table.numeric = {false, true, true, true, true, true, true, false};
    if (device) {
        table.headers << u"GPU baseline (ms)"_s << u"GPU candidate (ms)"_s << u"GPU ratio"_s
                      << u"GPU 95 % from"_s << u"GPU 95 % to"_s << u"GPU p-value"_s
                      << u"GPU verdict"_s;
        table.numeric.insert(table.numeric.end(), {true, true, true, true, true, true, false});
    }
    const bool energy = comparison.hasEnergy();
    QStringList energyNotes;  // why a side has no energy figure, each reason once
    if (energy) {
        table.headers << u"Baseline (J/call)"_s << u"Candidate (J/call)"_s << u"Energy ratio"_s;
        table.numeric.insert(table.numeric.end(), {true, true, true});
    }
    // An imported profile's instances and totals: where the program spends its time.
    const bool imported = comparison.hasImported();
    if (imported) {
        table.headers << u"Baseline count"_s << u"Candidate count"_s << u"Baseline total (ms)"_s
                      << u"Candidate total (ms)"_s;
        table.numeric.insert(table.numeric.end(), {true, true, true, true});
    }
    for (const VariantDiff& diff : comparison.diffs) {
        std::vector<ReportCell> cells = {text(diff.name), number(diff.time.baselineMs),
                                         number(diff.time.candidateMs)};
        const auto time = timeCells(diff.time);
        cells.insert(cells.end(), time.begin(), time.end());
        if (device) {
            const bool measured = diff.device.baselineMs || diff.device.candidateMs;
            cells.push_back(number(diff.device.baselineMs));
            cells.push_back(number(diff.device.candidateMs));
            auto gpu = timeCells(diff.device);
            if (!measured)
                gpu.back() = ReportCell(QString());
            cells.insert(cells.end(), gpu.begin(), gpu.end());
        }
        if (energy) {
            cells.push_back(number(diff.energy.baselineJ));
            cells.push_back(number(diff.energy.candidateJ));
            cells.push_back(ratio(diff.energy.ratio()));
            // Skipped and failed variants say why in the summaries; here the runs' reasons.
            const bool timed = diff.baseline && diff.candidate &&
                               diff.baseline->status == VariantStatus::Ok &&
                               diff.candidate->status == VariantStatus::Ok;
            if (timed && !diff.energy.whyNot.isEmpty() &&
                !energyNotes.contains(diff.energy.whyNot)) {
                energyNotes << diff.energy.whyNot;
            }
        }
        if (imported) {
            const auto whole = [](const std::optional<int64_t>& value) {
                return value ? ReportCell(QString::number(*value)) : ReportCell(u"—"_s);
            };
            cells.push_back(whole(diff.totals.baselineCount));
            cells.push_back(whole(diff.totals.candidateCount));
            cells.push_back(number(diff.totals.baselineTotalMs));
            cells.push_back(number(diff.totals.candidateTotalMs));
        }
        table.addRow(cells, toneOf(diff.time.verdict));
    }
    document.comparisonNote =
        u"Ratio = candidate median / baseline median (below 1: the candidate is faster), with "
        u"its 95 % confidence interval from the spread of each run's rounds (blocks of "
        u"consecutive samples for runs of fewer than three rounds). Faster or slower when the "
        u"interval lies wholly outside ±"_s +
        QString::number(comparison.equivalence * 100, 'g', 3) +
        u" % (the band of practical equivalence), same when wholly inside it, inconclusive "
        u"otherwise. The p-value (two-sided Mann-Whitney U on every sample) is shown for "
        u"reference: with hundreds of correlated samples it calls tiny changes significant. "_s +
        comparison.summary() + u'.';
    if (energy) {
        document.comparisonNote +=
            u" Energy ratio = candidate / baseline energy per call, all the device drew over one "
            u"window of its counter per run: no interval, so no verdict."_s;
        if (!energyNotes.isEmpty()) {
            document.comparisonNote +=
                u" Energy not measured: "_s + energyNotes.join(u"; "_s) + u'.';
        }
    }
}

std::vector<ReportChart> renderCharts(const ReportInput& input) {
    std::vector<ReportChart> charts;
    VariantSelection selection;
    const ViewInput viewInput{input.candidate, input.baseline, input.machines};
    const std::vector<ReportChartView> views = makeReportChartViews(&selection, viewInput);
    // Every view gets its input first, so that those reading off the GUI thread (the timeline)
    // load while the others draw.
    for (const ReportChartView& chart : views) {
        prepareReportChart(*chart.view);
        chart.view->setInput(viewInput);
    }
    for (const ReportChartView& chart : views) {
        chart.view->waitUntilShown();
        charts.push_back(takeReportChart(*chart.view, chart.title));
    }
    return charts;
}

}  // namespace

void prepareReportChart(ChartView& view) {
    // Laid out at the report's size first: views that aggregate per pixel (the timeline) shape
    // their data for the width they will be drawn at.
    view.resize(kReportChartSize);
    if (view.layout() != nullptr) {
        view.layout()->activate();
    }
}

ReportChart takeReportChart(ChartView& view, const QString& title) {
    ReportChart chart;
    chart.title = title;
    chart.message = view.message();
    chart.notDrawn = view.notDrawn();
    if (chart.message.isEmpty()) {
        chart.image = view.render(view.reportSize(kReportChartSize));
    }
    return chart;
}

ReportDocument makeReportDocument(const ReportInput& input, ReportCharts charts) {
    ReportDocument document;
    const RunData& candidate = *input.candidate;
    document.generatedAt = QDateTime::currentDateTime().toString(u"yyyy-MM-dd HH:mm"_s);
    if (input.machines.size() >= 2) {
        addMachines(document, input);
    } else if (input.baseline) {
        const auto [baselineLabel, candidateLabel] = distinctLabels(*input.baseline, candidate);
        document.title = u"costscope report: "_s + candidateLabel + u" vs "_s + baselineLabel;
        document.subtitle = u"Candidate "_s + candidateLabel + u" compared with baseline "_s +
                            baselineLabel + u"."_s;
        document.differences = differencesOf(*input.baseline, candidate);
        document.runs.push_back(makeReportRun(*input.baseline, u"Baseline"_s, baselineLabel));
        document.runs.push_back(makeReportRun(candidate, u"Candidate"_s, candidateLabel));
        const RunComparison comparison =
            compareRuns(input.baseline, input.candidate, input.equivalence);
        addComparison(document, comparison);
        const Headline headline = makeHeadline(candidate, &comparison, input.accuracyLoss);
        document.headline = headlineOf(headline);
        document.warnings = headline.warnings;
    } else {
        document.title = u"costscope report: "_s + candidate.label();
        document.subtitle = u"One run: "_s + candidate.label() + u"."_s;
        document.runs.push_back(makeReportRun(candidate, u"Run"_s, candidate.label()));
        document.comparisonNote =
            u"One run only: name a baseline to compare with (--baseline) for the comparison "
            u"table."_s;
        const Headline headline = makeHeadline(candidate, nullptr, input.accuracyLoss);
        document.headline = headlineOf(headline);
        document.warnings = headline.warnings;
    }
    if (charts == ReportCharts::Render) {
        document.charts = renderCharts(input);
    }
    return document;
}

}  // namespace costscope
