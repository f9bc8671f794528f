// csvField(), through which every CSV costscope writes goes, and tableToCsv(): the rows and
// columns a QTableView shows, as RFC 4180 CSV.
#include "app/tables/TableCsv.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QTableView>
#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

// A signed decimal with an optional exponent ("-1.5", "+3", "-2e-05"): what a spreadsheet reads
// as a number, never as a formula.
bool isPlainNumber(QStringView text) {
    qsizetype i = 0;
    const auto sign = [&] {
        if (i < text.size() && (text[i] == u'+' || text[i] == u'-')) {
            ++i;
        }
    };
    const auto digits = [&] {
        const qsizetype from = i;
        while (i < text.size() && text[i] >= u'0' && text[i] <= u'9') {
            ++i;
        }
        return i - from;
    };
    sign();
    qsizetype mantissa = digits();
    if (i < text.size() && text[i] == u'.') {
        ++i;
        mantissa += digits();
    }
    if (mantissa == 0) {
        return false;
    }
    if (i < text.size() && (text[i] == u'e' || text[i] == u'E')) {
        ++i;
        sign();
        if (digits() == 0) {
            return false;
        }
    }
    return i == text.size();
}

QString cellText(const QVariant& csv, const QVariant& display) {
    const QVariant& value = csv.isValid() ? csv : display;
    if (value.typeId() == QMetaType::Double) {
        // The shortest text that reads back as the same double, never in the user's locale.
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    }
    return value.toString();
}

}  // namespace

QVariant columnHeader(int role, const QString& title, const QString& tip, const QString& csv) {
    switch (role) {
        case Qt::DisplayRole:
            return title;
        case kCsvRole:
            return csv.isEmpty() ? title : csv;
        case Qt::ToolTipRole:
            return tip;
        default:
            return {};
    }
}

QString csvField(const QString& text) {
    QString field = text;
    // A spreadsheet runs a cell that begins with = + - or @ as a formula, and some skip a
    // leading tab or CR before they look: text from a recording could call a function or open a
    // link. OWASP's remedy is a leading quote, which makes the cell text. A number keeps its
    // sign and stays as it is, so figures still read as numbers.
    if (!field.isEmpty() && u"=+-@\t\r"_s.contains(field.front()) && !isPlainNumber(field)) {
        field.prepend(u'\'');
    }
    const bool quote = field.contains(u',') || field.contains(u'"') || field.contains(u'\r') ||
                       field.contains(u'\n');
    if (!quote) {
        return field;
    }
    field.replace(u"\""_s, u"\"\""_s);
    return u'"' + field + u'"';
}

QString tableToCsv(const QTableView& view, bool selectedOnly) {
    const QAbstractItemModel* model = view.model();
    if (!model) {
        return {};
    }
    const QHeaderView* header = view.horizontalHeader();
    std::vector<int> columns;  // logical, in visual order
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!view.isColumnHidden(logical)) {
            columns.push_back(logical);
        }
    }
    std::vector<int> rows;
    if (selectedOnly && view.selectionModel()) {
        for (const QModelIndex& index : view.selectionModel()->selectedRows()) {
            rows.push_back(index.row());
        }
        std::sort(rows.begin(), rows.end());
    }
    if (rows.empty()) {
        for (int row = 0; row < model->rowCount(); ++row) {
            if (!view.isRowHidden(row)) {
                rows.push_back(row);
            }
        }
    }

    QString csv;
    const auto writeLine = [&csv](const QStringList& fields) {
        csv += fields.join(u',') + u"\r\n"_s;
    };
    QStringList fields;
    for (int column : columns) {
        fields << csvField(cellText(model->headerData(column, Qt::Horizontal, kCsvRole),
                                    model->headerData(column, Qt::Horizontal, Qt::DisplayRole)));
    }
    writeLine(fields);
    for (int row : rows) {
        fields.clear();
        for (int column : columns) {
            const QModelIndex index = model->index(row, column);
            fields << csvField(cellText(index.data(kCsvRole), index.data(Qt::DisplayRole)));
        }
        writeLine(fields);
    }
    return csv;
}

void copyTableAsCsv(const QTableView& view) {
    QApplication::clipboard()->setText(tableToCsv(view));
}

QTableView* makeSortableTable(QWidget* parent) {
    return setUpSortableTable(new QTableView(parent));
}

QTableView* setUpSortableTable(QTableView* table) {
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    // One line of text a row: the default section size of some styles fits two.
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->horizontalHeader()->setSectionsMovable(true);
    table->horizontalHeader()->setHighlightSections(false);
    // No sort indicator: rows keep the model's order until a header is clicked.
    table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    table->setSortingEnabled(true);
    return table;
}

void fitColumnsToContents(QTableView& table, int maxWidth) {
    table.resizeColumnsToContents();
    QHeaderView* header = table.horizontalHeader();
    for (int column = 0; column < header->count(); ++column) {
        if (header->sectionSize(column) > maxWidth) {
            header->resizeSection(column, maxWidth);
        }
    }
}

}  // namespace costscope
