// The variant and kernel tables: contents from fixture recordings, numeric sorting with absent
// values last, the name filter, Copy as CSV, the shared selection, the CPU-only placeholder.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QColor>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <cmath>
#include <memory>

#include "app/core/Format.h"
#include "app/core/RunLoader.h"
#include "app/core/VariantSelection.h"
#include "app/tables/CopyTableModel.h"
#include "app/tables/KernelTableModel.h"
#include "app/tables/NameFilterEdit.h"
#include "app/tables/TableProxyModel.h"
#include "app/tables/TablesView.h"
#include "app/tables/VariantTableModel.h"
#include "tests/gui/support/FixtureRecording.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

// Put into backend (so variant) and kernel names: a comma and quotes, which CSV must quote.
constexpr const char* kHostile = "\"q\",z";

std::optional<double> medianOf(const QModelIndex& index) {
    const QVariant value = index.data(VariantTableModel::SortRole);
    return value.isValid() ? std::optional<double>(value.toDouble()) : std::nullopt;
}

QStringList csvLines(const QString& csv) {
    QStringList lines = csv.split(u"\r\n"_s);
    if (!lines.isEmpty() && lines.last().isEmpty()) {
        lines.removeLast();  // after the last CRLF
    }
    return lines;
}

}  // namespace

class TablesViewTest : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        const auto path = dir_.file("runs.sqlite");
        gpu_ = std::make_shared<const RunData>(
            loadRun(path, test::writeFixtureRun(path, {.seed = 1})));
        cpu_ = std::make_shared<const RunData>(
            loadRun(path, test::writeFixtureRun(path, {.withGpu = false, .seed = 2})));
        hostile_ = std::make_shared<const RunData>(
            loadRun(path, test::writeFixtureRun(path, {.seed = 3, .hostileText = kHostile})));
        formulas_ = std::make_shared<const RunData>(loadRun(
            path, test::writeFixtureRun(path, {.seed = 4, .variantNames = test::kFormulaNames})));
        QVERIFY(!gpu_->kernels.empty());
    }

    void variantModelShowsEveryVariant() {
        VariantTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setResults(gpu_);
        QCOMPARE(model.rowCount(), int(gpu_->variants.size()));
        QCOMPARE(model.columnCount(), int(VariantTableModel::ColumnCount));
        QCOMPARE(model.headerData(VariantTableModel::MedianMs, Qt::Horizontal).toString(),
                 u"Median (ms)"_s);

        const VariantSummaryRow& first = gpu_->variants.front();
        const auto cell = [&model](int row, int column, int role = Qt::DisplayRole) {
            return model.index(row, column).data(role);
        };
        QCOMPARE(cell(0, VariantTableModel::Name).toString(), QString::fromStdString(first.name));
        QCOMPARE(cell(0, VariantTableModel::Backend).toString(), u"openblas"_s);
        QCOMPARE(cell(0, VariantTableModel::Status).toString(), u"ok"_s);
        QCOMPARE(cell(0, VariantTableModel::MedianMs).toString(), formatMs(*first.medianMs));
        QCOMPARE(cell(0, VariantTableModel::MedianMs, VariantTableModel::SortRole).toDouble(),
                 *first.medianMs);
        QCOMPARE(cell(0, VariantTableModel::Samples).toString(), u"15"_s);
        QCOMPARE(cell(0, VariantTableModel::WeightBytes, VariantTableModel::SortRole).toLongLong(),
                 qint64(*first.weightBytes));
        QCOMPARE(cell(0, VariantTableModel::WeightBytes).toString(), u"4.00 MiB"_s);
        // A CPU variant has no device time: an empty cell, not a zero.
        QCOMPARE(cell(0, VariantTableModel::DeviceMedianMs).toString(), QString());
        QVERIFY(!cell(0, VariantTableModel::DeviceMedianMs, VariantTableModel::SortRole).isValid());

        // A GPU variant has them.
        const int gpuRow = model.rowOf(u"gemm/fp32/cublas/gpu/1024x1024x1024"_s);
        QVERIFY(gpuRow >= 0);
        const VariantSummaryRow& gpu = gpu_->variants[size_t(gpuRow)];
        QCOMPARE(cell(gpuRow, VariantTableModel::DeviceMedianMs).toString(),
                 formatMs(*gpu.deviceMedianMs));
        QCOMPARE(cell(gpuRow, VariantTableModel::KernelsPerCall).toString(), u"1"_s);
        QCOMPARE(cell(gpuRow, VariantTableModel::CopiedBytesPerCall).toString(), u"8.00 MiB"_s);

        // Skipped and failed: listed with status and reason, greyed, no times.
        int notOk = 0;
        for (int row = 0; row < model.rowCount(); ++row) {
            const VariantSummaryRow& variant = gpu_->variants[size_t(row)];
            if (variant.status == VariantStatus::Ok) {
                QVERIFY(!cell(row, VariantTableModel::Name, Qt::ForegroundRole).isValid());
                continue;
            }
            ++notOk;
            QCOMPARE(cell(row, VariantTableModel::Status).toString(),
                     QString::fromUtf8(toString(variant.status)));
            QCOMPARE(cell(row, VariantTableModel::Reason).toString(),
                     QString::fromStdString(variant.reason));
            QCOMPARE(cell(row, VariantTableModel::MedianMs).toString(), QString());
            QCOMPARE(cell(row, VariantTableModel::Name, Qt::ForegroundRole).value<QColor>(),
                     QColor(Qt::gray));
            QVERIFY(cell(row, VariantTableModel::Name, Qt::ToolTipRole)
                        .toString()
                        .contains(QString::fromStdString(variant.reason)));
        }
        QCOMPARE(notOk, 2);
        QVERIFY(model.rowOf(u"no such variant"_s) < 0);

        // A GPU variant whose device figures were voided says why on those cells.
        auto voided = std::make_shared<RunData>(*gpu_);
        VariantSummaryRow& row = voided->variants.at(size_t(gpuRow));
        row.deviceMedianMs.reset();
        row.deviceNote = "CUPTI dropped or could not use 3 records while this variant ran";
        model.setResults(voided);
        QCOMPARE(cell(gpuRow, VariantTableModel::DeviceMedianMs).toString(), QString());
        QCOMPARE(cell(gpuRow, VariantTableModel::DeviceMedianMs, Qt::ToolTipRole).toString(),
                 QString::fromStdString(row.deviceNote));
        QVERIFY(!cell(gpuRow, VariantTableModel::MedianMs, Qt::ToolTipRole).isValid());

        model.setResults(cpu_);
        QCOMPARE(model.rowCount(), int(cpu_->variants.size()));
        model.setResults(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    // Energy and money per variant, the currency in the header, and why where there is none.
    void variantModelHasEnergyAndCostColumns() {
        const auto path = dir_.file("costs.sqlite");
        const auto priced = std::make_shared<const RunData>(
            loadRun(path, test::writeFixtureRun(path, {.withGpu = false, .withCosts = true})));
        VariantTableModel model;
        model.setResults(priced);
        QCOMPARE(model.headerData(VariantTableModel::CostPerMillion, Qt::Horizontal).toString(),
                 u"Cost/1M calls (USD)"_s);
        const VariantSummaryRow& first = priced->variants.front();
        const auto raw = [&model](int column) {
            return model.index(0, column).data(VariantTableModel::SortRole);
        };
        // The fixture's CPU: 65 W (20 W idle) over the median call, 0.48 USD an hour, 0.30 a kWh.
        const double seconds = *first.medianMs / 1e3;
        QCOMPARE(raw(VariantTableModel::JoulesPerCall).toDouble(), 65.0 * seconds);
        QCOMPARE(raw(VariantTableModel::JoulesAboveIdle).toDouble(), 45.0 * seconds);
        QCOMPARE(raw(VariantTableModel::Watts).toDouble(), 65.0);
        QVERIFY(std::abs(raw(VariantTableModel::CostPerMillion).toDouble() -
                         seconds / 3600 * 0.48 * 1e6) < 1e-9);
        QVERIFY(std::abs(raw(VariantTableModel::EnergyCostPerMillion).toDouble() -
                         65.0 * seconds / 3.6e6 * 0.30 * 1e6) < 1e-9);

        // A run without: empty cells, not zeros, and the headers without a currency.
        model.setResults(cpu_);
        QVERIFY(!raw(VariantTableModel::JoulesPerCall).isValid());
        QVERIFY(!raw(VariantTableModel::CostPerMillion).isValid());
        QCOMPARE(model.headerData(VariantTableModel::CostPerMillion, Qt::Horizontal).toString(),
                 u"Cost/1M calls"_s);
    }

    void kernelModelIsLaidOutAsNsysStats() {
        KernelTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setResults(gpu_);
        QCOMPARE(model.rowCount(), int(gpu_->kernels.size()));
        QStringList headers;
        for (int column = 0; column < model.columnCount(); ++column) {
            headers << model.headerData(column, Qt::Horizontal).toString();
        }
        QCOMPARE(headers, (QStringList{u"Time (%)"_s, u"Total Time (ns)"_s, u"Instances"_s,
                                       u"Avg (ns)"_s, u"Med (ns)"_s, u"Min (ns)"_s, u"Max (ns)"_s,
                                       u"StdDev (ns)"_s, u"Name"_s}));
        double percent = 0;
        for (int row = 0; row < model.rowCount(); ++row) {
            const KernelSummaryRow& kernel = gpu_->kernels[size_t(row)];
            const auto raw = [&](int column) {
                return model.index(row, column).data(KernelTableModel::SortRole);
            };
            QCOMPARE(raw(KernelTableModel::Name).toString(), QString::fromStdString(kernel.name));
            QCOMPARE(raw(KernelTableModel::TotalTimeNs).toLongLong(), qint64(kernel.totalNs));
            QCOMPARE(raw(KernelTableModel::Instances).toLongLong(), qint64(kernel.instances));
            QCOMPARE(raw(KernelTableModel::MedNs).toDouble(), kernel.medianNs);
            QVERIFY(raw(KernelTableModel::MinNs).toLongLong() <=
                    raw(KernelTableModel::MaxNs).toLongLong());
            QCOMPARE(model.index(row, KernelTableModel::Instances).data().toString(),
                     QLocale().toString(qint64(kernel.instances)));
            percent += raw(KernelTableModel::TimePercent).toDouble();
        }
        QVERIFY(std::abs(percent - 100.0) < 1e-6);
        model.setResults(cpu_);
        QCOMPARE(model.rowCount(), 0);
    }

    void copyModelShowsEveryKindWithItsSizesAndTime() {
        CopyTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setResults(gpu_);
        QVERIFY(!gpu_->copies.empty());
        QCOMPARE(model.rowCount(), int(gpu_->copies.size()));
        QCOMPARE(model.headerData(CopyTableModel::Operation, Qt::Horizontal).toString(),
                 u"Operation"_s);
        double percent = 0;
        for (int row = 0; row < model.rowCount(); ++row) {
            const CopySummaryRow& copy = gpu_->copies[size_t(row)];
            const auto raw = [&](int column) {
                return model.index(row, column).data(CopyTableModel::SortRole);
            };
            QCOMPARE(raw(CopyTableModel::Operation).toString(),
                     QString::fromStdString(copy.operation));
            QCOMPARE(raw(CopyTableModel::Count).toLongLong(), qint64(copy.count));
            QCOMPARE(raw(CopyTableModel::TotalMB).toDouble(), double(copy.totalBytes) / 1e6);
            QCOMPARE(raw(CopyTableModel::TotalTimeNs).toLongLong(), qint64(copy.totalNs));
            if (copy.totalNs > 0) {
                QCOMPARE(raw(CopyTableModel::BandwidthGBs).toDouble(),
                         double(copy.totalBytes) / double(copy.totalNs));
            }
            percent += raw(CopyTableModel::TimePercent).toDouble();
        }
        QVERIFY(std::abs(percent - 100.0) < 1e-6);

        VariantSelection selection;
        TablesView view(&selection);
        view.setInput({gpu_, nullptr});
        QCOMPARE(view.tabs()->tabText(2), u"Copies (%1)"_s.arg(gpu_->copies.size()));
        QVERIFY(view.copyMessage().isEmpty());
        view.tabs()->setCurrentIndex(2);
        QVERIFY(view.csv().startsWith(u"Time (%),Total Time (ns),Count"_s));
        view.setInput({cpu_, nullptr});
        QCOMPARE(view.tabs()->tabText(2), u"Copies"_s);
        QVERIFY(view.copyMessage().contains(u"No copy or memset"_s));
    }

    void keepsRecordingOrderUntilAHeaderIsClicked() {
        VariantSelection selection;
        TablesView view(&selection);
        view.setInput({gpu_, nullptr});
        QAbstractItemModelTester tester(view.variantProxy(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(view.variantProxy()->rowCount(), int(gpu_->variants.size()));
        for (int row = 0; row < view.variantProxy()->rowCount(); ++row) {
            QCOMPARE(view.variantProxy()->index(row, 0).data().toString(),
                     QString::fromStdString(gpu_->variants[size_t(row)].name));
        }
    }

    void sortsNumericallyWithAbsentValuesLast() {
        VariantSelection selection;
        TablesView view(&selection);
        view.setInput({gpu_, nullptr});
        QSortFilterProxyModel* proxy = view.variantProxy();
        for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            // As a click on the header does.
            view.variantTable()->sortByColumn(VariantTableModel::MedianMs, order);
            const int rows = proxy->rowCount();
            QCOMPARE(rows, int(gpu_->variants.size()));
            // The two variants that did not run come last, in both orders.
            QVERIFY(!medianOf(proxy->index(rows - 1, VariantTableModel::MedianMs)));
            QVERIFY(!medianOf(proxy->index(rows - 2, VariantTableModel::MedianMs)));
            // Medians range from 0.24 to 33.5 ms: as text, "11.8" would sort before "2.4".
            for (int row = 1; row < rows - 2; ++row) {
                const double before = *medianOf(proxy->index(row - 1, VariantTableModel::MedianMs));
                const double here = *medianOf(proxy->index(row, VariantTableModel::MedianMs));
                QVERIFY2(order == Qt::AscendingOrder ? before <= here : before >= here,
                         qPrintable(u"row %1: %2 then %3"_s.arg(row).arg(before).arg(here)));
            }
        }
        // Kernels by total time, ascending: numbers again.
        view.kernelTable()->sortByColumn(KernelTableModel::TotalTimeNs, Qt::AscendingOrder);
        QSortFilterProxyModel* kernels = view.kernelProxy();
        for (int row = 1; row < kernels->rowCount(); ++row) {
            QVERIFY(kernels->index(row - 1, KernelTableModel::TotalTimeNs)
                        .data(KernelTableModel::SortRole)
                        .toLongLong() <= kernels->index(row, KernelTableModel::TotalTimeNs)
                                             .data(KernelTableModel::SortRole)
                                             .toLongLong());
        }
    }

    void filtersByNameWithWildcardsOrRegex() {
        VariantSelection selection;
        TablesView view(&selection);
        view.setInput({gpu_, nullptr});
        QSortFilterProxyModel* proxy = view.variantProxy();
        const auto shown = [proxy] {
            QStringList names;
            for (int row = 0; row < proxy->rowCount(); ++row) {
                names << proxy->index(row, VariantTableModel::Name).data().toString();
            }
            return names;
        };
        const auto expected = [this](auto predicate) {
            QStringList names;
            for (const VariantSummaryRow& variant : gpu_->variants) {
                if (predicate(variant.name)) {
                    names << QString::fromStdString(variant.name);
                }
            }
            return names;
        };

        // Plain text matches anywhere, case-insensitively.
        view.filterEdit()->setText(u"CUSPARSE"_s);
        QStringList want = expected(
            [](const std::string& name) { return name.find("cusparse") != std::string::npos; });
        QCOMPARE(want.size(), 4);  // three CSR sparsities and the 2:4 cuSPARSELt variant
        QCOMPARE(shown(), want);

        // Wildcards: * crosses the '/' of variant names.
        view.filterEdit()->setText(u"pruned*/gpu/"_s);
        want = expected([](const std::string& name) {
            return name.rfind("pruned", 0) == 0 && name.find("/gpu/") != std::string::npos;
        });
        QCOMPARE(want.size(), 4);
        QCOMPARE(shown(), want);

        // A regular expression between slashes.
        view.filterEdit()->setText(u"/^gemm/.*/(cpu|gpu)/1024x/"_s);
        want = expected([](const std::string& name) { return name.rfind("gemm/", 0) == 0; });
        QCOMPARE(want.size(), 8);
        QCOMPARE(shown(), want);
        QVERIFY(view.filterEdit()->isValidFilter());

        // The kernel table is filtered by kernel name with the same text.
        view.filterEdit()->setText(u"csrmm"_s);
        QCOMPARE(view.kernelProxy()->rowCount(), 1);

        // An invalid expression filters nothing and says so.
        view.filterEdit()->setText(u"/[unclosed/"_s);
        QVERIFY(!view.filterEdit()->isValidFilter());
        QCOMPARE(proxy->rowCount(), int(gpu_->variants.size()));

        view.filterEdit()->clear();
        QCOMPARE(proxy->rowCount(), int(gpu_->variants.size()));
    }

    void copiesRowsAsCsv() {
        VariantSelection selection;
        TablesView view(&selection);
        view.setInput({hostile_, nullptr});
        QTableView* table = view.variantTable();

        // Nothing selected: the header and every row shown.
        QStringList lines = csvLines(view.csv());
        QCOMPARE(lines.size(), 1 + int(hostile_->variants.size()));
        QVERIFY(lines.front().startsWith(
            u"Variant,Device,Backend,Precision,Structure,Sparsity (fraction),Status,Reason,"
            u"Median (ms),p5 (ms),p95 (ms),CV (fraction),Noisy,Round spread (fraction),Samples,GFLOP/s,"_s));
        QVERIFY(view.csv().endsWith(u"\r\n"_s));

        // The backend holds a comma and quotes: the field is quoted, its quotes doubled.
        const VariantSummaryRow& first = hostile_->variants.front();
        QCOMPARE(QString::fromStdString(first.backend), u"openblas\"q\",z"_s);
        const QString quotedName =
            u"\""_s + QString::fromStdString(first.name).replace(u"\""_s, u"\"\""_s) + u"\""_s;
        const QString prefix = quotedName + u",cpu,\"openblas\"\"q\"\",z\",fp32,dense,0,ok,,"_s;
        QVERIFY2(lines[1].startsWith(prefix), qPrintable(lines[1]));
        // Numbers are written raw, in full: the median reads back exactly.
        const QString afterReason = lines[1].mid(prefix.size());
        QCOMPARE(afterReason.section(u',', 0, 0).toDouble(), *first.medianMs);

        // With rows selected, only those, in the table's order.
        table->selectionModel()->select(
            view.variantProxy()->index(3, 0),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        table->selectionModel()->select(view.variantProxy()->index(1, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
        lines = csvLines(view.csv());
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[1].contains(QString::fromStdString(hostile_->variants[1].precision)));
        QVERIFY(lines[1].startsWith(
            u"\""_s +
            QString::fromStdString(hostile_->variants[1].name).replace(u"\""_s, u"\"\""_s)));
        QVERIFY(lines[2].startsWith(
            u"\""_s +
            QString::fromStdString(hostile_->variants[3].name).replace(u"\""_s, u"\"\""_s)));

        // Hidden columns are left out; the button's slot puts the same text on the clipboard.
        table->setColumnHidden(VariantTableModel::Device, true);
        QVERIFY(csvLines(view.csv()).front().startsWith(u"Variant,Backend,"_s));
        view.copyAsCsv();
        QCOMPARE(QApplication::clipboard()->text(), view.csv());

        // The kernel tab copies the kernel table.
        view.tabs()->setCurrentIndex(1);
        lines = csvLines(view.csv());
        QCOMPARE(lines.size(), 1 + int(hostile_->kernels.size()));
        QCOMPARE(lines.front(),
                 u"Time (%),Total Time (ns),Instances,Avg (ns),Med (ns),Min (ns),"
                 u"Max (ns),StdDev (ns),Name"_s);
        QVERIFY(lines[1].endsWith(u"\""_s));  // the hostile kernel name, quoted
    }

    void copiesFormulasAsText() {
        VariantSelection selection;
        TablesView view(&selection);
        view.setInput({formulas_, nullptr});
        // The first variants are named as formulas: each cell is text, a quote before it (the
        // cell quoted as RFC 4180 asks where it holds quotes or a CR).
        const QStringList lines = csvLines(view.csv());
        const QStringList cells = {u"\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","_s,
                                   u"'+1+cmd|' /C calc'!A0,"_s,
                                   u"'@SUM(1),"_s,
                                   u"'-2+3,"_s,
                                   u"'\tx,"_s,
                                   u"\"'\rx\","_s};
        QCOMPARE(int(test::kFormulaNames.size()), int(cells.size()));
        QVERIFY(lines.size() > cells.size());
        for (qsizetype i = 0; i < cells.size(); ++i) {
            QVERIFY2(lines[i + 1].startsWith(cells[i]), qPrintable(lines[i + 1]));
        }
        // The figures after the name are written as they were.
        const QString median = QString::number(*formulas_->variants.front().medianMs, 'g',
                                               QLocale::FloatingPointShortest);
        QVERIFY2(lines[1].contains(u","_s + median + u","_s), qPrintable(lines[1]));
    }

    void csvFieldFollowsRfc4180() {
        QCOMPARE(csvField(u"plain"_s), u"plain"_s);
        QCOMPARE(csvField(u"a,b"_s), u"\"a,b\""_s);
        QCOMPARE(csvField(u"say \"hi\""_s), u"\"say \"\"hi\"\"\""_s);
        QCOMPARE(csvField(u"two\nlines"_s), u"\"two\nlines\""_s);
        QCOMPARE(csvField(u"cr\r"_s), u"\"cr\r\""_s);
        QCOMPARE(csvField(QString()), QString());
    }

    void followsAndSetsTheSharedSelection() {
        VariantSelection selection;
        TablesView view(&selection);
        view.setInput({gpu_, nullptr});
        QTableView* table = view.variantTable();
        const QString name = QString::fromStdString(gpu_->variants[5].name);

        // Selected elsewhere: the row becomes current and selected.
        selection.select(name);
        QCOMPARE(table->currentIndex().data(VariantTableModel::NameRole).toString(), name);
        QVERIFY(table->selectionModel()->isRowSelected(table->currentIndex().row()));

        // Still found after sorting moved it.
        table->sortByColumn(VariantTableModel::MedianMs, Qt::DescendingOrder);
        const QString other = QString::fromStdString(gpu_->variants[9].name);
        selection.select(other);
        QCOMPARE(table->currentIndex().data(VariantTableModel::NameRole).toString(), other);

        // A row picked in the table selects its variant everywhere.
        const QModelIndex row = view.variantProxy()->index(0, VariantTableModel::MedianMs);
        table->selectionModel()->setCurrentIndex(
            row, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(selection.current(), row.data(VariantTableModel::NameRole).toString());

        // A variant this run lacks clears the row selection; setInput keeps the selection.
        selection.select(u"not/in/this/run"_s);
        QVERIFY(!table->selectionModel()->hasSelection());
        selection.select(name);
        view.setInput({cpu_, nullptr});
        QCOMPARE(table->currentIndex().data(VariantTableModel::NameRole).toString(), name);
        QCOMPARE(selection.current(), name);
    }

    void cpuOnlyRunHasNoKernelTable() {
        VariantSelection selection;
        TablesView view(&selection);
        view.setInput({cpu_, nullptr});
        QCOMPARE(view.kernelModel()->rowCount(), 0);
        QCOMPARE(view.kernelMessage(), u"No GPU kernels: this run measured the CPU only."_s);
        QCOMPARE(view.tabs()->tabText(1), u"Kernels"_s);
        QCOMPARE(view.variantModel()->rowCount(), int(cpu_->variants.size()));

        view.setInput({gpu_, nullptr});
        QCOMPARE(view.kernelMessage(), QString());
        QCOMPARE(view.tabs()->tabText(1), u"Kernels (%1)"_s.arg(gpu_->kernels.size()));

        view.setInput({});
        QCOMPARE(view.variantModel()->rowCount(), 0);
        QVERIFY(!view.kernelMessage().isEmpty());
    }

  private:
    test::ScratchDir dir_;
    RunDataPtr gpu_;
    RunDataPtr cpu_;
    RunDataPtr hostile_;
    RunDataPtr formulas_;
};

}  // namespace costscope

QTEST_MAIN(costscope::TablesViewTest)
#include "TablesViewTest.moc"
