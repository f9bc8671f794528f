// ChartView: plot, toolbar, message, tooltips and image export shared by every chart.
#include "app/charts/ChartView.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHelpEvent>
#include <QLabel>
#include <QMessageBox>
#include <QScrollArea>
#include <QStackedLayout>
#include <QSvgGenerator>
#include <QToolBar>
#include <QToolTip>
#include <QVBoxLayout>
#include "app/core/VariantSelection.h"

using namespace Qt::StringLiterals;

namespace costscope {

ChartView::ChartView(QString title, VariantSelection* selection, QWidget* parent)
    : QWidget(parent),
      title_(std::move(title)),
      selection_(selection),
      toolBar_(new QToolBar(this)),
      plot_(new QCustomPlot(this)),
      messageLabel_(new QLabel(this)),
      banner_(new QLabel),
      bannerArea_(new QScrollArea(this)),
      stack_(new QStackedLayout) {
    toolBar_->setIconSize(QSize(16, 16));
    toolBar_->addAction(u"Reset zoom"_s, this, [this] {
        resetZoom();
        rememberFittedRanges();
    });
    toolBar_->addAction(u"Save image…"_s, this, &ChartView::saveImageInteractively);
    toolBar_->addSeparator();

    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom | QCP::iSelectPlottables);
    plot_->setNoAntialiasingOnDrag(true);
    plot_->installEventFilter(this);
    connect(plot_, &QCustomPlot::mousePress, this,
            [this](QMouseEvent* event) { pressedAt_ = event->pos(); });
    connect(plot_, &QCustomPlot::mouseRelease, this, [this](QMouseEvent* event) {
        constexpr int kClickSlop = 4;  // px a click may move and still not be a pan
        if (event->button() == Qt::LeftButton &&
            (event->pos() - pressedAt_).manhattanLength() <= kClickSlop) {
            clicked(event->pos());
        }
    });

    messageLabel_->setAlignment(Qt::AlignCenter);
    messageLabel_->setWordWrap(true);
    messageLabel_->setMargin(24);

    banner_->setObjectName(u"banner"_s);
    banner_->setWordWrap(true);
    banner_->setTextFormat(Qt::RichText);
    banner_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    banner_->setMargin(6);
    // A long headline scrolls inside a strip instead of pushing the chart off the window.
    bannerArea_->setWidget(banner_);
    bannerArea_->setWidgetResizable(true);
    bannerArea_->setFrameShape(QFrame::NoFrame);
    bannerArea_->setMaximumHeight(150);
    bannerArea_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    bannerArea_->hide();

    stack_->addWidget(plot_);
    stack_->addWidget(messageLabel_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(toolBar_);
    layout->addWidget(bannerArea_);
    layout->addLayout(stack_);
}

ChartView::~ChartView() = default;

void ChartView::setInput(const ViewInput& input) {
    refreshing_ = isRefreshOf(input, input_);
    // Only what the user zoomed to is kept: a chart they left fitted fits the new data.
    std::vector<AxisRange> kept;
    if (refreshing_ && zoomed()) {
        kept = axisRanges();
    }
    input_ = input;
    rebuild();
    if (kept.empty()) {
        rememberFittedRanges();
    } else {
        for (const AxisRange& axis : kept) {
            // An axis gone, or now of another scale, has no use for the old range.
            if (axis.axis != nullptr && int(axis.axis->scaleType()) == axis.scaleType) {
                axis.axis->setRange(axis.range);
            }
        }
        plot_->replot();
    }
    refreshing_ = false;
}

std::vector<ChartView::AxisRange> ChartView::axisRanges() const {
    std::vector<AxisRange> ranges;
    for (QCPAxisRect* rect : plot_->axisRects()) {
        for (QCPAxis* axis : rect->axes()) {
            ranges.push_back({axis, axis->range(), int(axis->scaleType())});
        }
    }
    return ranges;
}

void ChartView::rememberFittedRanges() {
    fitted_ = axisRanges();
}

bool ChartView::zoomed() const {
    for (const AxisRange& now : axisRanges()) {
        for (const AxisRange& fitted : fitted_) {
            if (fitted.axis == now.axis && !(fitted.range == now.range)) {
                return true;
            }
        }
    }
    return false;
}

void ChartView::setBanner(const QString& html) {
    banner_->setText(html);
    bannerArea_->setVisible(!html.isEmpty());
}

void ChartView::setMessage(const QString& sentence) {
    message_ = sentence;
    messageLabel_->setText(sentence);
    stack_->setCurrentWidget(sentence.isEmpty() ? static_cast<QWidget*>(plot_) : messageLabel_);
}

void ChartView::resetZoom() {
    plot_->rescaleAxes();
    plot_->replot();
}

QString ChartView::toolTipAt(const QPoint&) const {
    return {};
}

QString ChartView::variantAt(const QPoint&) const {
    return {};
}

void ChartView::clicked(const QPoint& position) {
    const QString name = variantAt(position);
    if (!name.isEmpty() && selection_ != nullptr) {
        selection_->select(name);
    }
}

bool ChartView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == plot_ && event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty()) {
            QToolTip::hideText();
        } else {
            QToolTip::showText(help->globalPos(), text, plot_);
        }
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

QImage ChartView::render(QSize size) {
    return plot_->toPixmap(size.width(), size.height()).toImage();
}

QString ChartView::saveImage(const QString& path, int width, int height) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    const int w = width > 0 ? width : plot_->width();
    const int h = height > 0 ? height : plot_->height();
    bool saved = false;
    if (suffix == u"png") {
        saved = plot_->savePng(path, w, h);
    } else if (suffix == u"pdf") {
        saved = plot_->savePdf(path, w, h, QCP::epNoCosmetic, u"costscope"_s, title_);
    } else if (suffix == u"svg") {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(QSize(w, h));
        svg.setViewBox(QRect(0, 0, w, h));
        svg.setTitle(title_);
        QCPPainter painter;
        saved = painter.begin(&svg);
        if (saved) {
            plot_->toPainter(&painter, w, h);
            saved = painter.end();
        }
    } else {
        return u"Cannot save '"_s + path + u"': choose a .png, .svg or .pdf file name."_s;
    }
    return saved ? QString()
                 : u"Could not write '"_s + path +
                       u"': check that its folder exists and is writable."_s;
}

void ChartView::saveImageInteractively() {
    const QString path = QFileDialog::getSaveFileName(this, u"Save image"_s, title_ + u".png"_s,
                                                      u"PNG (*.png);;SVG (*.svg);;PDF (*.pdf)"_s);
    if (path.isEmpty()) {
        return;
    }
    const QString error = saveImage(path);
    if (!error.isEmpty()) {
        QMessageBox::warning(this, u"Save image"_s, error);
    }
}

}  // namespace costscope
