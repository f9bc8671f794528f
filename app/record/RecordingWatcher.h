// Tells the window when a recording it shows has changed on disk, while a recorder may write it.
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <optional>

namespace costscope {

// The recorder writes in WAL mode: a commit lands in FILE-wal and FILE itself may not change
// until a checkpoint, so a QFileSystemWatcher on FILE misses writes (and inotify does not see
// writes through the -shm mapping at all). So: poll the size and modification time of FILE and
// FILE-wal, which every commit changes, and emit changed() once a burst of writes has settled.
class RecordingWatcher : public QObject {
    Q_OBJECT
  public:
    explicit RecordingWatcher(QObject* parent = nullptr);

    // Starts watching `path` (it may not exist yet); what is there now counts as seen.
    void watch(const QString& path);
    void unwatch(const QString& path);
    bool isWatching(const QString& path) const;
    QStringList watched() const;

    // How often the files are looked at (500 ms unless set). changed() comes one interval after
    // the last write of a burst, and at least every maxDelay() while writes go on.
    void setInterval(int ms);
    int interval() const { return timer_.interval(); }
    void setMaxDelay(int ms) { maxDelayMs_ = ms; }
    int maxDelay() const { return maxDelayMs_; }

  signals:
    // `path` as given to watch().
    void changed(const QString& path);

  private:
    // Size and modification time (ns) of FILE and FILE-wal; -1 for a file that is not there.
    struct Signature {
        qint64 size = -1;
        qint64 mtimeNs = -1;
        qint64 walSize = -1;
        qint64 walMtimeNs = -1;
        bool operator==(const Signature&) const = default;
    };
    struct Watched {
        Signature seen;            // as last looked at
        bool pending = false;      // changed since the last changed()
        QElapsedTimer pendingFor;  // since the first change not yet reported
    };

    static Signature signatureOf(const QString& path);
    void poll();

    QTimer timer_;
    int maxDelayMs_ = 2000;
    QHash<QString, Watched> files_;
};

}  // namespace costscope
