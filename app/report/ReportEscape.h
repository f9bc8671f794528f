// Escaping for the report formats (CSV fields, formulas neutralised: csvField() in
// app/tables/TableCsv.h): any text that came from a recording (variant, kernel, host names,
// reasons, command lines) goes through one of these before it is written.
#pragma once

#include <QString>

namespace costscope {

// HTML text and attribute values: & < > " ' become entities, so recorded text stays inert.
QString escapeHtml(const QString& text);

// Markdown text for a table cell or a line: the characters Markdown or HTML give a meaning to
// (& < > \ ` * _ [ ] | and a leading # + -) are backslash-escaped, never turned into HTML
// entities, and line breaks become spaces, so a cell can never end a row, start a block or open a
// tag.
QString escapeMarkdown(const QString& text);

}  // namespace costscope
