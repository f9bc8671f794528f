// exportReport(): check the target, shape the document, format it, write it atomically.
#include "app/report/ExportReport.h"

#include <QFileInfo>
#include <QSaveFile>

#include "app/report/CsvReport.h"
#include "app/report/HtmlReport.h"
#include "app/report/MarkdownReport.h"
#include "app/report/PdfReport.h"
#include "app/report/ReportDocument.h"
#include "app/report/ReportFormat.h"

using namespace Qt::StringLiterals;

namespace costscope {

namespace {

bool sameFile(const QString& a, const std::string& b) {
    const QFileInfo left(a);
    const QFileInfo right(QString::fromStdString(b));
    if (!left.exists() || !right.exists()) {
        return false;
    }
    return left.canonicalFilePath() == right.canonicalFilePath();
}

}  // namespace

QString writeFileAtomically(const QString& path, const QByteArray& bytes) {
    QSaveFile file(path);
    // Only ever through the temporary file: writing in place could leave half a report.
    file.setDirectWriteFallback(false);
    // -> QString: a QStringBuilder returned from a lambda would refer to dead temporaries.
    const auto failure = [&path](const QString& reason) -> QString {
        return u"Could not write the report '"_s + path + u"': "_s + reason +
               u". Choose a folder that exists and that you can write to."_s;
    };
    if (!file.open(QIODevice::WriteOnly)) {
        return failure(file.errorString());
    }
    if (file.write(bytes) != bytes.size()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return failure(reason);
    }
    if (!file.commit()) {
        return failure(file.errorString());
    }
    return {};
}

QString reportTargetError(const ReportInput& input, const QString& outPath) {
    if (!reportFormatOf(outPath)) {
        const QString suffix = QFileInfo(outPath).suffix();
        return u"Cannot write the report '"_s + outPath + u"': "_s +
               (suffix.isEmpty() ? u"its name has no suffix to say the format"_s
                                 : u"'."_s + suffix + u"' is not a report format"_s) +
               u". Name the file "_s + reportSuffixes() + u"."_s;
    }
    if (!input.candidate) {
        return u"Nothing to report: open a run first."_s;
    }
    for (const RunDataPtr& run : {input.candidate, input.baseline}) {
        if (run && sameFile(outPath, run->path)) {
            return u"Refusing to write the report over '"_s + outPath +
                   u"': it is a recording being reported. Choose another file name."_s;
        }
    }
    return {};
}

bool reportShowsCharts(ReportFormat format) {
    return format == ReportFormat::Html || format == ReportFormat::Pdf;
}

QString writeReport(const ReportDocument& document, const QString& outPath) {
    const std::optional<ReportFormat> format = reportFormatOf(outPath);
    if (!format) {
        return reportTargetError({}, outPath);
    }
    QByteArray bytes;
    switch (*format) {
        case ReportFormat::Html:
            bytes = htmlReport(document);
            break;
        case ReportFormat::Pdf:
            bytes = pdfReport(document);
            if (bytes.isEmpty()) {
                return u"Could not write the report '"_s + outPath +
                       u"': Qt produced no PDF. Try .html instead."_s;
            }
            break;
        case ReportFormat::Markdown:
            bytes = markdownReport(document);
            break;
        case ReportFormat::Csv:
            bytes = csvReport(document);
            break;
    }
    return writeFileAtomically(outPath, bytes);
}

QString exportReport(const ReportInput& input, const QString& outPath) {
    if (QString error = reportTargetError(input, outPath); !error.isEmpty()) {
        return error;
    }
    const bool drawn = reportShowsCharts(*reportFormatOf(outPath));
    return writeReport(makeReportDocument(input, drawn ? ReportCharts::Render : ReportCharts::Skip),
                       outPath);
}

}  // namespace costscope
