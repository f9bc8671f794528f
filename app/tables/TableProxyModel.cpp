// TableProxyModel: numeric sorting with absent values last, and the name filter.
#include "app/tables/TableProxyModel.h"

using namespace Qt::StringLiterals;

namespace costscope {

TableProxyModel::TableProxyModel(int sortRole, int filterColumn, QObject* parent)
    : QSortFilterProxyModel(parent) {
    setSortRole(sortRole);
    setFilterKeyColumn(filterColumn);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    // The name filter matches the display text of the filter column.
    setFilterRole(Qt::DisplayRole);
}

QRegularExpression TableProxyModel::filterExpression(const QString& text) {
    const QRegularExpression::PatternOptions options =
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption;
    if (text.size() >= 2 && text.startsWith(u'/')) {
        QString pattern = text.mid(1);
        if (pattern.endsWith(u'/')) {
            pattern.chop(1);
        }
        return QRegularExpression(pattern, options);
    }
    // Our own wildcard translation: QRegularExpression::wildcardToRegularExpression() keeps *
    // from matching '/', and variant names are paths like "gemm/fp32/openblas/cpu/...".
    QString pattern;
    for (const QChar c : text) {
        if (c == u'*') {
            pattern += u".*"_s;
        } else if (c == u'?') {
            pattern += u'.';
        } else {
            pattern += QRegularExpression::escape(QString(c));
        }
    }
    return QRegularExpression(pattern, options);
}

bool TableProxyModel::setNameFilter(const QString& text) {
    const QRegularExpression expression = filterExpression(text);
    if (!expression.isValid()) {
        setFilterRegularExpression(QRegularExpression());
        return false;
    }
    setFilterRegularExpression(expression);
    return true;
}

namespace {

bool isNumber(const QVariant& value) {
    switch (value.typeId()) {
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::LongLong:
        case QMetaType::ULongLong:
        case QMetaType::Double:
        case QMetaType::Float:
        case QMetaType::Long:
        case QMetaType::ULong:
        case QMetaType::Bool:
            return true;
        default:
            return false;
    }
}

}  // namespace

bool TableProxyModel::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    const QVariant a = left.data(sortRole());
    const QVariant b = right.data(sortRole());
    const bool hasA = a.isValid() && !a.isNull();
    const bool hasB = b.isValid() && !b.isNull();
    // The proxy reverses lessThan for a descending sort; answering by the order keeps an absent
    // value (a skipped variant's time) below every measured one either way.
    if (!hasA || !hasB) {
        if (hasA == hasB) {
            return false;
        }
        return hasA == (sortOrder() == Qt::AscendingOrder);
    }
    if (isNumber(a) && isNumber(b)) {
        if (a.typeId() == QMetaType::LongLong && b.typeId() == QMetaType::LongLong) {
            return a.toLongLong() < b.toLongLong();  // exact beyond 2^53
        }
        return a.toDouble() < b.toDouble();
    }
    return QString::compare(a.toString(), b.toString(), sortCaseSensitivity()) < 0;
}

}  // namespace costscope
