// The Compare chart drawn from fixture recordings: bars per metric, GPU device bars, the baseline
// overlay, the note on variants not drawn, and clicking a bar to select its variant.
#include <qcustomplot.h>
#include <QComboBox>
#include <QHelpEvent>
#include <QToolTip>
#include <QtTest>
#include <cmath>
#include <set>

#include "app/ChartViews.h"
#include "app/charts/ChartStyle.h"
#include "app/compare/CompareView.h"
#include "app/core/FleetRuns.h"
#include "app/core/RunLoader.h"
#include "app/core/VariantSelection.h"
#include "tests/gui/support/FixtureRecording.h"
#include "tests/gui/support/FleetFixture.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

struct BarCounts {
    int host = 0;      // solid bars: end to end, or host memory
    int device = 0;    // hatched GPU bars
    int baseline = 0;  // faded bars of the baseline run
};

BarCounts countBars(QCustomPlot* plot) {
    BarCounts counts;
    for (int i = 0; i < plot->plottableCount(); ++i) {
        auto* bars = qobject_cast<QCPBars*>(plot->plottable(i));
        if (bars == nullptr) {
            continue;
        }
        const int n = bars->data()->size();
        if (bars->name().startsWith(u"baseline run"_s)) {
            counts.baseline += n;
        } else if (bars->name().contains(u"device"_s)) {
            counts.device += n;
        } else {
            counts.host += n;
        }
    }
    return counts;
}

// Whether a pixel close to `color` is in the image.
bool hasColor(const QImage& image, const QColor& color) {
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2) {
            const QColor pixel = image.pixelColor(x, y);
            if (std::abs(pixel.red() - color.red()) < 6 &&
                std::abs(pixel.green() - color.green()) < 6 &&
                std::abs(pixel.blue() - color.blue()) < 6) {
                return true;
            }
        }
    }
    return false;
}

// A translucent colour as it shows over the white plot background.
QColor onWhite(const QColor& color) {
    const double a = color.alphaF();
    auto mix = [a](int channel) { return int(std::lround(channel * a + 255 * (1 - a))); };
    return QColor(mix(color.red()), mix(color.green()), mix(color.blue()));
}

int distinctColors(const QImage& image) {
    std::set<QRgb> colors;
    for (int y = 0; y < image.height(); y += 3) {
        for (int x = 0; x < image.width(); x += 3) {
            colors.insert(image.pixel(x, y));
        }
    }
    return int(colors.size());
}

// The pixel at the middle of the first bar of `plottableName`'s data point for `row` (0-based).
QPoint barCentre(QCustomPlot* plot, const QString& plottableName, int row) {
    for (int i = 0; i < plot->plottableCount(); ++i) {
        auto* bars = qobject_cast<QCPBars*>(plot->plottable(i));
        if (bars != nullptr && bars->name() == plottableName && bars->data()->size() > row) {
            const QCPBarsData& data = *(bars->data()->constBegin() + row);
            const double x = plot->xAxis->coordToPixel(data.value);
            const double left = plot->axisRect()->left();
            return QPoint(int((x + left) / 2), int(plot->yAxis->coordToPixel(data.key)));
        }
    }
    return {};
}

// The tooltip the view shows when the mouse rests at `position` of the plot.
QString toolTipAt(QWidget* plot, const QPoint& position) {
    QHelpEvent event(QEvent::ToolTip, position, plot->mapToGlobal(position));
    QApplication::sendEvent(plot, &event);
    return QToolTip::isVisible() ? QToolTip::text() : QString();
}

}  // namespace

class CompareViewTest : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void drawsHostAndDeviceBarsPerMetric();
    void switchingTheMetricInTheToolbarChangesTheBars();
    void cpuOnlyRunHasNoDeviceBarsAndNotesTheSkipped();
    void speedupDrawsTheParityLineAndTheReferenceAtOne();
    void clickingABarSelectsItsVariant();
    void baselineRunIsDrawnBesideTheCandidate();
    void machinesAreDrawnSideBySideAColourEach();
    void noRunShowsASentence();
    void reportSplitsTheChartWhereItsRowsWouldNotFit();
    void energyAndMoneyDrawTwoBarsOnEveryDeviceOrSayWhyNot();

  private:
    RunDataPtr load(const test::FixtureOptions& options);
    test::ScratchDir dir_;
    RunDataPtr gpuRun_;
    RunDataPtr cpuRun_;
};

RunDataPtr CompareViewTest::load(const test::FixtureOptions& options) {
    const auto path = dir_.file(options.withGpu ? "gpu.sqlite" : "cpu.sqlite");
    const int64_t id = test::writeFixtureRun(path, options);
    return std::make_shared<const RunData>(loadRun(path, id));
}

void CompareViewTest::initTestCase() {
    gpuRun_ = load({.withGpu = true});
    cpuRun_ = load({.withGpu = false});
}

void CompareViewTest::drawsHostAndDeviceBarsPerMetric() {
    VariantSelection selection;
    CompareView view(&selection);
    view.resize(1280, 800);
    view.setInput({gpuRun_, nullptr});
    QVERIFY(view.message().isEmpty());
    QCOMPARE(view.metric(), CompareMetric::Latency);

    // The fixture: 16 CPU and 13 GPU variants measured, one skipped, one failed.
    BarCounts latency = countBars(view.plot());
    QCOMPARE(latency.host, 29);
    QCOMPARE(latency.device, 13);
    QCOMPARE(latency.baseline, 0);
    bool whiskers = false;
    for (int i = 0; i < view.plot()->plottableCount(); ++i) {
        whiskers = whiskers || qobject_cast<QCPErrorBars*>(view.plot()->plottable(i)) != nullptr;
    }
    QVERIFY(whiskers);
    QVERIFY(view.plot()->xAxis->label().contains(u"ms"_s));

    const QImage image = view.render(QSize(1280, 760));
    QVERIFY(distinctColors(image) > 20);
    QVERIFY(hasColor(image, deviceColor("cpu")));
    QVERIFY(hasColor(image, deviceColor("gpu")));

    // The skipped and the failed variant are listed under the bars, not drawn.
    bool noted = false;
    for (int i = 0; i < view.plot()->plotLayout()->elementCount(); ++i) {
        auto* text = qobject_cast<QCPTextElement*>(view.plot()->plotLayout()->elementAt(i));
        if (text != nullptr && text->text().startsWith(u"Not drawn"_s)) {
            noted = text->text().contains(u"quantized/fp8/onednn/cpu/1024x1024x1024"_s) &&
                    text->text().contains(u"failed: cudaMalloc"_s);
        }
    }
    QVERIFY(noted);
}

void CompareViewTest::switchingTheMetricInTheToolbarChangesTheBars() {
    VariantSelection selection;
    CompareView view(&selection);
    view.resize(1280, 800);
    view.setInput({gpuRun_, nullptr});
    auto* box = view.findChild<QComboBox*>(u"compareMetric"_s);
    QVERIFY(box != nullptr);
    QCOMPARE(box->count(), int(CompareMetric::Count));

    box->setCurrentIndex(box->findData(int(CompareMetric::WeightMiB)));
    QCOMPARE(view.metric(), CompareMetric::WeightMiB);
    BarCounts weight = countBars(view.plot());
    QCOMPARE(weight.host, 29);
    QCOMPARE(weight.device, 0);
    QVERIFY(view.plot()->xAxis->label().contains(u"MiB"_s));

    view.setMetric(CompareMetric::PeakMemory);
    BarCounts peak = countBars(view.plot());
    QCOMPARE(peak.host, 29);
    QCOMPARE(peak.device, 13);

    view.setMetric(CompareMetric::Gflops);
    QVERIFY(view.plot()->xAxis->label().contains(u"GFLOP/s"_s));
    QCOMPARE(countBars(view.plot()).device, 13);
    // The values drawn are the metric's: the largest GPU GFLOP/s is no latency.
    double largest = 0;
    for (int i = 0; i < view.plot()->plottableCount(); ++i) {
        if (auto* bars = qobject_cast<QCPBars*>(view.plot()->plottable(i))) {
            for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it) {
                largest = std::max(largest, it->value);
            }
        }
    }
    QVERIFY(largest > 1000);  // 2·1024³ / 0.24 ms ≈ 9000 GFLOP/s
}

void CompareViewTest::reportSplitsTheChartWhereItsRowsWouldNotFit() {
    VariantSelection selection;
    const ViewInput input{gpuRun_, nullptr};
    // Whole, the fixture's rows need a taller image than the report's 960×540.
    CompareView whole(&selection);
    whole.setForReport(true);
    whole.setInput(input);
    const QSize standard(960, 540);
    QVERIFY(whole.reportSize(standard).height() > standard.height());
    QStringList titles;
    for (const CompareGroup& group : whole.series()->groups()) {
        titles << group.title;
    }

    // The report's Compare charts: each workload in exactly one, in order, each chart within
    // the rows that fit the standard size, so its image is that size.
    QStringList seen;
    int parts = 0;
    for (const ReportChartView& chart : makeReportChartViews(&selection, input)) {
        auto* compare = qobject_cast<CompareView*>(chart.view.get());
        if (compare == nullptr) {
            continue;
        }
        ++parts;
        compare->setInput(input);
        QVERIFY(compare->message().isEmpty());
        int rows = 0;
        for (const CompareGroup& group : compare->series()->groups()) {
            seen << group.title;
            rows += int(group.bars.size()) + 1;
            QVERIFY2(chart.title.contains(group.title), qPrintable(chart.title));
        }
        QVERIFY(rows <= CompareView::kReportRows);
        QCOMPARE(compare->reportSize(standard), standard);
    }
    QVERIFY(parts >= 2);
    QCOMPARE(seen, titles);
}

void CompareViewTest::cpuOnlyRunHasNoDeviceBarsAndNotesTheSkipped() {
    VariantSelection selection;
    CompareView view(&selection);
    view.resize(1280, 800);
    view.setInput({cpuRun_, nullptr});
    QVERIFY(view.message().isEmpty());
    const BarCounts counts = countBars(view.plot());
    QCOMPARE(counts.host, 16);
    QCOMPARE(counts.device, 0);
    const QImage image = view.render(QSize(1280, 760));
    QVERIFY(hasColor(image, deviceColor("cpu")));
    QVERIFY(!hasColor(image, deviceColor("gpu")));
    QCOMPARE(int(view.series()->groups().size()), 2);
}

void CompareViewTest::speedupDrawsTheParityLineAndTheReferenceAtOne() {
    VariantSelection selection;
    CompareView view(&selection);
    view.resize(1280, 800);
    view.setInput({gpuRun_, nullptr});
    view.setMetric(CompareMetric::Speedup);
    auto* references = view.findChild<QComboBox*>(u"compareReference"_s);
    QVERIFY(references != nullptr);
    QCOMPARE(references->count(), 1 + 29);  // "each workload's default", then every timed variant

    bool parity = false;
    for (int i = 0; i < view.plot()->itemCount(); ++i) {
        if (auto* line = qobject_cast<QCPItemStraightLine*>(view.plot()->item(i))) {
            parity = line->point1->coords().x() == 1.0 && line->pen().style() == Qt::DashLine;
        }
    }
    QVERIFY(parity);
    const CompareGroup& gemm = view.series()->groups().front();
    QVERIFY(gemm.reference.empty());  // each bar over its device's fastest dense FP32
    int ownReference = 0;
    for (const CompareBar& bar : gemm.bars) {
        if (bar.isReference) {
            QCOMPARE(bar.value->value, 1.0);
            ++ownReference;
        }
    }
    QCOMPARE(ownReference, 2);  // the CPU's and the GPU's

    view.setReference("gemm/fp32/cublas/gpu/1024x1024x1024");
    QCOMPARE(view.series()->groups().front().reference,
             std::string("gemm/fp32/cublas/gpu/1024x1024x1024"));
    QVERIFY(view.series()->groups().front().bars.front().value->value < 0.2);
}

void CompareViewTest::clickingABarSelectsItsVariant() {
    VariantSelection selection;
    CompareView view(&selection);
    view.resize(1280, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setInput({gpuRun_, nullptr});
    view.plot()->replot();

    // The CPU bars' third data point: the third CPU variant of the first workload.
    const QPoint onBar = barCentre(view.plot(), u"CPU"_s, 2);
    QVERIFY(!onBar.isNull());
    QCOMPARE(view.variantAt(onBar), u"gemm/bf16/onednn/cpu/1024x1024x1024"_s);
    QSignalSpy changed(&selection, &VariantSelection::changed);
    QTest::mouseClick(view.plot(), Qt::LeftButton, {}, onBar);
    QCOMPARE(selection.current(), u"gemm/bf16/onednn/cpu/1024x1024x1024"_s);
    QCOMPARE(changed.count(), 1);

    // Tooltips: the exact figures of a bar; why variants were not drawn on a workload's title.
    const QString barTip = toolTipAt(view.plot(), onBar);
    QVERIFY2(barTip.contains(u"gemm/bf16/onednn/cpu/1024x1024x1024"_s) &&
                 barTip.contains(u"ms (p5–p95: "_s),
             qPrintable(barTip));
    const QPoint title(view.plot()->axisRect()->center().x(),
                       int(view.plot()->yAxis->coordToPixel(0)));
    const QString titleTip = toolTipAt(view.plot(), title);
    QVERIFY2(titleTip.contains(u"skipped: oneDNN has no FP8 matmul on this CPU"_s),
             qPrintable(titleTip));
    QVERIFY(view.variantAt(title).isEmpty());

    // The selected row is outlined; a selection made elsewhere moves the outline.
    auto outline = [&view]() -> QCPItemRect* {
        for (int i = 0; i < view.plot()->itemCount(); ++i) {
            auto* rect = qobject_cast<QCPItemRect*>(view.plot()->item(i));
            if (rect != nullptr && rect->pen().widthF() >= 2) {
                return rect;
            }
        }
        return nullptr;
    };
    QCPItemRect* first = outline();
    QVERIFY(first != nullptr);
    const double firstY = first->bottomRight->coords().y();
    selection.select(u"mlp/int8/cublaslt/gpu/b1024"_s);
    QCPItemRect* second = outline();
    QVERIFY(second != nullptr);
    QVERIFY(second->bottomRight->coords().y() > firstY + 5);
    // A drag pans and selects nothing.
    QTest::mousePress(view.plot(), Qt::LeftButton, {}, onBar);
    QTest::mouseMove(view.plot(), onBar + QPoint(40, 40));
    QTest::mouseRelease(view.plot(), Qt::LeftButton, {}, onBar + QPoint(40, 40));
    QCOMPARE(selection.current(), u"mlp/int8/cublaslt/gpu/b1024"_s);
}

void CompareViewTest::baselineRunIsDrawnBesideTheCandidate() {
    const auto path = dir_.file("two.sqlite");
    const int64_t before = test::writeFixtureRun(path, {.timeScale = 1.0, .seed = 3});
    const int64_t after = test::writeFixtureRun(path, {.timeScale = 0.8, .seed = 4});
    auto baseline = std::make_shared<const RunData>(loadRun(path, before));
    auto candidate = std::make_shared<const RunData>(loadRun(path, after));
    VariantSelection selection;
    CompareView view(&selection);
    view.resize(1280, 800);
    view.setInput({candidate, baseline});
    const BarCounts counts = countBars(view.plot());
    QCOMPARE(counts.host, 29);
    QCOMPARE(counts.device, 13);
    QCOMPARE(counts.baseline, 29 + 13);
    // The candidate is 20 % faster: its bar is shorter than its baseline's beside it.
    const CompareBar& openblas = view.series()->groups().front().bars.front();
    QVERIFY(openblas.baselineValue.has_value());
    QVERIFY(openblas.value->value < openblas.baselineValue->value * 0.9);
    const QImage image = view.render(QSize(1280, 760));
    QVERIFY(hasColor(image, onWhite(baselineColor(deviceColor("cpu")))));
    QVERIFY(hasColor(image, deviceColor("cpu")));
}

void CompareViewTest::machinesAreDrawnSideBySideAColourEach() {
    const test::FleetFixture fleet = test::writeFleetFixture(dir_.file("fleet.sqlite"));
    std::vector<QString> machines;
    for (const FleetRun& run : fleetRunsOf(fleet.runs)) {
        machines.push_back(QString::fromStdString(run.machine));
    }
    VariantSelection selection;
    CompareView view(&selection);
    view.resize(1280, 900);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setInput({fleet.runs[0], nullptr, fleet.runs});
    QVERIFY(view.message().isEmpty());
    QCOMPARE(view.series()->machines(), machines);
    // node-a and node-b ran every variant of the GPU fixture, node-c the CPU ones; no baseline.
    const BarCounts counts = countBars(view.plot());
    QCOMPARE(counts.host, 29 + 29 + 16);
    QCOMPARE(counts.device, 13 + 13);
    QCOMPARE(counts.baseline, 0);

    // A colour per machine, named in the legend: each machine's end-to-end bars, and the
    // device-time bars of the two with a GPU.
    QStringList legend;
    for (int i = 0; i < view.plot()->legend->itemCount(); ++i) {
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(view.plot()->legend->item(i))) {
            legend << item->plottable()->name();
        }
    }
    QCOMPARE(legend.size(), 5);
    for (size_t m = 0; m < machines.size(); ++m) {
        QVERIFY2(legend.contains(machines[m] + u" · end to end"_s), qPrintable(legend.join(u'|')));
    }
    QVERIFY(legend.contains(machines[0] + u" · device time (CUPTI)"_s));
    QVERIFY(!legend.contains(machines[2] + u" · device time (CUPTI)"_s));
    for (int i = 0; i < view.plot()->plottableCount(); ++i) {
        auto* bars = qobject_cast<QCPBars*>(view.plot()->plottable(i));
        if (bars != nullptr && !bars->name().contains(u"device"_s)) {
            const auto m = size_t(std::find(machines.begin(), machines.end(),
                                            bars->name().section(u" · end to end"_s, 0, 0)) -
                                  machines.begin());
            QVERIFY(m < machines.size());
            QCOMPARE(bars->brush().color(), machineColor(m));
        }
    }

    // The first row: a bar per machine, node-b's the shortest (20 % faster), node-c's longest.
    const CompareBar& openblas = view.series()->groups().front().bars.front();
    QCOMPARE(openblas.machines.size(), size_t(3));
    QVERIFY(!openblas.value.has_value());
    QVERIFY(openblas.machines[1].value->value < openblas.machines[0].value->value);
    QVERIFY(openblas.machines[2].value->value > openblas.machines[0].value->value);
    // Skipped everywhere: noted once; node-c's missing GPU variants are no gap to note.
    int skipped = 0;
    for (const CompareGroup& group : view.series()->groups()) {
        for (const CompareMissing& missing : group.missing) {
            QVERIFY(!missing.why.contains(u"not in this run"_s));
            skipped += missing.variant.find("quantized/fp8/onednn/cpu") == 0 ? 1 : 0;
        }
    }
    QCOMPARE(skipped, 1);

    // The row's tooltip names every machine with its figure.
    const QString tip = toolTipAt(view.plot(), barCentre(view.plot(), legend.front(), 0));
    for (const QString& machine : machines) {
        QVERIFY2(tip.contains(machine.toHtmlEscaped()), qPrintable(tip));
    }
    const QImage image = view.render(QSize(1280, 860));
    for (size_t m = 0; m < machines.size(); ++m) {
        QVERIFY(hasColor(image, machineColor(m)));
    }
}

void CompareViewTest::energyAndMoneyDrawTwoBarsOnEveryDeviceOrSayWhyNot() {
    const auto path = dir_.file("costs.sqlite");
    const auto priced = std::make_shared<const RunData>(
        loadRun(path, test::writeFixtureRun(path, {.withCosts = true})));
    VariantSelection selection;
    CompareView view(&selection);
    view.resize(1280, 800);
    view.setInput({priced, nullptr});
    view.setMetric(CompareMetric::Energy);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.message().isEmpty());
    // Every measured variant, CPU and GPU, has all it drew and the part above idle.
    const auto barsNamed = [&view](const QString& part) {
        int n = 0;
        for (int i = 0; i < view.plot()->plottableCount(); ++i) {
            auto* bars = qobject_cast<QCPBars*>(view.plot()->plottable(i));
            if (bars != nullptr && bars->name().endsWith(part)) {
                n += bars->data()->size();
            }
        }
        return n;
    };
    QCOMPARE(barsNamed(u"all it drew"_s), 29);
    QCOMPARE(barsNamed(u"above idle"_s), 29);
    QVERIFY(view.plot()->xAxis->label().contains(u"energy per call (J)"_s));
    // The tooltip of the first CPU bar: its joules, 65 W over its median call.
    const QPoint centre = barCentre(view.plot(), u"CPU all it drew"_s, 0);
    QVERIFY(!centre.isNull());
    const QString tip = toolTipAt(view.plot(), centre);
    QVERIFY2(tip.contains(u" J"_s) && tip.contains(u"above idle"_s), qPrintable(tip));

    view.setMetric(CompareMetric::Money);
    QVERIFY(view.message().isEmpty());
    QVERIFY2(view.plot()->xAxis->label().startsWith(u"USD per million calls"_s),
             qPrintable(view.plot()->xAxis->label()));
    QCOMPARE(barsNamed(u"machine time"_s), 29);
    QCOMPARE(barsNamed(u"energy alone"_s), 29);

    // A run recorded without prices: a sentence that says how to get them.
    view.setInput({cpuRun_, nullptr});
    QVERIFY2(view.message().contains(u"--prices"_s), qPrintable(view.message()));
    view.setMetric(CompareMetric::Energy);
    QVERIFY2(view.message().contains(u"--no-energy"_s), qPrintable(view.message()));
}

void CompareViewTest::noRunShowsASentence() {
    VariantSelection selection;
    CompareView view(&selection);
    view.setInput({});
    QVERIFY(!view.message().isEmpty());
    QVERIFY(view.series() == nullptr);
}

}  // namespace costscope

QTEST_MAIN(costscope::CompareViewTest)
#include "CompareViewTest.moc"
