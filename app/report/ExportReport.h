// Writes a report file: the one call behind File ▸ Export Report and `costscope --report`.
#pragma once

#include <QByteArray>
#include <QString>

#include "app/report/ReportFormat.h"
#include "app/report/ReportInput.h"

namespace costscope {

struct ReportDocument;

// Writes the report of `input` to `outPath` in the format its suffix names (.html, .pdf, .md,
// .csv). Returns an error text for the user (the file, what is wrong, what to do), empty on
// success. The file appears whole or not at all (a temporary file renamed over it), and a path
// that is one of the input recordings is refused. HTML and PDF draw the charts, so they need a
// QApplication (the offscreen platform is enough).
QString exportReport(const ReportInput& input, const QString& outPath);

// exportReport() in steps, for File ▸ Export Report, which runs them on more than one thread.
// Why `outPath` cannot take the report of `input`, for the user; empty when it can.
QString reportTargetError(const ReportInput& input, const QString& outPath);
// Whether a report in `format` shows the charts (HTML, PDF): its document renders them.
bool reportShowsCharts(ReportFormat format);
// Lays `document` out in the format `outPath`'s suffix names and writes it atomically. It draws
// nothing and touches no widget, so it may run off the GUI thread. Returns an error text for
// the user, empty on success.
QString writeReport(const ReportDocument& document, const QString& outPath);

// Writes `bytes` to `path` through a temporary file in the same folder renamed over it, so a
// failure never leaves a partial file. Returns an error text, empty on success.
QString writeFileAtomically(const QString& path, const QByteArray& bytes);

}  // namespace costscope
