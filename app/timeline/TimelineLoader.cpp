// TimelineLoader: the read and the shaping on the pool, the result delivered once.
#include "app/timeline/TimelineLoader.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>

#include "app/core/RunLoader.h"

namespace costscope {

TimelineLoader::TimelineLoader(QObject* parent) : QObject(parent) {
    qRegisterMetaType<TimelineModelPtr>();
}

TimelineLoader::~TimelineLoader() {
    // The worker holds only its own copies (the run's shared data, a path): it may finish
    // after this object is gone, and its result is then dropped with the future.
}

TimelineModel TimelineLoader::read(const RunData& run) {
    TimelineRows rows = loadTimelineRows(run);
    // An export's variants are NVTX ranges, drawn from its rows, not as costscope's variants.
    return TimelineModel(std::move(rows),
                         run.imported ? std::vector<VariantSummaryRow>() : run.variants,
                         run.run.collector);
}

void TimelineLoader::load(const RunDataPtr& run) {
    const quint64 generation = ++generation_;
    busy_ = false;
    future_ = {};
    if (!run) {
        return;
    }
    busy_ = true;
    // Nothing throws across threads: the worker returns the model or the user-facing text.
    future_ = QtConcurrent::run([run]() -> Outcome {
        try {
            return std::make_shared<const TimelineModel>(read(*run));
        } catch (const std::exception& error) {
            return describeLoadFailure(QString::fromStdString(run->path), error);
        }
    });
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        deliver(generation);
    });
    watcher->setFuture(future_);
}

bool TimelineLoader::waitForFinished() {
    if (!busy_) {
        return false;
    }
    future_.waitForFinished();
    deliver(generation_);
    return true;
}

void TimelineLoader::deliver(quint64 generation) {
    // A newer request replaced this one, or waitForFinished() delivered it already.
    if (generation != generation_ || !busy_) {
        return;
    }
    busy_ = false;
    const Outcome outcome = future_.result();
    future_ = {};
    if (const auto* model = std::get_if<0>(&outcome)) {
        emit loaded(*model);
    } else {
        emit failed(std::get<1>(outcome));
    }
}

}  // namespace costscope
