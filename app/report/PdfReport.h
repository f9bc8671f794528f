// The report as PDF: the HTML page (QTextDocument's flavour) printed through QPdfWriter in
// landscape, the charts added as document resources. Headings stay with what follows them, a
// table never starts with its header alone at the foot of a page, and tables repeat their header
// on every page.
#pragma once

#include <QByteArray>
#include <QPageSize>

#include "app/report/ReportDocument.h"

namespace costscope {

// The page size a person here prints on: Letter where the locale measures in US units, else A4.
QPageSize::PageSizeId defaultPageSize();

// The PDF's bytes; empty when Qt could not produce it.
QByteArray pdfReport(const ReportDocument& document,
                     QPageSize::PageSizeId pageSize = defaultPageSize());

}  // namespace costscope
