// RecordingLoader: each request reads on Qt's thread pool and delivers on the GUI thread.
#include "app/core/RecordingLoader.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>
#include <variant>

#include "app/core/RunLoader.h"

namespace costscope {

RecordingLoader::RecordingLoader(QObject* parent) : QObject(parent) {
    qRegisterMetaType<FileDataPtr>();
    qRegisterMetaType<RunDataPtr>();
}

template <typename Result, typename Read, typename Deliver>
void RecordingLoader::start(const QString& path, Read read, Deliver deliver) {
    // The worker returns either the result or the user-facing message; nothing throws across
    // threads. Each request opens its own read-only connection, so requests never share one.
    using Outcome = std::variant<std::shared_ptr<const Result>, QString>;
    auto* watcher = new QFutureWatcher<Outcome>(this);
    ++pending_;
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, path, deliver] {
        const Outcome outcome = watcher->result();
        watcher->deleteLater();
        --pending_;
        if (const auto* result = std::get_if<0>(&outcome)) {
            deliver(*result);
        } else {
            emit failed(path, std::get<1>(outcome));
        }
        if (pending_ == 0) {
            emit idle();
        }
    });
    watcher->setFuture(QtConcurrent::run([path, read]() -> Outcome {
        try {
            return std::make_shared<const Result>(read(path.toStdString()));
        } catch (const std::exception& error) {
            return describeLoadFailure(path, error);
        }
    }));
}

void RecordingLoader::openFile(const QString& path) {
    start<FileData>(
        path, [](const std::string& file) { return loadFile(file); },
        [this](const FileDataPtr& file) { emit fileOpened(file); });
}

void RecordingLoader::loadRun(const QString& path, qint64 runId) {
    start<RunData>(
        path,
        [runId](const std::string& file) {
            return costscope::loadRun(file, runId, /*keepCache=*/true);
        },
        [this](const RunDataPtr& run) { emit runLoaded(run); });
}

}  // namespace costscope
