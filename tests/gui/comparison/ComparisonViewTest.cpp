// The "Compare two runs" table: verdict colours, the summary line, device columns, sorting,
// filtering, CSV and the shared selection, on fixture recordings.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QColor>
#include <QItemSelectionModel>
#include <QTableView>
#include <QTest>
#include <memory>

#include "app/comparison/ComparisonModel.h"
#include "app/comparison/ComparisonView.h"
#include "app/core/RunLoader.h"
#include "app/core/VariantSelection.h"
#include "app/tables/NameFilterEdit.h"
#include "app/tables/TableProxyModel.h"
#include "tests/gui/support/FixtureRecording.h"

using namespace Qt::StringLiterals;

namespace costscope {

class ComparisonViewTest : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        const auto path = dir_.file("runs.sqlite");
        const auto load = [&path](const test::FixtureOptions& options) {
            return std::make_shared<const RunData>(
                loadRun(path, test::writeFixtureRun(path, options)));
        };
        baseline_ = load({.timeScale = 1.0, .seed = 1});
        faster_ = load({.timeScale = 0.8, .seed = 2});
        same_ = load({.timeScale = 1.0, .seed = 5});
        cpuA_ = load({.withGpu = false, .seed = 6});
        cpuB_ = load({.withGpu = false, .seed = 7});
        oneThread_ = load({.withGpu = false, .seed = 8, .ompThreads = 1, .ceilingScale = 0.5});
        pricedA_ = load({.withGpu = false, .seed = 9, .withCosts = true});
        pricedFaster_ = load({.timeScale = 0.8, .withGpu = false, .seed = 10, .withCosts = true});
    }

    void showsWhatDiffersBetweenTheRunsAboveTheVerdicts() {
        VariantSelection selection;
        ComparisonView view(&selection);
        view.setInput(ViewInput{cpuA_, oneThread_});
        const QString differences = view.differences();
        QVERIFY2(differences.contains(u"<td>CPU · omp_threads</td><td>1</td><td>2</td>"_s),
                 qPrintable(differences));
        QVERIFY2(differences.contains(u"×2.00"_s), qPrintable(differences));
        // Same settings: said so, not an empty table.
        view.setInput(ViewInput{cpuB_, cpuA_});
        QVERIFY2(view.differences().contains(u"recorded the same"_s),
                 qPrintable(view.differences()));
    }

    void modelShowsDiffsColouredByVerdict() {
        ComparisonModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setResults(compareRuns(baseline_, faster_));
        QCOMPARE(model.rowCount(), int(faster_->variants.size()));
        QCOMPARE(model.columnCount(), int(ComparisonModel::ColumnCount));

        int faster = 0;
        for (int row = 0; row < model.rowCount(); ++row) {
            const VariantDiff& diff = model.comparison().diffs[size_t(row)];
            const auto cell = [&](int column, int role = Qt::DisplayRole) {
                return model.index(row, column).data(role);
            };
            QCOMPARE(cell(ComparisonModel::Variant).toString(), QString::fromStdString(diff.name));
            if (diff.time.verdict != DiffVerdict::Faster) {
                // The skipped and failed variants: no numbers, grey, the reason in the tooltip.
                QCOMPARE(cell(ComparisonModel::Verdict).toString(), u"not measured"_s);
                QCOMPARE(cell(ComparisonModel::Ratio).toString(), QString());
                QVERIFY(!cell(ComparisonModel::Ratio, ComparisonModel::SortRole).isValid());
                QCOMPARE(cell(ComparisonModel::Verdict, Qt::ForegroundRole).value<QColor>(),
                         QColor(Qt::gray));
                QVERIFY(cell(ComparisonModel::Verdict, Qt::ToolTipRole)
                            .toString()
                            .contains(QString::fromStdString(diff.candidate->reason)));
                continue;
            }
            ++faster;
            QCOMPARE(cell(ComparisonModel::Verdict).toString(), u"faster"_s);
            const double ratio = cell(ComparisonModel::Ratio, ComparisonModel::SortRole).toDouble();
            QCOMPARE(ratio, *diff.time.ratio());
            QCOMPARE(cell(ComparisonModel::RatioLow, ComparisonModel::SortRole).toDouble(),
                     diff.time.interval->low);
            QCOMPARE(cell(ComparisonModel::RatioHigh, ComparisonModel::SortRole).toDouble(),
                     diff.time.interval->high);
            QVERIFY(cell(ComparisonModel::Verdict, Qt::ToolTipRole)
                        .toString()
                        .contains(u"95 % interval "_s));
            QCOMPARE(cell(ComparisonModel::Ratio).toString(),
                     QString::number(ratio, 'f', 3) + u"×"_s);
            const double change =
                cell(ComparisonModel::ChangePercent, ComparisonModel::SortRole).toDouble();
            QVERIFY(std::abs(change - (ratio - 1) * 100) < 1e-9);
            QVERIFY(cell(ComparisonModel::ChangePercent).toString().startsWith(u"-"_s));
            QVERIFY(cell(ComparisonModel::PValue, ComparisonModel::SortRole).toDouble() < 0.05);
            // Green, text and background.
            const QColor text = cell(ComparisonModel::Verdict, Qt::ForegroundRole).value<QColor>();
            const QColor fill = cell(ComparisonModel::Ratio, Qt::BackgroundRole).value<QColor>();
            QVERIFY(text.green() > text.red() && text.green() > text.blue());
            QVERIFY(fill.green() > fill.red() && fill.green() > fill.blue());
            QCOMPARE(cell(ComparisonModel::Verdict, ComparisonModel::VerdictRole).toInt(),
                     int(DiffVerdict::Faster));
        }
        QCOMPARE(faster, 29);

        // The other way round everything is red.
        model.setResults(compareRuns(faster_, baseline_));
        const QModelIndex first = model.index(0, ComparisonModel::Verdict);
        QCOMPARE(first.data().toString(), u"slower"_s);
        const QColor red = first.data(Qt::BackgroundRole).value<QColor>();
        QVERIFY(red.red() > red.green() && red.red() > red.blue());

        // Same speed: mostly grey, no background.
        model.setResults(compareRuns(baseline_, same_));
        int grey = 0;
        for (int row = 0; row < model.rowCount(); ++row) {
            const QModelIndex verdict = model.index(row, ComparisonModel::Verdict);
            if (verdict.data().toString() == u"same"_s ||
                verdict.data().toString() == u"inconclusive"_s) {
                ++grey;
                QCOMPARE(verdict.data(Qt::ForegroundRole).value<QColor>(), QColor(Qt::gray));
                QVERIFY(!verdict.data(Qt::BackgroundRole).isValid());
            }
        }
        QVERIFY2(grey >= 23, qPrintable(QString::number(grey)));

        model.setResults({});
        QCOMPARE(model.rowCount(), 0);
    }

    void withoutABaselineSaysHowToPickOne() {
        VariantSelection selection;
        ComparisonView view(&selection);
        QCOMPARE(view.message(), u"Pick two runs in the run browser to compare them."_s);
        view.setInput({faster_, nullptr});
        QCOMPARE(view.message(), u"Pick two runs in the run browser to compare them."_s);
        QCOMPARE(view.model()->rowCount(), 0);
        view.setInput({faster_, baseline_});
        QCOMPARE(view.message(), QString());
        view.setInput({});
        QVERIFY(!view.message().isEmpty());
    }

    void summarisesTheVerdicts() {
        VariantSelection selection;
        ComparisonView view(&selection);
        view.setInput({faster_, baseline_});
        QCOMPARE(view.summary(),
                 u"29 faster, 0 slower, 0 same, 0 inconclusive, 2 not measured "
                 u"(95 % intervals of the ratio against ±2 %)"_s);
        // A CPU-only candidate against a CPU+GPU baseline: the GPU variants only in one run.
        view.setInput({cpuA_, baseline_});
        QVERIFY2(view.summary().contains(
                     u", 13 only in baseline (95 % intervals of the ratio against ±2 %)"_s),
                 qPrintable(view.summary()));
        // The band is the user's: a wider one recomputes the verdicts.
        view.setInput({same_, baseline_});
        const QString narrow = view.summary();
        view.setEquivalence(0.10);
        QCOMPARE(view.equivalence(), 0.10);
        QVERIFY2(view.summary().contains(u"against ±10 %"_s), qPrintable(view.summary()));
        QVERIFY2(view.model()->comparison().count(DiffVerdict::Same) > 20,
                 qPrintable(view.summary() + u" / "_s + narrow));
    }

    void deviceColumnsOnlyWhenBothRunsMeasuredThem() {
        VariantSelection selection;
        ComparisonView view(&selection);
        view.setInput({faster_, baseline_});
        for (int column = ComparisonModel::BaselineDeviceMs;
             column <= ComparisonModel::DeviceVerdict; ++column) {
            QVERIFY(!view.table()->isColumnHidden(column));
        }
        const int row = view.model()->rowOf(u"gemm/fp32/cublas/gpu/1024x1024x1024"_s);
        QVERIFY(row >= 0);
        QCOMPARE(view.model()->index(row, ComparisonModel::DeviceVerdict).data().toString(),
                 u"faster"_s);
        QVERIFY(view.model()
                    ->index(row, ComparisonModel::DeviceRatio)
                    .data(ComparisonModel::SortRole)
                    .toDouble() < 0.9);
        // A CPU variant's device cells are empty.
        QCOMPARE(view.model()->index(0, ComparisonModel::DeviceVerdict).data().toString(),
                 QString());

        view.setInput({cpuB_, cpuA_});
        for (int column = ComparisonModel::BaselineDeviceMs; column < ComparisonModel::ColumnCount;
             ++column) {
            QVERIFY(view.table()->isColumnHidden(column));
        }
        QVERIFY(!view.table()->isColumnHidden(ComparisonModel::Verdict));
    }

    // Energy per call beside the times, when a run measured it: a ratio without a verdict, and
    // the reason where a side has no figure.
    void energyColumnsCompareJoulesPerCall() {
        VariantSelection selection;
        ComparisonView view(&selection);
        view.setInput({pricedFaster_, pricedA_});
        QVERIFY(view.model()->comparison().hasEnergy());
        for (int column = ComparisonModel::BaselineJoules;
             column <= ComparisonModel::EnergyChangePercent; ++column) {
            QVERIFY(!view.table()->isColumnHidden(column));
        }
        QVERIFY(view.table()->isColumnHidden(ComparisonModel::BaselineCount));  // recordings
        QVERIFY(view.table()->isColumnHidden(ComparisonModel::DeviceVerdict));  // CPU-only runs
        const ComparisonModel& model = *view.model();
        const int row = model.rowOf(u"gemm/fp32/openblas/cpu/1024x1024x1024"_s);
        QVERIFY(row >= 0);
        // The fixture's CPU draws 65 W over each median call: the candidate's calls are 0.8 as
        // long, so their energy is about 0.8 of the baseline's (the medians carry noise).
        const double before = model.index(row, ComparisonModel::BaselineJoules)
                                  .data(ComparisonModel::SortRole)
                                  .toDouble(),
                     after = model.index(row, ComparisonModel::CandidateJoules)
                                 .data(ComparisonModel::SortRole)
                                 .toDouble(),
                     ratio = model.index(row, ComparisonModel::EnergyRatio)
                                 .data(ComparisonModel::SortRole)
                                 .toDouble();
        const VariantDiff& diff = model.comparison().diffs[size_t(row)];
        QCOMPARE(before, 65.0 * *diff.time.baselineMs / 1e3);
        QCOMPARE(ratio, after / before);
        QVERIFY2(ratio > 0.7 && ratio < 0.9, qPrintable(QString::number(ratio)));
        QVERIFY(model.index(row, ComparisonModel::EnergyChangePercent)
                    .data()
                    .toString()
                    .startsWith(u'-'));
        QVERIFY2(model.index(row, ComparisonModel::EnergyRatio)
                     .data(Qt::ToolTipRole)
                     .toString()
                     .contains(u"no verdict"_s),
                 "an energy ratio says it has no interval");
        // The skipped variant has no energy, and says why.
        const int skipped = model.rowOf(u"quantized/fp8/onednn/cpu/1024x1024x1024"_s);
        QVERIFY(skipped >= 0);
        QVERIFY(!model.index(skipped, ComparisonModel::EnergyRatio)
                     .data(ComparisonModel::SortRole)
                     .isValid());
        QVERIFY2(model.index(skipped, ComparisonModel::BaselineJoules)
                     .data(Qt::ToolTipRole)
                     .toString()
                     .contains(u"baseline: skipped: "_s),
                 qPrintable(model.index(skipped, ComparisonModel::BaselineJoules)
                                .data(Qt::ToolTipRole)
                                .toString()));

        // A baseline recorded without energy: the candidate's figure stands, and the reason why
        // the baseline has none.
        view.setInput({pricedA_, cpuA_});
        QVERIFY(!view.table()->isColumnHidden(ComparisonModel::CandidateJoules));
        const QString why =
            view.model()->index(row, ComparisonModel::EnergyRatio).data(Qt::ToolTipRole).toString();
        QVERIFY2(why.contains(u"baseline: energy not measured in this run"_s), qPrintable(why));
        QVERIFY(!view.model()
                     ->index(row, ComparisonModel::EnergyRatio)
                     .data(ComparisonModel::SortRole)
                     .isValid());
    }

    void sortsAndFilters() {
        VariantSelection selection;
        ComparisonView view(&selection);
        view.setInput({same_, baseline_});
        QAbstractItemModelTester tester(view.proxy(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            view.table()->sortByColumn(ComparisonModel::Ratio, order);
            const QAbstractItemModel* shown = view.proxy();
            const int rows = shown->rowCount();
            QCOMPARE(rows, 31);
            // Not measured last, both orders.
            QVERIFY(!shown->index(rows - 1, ComparisonModel::Ratio)
                         .data(ComparisonModel::SortRole)
                         .isValid());
            QVERIFY(!shown->index(rows - 2, ComparisonModel::Ratio)
                         .data(ComparisonModel::SortRole)
                         .isValid());
            for (int row = 1; row < rows - 2; ++row) {
                const double before = shown->index(row - 1, ComparisonModel::Ratio)
                                          .data(ComparisonModel::SortRole)
                                          .toDouble();
                const double here = shown->index(row, ComparisonModel::Ratio)
                                        .data(ComparisonModel::SortRole)
                                        .toDouble();
                QVERIFY(order == Qt::AscendingOrder ? before <= here : before >= here);
            }
        }
        view.filterEdit()->setText(u"*/gpu/*"_s);
        // 13 GPU variants measured and the failed GPU variant.
        QCOMPARE(view.proxy()->rowCount(), 14);
    }

    void copiesAsCsv() {
        VariantSelection selection;
        ComparisonView view(&selection);
        view.setInput({faster_, baseline_});
        const QString csv = view.csv();
        QStringList lines = csv.split(u"\r\n"_s);
        QCOMPARE(lines.takeLast(), QString());
        QCOMPARE(lines.size(), 32);
        QCOMPARE(lines.front(),
                 u"Variant,Baseline (ms),Candidate (ms),Ratio,Ratio 95 % low,Ratio 95 % high,"
                 u"Change (%),p-value,Verdict,Baseline device (ms),Candidate device (ms),"
                 u"Device ratio,Device ratio 95 % low,Device ratio 95 % high,Device change (%),"
                 u"Device p-value,Device verdict"_s);
        const VariantDiff& diff = view.model()->comparison().diffs.front();
        const QStringList fields = lines[1].split(u',');
        QCOMPARE(fields[0], QString::fromStdString(diff.name));
        QCOMPARE(fields[1].toDouble(), *diff.time.baselineMs);
        QCOMPARE(fields[3].toDouble(), *diff.time.ratio());
        QCOMPARE(fields[4].toDouble(), diff.time.interval->low);
        QCOMPARE(fields[5].toDouble(), diff.time.interval->high);
        QCOMPARE(fields[7].toDouble(), *diff.time.pValue);
        QCOMPARE(fields[8], u"faster"_s);
        QCOMPARE(fields[9], QString());  // a CPU variant: no device time

        view.table()->selectionModel()->select(
            view.proxy()->index(2, 0),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        view.copyAsCsv();
        QCOMPARE(QApplication::clipboard()->text().split(u"\r\n"_s).size(), 3);

        // CPU-only runs: the device columns are hidden and not copied.
        view.setInput({cpuB_, cpuA_});
        QVERIFY(view.csv().startsWith(
            u"Variant,Baseline (ms),Candidate (ms),Ratio,Ratio 95 % low,Ratio 95 % high,"
            u"Change (%),p-value,Verdict\r\n"_s));
    }

    void followsAndSetsTheSharedSelection() {
        VariantSelection selection;
        ComparisonView view(&selection);
        view.setInput({faster_, baseline_});
        const QString name = QString::fromStdString(faster_->variants[7].name);
        selection.select(name);
        QCOMPARE(view.table()->currentIndex().data(ComparisonModel::NameRole).toString(), name);
        const QModelIndex row = view.proxy()->index(3, ComparisonModel::Ratio);
        view.table()->selectionModel()->setCurrentIndex(
            row, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(selection.current(), QString::fromStdString(faster_->variants[3].name));
    }

  private:
    test::ScratchDir dir_;
    RunDataPtr baseline_;
    RunDataPtr faster_;
    RunDataPtr same_;
    RunDataPtr cpuA_;
    RunDataPtr cpuB_;
    RunDataPtr oneThread_;
    RunDataPtr pricedA_;
    RunDataPtr pricedFaster_;
};

}  // namespace costscope

QTEST_MAIN(costscope::ComparisonViewTest)
#include "ComparisonViewTest.moc"
