// The Timeline view drawn from fixture recordings, offscreen: "Loading…" until the rows arrive,
// lanes and spans on screen, a click that shows a kernel's details and selects its variant, the
// sentence for a CPU-only run, the note in compare mode.
#include <qcustomplot.h>

#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <memory>

#include "app/core/RunLoader.h"
#include "app/core/VariantSelection.h"
#include "app/timeline/TimelineView.h"
#include "tests/gui/support/FixtureRecording.h"

using namespace Qt::StringLiterals;

namespace costscope {

class TimelineViewTest : public QObject {
    Q_OBJECT
  private:
    test::ScratchDir dir_;
    RunDataPtr gpuRun_;
    RunDataPtr cpuRun_;

    // Pixels of `image` within a few levels of `color`.
    static int pixelsOf(const QImage& image, const QColor& color) {
        int count = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QColor pixel = image.pixelColor(x, y);
                if (std::abs(pixel.red() - color.red()) <= 3 &&
                    std::abs(pixel.green() - color.green()) <= 3 &&
                    std::abs(pixel.blue() - color.blue()) <= 3) {
                    ++count;
                }
            }
        }
        return count;
    }

  private slots:
    void initTestCase() {
        const auto gpu = dir_.file("gpu.sqlite");
        gpuRun_ = std::make_shared<const RunData>(loadRun(gpu, test::writeFixtureRun(gpu)));
        const auto cpu = dir_.file("cpu.sqlite");
        cpuRun_ = std::make_shared<const RunData>(
            loadRun(cpu, test::writeFixtureRun(cpu, {.withGpu = false})));
    }

    void loadsOffTheGuiThreadThenDrawsLanesAndSpans() {
        VariantSelection selection;
        TimelineView view(&selection);
        view.resize(1200, 700);
        view.show();
        QSignalSpy shown(&view, &TimelineView::shown);
        view.setInput({.run = gpuRun_});
        // Delivered through the event loop: until it runs, the view says it is loading.
        QCOMPARE(view.message(), u"Loading…"_s);
        QVERIFY(view.model() == nullptr);
        QVERIFY(shown.wait(10'000));
        QVERIFY2(view.message().isEmpty(), qPrintable(view.message()));
        QVERIFY(view.model() != nullptr);
        QCOMPARE(view.model()->lanes().size(), size_t(3));

        // The lanes are the y axis' labels, CPU variants on top.
        auto ticker = view.plot()->yAxis->ticker().dynamicCast<QCPAxisTickerText>();
        QVERIFY(ticker);
        QCOMPARE(ticker->ticks().value(0), u"CPU variants"_s);
        QCOMPARE(ticker->ticks().value(1), u"GPU 0 · stream 7 · kernels"_s);
        QCOMPARE(ticker->ticks().value(2), u"GPU 0 · stream 7 · copies"_s);
        QVERIFY(view.plot()->xAxis->label().isEmpty());  // the memory rect beneath has it
        QCOMPARE(view.plot()->axisRects().size(), 2);
        QVERIFY(view.plot()->axisRects()[1]->axis(QCPAxis::atBottom)->label().contains(u"(ms)"_s));
        QCOMPARE(view.plot()->graphCount(), 1);  // device memory in use
        QVERIFY(view.plot()->graph(0)->dataCount() > 10);

        const QImage image = view.grab().toImage();
        QVERIFY(!image.isNull());
        // Not blank: the kernels' green, the copies' orange and the CPU variants' blue are there.
        QVERIFY(pixelsOf(image, TimelineModel::kindColor(TimelineModel::Kind::Kernel)) > 100);
        QVERIFY(pixelsOf(image, TimelineModel::kindColor(TimelineModel::Kind::Copy)) > 20);
        QVERIFY(pixelsOf(image, TimelineModel::kindColor(TimelineModel::Kind::Variant)) > 100);
        // Zoomed out, everything went to QCustomPlot as merged boxes or wide spans, at most a
        // pixel column's worth per lane.
        const size_t width = size_t(view.plot()->axisRect()->width());
        QVERIFY(view.drawnItems() + view.drawnBoxes() > 0);
        QVERIFY(view.drawnBoxes() <= 3 * width);
    }

    void clickOnAKernelShowsItsDetailsAndSelectsItsVariant() {
        VariantSelection selection;
        TimelineView view(&selection);
        view.resize(1200, 700);
        view.show();
        view.setInput({.run = gpuRun_});
        QVERIFY(view.waitForLoaded());
        QVERIFY(view.message().isEmpty());
        const TimelineModel& model = *view.model();

        // Zoom to one kernel (the fifth of the lane) with some room on both sides.
        const auto kernels = model.spansIn(1, model.origin(), model.finish() + 1);
        QVERIFY(kernels.size() > 4);
        const auto [fifthStart, fifthEnd] = *model.times(kernels[4]);
        const double start = double(fifthStart - model.origin()) / 1e6;
        const double end = double(fifthEnd - model.origin()) / 1e6;
        view.plot()->xAxis->setRange(start - (end - start), end + (end - start));
        view.plot()->replot();
        QVERIFY(view.drawnItems() >= 1);
        QVERIFY(view.plot()->axisRects()[1]->axis(QCPAxis::atBottom)->label().contains(u"(µs)"_s));

        const QPoint kernel(int(view.plot()->xAxis->coordToPixel((start + end) / 2)),
                            int(view.plot()->yAxis->coordToPixel(1)));
        QVERIFY(view.spanAt(kernel).has_value());
        QVERIFY(*view.spanAt(kernel) == kernels[4]);
        // A real click on the plot widget.
        QTest::mouseClick(view.plot(), Qt::LeftButton, {}, kernel);
        const QString details = view.detailsText();
        QVERIFY2(details.startsWith(u"sm90_xmma_gemm_f32f32"_s), qPrintable(details));
        QVERIFY(details.contains(u"Grid 8 × 8 × 1 · block 256 × 1 × 1"_s));
        QVERIFY(details.contains(u"168 registers per thread"_s));
        QVERIFY(details.contains(u"96.0 KiB dynamic"_s));
        QVERIFY(details.contains(u"stream 7"_s));
        QVERIFY(details.contains(u"lasts "_s));
        QCOMPARE(selection.current(), u"gemm/fp32/cublas/gpu/1024x1024x1024"_s);

        // Between lanes or off the spans: nothing, and the pane says what to do.
        const QPoint nowhere(kernel.x(), int(view.plot()->yAxis->coordToPixel(1.5)));
        QVERIFY(view.clickAt(nowhere).isEmpty());
        QVERIFY(view.detailsText().startsWith(u"Click a kernel"_s));

        // Zoomed out, a click on merged kernels names how many and the nearest.
        view.resetZoom();
        const QPoint merged(int(view.plot()->xAxis->coordToPixel(start)),
                            int(view.plot()->yAxis->coordToPixel(1)));
        const QString text = view.clickAt(merged);
        QVERIFY2(text.contains(u"merged in this pixel"_s), qPrintable(text));
        QVERIFY(text.contains(u"Kernel on GPU 0"_s));
    }

    void cpuOnlyRunShowsTheSentence() {
        VariantSelection selection;
        TimelineView view(&selection);
        view.resize(900, 500);
        view.setInput({.run = cpuRun_});
        QVERIFY(view.waitForLoaded());
        QVERIFY2(view.message().contains(u"no GPU activity"_s), qPrintable(view.message()));
        QVERIFY(view.message().contains(u"CPU variants only"_s));
        QVERIFY(view.clickAt(QPoint(300, 200)).isEmpty());
        // The sentence is on screen in the chart's place.
        const QImage image = view.grab().toImage();
        QVERIFY(!image.isNull());
    }

    void compareModeShowsTheCandidateOnlyAndSaysSo() {
        VariantSelection selection;
        TimelineView view(&selection);
        view.resize(900, 500);
        view.show();
        view.setInput({.run = gpuRun_, .baseline = cpuRun_});
        QVERIFY(view.waitForLoaded());
        QVERIFY(view.message().isEmpty());
        QCOMPARE(view.model()->lanes().size(), size_t(3));  // the candidate's lanes
        QCoreApplication::processEvents();  // the tool bar lays its widgets out late
        bool noted = false;
        for (QLabel* label : view.findChildren<QLabel*>()) {
            noted =
                noted || (label->isVisible() && label->text().contains(u"candidate run only"_s));
        }
        QVERIFY(noted);
        // Back to one run: the note goes, the timeline is not read again.
        view.setInput({.run = gpuRun_});
        QVERIFY(!view.loading());
        QCoreApplication::processEvents();
        for (QLabel* label : view.findChildren<QLabel*>()) {
            QVERIFY(!(label->isVisible() && label->text().contains(u"candidate run only"_s)));
        }
    }

    void selectingAVariantElsewhereKeepsTheViewDrawn() {
        VariantSelection selection;
        TimelineView view(&selection);
        view.resize(900, 500);
        view.show();
        view.setInput({.run = gpuRun_});
        QVERIFY(view.waitForLoaded());
        selection.select(u"gemm/tf32/cublas/gpu/1024x1024x1024"_s);
        view.plot()->replot();
        QVERIFY(view.drawnItems() + view.drawnBoxes() > 0);
        // No run: the view says so instead of drawing a stale one.
        view.setInput({});
        QVERIFY(!view.message().isEmpty());
        QVERIFY(view.model() == nullptr);
    }
};

}  // namespace costscope

QTEST_MAIN(costscope::TimelineViewTest)
#include "TimelineViewTest.moc"
