// Reads a run's timeline off the GUI thread: its rows from the recording, shaped into a
// TimelineModel on Qt's thread pool, delivered on the GUI thread. Only the latest request counts.
#pragma once

#include <QFuture>
#include <QObject>
#include <QString>
#include <memory>
#include <variant>

#include "app/core/RunData.h"
#include "app/timeline/TimelineModel.h"

namespace costscope {

using TimelineModelPtr = std::shared_ptr<const TimelineModel>;

class TimelineLoader : public QObject {
    Q_OBJECT
  public:
    explicit TimelineLoader(QObject* parent = nullptr);
    ~TimelineLoader() override;

    // Reads `run`'s timeline from its file; loaded() or failed() follows, unless another load
    // starts first. A null run cancels what is pending. `writeCache`: a summary built because
    // the file had none is saved into it (the interactive window); reports leave files as they
    // found them.
    void load(const RunDataPtr& run, bool writeCache = true);
    bool busy() const { return busy_; }
    // Blocks until the pending request is read and delivers it now (reports, tests, the
    // benchmark). Returns false when nothing was pending.
    bool waitForFinished();

    // The whole read, synchronously: what load() runs on the pool. Throws what Recording
    // throws.
    static TimelineModel read(const RunData& run, bool writeCache = true);

  signals:
    void loaded(costscope::TimelineModelPtr model);
    // `message` names the file, says what is wrong and what to do.
    void failed(const QString& message);

  private:
    using Outcome = std::variant<TimelineModelPtr, QString>;
    // read() of an Nsight Systems export: its summary kept in the user's cache directory.
    static TimelineModel readExport(const RunData& run, bool writeCache);
    void deliver(quint64 generation);

    quint64 generation_ = 0;  // of the latest request; older results are dropped
    bool busy_ = false;
    QFuture<Outcome> future_;
};

}  // namespace costscope

Q_DECLARE_METATYPE(costscope::TimelineModelPtr)
