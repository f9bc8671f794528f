// The report formats and how an output file's name chooses one.
#pragma once

#include <QString>
#include <optional>

namespace costscope {

enum class ReportFormat { Html, Pdf, Markdown, Csv };

// By the suffix, case-insensitively: .html/.htm, .pdf, .md/.markdown, .csv; nullopt otherwise.
std::optional<ReportFormat> reportFormatOf(const QString& path);

// ".html, .pdf, .md or .csv", for messages.
QString reportSuffixes();

}  // namespace costscope
