// The report as one self-contained HTML page: styles inline, charts embedded as data: URIs, no
// script, every recorded string escaped. The PDF is printed from the same page.
#pragma once

#include <QByteArray>
#include <QString>

#include "app/report/ReportDocument.h"

namespace costscope {

struct HtmlReportOptions {
    // False: a page for browsers, charts as data: URIs. True: the subset QTextDocument reads,
    // charts as the resource names chartResourceName() gives (QTextDocument loads no data: URI).
    bool forQTextDocument = false;
    int chartWidth = kReportChartSize.width();  // in CSS pixels
};

// "chart-3.png": the name under which the PDF writer registers chart `index`'s image.
QString chartResourceName(size_t index);

// The page, UTF-8.
QByteArray htmlReport(const ReportDocument& document, const HtmlReportOptions& options = {});

}  // namespace costscope
