// The trade-off map drawn from fixture recordings: its plottables, its pixels, its legend, a click
// that selects a variant everywhere, the ring that follows the selection, the baseline overlay.
#include <qcustomplot.h>
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QXmlStreamReader>
#include <QtTest>
#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "app/ChartViews.h"
#include "app/core/FleetRuns.h"
#include "app/core/RunLoader.h"
#include "app/core/VariantSelection.h"
#include "app/tradeoff/TradeOffView.h"
#include "tests/gui/support/FixtureRecording.h"
#include "tests/gui/support/FleetFixture.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

// Exposes the hover text, which ChartView asks for through a protected hook.
class ProbedTradeOffView : public TradeOffView {
  public:
    using TradeOffView::toolTipAt;
    using TradeOffView::TradeOffView;
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

int itemsNamed(QCustomPlot* plot, const QString& name) {
    int count = 0;
    for (int i = 0; i < plot->itemCount(); ++i) {
        count += plot->item(i)->objectName() == name ? 1 : 0;
    }
    return count;
}

QStringList legendNames(QCustomPlot* plot) {
    QStringList names;
    for (int i = 0; i < plot->legend->itemCount(); ++i) {
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(plot->legend->item(i))) {
            names << item->plottable()->name();
        }
    }
    return names;
}

// Pixels of the image within a small distance of `color` (antialiasing blends edges).
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

QPoint pixelOf(QCustomPlot* plot, double x, double y) {
    return QPoint(int(std::lround(plot->xAxis->coordToPixel(x))),
                  int(std::lround(plot->yAxis->coordToPixel(y))));
}

const TradeOffPoint& pointNamed(const TradeOffSeries& series, const QString& name) {
    const auto found = std::find_if(series.points().begin(), series.points().end(),
                                    [&](const TradeOffPoint& p) { return p.name == name; });
    if (found == series.points().end()) {
        qFatal("no point named %s", qPrintable(name));
    }
    return *found;
}

}  // namespace

class TradeOffViewTest : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
        gpuPath_ = dir_.file("gpu.sqlite");
        const int64_t baselineId = test::writeFixtureRun(gpuPath_, {.seed = 1});
        const int64_t candidateId = test::writeFixtureRun(gpuPath_, {.timeScale = 0.8, .seed = 2});
        gpu_ = std::make_shared<const RunData>(loadRun(gpuPath_, candidateId));
        gpuBaseline_ = std::make_shared<const RunData>(loadRun(gpuPath_, baselineId));
        const auto cpuPath = dir_.file("cpu.sqlite");
        cpu_ = std::make_shared<const RunData>(
            loadRun(cpuPath, test::writeFixtureRun(cpuPath, {.withGpu = false})));
    }

    void drawsEveryMachineInItsColour() {
        const test::FleetFixture fleet = test::writeFleetFixture(dir_.file("fleet.sqlite"));
        QStringList machines;
        for (const FleetRun& run : fleetRunsOf(fleet.runs)) {
            machines << QString::fromStdString(run.machine);
        }
        VariantSelection selection;
        ProbedTradeOffView view(&selection);
        view.resize(1100, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setInput({fleet.runs[0], nullptr, fleet.runs});
        QVERIFY(view.message().isEmpty());
        QCOMPARE(view.workload(), TradeOffWorkload::Models);

        // Every machine's models: 7 each on the two with a GPU, 5 on node-c; no baseline.
        QCustomPlot* plot = view.plot();
        const auto points = graphsNamed(plot, u"point"_s);
        QCOMPARE(int(points.size()), 7 + 7 + 5);
        QVERIFY(graphsNamed(plot, u"baseline-point"_s).empty());
        std::map<size_t, int> perMachine;
        for (const TradeOffPoint& point : view.series().points()) {
            QVERIFY(point.machine.has_value());
            ++perMachine[*point.machine];
            // A colour per machine (one batch size: no shades), markers still by kind.
            QCOMPARE(view.series().colorOf(point), machineColor(*point.machine));
        }
        QCOMPARE(perMachine, (std::map<size_t, int>{{0, 7}, {1, 7}, {2, 5}}));
        std::set<QRgb> pens;
        for (QCPGraph* graph : points) {
            pens.insert(graph->scatterStyle().pen().color().rgb());
        }
        QCOMPARE(pens, (std::set<QRgb>{machineColor(0).rgb(), machineColor(1).rgb(),
                                       machineColor(2).rgb()}));

        // The legend names the machines, then the kinds and the frontier over them all.
        const QStringList legend = legendNames(plot);
        QCOMPARE(legend.mid(0, 3), machines);
        QVERIFY(legend.contains(u"INT8"_s));
        QCOMPARE(legend.last(), u"Pareto frontier"_s);
        // Tags on the frontier only: each variant comes once per machine.
        QCOMPARE(itemsNamed(plot, u"point-tag"_s), int(view.series().frontier().size()));
        // node-b's GPU INT8 model is the fastest of all three machines: the frontier starts there.
        const TradeOffPoint& first = view.series().points()[view.series().frontier().front()];
        QCOMPARE(first.machine, std::optional<size_t>(1));
        QVERIFY(view.findChild<QLabel*>(u"banner"_s)->text().contains(u"Machines:"_s));
        QVERIFY(view.findChild<QLabel*>(u"banner"_s)->text().contains(machines[2].toHtmlEscaped()));

        // Hover names the machine; selecting a variant rings it on every machine.
        const QString tip = view.toolTipAt(pixelOf(plot, first.cost, first.quality));
        QVERIFY2(tip.contains(machines[1].toHtmlEscaped()), qPrintable(tip));
        selection.select(first.name);
        QCOMPARE(graphsNamed(plot, u"selection"_s).front()->dataCount(), 2);  // node-a, node-b

        // GEMMs too: node-c's CPU GEMMs among the GPU machines'.
        view.setWorkload(TradeOffWorkload::Gemms);
        std::set<size_t> seen;
        for (const TradeOffPoint& point : view.series().points()) {
            seen.insert(*point.machine);
        }
        QCOMPARE(seen, (std::set<size_t>{0, 1, 2}));
        view.setWorkload(TradeOffWorkload::Models);

        // One run again: colours by backend, no machines.
        view.setInput({gpu_, nullptr});
        QVERIFY(view.series().machines().empty());
        QVERIFY(!view.series().points().front().machine.has_value());
    }

    void drawsModelsWithTheFrontierAndLegend() {
        VariantSelection selection;
        TradeOffView view(&selection);
        view.resize(900, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setInput({gpu_, nullptr});

        QVERIFY(view.message().isEmpty());
        QCOMPARE(view.workload(), TradeOffWorkload::Models);
        QCustomPlot* plot = view.plot();
        const auto points = graphsNamed(plot, u"point"_s);
        QCOMPARE(int(points.size()), 7);
        for (QCPGraph* graph : points) {
            QCOMPARE(graph->dataCount(), 1);
        }
        const auto frontier = graphsNamed(plot, u"frontier"_s);
        QCOMPARE(int(frontier.size()), 1);
        // The GPU INT8 model beats every other; the step runs on from it to the right.
        QCOMPARE(frontier[0]->dataCount(), 2);
        QCOMPARE(frontier[0]->lineStyle(), QCPGraph::lsStepLeft);
        QVERIFY(graphsNamed(plot, u"baseline-point"_s).empty());
        QCOMPARE(plot->xAxis->scaleType(), QCPAxis::stLogarithmic);
        QCOMPARE(plot->yAxis->scaleType(), QCPAxis::stLinear);
        QVERIFY(plot->yAxis->label().contains(u"accuracy"_s, Qt::CaseInsensitive));
        QVERIFY(plot->xAxis->label().contains(u"ms"_s));

        // Devices and compression kinds, then the frontier.
        // A colour per device and backend (CPU first), a marker per compression kind, then the
        // frontier; the fixture has one batch size, so no shades.
        const QStringList legend = legendNames(plot);
        QCOMPARE(legend, (QStringList{u"CPU · costscope"_s, u"CPU · onednn"_s, u"GPU · cublas"_s,
                                      u"GPU · cublaslt"_s, u"dense FP32"_s, u"INT8"_s,
                                      u"pruned (unstructured)"_s, u"2:4 sparse"_s, u"distilled"_s,
                                      u"Pareto frontier"_s}));

        // Points of one backend share its colour; points of two backends never do.
        std::map<QString, QColor> colours;
        for (QCPGraph* graph : points) {
            const QStringList parts = graph->name().split(u'/');
            const QString key = parts.value(3) + u' ' + parts.value(2);
            const QColor colour = graph->scatterStyle().pen().color();
            const auto [at, added] = colours.emplace(key, colour);
            QCOMPARE(at->second, colour);
        }
        QCOMPARE(int(colours.size()), 4);
        std::set<QRgb> distinct;
        for (const auto& [key, colour] : colours) {
            distinct.insert(colour.rgb());
        }
        QCOMPARE(int(distinct.size()), 4);

        // Drawn: the backends' colours appear, and the picture is not one flat colour.
        const QImage image = view.grab().toImage();
        for (const auto& [key, colour] : colours) {
            QVERIFY2(pixelsNear(image, colour) > 20, qPrintable(key));
        }
        QVERIFY(pixelsNear(image, Qt::white) < image.width() * image.height() * 0.97);
    }

    void tagsNeitherOverlapNorLeaveThePlotAndTheFrontiersStay() {
        for (const QSize size : {QSize(900, 600), QSize(420, 300)}) {
            VariantSelection selection;
            TradeOffView view(&selection);
            view.resize(size);
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            view.setInput({gpu_, nullptr});
            QCustomPlot* plot = view.plot();
            plot->replot();
            const QRectF area = plot->axisRect()->rect();
            std::vector<QRectF> shown;
            int tags = 0;
            for (int i = 0; i < plot->itemCount(); ++i) {
                auto* tag = qobject_cast<QCPItemText*>(plot->item(i));
                if (tag == nullptr || tag->objectName() != u"point-tag"_s) {
                    continue;
                }
                ++tags;
                // Each frontier point keeps its tag.
                const QPointF at = tag->position->pixelPosition();
                const TradeOffSeries& series = view.series();
                for (size_t index : series.frontier()) {
                    const TradeOffPoint& p = series.points()[index];
                    if (p.tag == tag->text() &&
                        pixelOf(plot, p.latencyMs, p.quality) ==
                            QPoint(int(std::lround(at.x())), int(std::lround(at.y())))) {
                        QVERIFY2(tag->visible(), qPrintable(p.name));
                    }
                }
                if (!tag->visible()) {
                    continue;
                }
                // The text itself: the item's rect less its padding (the gap to the marker).
                const QMargins pad = tag->padding();
                const QRectF text =
                    QRectF(tag->topLeft->pixelPosition(), tag->bottomRight->pixelPosition())
                        .adjusted(pad.left(), pad.top(), -pad.right(), -pad.bottom());
                QVERIFY2(area.adjusted(-1, -1, 1, 1).contains(text), qPrintable(tag->text()));
                for (const QRectF& other : shown) {
                    QVERIFY2(!text.adjusted(1, 1, -1, -1).intersects(other),
                             qPrintable(tag->text()));
                }
                shown.push_back(text);
            }
            QCOMPARE(tags, 7);
            QVERIFY(!shown.empty());
        }
    }

    void gemmsUseALogErrorAxis() {
        VariantSelection selection;
        TradeOffView view(&selection);
        view.resize(900, 600);
        view.setInput({gpu_, nullptr});
        view.setWorkload(TradeOffWorkload::Gemms);
        QCOMPARE(int(graphsNamed(view.plot(), u"point"_s).size()), 22);
        QCOMPARE(view.plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(view.plot()->yAxis->label().contains(u"error"_s));
        QVERIFY(!graphsNamed(view.plot(), u"frontier"_s)[0]->data()->isEmpty());
        // The user's pick survives another run that has GEMMs too.
        view.setInput({cpu_, nullptr});
        QCOMPARE(view.workload(), TradeOffWorkload::Gemms);
        QCOMPARE(int(graphsNamed(view.plot(), u"point"_s).size()), 11);
    }

    void gpuTimeToggleMovesGpuPoints() {
        VariantSelection selection;
        TradeOffView view(&selection);
        view.setInput({gpu_, nullptr});
        const QString name = u"mlp/dense/cublas/gpu/b1024"_s;
        const double endToEnd = pointNamed(view.series(), name).latencyMs;
        view.setGpuTime(GpuTime::Device);
        const double device = pointNamed(view.series(), name).latencyMs;
        // Per image: the call's kernel time over its batch of 1024.
        QCOMPARE(device, *gpu_->variantByName(name.toStdString())->deviceMedianMs / 1024);
        QVERIFY(device < endToEnd);
        QVERIFY(view.plot()->xAxis->label().contains(u"kernel"_s));
    }

    void clickSelectsAndTheRingFollows() {
        VariantSelection selection;
        QSignalSpy changed(&selection, &VariantSelection::changed);
        ProbedTradeOffView view(&selection);
        view.resize(900, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setInput({gpu_, nullptr});
        QCustomPlot* plot = view.plot();
        plot->replot();

        const QString student = u"mlp/student-kd/costscope/cpu/b1024"_s;
        const TradeOffPoint& point = pointNamed(view.series(), student);
        const QPoint at = pixelOf(plot, point.latencyMs, point.quality);
        QCOMPARE(view.variantAt(at), student);
        QTest::mouseClick(plot, Qt::LeftButton, {}, at);
        QCOMPARE(selection.current(), student);
        QCOMPARE(changed.count(), 1);

        const auto ring = graphsNamed(plot, u"selection"_s);
        QCOMPARE(int(ring.size()), 1);
        QCOMPARE(ring[0]->dataCount(), 1);
        QCOMPARE(ring[0]->data()->begin()->key, point.latencyMs);
        QCOMPARE(ring[0]->data()->begin()->value, point.quality);

        // Selected elsewhere (a table, another chart): the ring moves there.
        const QString int8 = u"mlp/int8/onednn/cpu/b1024"_s;
        selection.select(int8);
        QCOMPARE(ring[0]->data()->begin()->key, pointNamed(view.series(), int8).latencyMs);
        // A GEMM is not on the models' map: no ring, nothing else changes.
        selection.select(u"gemm/fp32/openblas/cpu/1024x1024x1024"_s);
        QCOMPARE(ring[0]->dataCount(), 0);

        // A click on empty space selects nothing; a drag is a pan, not a click.
        const QPoint corner =
            pixelOf(plot, plot->xAxis->range().lower * 1.01, plot->yAxis->range().upper - 0.01);
        QVERIFY(view.variantAt(corner).isEmpty());
        QVERIFY(view.toolTipAt(corner).isEmpty());

        // The hover text names the variant and what it costs.
        const QString tip = view.toolTipAt(at);
        QVERIFY(tip.contains(student));
        QVERIFY(tip.contains(u"p5–p95"_s));
        QVERIFY(tip.contains(u"accuracy"_s));
        QVERIFY(tip.contains(u"weights"_s));
        QVERIFY(tip.contains(u"costscope"_s));  // the backend
    }

    void baselineIsFadedAndLinked() {
        VariantSelection selection;
        TradeOffView view(&selection);
        view.resize(900, 600);
        view.setInput({gpu_, gpuBaseline_});
        QCustomPlot* plot = view.plot();
        QCOMPARE(int(graphsNamed(plot, u"point"_s).size()), 7);
        const auto old = graphsNamed(plot, u"baseline-point"_s);
        QCOMPARE(int(old.size()), 7);
        QCOMPARE(old[0]->scatterStyle().pen().color().alpha(),
                 baselineColor(deviceColor("cpu")).alpha());
        QCOMPARE(itemsNamed(plot, u"baseline-link"_s), 7);
        QVERIFY(legendNames(plot).last().startsWith(u"Pareto"_s));
        QVERIFY(legendNames(plot).filter(u"baseline: "_s).size() == 1);
    }

    void cpuOnlyRunHasNoGpu() {
        VariantSelection selection;
        TradeOffView view(&selection);
        view.setInput({cpu_, nullptr});
        QCOMPARE(int(graphsNamed(view.plot(), u"point"_s).size()), 5);
        QCOMPARE(graphsNamed(view.plot(), u"frontier"_s)[0]->dataCount(), 2 + 1);
        QCOMPARE(legendNames(view.plot()).filter(u"GPU"_s).size(), 0);
    }

    void saysWhyWhenNothingIsPlotted() {
        VariantSelection selection;
        TradeOffView view(&selection);
        QVERIFY(!view.message().isEmpty());  // no run yet
        auto run = std::make_shared<RunData>();
        VariantSummaryRow failed;
        failed.family = "gemm";
        failed.name = "gemm/fp32/x/gpu/1x1x1";
        failed.device = "gpu";
        failed.status = VariantStatus::Failed;
        run->variants.push_back(failed);
        view.setInput({run, nullptr});
        QVERIFY(view.message().contains(u"nothing to place"_s));
        QCOMPARE(int(graphsNamed(view.plot(), u"point"_s).size()), 0);
        // A run back again: the chart returns.
        view.setInput({cpu_, nullptr});
        QVERIFY(view.message().isEmpty());
    }

    void tooltipsShowRecordedTextAsText() {
        const auto path = dir_.file("hostile.sqlite");
        const std::string hostile = "<script>alert(1)</script>";
        auto run = std::make_shared<const RunData>(
            loadRun(path, test::writeFixtureRun(path, {.hostileText = hostile})));
        VariantSelection selection;
        ProbedTradeOffView view(&selection);
        view.resize(900, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setInput({run, nullptr});
        view.plot()->replot();
        const TradeOffPoint& point = view.series().points().front();
        const QString tip = view.toolTipAt(pixelOf(view.plot(), point.latencyMs, point.quality));
        QVERIFY(tip.contains(u"&lt;script&gt;"_s));
        QVERIFY(!tip.contains(u"<script>"_s));
    }

    void costAxisPlacesPointsByEnergyOrMoneyAndSaysWhatIsMissing() {
        const auto path = dir_.file("costs.sqlite");
        const auto costs = std::make_shared<const RunData>(
            loadRun(path, test::writeFixtureRun(path, {.withCosts = true})));
        VariantSelection selection;
        ProbedTradeOffView view(&selection);
        view.resize(900, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setInput({costs, nullptr});
        QCustomPlot* plot = view.plot();
        const auto latencyOf = [&] {
            std::vector<double> x;
            for (QCPGraph* graph : graphsNamed(plot, u"point"_s)) {
                x.push_back(graph->data()->at(0)->key);
            }
            return x;
        };
        const std::vector<double> latency = latencyOf();

        view.setCostAxis(CostAxis::Energy);
        QVERIFY(view.message().isEmpty());
        QVERIFY(plot->xAxis->label().startsWith(u"Energy per image"_s));
        plot->replot();
        const std::vector<double> joules = latencyOf();
        QCOMPARE(joules.size(), latency.size());
        for (size_t i = 0; i < joules.size(); ++i) {
            // The fixture's CPU or GPU power over the median call: 65 W or 300 W per ms.
            const double watts = joules[i] / (latency[i] * 1e-3);
            QVERIFY2(std::abs(watts - 65.0) < 1e-6 || std::abs(watts - 300.0) < 1e-6,
                     qPrintable(QString::number(watts)));
        }
        QVERIFY(view.toolTipAt(pixelOf(plot, joules[0],
                                       graphsNamed(plot, u"point"_s)[0]->data()->at(0)->value))
                    .contains(u" J per image"_s));

        view.setCostAxis(CostAxis::Money);
        QVERIFY(plot->xAxis->label().startsWith(u"USD per million images"_s));
        QCOMPARE(graphsNamed(plot, u"point"_s).size(), latency.size());

        // A run with no energy measured: the map says so, and how to get a map back.
        view.setCostAxis(CostAxis::Energy);
        view.setInput({cpu_, nullptr});
        QVERIFY2(view.message().contains(u"has its energy measured"_s), qPrintable(view.message()));
        QVERIFY(view.message().contains(u"Choose 'latency' under Cost"_s));
        view.setCostAxis(CostAxis::Latency);
        QVERIFY(view.message().isEmpty());
    }

    void savedImagesKeepRecordedTextAsText() {
        // Names from a recording drawn into an SVG are XML character data: the file parses, holds
        // no element or attribute that a browser would run, and the names read back as written.
        const auto path = dir_.file("hostile-svg.sqlite");
        const std::string hostile = "<script>alert(1)</script><a href=\"javascript:x\">&amp;";
        auto run = std::make_shared<const RunData>(
            loadRun(path, test::writeFixtureRun(path, {.hostileText = hostile})));
        VariantSelection selection;
        TradeOffView view(&selection);
        view.resize(900, 600);
        view.setInput({run, nullptr});
        const QString svgPath = QString::fromStdString(dir_.file("map.svg").string());
        QCOMPARE(view.saveImage(svgPath, 900, 600), QString());

        QFile file(svgPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        int hostileTexts = 0;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement()) {
                const QString name = xml.name().toString().toLower();
                QVERIFY2(name != u"script" && name != u"foreignobject" && name != u"a",
                         qPrintable(name));
                for (const QXmlStreamAttribute& attribute : xml.attributes()) {
                    const QString key = attribute.name().toString().toLower();
                    QVERIFY2(!key.startsWith(u"on") && key != u"href",
                             qPrintable(key + u" on "_s + name));
                    QVERIFY(!attribute.value().contains(u"javascript:"_s, Qt::CaseInsensitive));
                }
            }
            if (xml.isCharacters() && xml.text().contains(QString::fromStdString(hostile))) {
                ++hostileTexts;
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(hostileTexts > 0);  // the legend names the backend, hostile text and all
    }

    void isTheFirstChart() {
        VariantSelection selection;
        const auto views = makeChartViews(&selection);
        QVERIFY(!views.empty());
        QVERIFY(dynamic_cast<TradeOffView*>(views.front().get()) != nullptr);
    }

  private:
    test::ScratchDir dir_;
    std::filesystem::path gpuPath_;
    RunDataPtr gpu_;
    RunDataPtr gpuBaseline_;
    RunDataPtr cpu_;
};

}  // namespace costscope

QTEST_MAIN(costscope::TradeOffViewTest)
#include "TradeOffViewTest.moc"
