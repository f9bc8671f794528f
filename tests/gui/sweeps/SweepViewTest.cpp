// The Sweeps chart drawn from fixture recordings: curves per panel, break-even markers and their
// legend text, the baseline overlay, and clicking a point to select its variant.
#include <qcustomplot.h>
#include <QComboBox>
#include <QHelpEvent>
#include <QToolTip>
#include <QtTest>
#include <set>

#include "app/charts/ChartStyle.h"
#include "app/charts/PointStyle.h"
#include "app/core/RunLoader.h"
#include "app/core/VariantSelection.h"
#include "app/sweeps/SweepView.h"
#include "tests/gui/support/FixtureRecording.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

struct Curves {
    int sparsity = 0;
    int precision = 0;
    int baseline = 0;
    int accuracy = 0;
    QStringList names;
};

Curves countCurves(const SweepView& view) {
    Curves curves;
    QCustomPlot* plot = view.plot();
    for (int i = 0; i < plot->graphCount(); ++i) {
        QCPGraph* graph = plot->graph(i);
        if (graph->pen().style() == Qt::DashLine) {
            ++curves.baseline;
            continue;
        }
        if (graph->keyAxis()->axisRect() == view.sparsityPanel()) {
            ++curves.sparsity;
        } else if (graph->keyAxis()->axisRect() == view.precisionPanel()) {
            ++curves.precision;
        } else if (graph->keyAxis()->axisRect() == view.accuracyPanel()) {
            ++curves.accuracy;
        }
        curves.names << graph->name();
    }
    return curves;
}

int itemsNamed(QCustomPlot* plot, const QString& name) {
    int count = 0;
    for (int i = 0; i < plot->itemCount(); ++i) {
        count += plot->item(i)->objectName() == name ? 1 : 0;
    }
    return count;
}

int nonWhitePixels(const QImage& image, const QRect& area) {
    int count = 0;
    for (int y = area.top(); y < area.bottom(); y += 2) {
        for (int x = area.left(); x < area.right(); x += 2) {
            count += image.pixel(x, y) != qRgb(255, 255, 255) ? 1 : 0;
        }
    }
    return count;
}

QString toolTipAt(QWidget* plot, const QPoint& position) {
    QHelpEvent event(QEvent::ToolTip, position, plot->mapToGlobal(position));
    QApplication::sendEvent(plot, &event);
    return QToolTip::isVisible() ? QToolTip::text() : QString();
}

}  // namespace

class SweepViewTest : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void drawsBothPanelsWithBreakEvenMarked();
    void cpuOnlyRunDrawsItsCpuCurves();
    void clickingAPointSelectsItsVariant();
    void baselineRunIsOverlaidFaded();
    void runWithoutSweepsShowsASentence();

  private:
    test::ScratchDir dir_;
    RunDataPtr gpuRun_;
    RunDataPtr cpuRun_;
};

void SweepViewTest::initTestCase() {
    const auto gpu = dir_.file("gpu.sqlite");
    gpuRun_ = std::make_shared<const RunData>(loadRun(gpu, test::writeFixtureRun(gpu, {})));
    const auto cpu = dir_.file("cpu.sqlite");
    cpuRun_ = std::make_shared<const RunData>(
        loadRun(cpu, test::writeFixtureRun(cpu, {.withGpu = false})));
}

void SweepViewTest::drawsBothPanelsWithBreakEvenMarked() {
    VariantSelection selection;
    SweepView view(&selection);
    view.resize(1280, 800);
    view.setInput({gpuRun_, nullptr});
    QVERIFY(view.message().isEmpty());
    // By default the model's largest batch: its speed and, below, its accuracy.
    QCOMPARE(view.pruningWorkload(), u"mlp b1024"_s);
    QCOMPARE(countCurves(view).sparsity, 2);  // pruned90-ft (CSR) and 2:4-ft on the cpu
    QVERIFY(view.accuracyPanel() != nullptr);
    // A GEMM's pruning has no accuracy to show.
    view.setPruningWorkload(u"GEMM 1024×1024×1024"_s);
    QCOMPARE(countCurves(view).sparsity, 5);
    QVERIFY(view.accuracyPanel() == nullptr);
    auto* box = view.findChild<QComboBox*>(u"pruningWorkload"_s);
    QVERIFY(box != nullptr);
    QCOMPARE(box->count(), 3);  // the GEMM, the model at b1024, every workload
    QCOMPARE(box->currentText(), u"GEMM 1024×1024×1024"_s);
    view.setPruningWorkload(SweepView::kEveryWorkload);

    // Pruned: CSR through cpu librsb, cpu costscope, gpu cusparse and 2:4 through cpu costscope
    // and gpu cusparselt on the GEMM; the mlp's pruned90-ft (CSR) and 2:4-ft on the cpu.
    // Precision: cpu and gpu GEMM, the mlp on cpu and gpu. Accuracy: the mlp's two kinds.
    const Curves curves = countCurves(view);
    QCOMPARE(curves.sparsity, 7);
    QCOMPARE(curves.precision, 4);
    QCOMPARE(curves.accuracy, 2);
    QCOMPARE(curves.baseline, 0);
    QVERIFY(view.accuracyPanel() != nullptr);
    // Several kinds and workloads: each label says its own.
    QCOMPARE(curves.names.filter(u"cpu costscope · 2:4 mlp b1024: "_s).size(), 1);
    QCOMPARE(curves.names.filter(u"unstructured, fine-tuned"_s).size(), 1);
    // The pruning kind's marker is the trade-off map's.
    for (int i = 0; i < view.plot()->graphCount(); ++i) {
        const QCPGraph* graph = view.plot()->graph(i);
        if (graph->name().contains(u"· 2:4"_s)) {
            QCOMPARE(graph->scatterStyle().shape(), markerShape(CompressionKind::Structured24));
        }
    }
    // Every fixture series crosses dense: a marker each, and the legend says where, between
    // which measured sparsities (no text on the plot, where labels collide and leave the panel).
    QCOMPARE(itemsNamed(view.plot(), u"breakEven"_s), 3);
    QCOMPARE(curves.names.filter(u"break-even ≈ "_s).size(), 3);
    QVERIFY(curves.names.filter(u"cpu librsb · unstructured GEMM 1024×1024×1024: break-even ≈ "_s)
                .size() == 1);
    // Of the CPU's two CSR backends on the GEMM, the one that pays first is named, once; a
    // pruning only one backend ran has no contest.
    QCOMPARE(curves.names.filter(u"best of"_s).size(), 1);
    QCOMPARE(curves.names.filter(u"cpu costscope · unstructured GEMM 1024×1024×1024: "_s)
                 .filter(u"· best of 2"_s)
                 .size(),
             1);
    for (int i = 0; i < view.plot()->itemCount(); ++i) {
        QVERIFY(qobject_cast<QCPItemText*>(view.plot()->item(i)) == nullptr);
    }
    // The precision axis in its order, only the precisions measured.
    QCOMPARE(view.series()->precisions(),
             (std::vector<std::string>{"fp32", "tf32", "fp16", "bf16", "int8", "fp8"}));

    const QImage image = view.render(QSize(1280, 700));
    const QRect left = view.sparsityPanel()->rect();
    const QRect right = view.precisionPanel()->rect();
    QVERIFY(nonWhitePixels(image, left) > 500);
    QVERIFY(nonWhitePixels(image, right) > 500);
    // The librsb break-even lies where its curve crosses 1× (the fixture: about 80 %).
    const SparsityCurve& librsb = view.series()->sparsityCurves().front();
    QVERIFY(*librsb.breakEven.estimate > 0.5 && *librsb.breakEven.estimate < 0.9);

    // A report's later parts: no precision panel, in the layout or drawn.
    view.setPrecisionPanelShown(false);
    QCOMPARE(countCurves(view).precision, 0);
    QVERIFY(!view.plot()->axisRects().contains(view.precisionPanel()));
    QVERIFY(view.plot()->axisRects().contains(view.accuracyPanel()));
    view.setPruningWorkload(u"GEMM 1024×1024×1024"_s);
    QCOMPARE(view.plot()->axisRects().size(), 1);  // the speedup panel alone
    view.setPrecisionPanelShown(true);
    QCOMPARE(view.plot()->axisRects().size(), 2);
    QCOMPARE(countCurves(view).precision, 4);
}

void SweepViewTest::cpuOnlyRunDrawsItsCpuCurves() {
    VariantSelection selection;
    SweepView view(&selection);
    view.resize(1280, 800);
    view.setPruningWorkload(SweepView::kEveryWorkload);
    view.setInput({cpuRun_, nullptr});
    QVERIFY(view.message().isEmpty());
    const Curves curves = countCurves(view);
    // librsb and costscope CSR and costscope 2:4 on the GEMM; the mlp's CSR and 2:4.
    QCOMPARE(curves.sparsity, 5);
    QCOMPARE(curves.precision, 2);  // cpu GEMM (fp32, bf16, int8) and the mlp (fp32, int8)
    QCOMPARE(itemsNamed(view.plot(), u"breakEven"_s), 2);
    QCOMPARE(view.series()->precisions(), (std::vector<std::string>{"fp32", "bf16", "int8"}));
    // One device, so the series tell apart by colour, and their kinds by marker.
    std::set<QRgb> colours;
    for (int i = 0; i < view.plot()->graphCount(); ++i) {
        const QCPGraph* graph = view.plot()->graph(i);
        if (graph->keyAxis()->axisRect() == view.sparsityPanel()) {
            colours.insert(graph->pen().color().rgb());
        }
    }
    QCOMPARE(int(colours.size()), 5);
    QVERIFY(view.plot()->graph(0)->pen().color() != view.plot()->graph(1)->pen().color());
}

void SweepViewTest::clickingAPointSelectsItsVariant() {
    VariantSelection selection;
    SweepView view(&selection);
    view.resize(1280, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setPruningWorkload(u"GEMM 1024×1024×1024"_s);
    view.setInput({gpuRun_, nullptr});
    view.plot()->replot();

    // librsb at 90 % on the sparsity panel.
    QCPGraph* librsb = view.plot()->graph(0);
    QVERIFY(librsb->name().startsWith(u"cpu librsb"_s));
    const QCPGraphData& point = *(librsb->data()->constBegin() + 1);
    const QPoint at(int(librsb->keyAxis()->coordToPixel(point.key)),
                    int(librsb->valueAxis()->coordToPixel(point.value)));
    QCOMPARE(view.variantAt(at), u"pruned/csr90/librsb/cpu/1024x1024x1024"_s);
    QTest::mouseClick(view.plot(), Qt::LeftButton, {}, at + QPoint(2, -2));
    QCOMPARE(selection.current(), u"pruned/csr90/librsb/cpu/1024x1024x1024"_s);
    QCOMPARE(itemsNamed(view.plot(), u"selection"_s), 1);
    const QString pointTip = toolTipAt(view.plot(), at);
    QVERIFY2(pointTip.contains(u"weights removed 90 %"_s) && pointTip.contains(u"dense FP32: "_s),
             qPrintable(pointTip));

    // The break-even marker explains itself: the bracket measured, the estimate inside it.
    for (int i = 0; i < view.plot()->itemCount(); ++i) {
        auto* marker = qobject_cast<QCPItemTracer*>(view.plot()->item(i));
        if (marker != nullptr && marker->objectName() == u"breakEven"_s) {
            const QPoint centre = marker->position->pixelPosition().toPoint();
            const QString tip = toolTipAt(view.plot(), centre);
            QVERIFY2(tip.contains(u"break-even ≈ "_s) &&
                         tip.contains(u"measured: slower than dense at "_s),
                     qPrintable(tip));
            break;
        }
    }

    // Selecting a dense variant elsewhere marks its point on the precision panel.
    selection.select(u"gemm/tf32/cublas/gpu/1024x1024x1024"_s);
    QCOMPARE(itemsNamed(view.plot(), u"selection"_s), 1);
    for (int i = 0; i < view.plot()->itemCount(); ++i) {
        auto* mark = qobject_cast<QCPItemTracer*>(view.plot()->item(i));
        if (mark != nullptr && mark->objectName() == u"selection"_s) {
            QCOMPARE(mark->position->keyAxis()->axisRect(), view.precisionPanel());
            QCOMPARE(mark->position->coords().x(), 1.0);  // TF32 is the second category
        }
    }
    // Empty space selects nothing.
    const QRect panel = view.sparsityPanel()->rect();
    QTest::mouseClick(view.plot(), Qt::LeftButton, {}, panel.topRight() + QPoint(-5, 5));
    QCOMPARE(selection.current(), u"gemm/tf32/cublas/gpu/1024x1024x1024"_s);
}

void SweepViewTest::baselineRunIsOverlaidFaded() {
    const auto path = dir_.file("two.sqlite");
    const int64_t before = test::writeFixtureRun(path, {.seed = 5});
    const int64_t after = test::writeFixtureRun(path, {.timeScale = 0.8, .seed = 6});
    VariantSelection selection;
    SweepView view(&selection);
    view.resize(1280, 800);
    view.setPruningWorkload(SweepView::kEveryWorkload);
    view.setInput({std::make_shared<const RunData>(loadRun(path, after)),
                   std::make_shared<const RunData>(loadRun(path, before))});
    const Curves curves = countCurves(view);
    QCOMPARE(curves.sparsity, 7);
    QCOMPARE(curves.precision, 4);
    QCOMPARE(curves.accuracy, 2);  // the candidate's only
    QCOMPARE(curves.baseline, 7 + 4);
    // Baseline curves are faded, and listed once in the sparsity panel's legend.
    for (int i = 0; i < view.plot()->graphCount(); ++i) {
        QCPGraph* graph = view.plot()->graph(i);
        if (graph->pen().style() == Qt::DashLine) {
            QVERIFY(graph->pen().color().alpha() < 255);
        }
    }
    int listed = 0;
    for (int i = 0; i < view.plot()->legend->itemCount(); ++i) {
        auto* item = qobject_cast<QCPPlottableLegendItem*>(view.plot()->legend->item(i));
        listed += item != nullptr && item->plottable()->name() == u"baseline run (faded)"_s;
    }
    QCOMPARE(listed, 1);
    QCOMPARE(itemsNamed(view.plot(), u"breakEven"_s), 3);  // the candidate's only
}

void SweepViewTest::runWithoutSweepsShowsASentence() {
    auto run = std::make_shared<RunData>(*cpuRun_);
    std::erase_if(run->variants, [](const VariantSummaryRow& v) {
        return pruningOf(v).has_value() || v.precision != "fp32";
    });
    VariantSelection selection;
    SweepView view(&selection);
    view.setInput({run, nullptr});
    QVERIFY(view.message().contains(u"no sweep to draw"_s));
    QVERIFY(view.series() == nullptr);
    QVERIFY(view.accuracyPanel() == nullptr);
    view.setInput({});
    QVERIFY(!view.message().isEmpty());
}

}  // namespace costscope

QTEST_MAIN(costscope::SweepViewTest)
#include "SweepViewTest.moc"
