// Reads costscope-record's stderr as it arrives: progress events, its messages, the last lines.
#pragma once

#include <QByteArray>
#include <QSet>
#include <QString>
#include <QStringList>

namespace costscope {

// The recorder runs with --progress machine: it writes "progress <step> <steps> <state> <name>"
// when a round of a variant starts (state "running") and when it is stored (ok, skipped,
// failed); a step is one round of one variant. Every other line is a message for people
// ("costscope-record: ...").
class RecorderProgress {
  public:
    // Takes bytes read from stderr; a line is used once its newline has come.
    void append(const QByteArray& bytes);
    // The process has ended: a last line without a newline is used too.
    void finish();

    int total() const { return total_; }        // steps to record; 0 until the first event
    int finished() const { return finished_; }  // steps stored so far
    // Variants stored (each once, whatever its rounds), and of them failed and skipped.
    int variants() const { return int(stored_.size()); }
    int failed() const { return int(failed_.size()); }
    int skipped() const { return int(skipped_.size()); }
    // Whole per cent of the steps stored; 0 until the first event.
    int percent() const;
    // The variant being measured, with its 1-based index; empty between variants.
    const QString& current() const { return current_; }
    int currentIndex() const { return currentIndex_; }
    // The recorder's latest message, without the "costscope-record: " prefix; empty once a
    // progress event came after it.
    const QString& lastMessage() const { return lastMessage_; }
    // The recorder's last `count` message lines (no progress events), oldest first: what it
    // said when it fails.
    QString tail(int count = 12) const;
    // Every progress event seen (for tests and diagnostics).
    int events() const { return events_; }

  private:
    void parseLine(const QString& line);

    QByteArray pending_;  // bytes after the last newline
    int total_ = 0;
    int finished_ = 0;
    QSet<QString> stored_;
    QSet<QString> failed_;
    QSet<QString> skipped_;
    int currentIndex_ = 0;
    int events_ = 0;
    QString current_;
    QString lastMessage_;
    QStringList messages_;  // the last kMessagesKept message lines
};

}  // namespace costscope
