// TimelineLoader: the read and the shaping on the pool, the result delivered once.
#include "app/timeline/TimelineLoader.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>

#include "app/core/RunLoader.h"
#include "profiler/nsys/NsysCache.h"
#include "profiler/nsys/NsysExport.h"
#include "profiler/store/Recording.h"
#include "profiler/store/TimelineCache.h"

using namespace Qt::StringLiterals;

namespace costscope {

TimelineLoader::TimelineLoader(QObject* parent) : QObject(parent) {
    qRegisterMetaType<TimelineModelPtr>();
}

TimelineLoader::~TimelineLoader() {
    // The worker holds only its own copies (the run's shared data, a path): it may finish
    // after this object is gone, and its result is then dropped with the future.
}

namespace {

// The note for a summary made in memory because it could not be kept.
QString notSaved(const QString& where, const std::string& why) {
    return u"The timeline's summary could not be saved in "_s + where + u" ("_s +
           QString::fromStdString(why) +
           u"): it was computed in memory, and will be again each time the file is opened."_s;
}

}  // namespace

TimelineModel TimelineLoader::read(const RunData& run, bool writeCache) {
    if (run.imported) {
        return readExport(run, writeCache);
    }
    // The recording stays open for the windows read when zoomed in (on the GUI thread, once
    // the model is delivered: one thread at a time).
    auto recording = std::make_shared<const Recording>(run.path);
    const int64_t runId = run.run.id;
    std::optional<TimelineSummary> summary = recording->timelineSummary(runId);
    TimelineRows base;
    QString note;
    if (summary) {
        base.memory = recording->timelineMemory(runId);
    } else {
        // No cache yet (or a stale one): every row read once, summarised, and the summary
        // written into the file for the next time, where the file allows it.
        TimelineRows rows = recording->timeline(runId);
        summary = TimelineSummary::of(rows);
        // A report leaves the files it reads as they are, and says nothing of it; a run still
        // being recorded gets its cache when it is opened after it ends.
        const std::string why =
            writeCache && run.run.status != RunStatus::Running
                ? TimelineCache::store(run.path, runId, *summary, rows, run.kernels)
                : std::string();
        if (!why.empty()) {
            note = notSaved(QString::fromStdString(run.path), why);
        }
        base.memory = std::move(rows.memory);
    }
    auto reader = [recording, runId](TimelineLaneSummary::Kind table, int64_t first, int64_t last) {
        return recording->timelineWindow(runId,
                                         {.kind = table, .firstRow = first, .lastRow = last});
    };
    TimelineModel model(std::move(*summary), std::move(base), std::move(reader), run.variants,
                        run.run.collector);
    model.setSummaryNote(note);
    return model;
}

TimelineModel TimelineLoader::readExport(const RunData& run, bool writeCache) {
    // An export's variants are NVTX ranges, drawn from its rows, not as costscope's variants.
    // costscope never writes into another program's file: the summary is kept in a cache file
    // of its own (NsysCache), and the export stays open for the windows.
    auto profile = std::make_shared<const NsysExport>(run.path);
    const int64_t runId = run.run.id;
    std::optional<TimelineSummary> summary = profile->timelineSummary(runId);
    TimelineRows base;
    QString note;
    if (summary) {
        base = profile->timelineBase(runId);
    } else {
        base = profile->timeline(runId);
        summary = TimelineSummary::of(base);
        if (writeCache) {
            if (const std::string why = profile->storeTimelineCache(runId, *summary);
                !why.empty()) {
                const std::filesystem::path file = NsysCache(run.path).file();
                note = notSaved(
                    file.empty() ? u"a cache file"_s : QString::fromStdString(file.string()), why);
            }
        }
        // The spans are read again for each window, as from a cached summary.
        base.kernels = {};
        base.kernelConfig = {};
        base.configs = {};
        base.copies = {};
        base.copyBytes = {};
        base.copyKind = {};
        base.memsets = {};
        base.memsetBytes = {};
    }
    auto reader = [profile, runId](TimelineLaneSummary::Kind table, int64_t first, int64_t last) {
        return profile->timelineWindow(runId, {.kind = table, .firstRow = first, .lastRow = last});
    };
    TimelineModel model(std::move(*summary), std::move(base), std::move(reader), {},
                        run.run.collector);
    model.setSummaryNote(note);
    return model;
}

void TimelineLoader::load(const RunDataPtr& run, bool writeCache) {
    const quint64 generation = ++generation_;
    busy_ = false;
    future_ = {};
    if (!run) {
        return;
    }
    busy_ = true;
    // Nothing throws across threads: the worker returns the model or the user-facing text.
    future_ = QtConcurrent::run([run, writeCache]() -> Outcome {
        try {
            return std::make_shared<const TimelineModel>(read(*run, writeCache));
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
