// reportFormatOf(): the output file's suffix names the format.
#include "app/report/ReportFormat.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace costscope {

std::optional<ReportFormat> reportFormatOf(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"html" || suffix == u"htm") {
        return ReportFormat::Html;
    }
    if (suffix == u"pdf") {
        return ReportFormat::Pdf;
    }
    if (suffix == u"md" || suffix == u"markdown") {
        return ReportFormat::Markdown;
    }
    if (suffix == u"csv") {
        return ReportFormat::Csv;
    }
    return std::nullopt;
}

QString reportSuffixes() {
    return u".html, .pdf, .md or .csv"_s;
}

}  // namespace costscope
