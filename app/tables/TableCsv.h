// How every table of the GUI is set up, and tables as CSV (RFC 4180) for the clipboard.
#pragma once

#include <QString>
#include <QVariant>

class QTableView;
class QWidget;

namespace costscope {

// Every table model of the GUI offers this role: the value as written to CSV (raw numbers in
// the header's unit, not display text); headerData() with it gives the header with its unit.
// Where a model gives nothing for it, the display text is written.
inline constexpr int kCsvRole = Qt::UserRole + 1;

// What every table model's headerData() gives for a column: `title` shown, `csv` (the title
// with the raw value's unit; `title` when empty) for kCsvRole, `tip` as the tooltip, nothing for
// other roles.
QVariant columnHeader(int role, const QString& title, const QString& tip,
                      const QString& csv = QString());

// One field as every CSV costscope writes it (the reports, Copy as CSV): text that a spreadsheet
// would run as a formula (it begins with = + - @, a tab or a CR, and is not a plain number such
// as "-1.5") gets a leading ' that makes it text (OWASP's advice against CSV injection); then
// RFC 4180: in double quotes, inner quotes doubled, when it holds a comma, a quote, a CR or a
// LF; else as it is.
QString csvField(const QString& text);

// The header row, then the selected rows (selectedOnly and any selected) or every row the
// view shows, in the view's order, its visible columns in their visual order; CRLF line ends.
QString tableToCsv(const QTableView& view, bool selectedOnly = true);

// Puts tableToCsv(view) on the clipboard.
void copyTableAsCsv(const QTableView& view);

// A read-only table as every table of the GUI is set up: whole rows selected (several with
// Ctrl/Shift), sortable by its headers but in the model's order until one is clicked, columns
// movable. Set its model before use.
QTableView* makeSortableTable(QWidget* parent);
// Sets `table` up so (a QTableView of another class: the frozen-column table); returns it.
QTableView* setUpSortableTable(QTableView* table);

// Sizes every column to its header and contents, none wider than `maxWidth` pixels (long names
// are elided; the tooltip has them whole).
void fitColumnsToContents(QTableView& table, int maxWidth = 420);

}  // namespace costscope
