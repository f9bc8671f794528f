// The facade between the GUI and recording files: reads off the GUI thread and emits one signal
// per result, or failed() with text a user understands. Views never run SQL themselves.
#pragma once

#include <QObject>
#include <QString>

#include "app/core/RunData.h"

namespace costscope {

class RecordingLoader : public QObject {
    Q_OBJECT
  public:
    explicit RecordingLoader(QObject* parent = nullptr);

    // Reads the runs of a file: fileOpened() or failed().
    void openFile(const QString& path);
    // Reads one run whole: runLoaded() or failed().
    void loadRun(const QString& path, qint64 runId);
    // Requests still being read.
    int pending() const { return pending_; }

  signals:
    void fileOpened(costscope::FileDataPtr file);
    void runLoaded(costscope::RunDataPtr run);
    // `message` names the file, says what is wrong and what to do.
    void failed(const QString& path, const QString& message);
    // Emitted when the last pending request has finished (tests wait on it).
    void idle();

  private:
    template <typename Result, typename Read, typename Deliver>
    void start(const QString& path, Read read, Deliver deliver);

    int pending_ = 0;
};

}  // namespace costscope

Q_DECLARE_METATYPE(costscope::FileDataPtr)
Q_DECLARE_METATYPE(costscope::RunDataPtr)
