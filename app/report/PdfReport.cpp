// pdfReport(): QTextDocument laid out on QPdfWriter's pages, written into memory.
#include "app/report/PdfReport.h"

#include <QBuffer>
#include <QFont>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>
#include <QUrl>

#include "app/report/HtmlReport.h"

using namespace Qt::StringLiterals;

namespace costscope {

QByteArray pdfReport(const ReportDocument& document) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setTitle(document.title);
        writer.setCreator(u"costscope"_s);
        // Landscape: the summary table has thirteen columns.
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape,
                                         QMarginsF(12, 12, 12, 12), QPageLayout::Millimeter));

        QTextDocument text;
        QFont font = text.defaultFont();
        font.setPointSizeF(7.5);
        text.setDefaultFont(font);
        // QTextDocument lays out in its own pixels (96 per inch here); A4 landscape less the
        // margins is about 1030 of them wide, so a chart at 900 fits beside nothing.
        HtmlReportOptions options;
        options.forQTextDocument = true;
        options.chartWidth = 900;
        for (size_t i = 0; i < document.charts.size(); ++i) {
            if (!document.charts[i].image.isNull()) {
                text.addResource(QTextDocument::ImageResource, QUrl(chartResourceName(i)),
                                 document.charts[i].image);
            }
        }
        text.setHtml(QString::fromUtf8(htmlReport(document, options)));
        text.print(&writer);
    }
    buffer.close();
    return bytes;
}

}  // namespace costscope
