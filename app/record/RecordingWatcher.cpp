// RecordingWatcher: one timer polls every watched file; a change is reported once it settles.
#include "app/record/RecordingWatcher.h"

#include <sys/stat.h>

#include <QFile>

using namespace Qt::StringLiterals;

namespace costscope {
namespace {

// stat() rather than QFileInfo: nanosecond times, so two commits within one millisecond of the
// same size still differ, and no caching between polls.
void statInto(const QString& path, qint64& size, qint64& mtimeNs) {
    struct stat info {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0) {
        size = -1;
        mtimeNs = -1;
        return;
    }
    size = qint64(info.st_size);
    mtimeNs = qint64(info.st_mtim.tv_sec) * 1'000'000'000 + qint64(info.st_mtim.tv_nsec);
}

}  // namespace

RecordingWatcher::RecordingWatcher(QObject* parent) : QObject(parent) {
    timer_.setInterval(500);
    connect(&timer_, &QTimer::timeout, this, &RecordingWatcher::poll);
}

void RecordingWatcher::watch(const QString& path) {
    if (files_.contains(path)) {
        return;
    }
    files_.insert(path, Watched{.seen = signatureOf(path)});
    if (!timer_.isActive()) {
        timer_.start();
    }
}

void RecordingWatcher::unwatch(const QString& path) {
    files_.remove(path);
    if (files_.isEmpty()) {
        timer_.stop();
    }
}

bool RecordingWatcher::isWatching(const QString& path) const {
    return files_.contains(path);
}

QStringList RecordingWatcher::watched() const {
    return files_.keys();
}

void RecordingWatcher::setInterval(int ms) {
    timer_.setInterval(ms);
}

RecordingWatcher::Signature RecordingWatcher::signatureOf(const QString& path) {
    Signature signature;
    statInto(path, signature.size, signature.mtimeNs);
    statInto(path + u"-wal"_s, signature.walSize, signature.walMtimeNs);
    return signature;
}

void RecordingWatcher::poll() {
    // Collected first: a slot connected to changed() may watch or unwatch files.
    QStringList settled;
    for (auto it = files_.begin(); it != files_.end(); ++it) {
        Watched& file = it.value();
        const Signature now = signatureOf(it.key());
        if (now != file.seen) {
            file.seen = now;
            if (!file.pending) {
                file.pending = true;
                file.pendingFor.start();
            }
            // Still being written: wait for a quiet interval, unless that has taken too long
            // (a long recording must still refresh now and then).
            if (file.pendingFor.elapsed() < maxDelayMs_) {
                continue;
            }
        }
        if (file.pending) {
            file.pending = false;
            settled.append(it.key());
        }
    }
    for (const QString& path : settled) {
        if (files_.contains(path)) {
            emit changed(path);
        }
    }
}

}  // namespace costscope
