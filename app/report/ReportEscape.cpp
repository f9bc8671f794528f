// The escapers for HTML and Markdown.
#include "app/report/ReportEscape.h"

using namespace Qt::StringLiterals;

namespace costscope {

QString escapeHtml(const QString& text) {
    QString out;
    out.reserve(text.size() + text.size() / 8);
    for (const QChar c : text) {
        switch (c.unicode()) {
            case u'&':
                out += u"&amp;"_s;
                break;
            case u'<':
                out += u"&lt;"_s;
                break;
            case u'>':
                out += u"&gt;"_s;
                break;
            case u'"':
                out += u"&quot;"_s;
                break;
            case u'\'':
                out += u"&#39;"_s;
                break;
            default:
                out += c;
        }
    }
    return out;
}

QString escapeMarkdown(const QString& text) {
    QString out;
    out.reserve(text.size() + text.size() / 4);
    bool lineStart = true;
    for (const QChar c : text) {
        switch (c.unicode()) {
            case u'\r':
            case u'\n':
                out += u' ';
                break;
            // A backslash before any ASCII punctuation makes it a literal (CommonMark): no HTML
            // entities, which Markdown readers that are not browsers show as typed.
            case u'&':
            case u'<':
            case u'>':
            case u'\\':
            case u'`':
            case u'*':
            case u'_':
            case u'[':
            case u']':
            case u'|':
                out += u'\\';
                out += c;
                break;
            case u'#':
            case u'+':
            case u'-':
                // Only at the start of a line do these open a heading or a list item.
                if (lineStart) {
                    out += u'\\';
                }
                out += c;
                break;
            default:
                out += c;
        }
        lineStart = lineStart && c.isSpace();
    }
    return out;
}

}  // namespace costscope
