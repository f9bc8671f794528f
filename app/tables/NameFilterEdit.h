// The line edit that filters tables by name (text, wildcards * and ?, or /regex/), red while
// its regular expression is invalid.
#pragma once

#include <QLineEdit>
#include <vector>

namespace costscope {

class TableProxyModel;

class NameFilterEdit : public QLineEdit {
    Q_OBJECT
  public:
    explicit NameFilterEdit(QWidget* parent = nullptr);

    // The proxies the text filters; each gets the filter as it is now.
    void addProxy(TableProxyModel* proxy);
    // False while the text is an invalid /regex/.
    bool isValidFilter() const { return valid_; }

  private:
    void apply(const QString& text);

    std::vector<TableProxyModel*> proxies_;
    bool valid_ = true;
};

}  // namespace costscope
