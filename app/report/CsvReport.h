// The report's tables as one CSV file (RFC 4180, UTF-8, CRLF): the variant summary of each run
// and, with a baseline, the comparison. Column `table` says which table a row belongs to
// ("summary" or "comparison"), column `run` whose summary it is ("baseline", "candidate", "run";
// empty for comparison rows); the other columns are every table's columns in order of first
// appearance, empty where a row's table has no such column. Numbers are written exactly (the
// shortest text that reads back as the same double, exponent where needed) in the unit their
// header names.
#pragma once

#include <QByteArray>

#include "app/report/ReportDocument.h"

namespace costscope {

QByteArray csvReport(const ReportDocument& document);

}  // namespace costscope
