// RecorderProgress: line splitting and the "progress" event grammar of Progress::formatEvent.
#include "app/record/RecorderProgress.h"

#include <QStringView>

using namespace Qt::StringLiterals;

namespace costscope {
namespace {

constexpr int kMessagesKept = 200;

}  // namespace

void RecorderProgress::append(const QByteArray& bytes) {
    pending_ += bytes;
    qsizetype newline = 0;
    while ((newline = pending_.indexOf('\n')) >= 0) {
        parseLine(QString::fromUtf8(pending_.left(newline)));
        pending_.remove(0, newline + 1);
    }
}

void RecorderProgress::finish() {
    if (!pending_.isEmpty()) {
        parseLine(QString::fromUtf8(pending_));
        pending_.clear();
    }
    current_.clear();
    currentIndex_ = 0;
}

int RecorderProgress::percent() const {
    return total_ > 0 ? finished_ * 100 / total_ : 0;
}

QString RecorderProgress::tail(int count) const {
    return messages_.mid(qMax(0, messages_.size() - count)).join(u'\n');
}

void RecorderProgress::parseLine(const QString& rawLine) {
    // A terminal-style carriage return would leave the start of the line behind it.
    const QString line = rawLine.section(u'\r', -1).trimmed();
    if (line.isEmpty()) {
        return;
    }
    // "progress <index> <total> <state> <name...>"
    if (line.startsWith(u"progress "_s)) {
        const QStringList parts = line.split(u' ');
        bool indexOk = false;
        bool totalOk = false;
        const int index = parts.value(1).toInt(&indexOk);
        const int total = parts.value(2).toInt(&totalOk);
        if (parts.size() >= 5 && indexOk && totalOk && index >= 1 && index <= total) {
            const QString state = parts[3];
            const QString name = line.section(u' ', 4);
            ++events_;
            total_ = total;
            // A message before the variants (ceilings, models) no longer says what is going on.
            lastMessage_.clear();
            if (state == u"running"_s) {
                current_ = name;
                currentIndex_ = index;
            } else {
                finished_ = qMax(finished_, index);
                stored_.insert(name);
                if (state == u"failed"_s) {
                    failed_.insert(name);
                }
                if (state == u"skipped"_s) {
                    skipped_.insert(name);
                }
                current_.clear();
                currentIndex_ = 0;
            }
            return;
        }
    }
    messages_.append(line);
    if (messages_.size() > kMessagesKept) {
        messages_.removeFirst();
    }
    const QString prefix = u"costscope-record: "_s;
    lastMessage_ = line.startsWith(prefix) ? line.mid(prefix.size()) : line;
}

}  // namespace costscope
