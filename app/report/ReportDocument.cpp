// makeReportDocument(): runs, devices, summaries, the comparison and the charts, as text cells.
#include "app/report/ReportDocument.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLayout>
#include <QLocale>
#include <algorithm>
#include <cmath>

#include "app/charts/ChartViews.h"
#include "app/comparison/RunComparison.h"
#include "app/core/VariantSelection.h"

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

// Four significant digits, never in exponent form: 11.80, 0.2445, 1234.
QString decimal(double value) {
    if (!std::isfinite(value)) {
        return {};
    }
    const double magnitude = std::abs(value);
    int digits = 0;
    if (magnitude > 0 && magnitude < 1000) {
        digits = std::clamp(3 - int(std::floor(std::log10(magnitude))), 0, 9);
    }
    return QString::number(value, 'f', digits);
}

QString decimal(const std::optional<double>& value) {
    return value ? decimal(*value) : QString();
}

// p-values and relative errors span many decades: three significant digits, exponent allowed.
QString scientific(const std::optional<double>& value) {
    return value && std::isfinite(*value) ? QString::number(*value, 'g', 3) : QString();
}

// The shortest text that reads back as the same double, for CSV.
QString exact(double value) {
    return std::isfinite(value) ? QString::number(value, 'g', QLocale::FloatingPointShortest)
                                : QString();
}

// A number shown with four significant digits, written to CSV exactly.
ReportCell number(const std::optional<double>& value, double scale = 1.0) {
    if (!value) {
        return ReportCell(QString());
    }
    return ReportCell(decimal(*value * scale), exact(*value * scale));
}

// A p-value or an error: three significant digits shown, exact in CSV.
ReportCell small(const std::optional<double>& value) {
    if (!value) {
        return ReportCell(QString());
    }
    return ReportCell(scientific(value), exact(*value));
}

// Bytes in MiB: two decimals shown, exact in CSV.
ReportCell mebibytes(const std::optional<int64_t>& bytes) {
    if (!bytes) {
        return ReportCell(QString());
    }
    const double mib = double(*bytes) / (1024.0 * 1024.0);
    return ReportCell(QString::number(mib, 'f', 2), exact(mib));
}

// A ratio: three decimals shown, exact in CSV.
ReportCell ratio(const std::optional<double>& value) {
    if (!value) {
        return ReportCell(QString());
    }
    return ReportCell(QString::number(*value, 'f', 3), exact(*value));
}

QString dateOf(int64_t unixNs) {
    return QDateTime::fromMSecsSinceEpoch(unixNs / 1'000'000).toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

QString variantStatus(VariantStatus status) {
    return QString::fromLatin1(toString(status));
}

QStringList warningsOf(const RunData& data, const QString& role) {
    QStringList warnings;
    const RunRow& run = data.run;
    // "Baseline run 1 (quick on host)": both runs of a comparison may have the same id.
    const QString which = (role == u"Run" ? u"Run "_s : role + u" run "_s) +
                          QString::number(run.id) + u" ("_s + text(run.info.suite) + u" on "_s +
                          text(run.info.host) + u")"_s;
    const QString note = run.note.empty() ? QString() : u" Recorder's note: "_s + text(run.note);
    switch (run.state) {
        case RunState::Complete:
            break;
        case RunState::Interrupted:
            warnings << which +
                            u" was interrupted before its suite finished: only the variants "
                            u"recorded until then are in it."_s +
                            note;
            break;
        case RunState::Incomplete:
            warnings << which +
                            u" is incomplete: its recorder stopped without closing it (killed, "
                            u"crashed or the machine was lost). The variants committed before "
                            u"are shown; the rest are missing."_s +
                            note;
            break;
        case RunState::Failed:
            warnings << which + u" failed."_s + note;
            break;
        case RunState::Running:
            warnings << which +
                            u" was still being recorded when this report was made: variants "
                            u"recorded later are missing."_s;
            break;
    }
    // What the recorder said the whole run must be read with (an old OpenBLAS kernel family,
    // oneDNN below the CPU's ISA), first after the run's state.
    for (const RunWarning& warning : run.info.warnings) {
        warnings << which + u": "_s + text(warning.message) + u'.';
    }
    QStringList failed;
    QStringList noisy;
    for (const VariantSummaryRow& variant : data.variants) {
        if (variant.status == VariantStatus::Failed) {
            failed << text(variant.name) + u" ("_s + text(variant.reason) + u")"_s;
        }
        if (variant.noisy.value_or(false)) {
            noisy << text(variant.name);
        }
    }
    if (!failed.isEmpty()) {
        warnings << which + u": "_s + QString::number(failed.size()) +
                        (failed.size() == 1 ? u" variant failed: "_s : u" variants failed: "_s) +
                        failed.join(u"; "_s) + u"."_s;
    }
    if (!noisy.isEmpty()) {
        warnings << which + u": "_s + QString::number(noisy.size()) +
                        (noisy.size() == 1 ? u" variant was"_s : u" variants were"_s) +
                        u" noisy (their timings vary widely), so their medians are less "
                        u"reliable: "_s +
                        noisy.join(u", "_s) + u"."_s;
    }
    if (run.collector && run.collector->droppedRecords > 0) {
        warnings << which + u": CUPTI dropped "_s + QString::number(run.collector->droppedRecords) +
                        u" activity records, so its GPU activity is incomplete."_s;
    }
    return warnings;
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
        {u"Timing"_s, u"warm-up "_s + QString::number(run.info.warmup) + u", at least "_s +
                          QString::number(run.info.minIterations) + u" iterations and "_s +
                          QString::number(run.info.minTimeS, 'g', 4) + u" s per variant"_s},
        {u"Recorder"_s, u"costscope "_s + text(run.info.version) + u", file format "_s +
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
    const QJsonDocument json = QJsonDocument::fromJson(QByteArray::fromStdString(details));
    if (!json.isObject()) {
        return text(details);
    }
    QStringList pairs;
    const QJsonObject object = json.object();
    for (auto field = object.begin(); field != object.end(); ++field) {
        QString value;
        if (field.value().isArray()) {
            QStringList items;
            for (const QJsonValue& item : field.value().toArray()) {
                items << item.toVariant().toString();
            }
            value = items.join(u' ');
        } else {
            value = field.value().toVariant().toString();
        }
        pairs << field.key() + u": "_s + value;
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

ReportTable summaryOf(const RunData& data, const QString& role) {
    ReportTable table;
    table.key = u"summary"_s;
    table.run = role;
    table.headers = {u"Variant"_s,       u"Device"_s,        u"Status"_s,       u"Median (ms)"_s,
                     u"p5 (ms)"_s,       u"p95 (ms)"_s,      u"CV (%)"_s,       u"GFLOP/s"_s,
                     u"GPU time (ms)"_s, u"Weights (MiB)"_s, u"Accuracy (%)"_s, u"Approx. error"_s,
                     u"Note"_s};
    table.numeric = {false, false, false, true, true, true, true,
                     true,  true,  true,  true, true, false};
    for (const VariantSummaryRow& variant : data.variants) {
        const bool ok = variant.status == VariantStatus::Ok;
        QString note = text(variant.reason);
        if (variant.noisy.value_or(false)) {
            note = note.isEmpty() ? u"noisy"_s : note + u"; noisy"_s;
        }
        table.addRow(
            {text(variant.name), text(variant.device), variantStatus(variant.status),
             number(variant.medianMs), number(variant.p5Ms), number(variant.p95Ms),
             number(variant.cv, 100.0), number(variant.gflops), number(variant.deviceMedianMs),
             mebibytes(variant.weightBytes), number(variant.accuracy, 100.0),
             variant.family == "mlp" ? ReportCell(QString()) : small(variant.approxError), note},
            ok                                        ? RowTone::Neutral
            : variant.status == VariantStatus::Failed ? RowTone::Worse
                                                      : RowTone::Muted);
    }
    return table;
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

ReportRun runOf(const RunData& data, const QString& role) {
    ReportRun run;
    run.role = role;
    run.label = data.label();
    run.facts = factsOf(data);
    run.warnings = warningsOf(data, role);
    run.suiteJson = text(data.run.info.suiteJson);
    const QString key = role.toLower();
    run.devices = devicesOf(data, key);
    run.summary = summaryOf(data, key);
    run.kernels = kernelsOf(data, key, run.kernelsNote);
    return run;
}

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
            time.pValue ? ReportCell(QString::fromStdString(pValueText(*time.pValue)))
                        : ReportCell(u"—"_s),
            toString(time.verdict)};
}

void addComparison(ReportDocument& document, const ReportInput& input) {
    const RunComparison comparison =
        compareRuns(input.baseline, input.candidate, input.equivalence);
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
}

std::vector<ReportChart> renderCharts(const ReportInput& input) {
    std::vector<ReportChart> charts;
    VariantSelection selection;
    const std::vector<std::unique_ptr<ChartView>> views = makeChartViews(&selection);
    // Every view gets its input first, so that those reading off the GUI thread (the timeline)
    // load while the others draw.
    for (const std::unique_ptr<ChartView>& view : views) {
        prepareReportChart(*view);
        view->setInput(ViewInput{input.candidate, input.baseline});
    }
    for (const std::unique_ptr<ChartView>& view : views) {
        view->waitUntilShown();
        charts.push_back(takeReportChart(*view));
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

ReportChart takeReportChart(ChartView& view) {
    ReportChart chart;
    chart.title = view.title();
    chart.message = view.message();
    if (chart.message.isEmpty()) {
        chart.image = view.render(kReportChartSize);
    }
    return chart;
}

ReportDocument makeReportDocument(const ReportInput& input, ReportCharts charts) {
    ReportDocument document;
    const RunData& candidate = *input.candidate;
    document.generatedAt = QDateTime::currentDateTime().toString(u"yyyy-MM-dd HH:mm"_s);
    if (input.baseline) {
        document.title =
            u"costscope report: "_s + candidate.label() + u" vs "_s + input.baseline->label();
        document.subtitle = u"Candidate "_s + candidate.label() + u" compared with baseline "_s +
                            input.baseline->label() + u"."_s;
        document.runs.push_back(runOf(*input.baseline, u"Baseline"_s));
        document.runs.push_back(runOf(candidate, u"Candidate"_s));
        addComparison(document, input);
    } else {
        document.title = u"costscope report: "_s + candidate.label();
        document.subtitle = u"One run: "_s + candidate.label() + u"."_s;
        document.runs.push_back(runOf(candidate, u"Run"_s));
        document.comparisonNote =
            u"One run only: name a baseline to compare with (--baseline) for the comparison "
            u"table."_s;
    }
    if (charts == ReportCharts::Render) {
        document.charts = renderCharts(input);
    }
    return document;
}

}  // namespace costscope
