// Reads costscope-record's stderr as it arrives: progress events, its messages, the last lines.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace costscope {

// The recorder runs with --progress machine: it writes "progress <index> <total> <state> <name>"
// when a variant starts (state "running") and when it is stored (ok, skipped, failed); every
// other line is a message for people ("costscope-record: ...").
class RecorderProgress {
  public:
    // Takes bytes read from stderr; a line is used once its newline has come.
    void append(const QByteArray& bytes);
    // The process has ended: a last line without a newline is used too.
    void finish();

    int total() const { return total_; }        // variants to record; 0 until the first event
    int finished() const { return finished_; }  // stored so far (ok, skipped or failed)
    int failed() const { return failed_; }
    int skipped() const { return skipped_; }
    // Whole per cent of the variants stored; 0 until the first event.
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
    int failed_ = 0;
    int skipped_ = 0;
    int currentIndex_ = 0;
    int events_ = 0;
    QString current_;
    QString lastMessage_;
    QStringList messages_;  // the last kMessagesKept message lines
};

}  // namespace costscope
