// pdfReport(): QTextDocument laid out on QPdfWriter's pages, headings kept with what follows them,
// written into memory.
#include "app/report/PdfReport.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QFont>
#include <QLocale>
#include <QPageLayout>
#include <QPdfWriter>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextTable>
#include <QUrl>
#include <cmath>
#include <memory>
#include <optional>
#include <vector>

#include "app/report/HtmlReport.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

// A page break decided on one layout and applied to a fresh document: before the block with this
// number, or before the table whose first block it is; or such a break taken away.
struct PageBreak {
    int block = 0;
    bool table = false;
    bool set = true;
};

// The page a point of the laid-out document falls on.
int pageAt(const QTextDocument& document, qreal y) {
    return int(std::floor(y / document.pageSize().height()));
}

int firstPageOf(const QTextDocument& document, const QTextBlock& block) {
    return pageAt(document, document.documentLayout()->blockBoundingRect(block).top());
}

int lastPageOf(const QTextDocument& document, const QTextBlock& block) {
    const QRectF rect = document.documentLayout()->blockBoundingRect(block);
    return pageAt(document, rect.bottom() - 1);
}

// The table a block is the first block of, if any (its first cell's first block).
QTextTable* tableStartingAt(const QTextBlock& block) {
    QTextTable* table = QTextCursor(block).currentTable();
    if (table == nullptr) {
        return nullptr;
    }
    return table->cellAt(0, 0).firstCursorPosition().block() == block ? table : nullptr;
}

bool breaksBefore(const QTextBlock& block) {
    return block.blockFormat().pageBreakPolicy() & QTextFormat::PageBreak_AlwaysBefore;
}

bool breaksBefore(const QTextTable& table) {
    return table.format().pageBreakPolicy() & QTextFormat::PageBreak_AlwaysBefore;
}

void apply(QTextDocument& document, const PageBreak& change) {
    const QTextBlock block = document.findBlockByNumber(change.block);
    const auto policy =
        change.set ? QTextFormat::PageBreak_AlwaysBefore : QTextFormat::PageBreak_Auto;
    if (change.table) {
        if (QTextTable* table = tableStartingAt(block)) {
            QTextTableFormat format = table->format();
            format.setPageBreakPolicy(policy);
            table->setFormat(format);
        }
        return;
    }
    QTextBlockFormat format;
    format.setPageBreakPolicy(policy);
    QTextCursor(block).mergeBlockFormat(format);
}

// A block that introduces what follows it: a heading, or the sentence above a table.
bool introduces(const QTextBlock& block) {
    const QTextBlock next = block.next();
    return block.isValid() && next.isValid() && QTextCursor(block).currentTable() == nullptr &&
           (block.blockFormat().headingLevel() > 0 || tableStartingAt(next) != nullptr);
}

// The changes that keep the first parted pair of the laid-out document together; none when
// nothing is parted.
std::vector<PageBreak> keepFirstPairTogether(const QTextDocument& document) {
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        // A table whose header rows end a page without a row of data after them.
        if (QTextTable* table = tableStartingAt(block); table != nullptr && !breaksBefore(*table)) {
            const int headerRows = table->format().headerRowCount();
            if (headerRows > 0 && table->rows() > headerRows) {
                const QTextBlock header =
                    table->cellAt(headerRows - 1, 0).lastCursorPosition().block();
                const QTextBlock firstRow =
                    table->cellAt(headerRows, 0).firstCursorPosition().block();
                if (lastPageOf(document, header) != lastPageOf(document, firstRow)) {
                    return {{block.blockNumber(), true}};
                }
            }
        }
        // A run of headings and captions on another page than what they introduce: the run
        // moves whole, its first block taking the page breaks of those after it.
        if (!introduces(block)) {
            continue;
        }
        QTextBlock last = block;
        while (introduces(last.next())) {
            last = last.next();
        }
        const QTextBlock content = last.next();
        const bool parted = firstPageOf(document, block) != firstPageOf(document, content);
        // Already at the top of a page and still parted: what it introduces is taller than the
        // rest of the page, and would start on the next one whatever moved.
        const bool atTop = breaksBefore(block);
        if (!parted || atTop) {
            block = last;
            continue;
        }
        std::vector<PageBreak> changes = {{block.blockNumber()}};
        for (QTextBlock inner = block.next(); inner != content; inner = inner.next()) {
            if (breaksBefore(inner)) {
                changes.push_back({inner.blockNumber(), false, false});
            }
        }
        if (QTextTable* table = tableStartingAt(content);
            table != nullptr && breaksBefore(*table)) {
            changes.push_back({content.blockNumber(), true, false});
        }
        return changes;
    }
    return {};
}

}  // namespace

QPageSize::PageSizeId defaultPageSize() {
    return QLocale::system().measurementSystem() == QLocale::ImperialUSSystem ? QPageSize::Letter
                                                                              : QPageSize::A4;
}

QByteArray pdfReport(const ReportDocument& document, QPageSize::PageSizeId pageSize) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setTitle(document.title);
        writer.setCreator(u"costscope"_s);
        // Landscape: the summary table has fourteen columns and more.
        writer.setPageLayout(QPageLayout(QPageSize(pageSize), QPageLayout::Landscape,
                                         QMarginsF(12, 12, 12, 12), QPageLayout::Millimeter));
        // QTextDocument lays out in its own pixels (96 per inch here); Letter landscape less the
        // margins, the narrower of the two, is about 960 of them wide, so a chart at 860 fits.
        HtmlReportOptions options;
        options.forQTextDocument = true;
        options.chartWidth = 860;
        const QString html = QString::fromUtf8(htmlReport(document, options));
        const QRectF page = writer.pageLayout().paintRectPixels(writer.resolution());
        const qreal toDocument = 96.0 / writer.resolution();
        // The document on the pages print() will use, with the page breaks decided so far.
        std::vector<PageBreak> breaks;
        const auto laidOut = [&] {
            auto text = std::make_unique<QTextDocument>();
            QFont font = text->defaultFont();
            font.setPointSizeF(7.5);
            text->setDefaultFont(font);
            for (size_t i = 0; i < document.charts.size(); ++i) {
                if (!document.charts[i].image.isNull()) {
                    text->addResource(QTextDocument::ImageResource, QUrl(chartResourceName(i)),
                                      document.charts[i].image);
                }
            }
            text->setHtml(html);
            text->setPageSize(QSizeF(page.width() * toDocument, page.height() * toDocument));
            for (const PageBreak& change : breaks) {
                apply(*text, change);
            }
            return text;
        };
        // Each pass lays the document out afresh and moves one thing to a new page (changing a
        // laid-out document in place lost images when printed, with Qt 6.4); a report has a few
        // dozen headings and tables.
        for (int pass = 0; pass < 100; ++pass) {
            const std::vector<PageBreak> changes = keepFirstPairTogether(*laidOut());
            if (changes.empty()) {
                break;
            }
            breaks.insert(breaks.end(), changes.begin(), changes.end());
        }
        laidOut()->print(&writer);
    }
    buffer.close();
    return bytes;
}

}  // namespace costscope
