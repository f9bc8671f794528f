// Escaping for the report formats (CSV fields: csvField() in app/tables/TableCsv.h): any text that
// came from a recording (variant, kernel, host names, reasons, command lines) goes through one of
// these before it is written.
#pragma once

#include <QString>

namespace costscope {

// HTML text and attribute values: & < > " ' become entities, so recorded text stays inert.
QString escapeHtml(const QString& text);

// Markdown text for a table cell or a line: HTML in it is turned into entities, the characters
// Markdown gives a meaning to (\ ` * _ [ ] | and a leading # + - >) are backslash-escaped, and
// line breaks become spaces, so a cell can never end a row or start a block.
QString escapeMarkdown(const QString& text);

}  // namespace costscope
