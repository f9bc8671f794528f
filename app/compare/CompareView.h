// The Compare chart: horizontal bars grouped by workload, one row per variant, for the metric
// picked in the toolbar (latency, GFLOP/s, weight size, peak memory, speedup over a reference).
// Machines compared: a bar per machine in each row, a colour per machine.
#pragma once

#include <QPoint>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "app/charts/ChartView.h"
#include "app/compare/CompareSeries.h"

class QAction;
class QComboBox;
class QCPBars;
class QCPItemRect;
class QCPTextElement;
class QMouseEvent;

namespace costscope {

class CompareView : public ChartView {
    Q_OBJECT
  public:
    explicit CompareView(VariantSelection* selection, QWidget* parent = nullptr);
    ~CompareView() override;

    CompareMetric metric() const;
    // Shows `metric`, as picking it in the toolbar does.
    void setMetric(CompareMetric metric);
    // The speedup's reference variant the user picked; empty: each workload's default.
    std::string reference() const;
    void setReference(const std::string& variant);
    // Draws only the workloads titled in `titles` ("GEMM 1024×1024×1024", "mlp b64"); empty, the
    // default: all. A report splits a long chart this way.
    void setGroups(const QStringList& titles) { groups_ = titles; }
    // A report's image tall enough to give every row room for its label.
    QSize reportSize(QSize standard) const override;
    // How many rows (variants and workload titles) fit a chart of the report's standard size.
    static constexpr int kReportRows = 26;
    // What is drawn now; null when nothing is.
    const CompareSeries* series() const { return series_ ? &*series_ : nullptr; }

    // The variant whose row is at a plot position, or empty (a workload title, a gap).
    QString variantAt(const QPoint& position) const override;
    QStringList notDrawn() const override;

  public slots:
    void resetZoom() override;

  protected:
    void rebuild() override;
    QString toolTipAt(const QPoint& position) const override;

  private:
    // A row of the chart: a workload title (bar < 0) or a variant's bars.
    struct Row {
        double key = 0;  // position on the category axis
        int group = 0;
        int bar = -1;
    };

    void fillReferences();
    void drawBars();
    void drawNote();
    void applyRanges();
    void highlight(const QString& variant);
    const Row* rowAt(const QPoint& position) const;
    QCPBars* barsFor(int role, const std::string& device, double width);
    // Machines compared: the bars of machine `machine`, its host or device part.
    QCPBars* machineBarsFor(size_t machine, bool device, double width);

    QComboBox* metricBox_;
    QComboBox* referenceBox_;
    QAction* referenceAction_;
    QAction* logAction_;
    QStringList groups_;
    std::optional<CompareSeries> series_;
    std::vector<Row> rows_;
    std::map<std::tuple<int, std::string, double>, QCPBars*> bars_;
    std::map<std::tuple<size_t, bool, double>, QCPBars*> machineBars_;
    double valueMin_ = 0;
    double valueMax_ = 1;
    QCPItemRect* selectionRect_ = nullptr;
    QCPTextElement* note_ = nullptr;
};

}  // namespace costscope
