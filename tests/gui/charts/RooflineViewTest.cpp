// The roofline drawn from fixture recordings: its roofs and labels, its points, its legend, a
// click that selects a variant, a point above its roof flagged, the baseline overlay.
#include <qcustomplot.h>
#include <QSignalSpy>
#include <QtTest>
#include <algorithm>
#include <memory>

#include "app/ChartViews.h"
#include "app/core/Format.h"
#include "app/core/RunLoader.h"
#include "app/core/VariantSelection.h"
#include "app/roofline/RooflineView.h"
#include "tests/gui/support/FixtureRecording.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

class ProbedRooflineView : public RooflineView {
  public:
    using RooflineView::RooflineView;
    using RooflineView::toolTipAt;
};

std::vector<QCPGraph*> graphsNamed(QCustomPlot* plot, const QString& name) {
    std::vector<QCPGraph*> graphs;
    for (int i = 0; i < plot->graphCount(); ++i) {
        if (plot->graph(i)->objectName() == name) {
            graphs.push_back(plot->graph(i));
        }
    }
    return graphs;
}

int dataCount(const std::vector<QCPGraph*>& graphs) {
    int count = 0;
    for (QCPGraph* graph : graphs) {
        count += graph->dataCount();
    }
    return count;
}

QStringList itemTexts(QCustomPlot* plot, const QString& name) {
    QStringList texts;
    for (int i = 0; i < plot->itemCount(); ++i) {
        if (auto* text = qobject_cast<QCPItemText*>(plot->item(i));
            text != nullptr && text->objectName() == name) {
            texts << text->text();
        }
    }
    return texts;
}

int itemsNamed(QCustomPlot* plot, const QString& name) {
    int count = 0;
    for (int i = 0; i < plot->itemCount(); ++i) {
        count += plot->item(i)->objectName() == name ? 1 : 0;
    }
    return count;
}

int pixelsNear(const QImage& image, const QColor& color) {
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor pixel = image.pixelColor(x, y);
            if (std::abs(pixel.red() - color.red()) + std::abs(pixel.green() - color.green()) +
                    std::abs(pixel.blue() - color.blue()) <
                40) {
                ++count;
            }
        }
    }
    return count;
}

const RoofPoint& pointNamed(const RooflineSeries& series, const QString& name) {
    const auto found = std::find_if(series.points().begin(), series.points().end(),
                                    [&](const RoofPoint& p) { return p.name == name; });
    if (found == series.points().end()) {
        qFatal("no point named %s", qPrintable(name));
    }
    return *found;
}

}  // namespace

class RooflineViewTest : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
        const auto path = dir_.file("gpu.sqlite");
        const int64_t baselineId = test::writeFixtureRun(path, {.seed = 1});
        const int64_t candidateId = test::writeFixtureRun(path, {.timeScale = 0.8, .seed = 2});
        gpu_ = std::make_shared<const RunData>(loadRun(path, candidateId));
        gpuBaseline_ = std::make_shared<const RunData>(loadRun(path, baselineId));
        const auto cpuPath = dir_.file("cpu.sqlite");
        cpu_ = std::make_shared<const RunData>(
            loadRun(cpuPath, test::writeFixtureRun(cpuPath, {.withGpu = false})));
        priced_ = std::make_shared<const RunData>(
            loadRun(cpuPath, test::writeFixtureRun(cpuPath, {.seed = 3, .withCosts = true})));
    }

    // Where energy was measured the tooltip gives the work per joule; where not, nothing.
    void tooltipGivesGflopsPerWattWhereEnergyWasMeasured() {
        VariantSelection selection;
        ProbedRooflineView view(&selection);
        view.resize(1000, 650);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QString name = u"gemm/fp32/openblas/cpu/1024x1024x1024"_s;
        const auto tipOf = [&](const RunDataPtr& run) {
            view.setInput({run, nullptr});
            QCustomPlot* plot = view.plot();
            plot->replot();
            const RoofPoint& point = pointNamed(view.series(), name);
            return view.toolTipAt(
                QPoint(int(std::lround(plot->xAxis->coordToPixel(point.intensity))),
                       int(std::lround(plot->yAxis->coordToPixel(point.gflops)))));
        };
        const QString tip = tipOf(priced_);
        // The fixture's CPU draws 65 W (45 above idle) over each call.
        const RoofPoint& point = pointNamed(view.series(), name);
        QVERIFY2(tip.contains(u"energy efficiency: "_s + formatNumber(point.gflops / 65.0) +
                              u" GFLOP/s per watt"_s),
                 qPrintable(tip));
        QVERIFY2(tip.contains(formatNumber(point.gflops / 45.0) + u" above its idle"_s),
                 qPrintable(tip));
        const QString plain = tipOf(cpu_);
        QVERIFY(plain.contains(name));
        QVERIFY(!plain.contains(u"per watt"_s));
    }

    void drawsRoofsPointsAndLegend() {
        VariantSelection selection;
        RooflineView view(&selection);
        view.resize(1000, 650);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setInput({gpu_, nullptr});
        QVERIFY(view.message().isEmpty());
        QCustomPlot* plot = view.plot();
        QCOMPARE(plot->xAxis->scaleType(), QCPAxis::stLogarithmic);
        QCOMPARE(plot->yAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(plot->xAxis->label().contains(u"FLOP/byte"_s));
        QVERIFY(plot->yAxis->label().contains(u"GFLOP/s"_s));

        // CPU: memory + fp32, bf16, int8; GPU: memory + 4 (equal rates share a line).
        QCOMPARE(int(graphsNamed(plot, u"roof"_s).size()), 4 + 5);
        const QStringList labels = itemTexts(plot, u"roof-label"_s);
        QCOMPARE(labels.size(), 9);
        QVERIFY(labels.contains(u"fp32 190 GFLOP/s"_s));
        QVERIFY(labels.contains(u"int8 520 GOP/s"_s));
        QVERIFY(labels.contains(u"CPU memory 14.0 GB/s"_s));
        QVERIFY(labels.contains(u"fp16, bf16 700 TFLOP/s"_s));

        // Every Ok variant once; none of the skipped or failed.
        QCOMPARE(dataCount(graphsNamed(plot, u"point"_s)), 29);
        for (QCPGraph* graph : graphsNamed(plot, u"point"_s)) {
            for (const QCPGraphData& data : *graph->data()) {
                QVERIFY(data.key > 0 && data.value > 0);
            }
        }

        // Legend: two devices and seven compression kinds.
        QCOMPARE(plot->legend->itemCount(), 2 + 7);

        const QImage image = view.grab().toImage();
        QVERIFY(pixelsNear(image, deviceColor("cpu")) > 100);
        QVERIFY(pixelsNear(image, deviceColor("gpu")) > 100);
        QVERIFY(pixelsNear(image, Qt::white) < image.width() * image.height() * 0.97);
    }

    void memoryRoofEndsAtTheRidge() {
        VariantSelection selection;
        RooflineView view(&selection);
        view.setInput({cpu_, nullptr});
        const auto roofs = graphsNamed(view.plot(), u"roof"_s);
        QCOMPARE(int(roofs.size()), 4);
        // The memory roof is the first; it ends where it meets the highest roof (INT8).
        const QCPGraphData end = *(roofs[0]->data()->end() - 1);
        QCOMPARE(end.key, 520.0 / 14.0);
        QCOMPARE(end.value, 520.0);
        // Each compute roof starts at its own ridge.
        QCOMPARE(roofs[3]->data()->begin()->key, 190.0 / 14.0);
        QCOMPARE(roofs[3]->data()->begin()->value, 190.0);
        QCOMPARE(dataCount(graphsNamed(view.plot(), u"point"_s)), 16);
    }

    void clickSelectsAndAboveRoofIsFlagged() {
        VariantSelection selection;
        ProbedRooflineView view(&selection);
        view.resize(1000, 650);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setInput({gpu_, nullptr});
        QCustomPlot* plot = view.plot();
        plot->replot();

        const QString name = u"pruned/csr99/costscope/cpu/1024x1024x1024"_s;
        const RoofPoint& point = pointNamed(view.series(), name);
        const QPoint at(int(std::lround(plot->xAxis->coordToPixel(point.intensity))),
                        int(std::lround(plot->yAxis->coordToPixel(point.gflops))));
        QCOMPARE(view.variantAt(at), name);
        QTest::mouseClick(plot, Qt::LeftButton, {}, at);
        QCOMPARE(selection.current(), name);
        const auto ring = graphsNamed(plot, u"selection"_s);
        QCOMPARE(ring[0]->dataCount(), 1);
        QCOMPARE(ring[0]->data()->begin()->key, point.intensity);

        const QString tip = view.toolTipAt(at);
        QVERIFY(tip.contains(name));
        QVERIFY(tip.contains(u"above the measured roof"_s));
        QVERIFY(tip.contains(u"FLOP/B"_s));
        QVERIFY(tip.contains(u"X in"_s));

        // A GPU point is placed at its kernel-time rate.
        const RoofPoint& gpu = pointNamed(view.series(), u"gemm/fp32/cublas/gpu/1024x1024x1024"_s);
        QCOMPARE(gpu.gflops,
                 *gpu_->variantByName("gemm/fp32/cublas/gpu/1024x1024x1024")->deviceGflops);
        selection.select(gpu.name);
        QCOMPARE(ring[0]->data()->begin()->value, gpu.gflops);
    }

    void baselineIsFadedAndLinked() {
        VariantSelection selection;
        RooflineView view(&selection);
        view.setInput({gpu_, gpuBaseline_});
        QCustomPlot* plot = view.plot();
        QCOMPARE(dataCount(graphsNamed(plot, u"point"_s)), 29);
        QCOMPARE(dataCount(graphsNamed(plot, u"baseline-point"_s)), 29);
        QCOMPARE(itemsNamed(plot, u"baseline-link"_s), 29);
        // The same machine: its roofs once.
        QVERIFY(graphsNamed(plot, u"baseline-roof"_s).empty());
        QCOMPARE(plot->legend->itemCount(), 2 + 7 + 1);
    }

    void saysWhyWhenNothingIsPlotted() {
        VariantSelection selection;
        RooflineView view(&selection);
        QVERIFY(!view.message().isEmpty());
        auto run = std::make_shared<RunData>(*cpu_);
        for (VariantSummaryRow& variant : run->variants) {
            variant.gflops.reset();
        }
        view.setInput({run, nullptr});
        QVERIFY(view.message().contains(u"measured rate"_s));
        QCOMPARE(view.plot()->graphCount(), 0);
    }

    void tooltipsShowRecordedTextAsText() {
        const auto path = dir_.file("hostile.sqlite");
        auto run = std::make_shared<const RunData>(loadRun(
            path, test::writeFixtureRun(path, {.hostileText = "<img src=x onerror=alert(1)>"})));
        VariantSelection selection;
        ProbedRooflineView view(&selection);
        view.resize(1000, 650);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setInput({run, nullptr});
        view.plot()->replot();
        const RoofPoint& point = view.series().points().front();
        const QString tip = view.toolTipAt(
            QPoint(int(std::lround(view.plot()->xAxis->coordToPixel(point.intensity))),
                   int(std::lround(view.plot()->yAxis->coordToPixel(point.gflops)))));
        QVERIFY(tip.contains(u"&lt;img"_s));
        QVERIFY(!tip.contains(u"<img"_s));
    }

    void isAmongTheCharts() {
        VariantSelection selection;
        const auto views = makeChartViews(&selection);
        QVERIFY(std::any_of(views.begin(), views.end(), [](const auto& view) {
            return dynamic_cast<RooflineView*>(view.get()) != nullptr;
        }));
    }

  private:
    test::ScratchDir dir_;
    RunDataPtr gpu_;
    RunDataPtr gpuBaseline_;
    RunDataPtr cpu_;
    RunDataPtr priced_;
};

}  // namespace costscope

QTEST_MAIN(costscope::RooflineViewTest)
#include "RooflineViewTest.moc"
