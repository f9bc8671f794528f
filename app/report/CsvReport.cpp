// csvReport(): the union of the tables' columns, one row per table row.
#include "app/report/CsvReport.h"

#include "app/tables/TableCsv.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

QString csvLine(const QStringList& fields) {
    QString line;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0) {
            line += u',';
        }
        line += csvField(fields[i]);
    }
    return line + u"\r\n"_s;
}

}  // namespace

QByteArray csvReport(const ReportDocument& document) {
    // Every table of numbers; the machines' facts and the kernels are in the other formats.
    std::vector<const ReportTable*> tables;
    for (const ReportRun& run : document.runs) {
        tables.push_back(&run.summary);
        tables.push_back(&run.leftOut);
    }
    tables.push_back(&document.comparison);
    tables.push_back(&document.headline.winners);
    tables.push_back(&document.differences);
    tables.push_back(&document.machines);
    tables.push_back(&document.choices);
    QStringList columns;
    for (const ReportTable* table : tables) {
        for (const QString& header : table->headers) {
            if (!columns.contains(header)) {
                columns << header;
            }
        }
    }
    QString out = csvLine(QStringList{u"table"_s, u"run"_s} + columns);
    for (const ReportTable* table : tables) {
        // Where each of this table's columns goes in the line.
        std::vector<qsizetype> at;
        for (const QString& header : table->headers) {
            at.push_back(columns.indexOf(header));
        }
        for (const QStringList& cells : table->csvRows) {
            QStringList fields(columns.size());
            for (qsizetype c = 0; c < cells.size() && size_t(c) < at.size(); ++c) {
                fields[at[size_t(c)]] = cells[c];
            }
            out += csvLine(QStringList{table->key, table->run} + fields);
        }
    }
    return out.toUtf8();
}

}  // namespace costscope
