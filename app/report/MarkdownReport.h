// The report as Markdown (GitHub's tables): the machines, the summary, comparison and kernel
// tables, without the charts; every recorded string escaped by escapeMarkdown().
#pragma once

#include <QByteArray>

#include "app/report/ReportDocument.h"

namespace costscope {

// UTF-8.
QByteArray markdownReport(const ReportDocument& document);

}  // namespace costscope
