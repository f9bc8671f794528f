// NameFilterEdit: hands its text to the proxies and says when a regex is invalid.
#include "app/tables/NameFilterEdit.h"

#include "app/tables/TableProxyModel.h"

using namespace Qt::StringLiterals;

namespace costscope {

NameFilterEdit::NameFilterEdit(QWidget* parent) : QLineEdit(parent) {
    setPlaceholderText(u"Filter by name: text, wildcards * and ?, or /regex/"_s);
    setClearButtonEnabled(true);
    connect(this, &QLineEdit::textChanged, this, &NameFilterEdit::apply);
}

void NameFilterEdit::addProxy(TableProxyModel* proxy) {
    proxies_.push_back(proxy);
    proxy->setNameFilter(text());
}

void NameFilterEdit::apply(const QString& text) {
    valid_ = true;
    for (TableProxyModel* proxy : proxies_) {
        valid_ = proxy->setNameFilter(text) && valid_;
    }
    // An invalid expression filters nothing; the red text says why the rows are all there.
    QPalette colours = palette();
    colours.setColor(QPalette::Text, valid_ ? QPalette().color(QPalette::Text) : QColor(Qt::red));
    setPalette(colours);
    setToolTip(valid_ ? QString() : u"Not a valid regular expression"_s);
}

}  // namespace costscope
