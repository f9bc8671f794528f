// The sort and filter proxy every table of the GUI sits behind: numeric sorting on a model's
// sort role with absent values last in both orders, and a name filter with wildcards or a regex.
#pragma once

#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QString>

namespace costscope {

class TableProxyModel : public QSortFilterProxyModel {
    Q_OBJECT
  public:
    // `sortRole`: the source model's role giving raw values (numbers sort as numbers, an
    // invalid QVariant is an absent value); `filterColumn`: the column the name filter reads.
    TableProxyModel(int sortRole, int filterColumn, QObject* parent = nullptr);

    // Filters on the filter column, case-insensitively. Plain text matches anywhere in the
    // name, with * and ? as wildcards; text written /like this/ is a regular expression.
    // Returns false when the regular expression is invalid: then nothing is filtered.
    bool setNameFilter(const QString& text);

    // The regular expression a name filter text stands for; invalid when the text is.
    static QRegularExpression filterExpression(const QString& text);

  protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;
};

}  // namespace costscope
