// Every chart's legends stay inside the axis rect they explain, at a window's size and at a
// cramped one, and hide none of the trade-off map's points or tags where there is room.
#include <qcustomplot.h>
#include <QtTest>
#include <memory>
#include <vector>

#include "app/compare/CompareView.h"
#include "app/core/RunLoader.h"
#include "app/core/VariantSelection.h"
#include "app/roofline/RooflineView.h"
#include "app/sweeps/SweepView.h"
#include "app/tradeoff/TradeOffView.h"
#include "tests/gui/support/FixtureRecording.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

struct PlacedLegend {
    QCPLegend* legend;
    QCPAxisRect* rect;  // the axis rect whose inset layout holds it; null: none does
};

// Every legend of the plot, with the axis rect that holds it.
std::vector<PlacedLegend> legendsOf(QCustomPlot* plot) {
    std::vector<PlacedLegend> found;
    std::vector<QCPLegend*> legends{plot->legend};
    for (QCPAxisRect* rect : plot->axisRects()) {
        for (int i = 0; i < rect->insetLayout()->elementCount(); ++i) {
            auto* legend = qobject_cast<QCPLegend*>(rect->insetLayout()->elementAt(i));
            if (legend != nullptr && legend != plot->legend) {
                legends.push_back(legend);
            }
        }
    }
    for (QCPLegend* legend : legends) {
        QCPAxisRect* holder = nullptr;
        for (QCPAxisRect* rect : plot->axisRects()) {
            if (legend->layout() == rect->insetLayout()) {
                holder = rect;
            }
        }
        found.push_back({legend, holder});
    }
    return found;
}

std::unique_ptr<ChartView> makeView(int kind, VariantSelection* selection) {
    switch (kind) {
        case 0:
            return std::make_unique<TradeOffView>(selection);
        case 1:
            return std::make_unique<CompareView>(selection);
        case 2:
            return std::make_unique<SweepView>(selection);
        default:
            return std::make_unique<RooflineView>(selection);
    }
}

}  // namespace

class LegendPlacementTest : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
        const auto path = dir_.file("runs.sqlite");
        const int64_t baseline = test::writeFixtureRun(path, {.seed = 1});
        const int64_t candidate = test::writeFixtureRun(path, {.timeScale = 0.8, .seed = 2});
        run_ = std::make_shared<const RunData>(loadRun(path, candidate));
        baseline_ = std::make_shared<const RunData>(loadRun(path, baseline));
    }

    void legendsStayInsideTheirAxisRect_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("compared");
        QTest::addColumn<QSize>("size");
        const char* names[] = {"trade-off", "compare", "sweeps", "roofline"};
        for (int kind = 0; kind < 4; ++kind) {
            for (const bool compared : {false, true}) {
                for (const QSize size :
                     {QSize(1200, 800), QSize(700, 450), QSize(420, 300), QSize(240, 170)}) {
                    QTest::addRow("%s %s %dx%d", names[kind], compared ? "two runs" : "one run",
                                  size.width(), size.height())
                        << kind << compared << size;
                }
            }
        }
    }

    void legendsStayInsideTheirAxisRect() {
        QFETCH(int, kind);
        QFETCH(bool, compared);
        QFETCH(QSize, size);
        VariantSelection selection;
        const std::unique_ptr<ChartView> view = makeView(kind, &selection);
        view->resize(size);
        view->show();
        QVERIFY(QTest::qWaitForWindowExposed(view.get()));
        view->setInput({run_, compared ? baseline_ : nullptr});
        QVERIFY2(view->message().isEmpty(), qPrintable(view->message()));
        QCustomPlot* plot = view->plot();
        plot->replot();

        const std::vector<PlacedLegend> legends = legendsOf(plot);
        QVERIFY(!legends.empty());
        int shown = 0;
        for (const PlacedLegend& placed : legends) {
            if (placed.legend->itemCount() == 0) {
                continue;
            }
            // In an axis rect's inset layout, not in a row or column of the plot beside it.
            QVERIFY2(placed.rect != nullptr, "the legend is laid out outside every axis rect");
            if (!placed.legend->visible()) {
                continue;
            }
            ++shown;
            const QRect inside = placed.rect->rect();
            const QRect legend = placed.legend->outerRect();
            QVERIFY2(
                inside.contains(legend),
                qPrintable(u"legend %1,%2 %3x%4 outside the axis rect %5,%6 %7x%8"_s.arg(legend.x())
                               .arg(legend.y())
                               .arg(legend.width())
                               .arg(legend.height())
                               .arg(inside.x())
                               .arg(inside.y())
                               .arg(inside.width())
                               .arg(inside.height())));
            // And inside the widget: drawn where it can be seen.
            QVERIFY(plot->rect().contains(legend));
        }
        // Where there is room, every legend is shown, with all its entries.
        if (size.width() >= 1200) {
            int withItems = 0;
            for (const PlacedLegend& placed : legends) {
                withItems += placed.legend->itemCount() > 0 ? 1 : 0;
            }
            QCOMPARE(shown, withItems);
        }
    }

    void theTradeOffLegendHidesNoPointAndNoTag() {
        VariantSelection selection;
        TradeOffView view(&selection);
        view.resize(1200, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setInput({run_, nullptr});
        QCustomPlot* plot = view.plot();
        plot->replot();
        QVERIFY(plot->legend->visible());
        const QRectF legend = plot->legend->outerRect();
        for (int i = 0; i < plot->graphCount(); ++i) {
            QCPGraph* graph = plot->graph(i);
            if (graph->objectName() != u"point"_s) {
                continue;
            }
            const auto point = graph->data()->at(0);
            const QPointF pixel = graph->coordsToPixels(point->key, point->value);
            QVERIFY2(!legend.contains(pixel), qPrintable(graph->name()));
        }
        for (int i = 0; i < plot->itemCount(); ++i) {
            auto* tag = qobject_cast<QCPItemText*>(plot->item(i));
            if (tag != nullptr && tag->objectName() == u"point-tag"_s && tag->visible()) {
                // The text itself: the item's rect less its padding (the gap to the marker).
                const QMargins pad = tag->padding();
                const QRectF text =
                    QRectF(tag->topLeft->pixelPosition(), tag->bottomRight->pixelPosition())
                        .adjusted(pad.left() + 1, pad.top() + 1, -pad.right() - 1,
                                  -pad.bottom() - 1);
                QVERIFY2(!text.intersects(legend), qPrintable(tag->text()));
            }
        }
    }

  private:
    test::ScratchDir dir_;
    RunDataPtr run_;
    RunDataPtr baseline_;
};

}  // namespace costscope

QTEST_MAIN(costscope::LegendPlacementTest)
#include "LegendPlacementTest.moc"
