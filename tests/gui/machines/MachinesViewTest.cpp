// The Machines view on three machines' runs: every variant on every machine with the best
// marked and why, skipped and missing cells said so; which machine and variant to choose per
// workload, the fastest or the cheapest within the quality budget, with and without prices; and
// the view's states before machines are picked.
#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFont>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>

#include "app/core/FleetRuns.h"
#include "app/core/VariantSelection.h"
#include "app/machines/FleetChoiceModel.h"
#include "app/machines/FleetTableModel.h"
#include "app/machines/MachinesView.h"
#include "tests/gui/support/FixtureRecording.h"
#include "tests/gui/support/FleetFixture.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

using Figure = FleetTableModel::Figure;

// The row of the first variant whose name starts with `prefix`.
int rowStartingWith(const QAbstractItemModel& model, const QString& prefix, int column = 0) {
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, column).data().toString().startsWith(prefix)) {
            return row;
        }
    }
    return -1;
}

int rowOfWorkload(const FleetChoiceModel& model, const QString& workload) {
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, FleetChoiceModel::Workload).data().toString() == workload) {
            return row;
        }
    }
    return -1;
}

}  // namespace

class MachinesViewTest : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() {
        plain_ = test::writeFleetFixture(dir_.file("fleet.sqlite"));
        priced_ = test::writeFleetFixture(dir_.file("priced.sqlite"), true);
    }

    void tableHasAColumnPerMachineAndMarksTheFastest() {
        FleetTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setResults(plain_.runs, FleetGoal::Fastest);
        // Recorded without energy and prices: the median alone, one column per machine.
        QCOMPARE(model.figures(), std::vector<Figure>{Figure::MedianMs});
        QCOMPARE(model.columnCount(), int(FleetTableModel::FixedColumnCount) + 3);
        QCOMPARE(model.machines().size(), size_t(3));
        QVERIFY(model.machines()[0].startsWith(u"node-a · Fixture CPU (synthetic)"_s));
        QVERIFY(model.machines()[2].startsWith(u"node-c"_s));
        // Every variant of any machine once: node-c's CPU-only run adds none.
        QCOMPARE(size_t(model.rowCount()), plain_.runs[0]->variants.size());
        const QString header =
            model.headerData(model.columnOf(Figure::MedianMs, 1), Qt::Horizontal).toString();
        QVERIFY(header.startsWith(u"Median (ms)\nnode-b\n"_s));
        QVERIFY(!model
                     .headerData(model.columnOf(Figure::MedianMs, 1), Qt::Horizontal,
                                 Qt::DecorationRole)
                     .isNull());
        QCOMPARE(model.columnOf(Figure::CostPerMillion, 0), -1);

        // node-b is 20 % faster: the best of each row it ran, in bold, marked, and why.
        const int gemm = rowStartingWith(model, u"gemm/fp32/openblas/cpu"_s);
        QVERIFY(gemm >= 0);
        const QModelIndex best = model.index(gemm, model.columnOf(Figure::MedianMs, 1));
        QVERIFY(best.data(FleetTableModel::BestRole).toBool());
        QVERIFY(best.data().toString().startsWith(u"★ "_s));
        QVERIFY(best.data(Qt::FontRole).value<QFont>().bold());
        const QString why = best.data(Qt::ToolTipRole).toString();
        QVERIFY2(why.startsWith(u"★ The fastest of the 3 machines"_s), qPrintable(why));
        QVERIFY2(why.contains(u"on node-a"_s), qPrintable(why));
        QVERIFY2(why.contains(u"(95 % CI "_s) && why.contains(u"faster"_s), qPrintable(why));
        QVERIFY(!best.data(FleetTableModel::TiedRole).toBool());
        QCOMPARE(best.data(FleetTableModel::MachineRole).toInt(), 1);
        const QModelIndex other = model.index(gemm, model.columnOf(Figure::MedianMs, 2));
        QVERIFY(!other.data(FleetTableModel::BestRole).toBool());
        QVERIFY(!other.data().toString().startsWith(u"★"_s));
        QVERIFY(other.data(Qt::ToolTipRole).toString().contains(u"the best"_s));
        QVERIFY(other.data(FleetTableModel::SortRole).toDouble() >
                best.data(FleetTableModel::SortRole).toDouble());
        int marked = 0;
        for (int row = 0; row < model.rowCount(); ++row) {
            for (size_t machine = 0; machine < 3; ++machine) {
                const QModelIndex cell =
                    model.index(row, model.columnOf(Figure::MedianMs, machine));
                if (cell.data(FleetTableModel::BestRole).toBool()) {
                    ++marked;
                    QCOMPARE(machine, size_t(1));
                }
            }
        }
        QVERIFY(marked > 10);

        // A GPU variant: node-c has none, its cell empty and says why; two machines to choose.
        const int gpu = rowStartingWith(model, u"gemm/fp32/cublas/gpu"_s);
        QVERIFY(gpu >= 0);
        const QModelIndex absent = model.index(gpu, model.columnOf(Figure::MedianMs, 2));
        QCOMPARE(absent.data().toString(), QString());
        QVERIFY(!absent.data(FleetTableModel::SortRole).isValid());
        QVERIFY(absent.data(Qt::ToolTipRole).toString().contains(u"has no variant"_s));
        QVERIFY(model.index(gpu, model.columnOf(Figure::MedianMs, 1))
                    .data(Qt::ToolTipRole)
                    .toString()
                    .startsWith(u"★ The fastest of the 2 machines"_s));

        // Skipped on every machine: the status, greyed, the reason in the tooltip, no mark.
        const int skipped = rowStartingWith(model, u"quantized/fp8/onednn/cpu"_s);
        QVERIFY(skipped >= 0);
        const QModelIndex cell = model.index(skipped, model.columnOf(Figure::MedianMs, 0));
        QCOMPARE(cell.data().toString(), u"skipped"_s);
        QVERIFY(cell.data(Qt::ToolTipRole).toString().contains(u"oneDNN has no FP8 matmul"_s));
        QVERIFY(cell.data(Qt::ForegroundRole).isValid());
        QVERIFY(!cell.data(FleetTableModel::BestRole).toBool());

        QCOMPARE(model.index(gemm, FleetTableModel::Workload).data().toString(),
                 u"GEMM 1024×1024×1024"_s);
        QCOMPARE(model.rowOf(model.index(gemm, 0).data().toString()), gemm);

        model.setResults({plain_.runs[0]}, FleetGoal::Fastest);  // one run: nothing to compare
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), int(FleetTableModel::FixedColumnCount));
    }

    void cheapestMarksByMoneyWithEnergyAndCostColumns() {
        FleetTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setResults(priced_.runs, FleetGoal::Cheapest);
        // The goal's figure first, where its marks are in sight.
        QCOMPARE(model.figures(), (std::vector<Figure>{Figure::CostPerMillion, Figure::MedianMs,
                                                       Figure::JoulesPerCall}));
        QCOMPARE(model.columnOf(Figure::CostPerMillion, 2),
                 int(FleetTableModel::FixedColumnCount) + 2);
        QCOMPARE(model.columnCount(), int(FleetTableModel::FixedColumnCount) + 9);
        QVERIFY(model.headerData(model.columnOf(Figure::CostPerMillion, 0), Qt::Horizontal)
                    .toString()
                    .startsWith(u"Cost/1M (USD)\nnode-a"_s));
        // node-b is fastest but three times the price: node-a is the cheapest; the mark is on
        // the money, not on the time.
        const int gemm = rowStartingWith(model, u"gemm/fp32/openblas/cpu"_s);
        const QModelIndex cheapest = model.index(gemm, model.columnOf(Figure::CostPerMillion, 0));
        QVERIFY(cheapest.data(FleetTableModel::BestRole).toBool());
        QVERIFY(cheapest.data(Qt::ToolTipRole).toString().startsWith(u"★ The cheapest of the 3"_s));
        QVERIFY(cheapest.data(Qt::ToolTipRole).toString().contains(u"USD per million calls"_s));
        for (size_t machine = 0; machine < 3; ++machine) {
            QVERIFY(!model.index(gemm, model.columnOf(Figure::MedianMs, machine))
                         .data(FleetTableModel::BestRole)
                         .toBool());
        }
        QVERIFY(model.index(gemm, model.columnOf(Figure::JoulesPerCall, 2))
                    .data(FleetTableModel::SortRole)
                    .toDouble() > 0);
    }

    void choosesTheFastestMachinePerWorkloadWithinTheBudget() {
        FleetChoiceModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setResults(plain_.runs, FleetGoal::Fastest, QualityBudget{});
        QCOMPARE(model.rowCount(), 2);  // the GEMM shape and the model's batch
        QCOMPARE(model.headerData(FleetChoiceModel::Figure, Qt::Horizontal).toString(),
                 u"Median (ms)"_s);
        const QString nodeB = QString::fromStdString(fleetRunsOf(plain_.runs)[1].machine);
        const QString nodeA = QString::fromStdString(fleetRunsOf(plain_.runs)[0].machine);

        // The model: node-b's GPU INT8, within a point of the teacher; runner-up node-a's, its
        // time 0.8 of node-a's, clearly ahead.
        const int model1024 = rowOfWorkload(model, u"mlp b1024"_s);
        QVERIFY(model1024 >= 0);
        const auto text = [&model](int row, int column) {
            return model.index(row, column).data().toString();
        };
        QCOMPARE(text(model1024, FleetChoiceModel::Machine), nodeB);
        QCOMPARE(model.index(model1024, 0).data(FleetChoiceModel::MachineRole).toInt(), 1);
        QVERIFY(text(model1024, FleetChoiceModel::Variant).startsWith(u"mlp/int8/cublaslt/gpu"_s));
        QVERIFY2(text(model1024, FleetChoiceModel::Quality).startsWith(u"90.00 % (+0.03"_s),
                 qPrintable(text(model1024, FleetChoiceModel::Quality)));
        QCOMPARE(text(model1024, FleetChoiceModel::RunnerUp), nodeA);
        const double margin = model.index(model1024, FleetChoiceModel::Margin)
                                  .data(FleetChoiceModel::SortRole)
                                  .toDouble();
        QVERIFY2(margin > 0.7 && margin < 0.9, qPrintable(QString::number(margin)));
        QVERIFY(text(model1024, FleetChoiceModel::Margin).contains(u"× ("_s));
        QCOMPARE(text(model1024, FleetChoiceModel::Lead), u"faster"_s);
        QVERIFY(text(model1024, FleetChoiceModel::Why).isEmpty());
        QVERIFY(
            !model.index(model1024, FleetChoiceModel::Machine).data(Qt::DecorationRole).isNull());

        // The GEMM: INT8 and FP8 (errors of 1.4 % and 3 %) are over the 1 % budget; the fastest
        // left is a GPU variant on node-b.
        const int gemm = rowOfWorkload(model, u"GEMM 1024×1024×1024"_s);
        QCOMPARE(text(gemm, FleetChoiceModel::Machine), nodeB);
        const QString chosen = text(gemm, FleetChoiceModel::Variant);
        QVERIFY2(chosen.contains(u"/gpu/"_s) && !chosen.contains(u"int8"_s) &&
                     !chosen.contains(u"fp8"_s),
                 qPrintable(chosen));
        QVERIFY(text(gemm, FleetChoiceModel::Quality).startsWith(u"error "_s));

        // A budget of 5 % lets the GPU's FP8 through: the fastest of all.
        model.setResults(plain_.runs, FleetGoal::Fastest,
                         QualityBudget{.accuracyLossPoints = 1, .maxError = 0.05});
        QVERIFY(text(rowOfWorkload(model, u"GEMM 1024×1024×1024"_s), FleetChoiceModel::Variant)
                    .startsWith(u"quantized/fp8/cublaslt/gpu"_s));
    }

    void cheapestNeedsPricesAndThenPicksTheCheapMachine() {
        FleetChoiceModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        // Without prices: no choice, and why, for every workload.
        model.setResults(plain_.runs, FleetGoal::Cheapest, QualityBudget{});
        QCOMPARE(model.rowCount(), 2);
        for (int row = 0; row < model.rowCount(); ++row) {
            QVERIFY(model.index(row, FleetChoiceModel::Machine).data().toString().isEmpty());
            QVERIFY(!model.index(row, 0).data(FleetChoiceModel::MachineRole).isValid());
            const QString why = model.index(row, FleetChoiceModel::Why).data().toString();
            QVERIFY2(why.contains(u"prices"_s), qPrintable(why));
            QVERIFY(model.index(row, FleetChoiceModel::Why).data(Qt::ForegroundRole).isValid());
        }

        // With prices: node-b is fastest but three times the price; node-a is the cheapest.
        model.setResults(priced_.runs, FleetGoal::Cheapest, QualityBudget{});
        QCOMPARE(model.headerData(FleetChoiceModel::Figure, Qt::Horizontal).toString(),
                 u"Cost/1M calls (USD)"_s);
        const QString nodeA = QString::fromStdString(fleetRunsOf(priced_.runs)[0].machine);
        for (int row = 0; row < model.rowCount(); ++row) {
            QCOMPARE(model.index(row, FleetChoiceModel::Machine).data().toString(), nodeA);
            QCOMPARE(model.index(row, FleetChoiceModel::Lead).data().toString(), u"cheaper"_s);
            QVERIFY(model.index(row, FleetChoiceModel::Figure)
                        .data(Qt::ToolTipRole)
                        .toString()
                        .contains(u"USD per million calls"_s));
        }
        // And by time, node-b again.
        model.setResults(priced_.runs, FleetGoal::Fastest, QualityBudget{});
        QCOMPARE(model.index(0, 0).data(FleetChoiceModel::MachineRole).toInt(), 1);
    }

    void viewExplainsHowToPickUntilMachinesAreShown() {
        VariantSelection selection;
        MachinesView view(&selection);
        QVERIFY(view.message().contains(u"Compare machines"_s));
        QVERIFY(view.machinesText().isEmpty());
        view.setInput({plain_.runs[0], nullptr});
        QVERIFY(view.message().startsWith(u"One run is shown now"_s));
        view.setInput({plain_.runs[1], plain_.runs[0]});
        QVERIFY(view.message().startsWith(u"Two runs are compared now"_s));
        QCOMPARE(view.tableModel()->rowCount(), 0);

        view.setInput({plain_.runs[0], nullptr, plain_.runs});
        QVERIFY(view.message().isEmpty());
        QVERIFY(
            view.machinesText().contains(u"■ node-a · Fixture CPU (synthetic) + Fixture GPU"_s));
        QVERIFY(view.machinesText().contains(u"■ node-c"_s));
        QCOMPARE(view.choiceModel()->rowCount(), 2);
        QVERIFY(view.tableModel()->rowCount() > 20);
        QCOMPARE(view.goal(), FleetGoal::Fastest);
        QCOMPARE(view.budget().accuracyLossPoints, QualityBudget{}.accuracyLossPoints);
        QCOMPARE(view.budget().maxError, QualityBudget{}.maxError);

        // The controls re-choose; settingsChanged tells the window.
        QSignalSpy changed(&view, &MachinesView::settingsChanged);
        view.findChild<QComboBox*>(u"fleetGoal"_s)->setCurrentIndex(1);
        QCOMPARE(view.goal(), FleetGoal::Cheapest);
        QCOMPARE(view.choiceModel()->goal(), FleetGoal::Cheapest);
        QCOMPARE(view.tableModel()->goal(), FleetGoal::Cheapest);
        view.findChild<QDoubleSpinBox*>(u"maxError"_s)->setValue(5);
        QCOMPARE(view.choiceModel()->budget().maxError, 0.05);
        QCOMPARE(changed.count(), 2);

        // Priced machines are chosen by money until the user picks a goal.
        MachinesView priced(&selection);
        priced.setInput({priced_.runs[0], nullptr, priced_.runs});
        QCOMPARE(priced.goal(), FleetGoal::Cheapest);
        priced.setGoal(FleetGoal::Fastest);
        priced.setInput({priced_.runs[1], nullptr, {priced_.runs[1], priced_.runs[0]}});
        QCOMPARE(priced.goal(), FleetGoal::Fastest);

        // Picking a row selects its variant everywhere.
        view.setGoal(FleetGoal::Fastest);
        QTableView* table = view.table();
        table->selectRow(0);
        QCOMPARE(selection.current(), table->model()->index(0, 0).data().toString());
        view.choiceTable()->selectRow(0);
        QCOMPARE(
            selection.current(),
            view.choiceTable()->model()->index(0, 0).data(FleetChoiceModel::NameRole).toString());
    }

  private:
    test::ScratchDir dir_;
    test::FleetFixture plain_;
    test::FleetFixture priced_;
};

}  // namespace costscope

QTEST_MAIN(costscope::MachinesViewTest)
#include "MachinesViewTest.moc"
