// The report as PDF: the HTML page (QTextDocument's flavour) printed through QPdfWriter on A4
// landscape, the charts added as document resources.
#pragma once

#include <QByteArray>

#include "app/report/ReportDocument.h"

namespace costscope {

// The PDF's bytes; empty when Qt could not produce it.
QByteArray pdfReport(const ReportDocument& document);

}  // namespace costscope
